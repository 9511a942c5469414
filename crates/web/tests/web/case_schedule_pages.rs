//! Deadlines, tasks and meetings on the case page: a task by hand (a bad date refused beside
//! its field), marking it done, a calculated appeal deadline through the two-step form, a
//! disciplinary hearing with its postponement window and a companion's clash, a meeting's
//! outcome, and what is due on the dashboard and the case list.

use axum::http::{header, StatusCode};
use chrono::{Days, Utc};
use steward_domain::role::Role;

use crate::helpers::{Reply, TestApp};

fn location(reply: &Reply) -> String {
    reply.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

async fn open_case(app: &TestApp) -> i64 {
    let fields = [
        ("title", "Hearing about timekeeping"),
        ("case_type", "disciplinary"),
        ("membership_number", "T000001"),
        ("problem_arose_on", "2025-01-10"),
        ("complexity", "3"),
        ("emotional_load", "2"),
    ];
    let reply = app.post_form(Role::Caseworker, "/cases", &fields).await;
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let path = location(&reply);
    path.trim_start_matches("/cases/").split(['?', '#']).next().unwrap().parse().unwrap()
}

/// The number just after `prefix` in `body`, for ids the page links to.
fn number_after(body: &str, prefix: &str) -> i64 {
    let at = body.find(prefix).unwrap_or_else(|| panic!("{prefix} not on the page"));
    body[at + prefix.len()..].chars().take_while(char::is_ascii_digit).collect::<String>().parse().unwrap()
}

#[tokio::test]
async fn a_task_is_added_and_done_and_an_appeal_deadline_is_calculated() {
    let app = crate::helpers::spawn_app().await;
    let id = open_case(&app).await;
    let case = format!("/cases/{id}");
    let page = app.get_page(Some(Role::Caseworker), &case).await;
    assert!(page.body.contains("Deadlines and tasks") && page.body.contains("Nothing is due on this case."));
    assert!(page.body.contains(&format!("action=\"/cases/{id}/deadlines\"")));

    // A date that does not exist: refused beside the field, the title kept, nothing written.
    let deadlines = format!("/cases/{id}/deadlines");
    let task = [("kind", "task"), ("title", "Send the appeal letter"), ("due_on", "2026-02-30"), ("owner", "")];
    let bad = app.post_form(Role::Caseworker, &deadlines, &task).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"deadline-due_on-error\""), "{}", bad.body);
    assert!(bad.body.contains("aria-describedby=\"deadline-due_on-error"));
    assert!(bad.body.contains("href=\"#deadline-due_on\"") && bad.body.contains("<title>Error: "));
    assert!(bad.body.contains("value=\"Send the appeal letter\""), "what was typed is kept");
    let page = app.get_page(Some(Role::Caseworker), &case).await;
    assert!(page.body.contains("Nothing is due on this case."), "nothing was written");

    let soon = (Utc::now().date_naive() + Days::new(2)).to_string();
    let task = [("kind", "task"), ("title", "Send the appeal letter"), ("due_on", soon.as_str()), ("owner", "")];
    let added = app.post_form(Role::Caseworker, &deadlines, &task).await;
    assert_eq!(location(&added), format!("/cases/{id}?done=task"), "{}", added.body);
    let page = app.get_page(Some(Role::Caseworker), &location(&added)).await;
    assert!(page.body.contains("The task is added.") && page.body.contains("Send the appeal letter"));
    assert!(page.body.contains("Due this week") && page.body.contains("for Test Caseworker"), "{}", page.body);
    let task_id = number_after(&page.body, &format!("action=\"/cases/{id}/deadlines/"));

    // Step 1 chooses the calculator; step 2 shows its inputs, the nation from the workplace.
    let chooser = app.get_page(Some(Role::Caseworker), &format!("/cases/{id}/deadlines/calculate")).await;
    assert_eq!(chooser.status, StatusCode::OK);
    assert!(chooser.body.contains("value=\"appeal_window\"") && !chooser.body.contains("calc-outcome-date"));
    let unknown =
        app.get_page(Some(Role::Caseworker), &format!("/cases/{id}/deadlines/calculate?rule=acas_uplift")).await;
    assert_eq!(unknown.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.body.contains("id=\"calc-rule-error\""));
    let calculate = format!("/cases/{id}/deadlines/calculate");
    let form = app.get_page(Some(Role::Caseworker), &format!("{calculate}?rule=appeal_window")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("Internal appeal deadline"));
    assert!(form.body.contains("id=\"calc-outcome-date\" name=\"outcome-date\" type=\"date\""), "{}", form.body);
    assert!(form.body.contains("<option value=\"england-and-wales\" selected>"));
    let bad =
        app.post_form(Role::Caseworker, &calculate, &[("rule", "appeal_window"), ("outcome-date", "19/12/2025")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"calc-outcome-date-error\""), "{}", bad.body);
    assert!(bad.body.contains("value=\"19/12/2025\""));
    let calculated = app
        .post_form(
            Role::Caseworker,
            &calculate,
            &[("rule", "appeal_window"), ("outcome-date", "2025-12-19"), ("nation", "england-and-wales")],
        )
        .await;
    assert_eq!(location(&calculated), format!("/cases/{id}?done=deadline"), "{}", calculated.body);
    let page = app.get_page(Some(Role::Caseworker), &location(&calculated)).await;
    assert!(page.body.contains("Internal appeal deadline") && page.body.contains("30 Dec 2025"));
    assert!(page.body.contains("How this date was worked out"));
    let appeal_at = page.body.find("Internal appeal deadline").unwrap();
    let task_at = page.body.find("Send the appeal letter</strong>").unwrap();
    assert!(appeal_at < task_at, "the sooner (overdue) one comes first");
    assert!(page.body[appeal_at..task_at].contains("Overdue"), "overdue is said in words");

    // The dashboard and the case list show what is due, overdue first.
    let dashboard = app.get_page(Some(Role::Caseworker), "/").await;
    assert!(dashboard.body.contains("Due for you"));
    let appeal_at = dashboard.body.find("Internal appeal deadline").expect("the overdue deadline");
    let task_at = dashboard.body.find("Send the appeal letter").expect("the task");
    assert!(appeal_at < task_at, "overdue first");
    assert!(dashboard.body.contains(&format!("href=\"/cases/{id}#deadline-{task_id}\"")));
    assert!(dashboard.body.contains("href=\"/account/calendar-feed\""));
    let list = app.get_page(Some(Role::Caseworker), "/cases?mine=1").await;
    assert!(list.body.contains("Next due") && list.body.contains("Tue 30 Dec 2025"), "{}", list.body);

    // Done: the task leaves the open list and cannot be done twice.
    let done = format!("/cases/{id}/deadlines/{task_id}/done");
    let marked = app.post_form(Role::Caseworker, &done, &[]).await;
    assert_eq!(location(&marked), format!("/cases/{id}?done=done"));
    let page = app.get_page(Some(Role::Caseworker), &case).await;
    assert!(!page.body.contains(&format!("action=\"{done}\"")), "no Done button for a done task");
    assert!(page.body.contains("Done (1)"));
    let again = app.post_form(Role::Caseworker, &done, &[]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("marked done already"));
    let missing = app.post_form(Role::Caseworker, &format!("/cases/{id}/deadlines/999999/done"), &[]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);

    // A rep not on the case's team cannot reach its calculator page.
    let rep = app.get_page(Some(Role::Rep), &format!("{calculate}?rule=appeal_window")).await;
    assert_eq!(rep.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_hearing_shows_its_postponement_window_and_the_companions_clash() {
    let app = crate::helpers::spawn_app().await;
    let id = open_case(&app).await;
    let case = format!("/cases/{id}");
    let page = app.get_page(Some(Role::Caseworker), &case).await;
    assert!(page.body.contains("No meetings are set.") && page.body.contains("type=\"datetime-local\""));
    assert!(page.body.contains("id=\"meeting-minutes\" name=\"minutes\" type=\"text\" value=\"60\""));
    let companion = {
        let at = page.body.find("id=\"meeting-companion\"").unwrap();
        let rest = &page.body[at..];
        let rest = &rest[rest.find("Nobody yet</option>").unwrap()..];
        number_after(rest, "<option value=\"")
    };

    let meetings = format!("/cases/{id}/meetings");
    let bad = app
        .post_form(
            Role::Caseworker,
            &meetings,
            &[("meeting_type", "disciplinary_hearing"), ("starts_at", "next monday"), ("minutes", "60"), ("place", "")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"meeting-starts_at-error\"") && bad.body.contains("id=\"meeting-place-error\""));
    assert!(bad.body.contains("No meetings are set."), "nothing was written");

    let companion_text = companion.to_string();
    let hearing = [
        ("meeting_type", "disciplinary_hearing"),
        ("starts_at", "2026-03-02T10:00"),
        ("minutes", "60"),
        ("place", "HR office, second floor"),
        ("companion", companion_text.as_str()),
        ("prep_notes", "Bring the rota"),
    ];
    let set = app.post_form(Role::Caseworker, &meetings, &hearing).await;
    assert_eq!(set.status, StatusCode::SEE_OTHER, "{}", set.body);
    let to = location(&set);
    assert!(to.starts_with(&format!("/cases/{id}?done=meeting&meeting=")) && to.contains("clashes=0"), "{to}");
    let page = app.get_page(Some(Role::Caseworker), &to).await;
    assert!(page.body.contains("The meeting is set."));
    assert!(page.body.contains("the member may propose a time up to Monday 9 March 2026"), "{}", page.body);
    assert!(page.body.contains("Monday 2 March 2026, 10:00 to 11:00") && page.body.contains("HR office, second floor"));
    assert!(!page.body.contains("already booked"));
    let meeting = number_after(&page.body, &format!("href=\"/cases/{id}/meetings/"));
    assert!(page.body.contains(&format!("href=\"/cases/{id}/meetings/{meeting}/ics\"")));

    // The companion is double-booked: a warning, not a refusal.
    let other = [
        ("meeting_type", "preparation"),
        ("starts_at", "2026-03-02T10:30"),
        ("minutes", "30"),
        ("video_link", "https://meet.example.org/prep"),
        ("companion", companion_text.as_str()),
    ];
    let clash = app.post_form(Role::Caseworker, &meetings, &other).await;
    let to = location(&clash);
    assert!(to.contains("clashes=1"), "{to}");
    let page = app.get_page(Some(Role::Caseworker), &to).await;
    assert!(page.body.contains("Warning: the companion is already booked for 1 other meeting at that time."));
    assert!(page.body.contains("https://meet.example.org/prep"));

    // The outcome: empty is refused beside that meeting's field, then recorded.
    let outcome = format!("/cases/{id}/meetings/{meeting}/outcome");
    let empty = app.post_form(Role::Caseworker, &outcome, &[("outcome", " ")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains(&format!("id=\"outcome-{meeting}-outcome-error\"")), "{}", empty.body);
    let saved = app.post_form(Role::Caseworker, &outcome, &[("outcome", "Adjourned to next week")]).await;
    assert_eq!(location(&saved), format!("/cases/{id}?done=outcome"));
    let page = app.get_page(Some(Role::Caseworker), &case).await;
    assert!(page.body.contains("Adjourned to next week"));
    let missing =
        app.post_form(Role::Caseworker, &format!("/cases/{id}/meetings/999999/outcome"), &[("outcome", "x")]).await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
}
