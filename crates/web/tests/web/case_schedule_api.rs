//! Deadlines, tasks, meetings and calendar feeds over the JSON API, and the .ics downloads:
//! a calculated deadline is kept and falls due, tasks go to the team, a hearing gets its
//! postponement window, a double-booked companion is warned, and a feed is read without
//! signing in by its secret address only.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use chrono::{Days, Utc};
use serde_json::{json, Value};
use steward_domain::case::deadline::CASE_DEADLINE_RULES;
use steward_domain::case::meeting::MeetingType;
use steward_domain::role::Role;

use crate::helpers::{spawn_app, Reply, TestApp};

fn assert_problem(reply: &Reply, status: StatusCode, code: &str, what: &str) -> Value {
    assert_eq!(reply.status, status, "{what}: {}", reply.body);
    assert_eq!(reply.headers[header::CONTENT_TYPE], "application/problem+json", "{what}");
    let problem = reply.json();
    assert_eq!(problem["code"], code, "{what}: {problem}");
    problem
}

/// A disciplinary case for `member_here` opened by `role` (who joins its team); returns its
/// id and reference.
async fn open_case(app: &TestApp, role: Role, title: &str) -> (i64, String) {
    let body = json!({
        "title": title, "case_type": "disciplinary", "membership_number": "T000001",
        "problem_arose_on": "2025-06-01", "complexity": 3, "emotional_load": 4
    });
    let reply = app.api(Some(role), Method::POST, "/api/v1/cases", Some(body)).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let case = reply.json()["case"].clone();
    (case["id"].as_i64().unwrap(), case["reference"].as_str().unwrap().to_owned())
}

async fn user_id(app: &TestApp, role: Role) -> i64 {
    let users = app.api(Some(Role::Admin), Method::GET, "/api/v1/users", None).await.json();
    let email = format!("{}@example.org", role.as_str());
    users.as_array().unwrap().iter().find(|u| u["email"] == email.as_str()).unwrap()["id"].as_i64().unwrap()
}

async fn add_rep(app: &TestApp, case: i64) -> i64 {
    let rep = user_id(app, Role::Rep).await;
    let body = json!({"user_id": rep, "role": "rep"});
    let reply = app.api(Some(Role::Caseworker), Method::POST, &format!("/api/v1/cases/{case}/team"), Some(body)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
    rep
}

fn hearing(starts_at: &str, companion: Option<i64>) -> Value {
    let mut body = json!({
        "meeting_type": "disciplinary_hearing", "starts_at": starts_at, "minutes": 90,
        "place": "Meeting room 2, Civic Offices", "prep_notes": "Bring the rota printouts"
    });
    if let Some(companion) = companion {
        body["companion"] = companion.into();
    }
    body
}

/// A request with no body and no content type.
async fn bare(app: &TestApp, role: Role, method: Method, path: &str) -> Reply {
    let request = Request::builder()
        .method(method)
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&role].token))
        .body(Body::empty())
        .unwrap();
    app.send(request).await
}

#[tokio::test]
async fn a_calculated_appeal_deadline_is_kept_with_its_explanation_and_falls_due() {
    let app = spawn_app().await;
    let (case, reference) = open_case(&app, Role::Caseworker, "Appeal against a final warning").await;
    let path = format!("/api/v1/cases/{case}/deadlines");
    let calculated =
        json!({"rule": "appeal_window", "inputs": {"outcome-date": "2026-01-05", "nation": "england-and-wales"}});
    let reply =
        app.api(Some(Role::Caseworker), Method::POST, &format!("{path}/calculated"), Some(calculated.clone())).await;
    assert_eq!(reply.status, StatusCode::CREATED, "{}", reply.body);
    let added = reply.json();
    let deadline = added["id"].as_i64().unwrap();
    // Monday 5 January 2026 plus five working days in England and Wales.
    assert_eq!(added["due_on"], "2026-01-12", "{added}");
    assert_eq!(added["calculation"]["rule"], "appeal_window");
    assert_eq!(added["calculation"]["result"]["appeal_deadline"], "2026-01-12");

    let listed = app.api(Some(Role::Caseworker), Method::GET, &path, None).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    let listed = listed.json();
    let item = &listed["deadlines"][0];
    assert_eq!((item["id"].as_i64(), item["case_id"].as_i64()), (Some(deadline), Some(case)), "{listed}");
    assert_eq!((item["kind"].as_str(), item["rule"].as_str()), (Some("deadline"), Some("appeal_window")));
    assert_eq!(item["title"], "Internal appeal deadline");
    assert!(item["explanation"].as_str().unwrap().contains("Monday 12 January 2026"), "{item}");
    assert!(item["done_at"].is_null());
    let due_on = chrono::NaiveDate::from_ymd_opt(2026, 1, 12).unwrap();
    let today = steward_domain::enquiry::uk_time::to_uk_local(Utc::now()).date();
    let urgency = steward_domain::case::deadline::Urgency::of(due_on, today).as_str();
    assert_eq!(item["urgency"], urgency);

    // Overdue (or due within the week), so it is in the caseworker's list of what is due.
    let due = app.api(Some(Role::Caseworker), Method::GET, "/api/v1/me/due", None).await;
    assert_eq!(due.status, StatusCode::OK, "{}", due.body);
    let due = due.json();
    let mine = due["items"].as_array().unwrap().iter().find(|i| i["deadline"]["id"] == deadline);
    let mine = mine.unwrap_or_else(|| panic!("not due for the caseworker: {due}"));
    assert_eq!(mine["case_reference"], reference.as_str());
    assert_eq!(mine["case_title"], "Appeal against a final warning");
    let officer = app.api(Some(Role::Officer), Method::GET, "/api/v1/me/due", None).await.json();
    assert!(officer["items"].as_array().unwrap().is_empty(), "not the officer's case: {officer}");

    // The case's soonest open deadline is on the case itself.
    let file = app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/cases/{case}"), None).await.json();
    assert_eq!(file["case"]["next_due_on"], "2026-01-12");

    // The wire takes the documented words only, and the calculator's own errors name the input.
    for (body, field) in [
        (json!({"rule": "appeal-window", "inputs": {}}), "rule"),
        (json!({"rule": "acas_uplift", "inputs": {}}), "rule"),
        (json!({"rule": "appeal_window", "inputs": {"outcome-date": ["2026-01-05"]}}), "outcome-date"),
        (json!({"rule": "appeal_window", "inputs": {"outcome-date": "5 January"}}), "outcome-date"),
    ] {
        let reply = app.api(Some(Role::Caseworker), Method::POST, &format!("{path}/calculated"), Some(body)).await;
        let problem = assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", field);
        assert!(problem["errors"][field].is_string(), "{field}: {problem}");
    }
    let rep = app.api(Some(Role::Rep), Method::POST, &format!("{path}/calculated"), Some(calculated)).await;
    assert_problem(&rep, StatusCode::NOT_FOUND, "not_found", "a rep not on the case");
    let rep = app.api(Some(Role::Rep), Method::GET, &path, None).await;
    assert_problem(&rep, StatusCode::NOT_FOUND, "not_found", "a rep not on the case reads nothing");
}

#[tokio::test]
async fn tasks_go_to_the_team_and_are_marked_done_once() {
    let app = spawn_app().await;
    let (case, _) = open_case(&app, Role::Caseworker, "Rota dispute").await;
    let path = format!("/api/v1/cases/{case}/deadlines");
    let rep = user_id(&app, Role::Rep).await;
    let task = json!({"kind": "task", "title": "Get the rotas from the member", "due_on": "2026-01-10", "owner": rep});
    let refused = app.api(Some(Role::Caseworker), Method::POST, &path, Some(task.clone())).await;
    let problem = assert_problem(&refused, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "owner off the team");
    assert!(problem["errors"]["owner"].is_string(), "{problem}");

    add_rep(&app, case).await;
    let given = app.api(Some(Role::Caseworker), Method::POST, &path, Some(task)).await;
    assert_eq!(given.status, StatusCode::CREATED, "{}", given.body);
    let task_id = given.json()["id"].as_i64().unwrap();
    let own = json!({"kind": "task", "title": "Book a room", "due_on": "2026-01-09"});
    let own = app.api(Some(Role::Caseworker), Method::POST, &path, Some(own)).await;
    assert_eq!(own.status, StatusCode::CREATED, "{}", own.body);
    let by_hand = json!({"kind": "deadline", "title": "Employer's reply due", "due_on": "2026-01-20"});
    assert_eq!(app.api(Some(Role::Caseworker), Method::POST, &path, Some(by_hand)).await.status, StatusCode::CREATED);

    let listed = app.api(Some(Role::Rep), Method::GET, &path, None).await.json();
    let items = listed["deadlines"].as_array().unwrap();
    assert_eq!(items.len(), 3, "{listed}");
    let task = items.iter().find(|i| i["id"] == task_id).unwrap();
    assert_eq!((task["kind"].as_str(), task["owner_id"].as_i64()), (Some("task"), Some(rep)), "{task}");
    assert_eq!(task["owner_name"], format!("Test {}", Role::Rep.label()).as_str());
    let caseworker = user_id(&app, Role::Caseworker).await;
    assert!(items.iter().any(|i| i["title"] == "Book a room" && i["owner_id"] == caseworker), "the asker's own task");
    let rep_due = app.api(Some(Role::Rep), Method::GET, "/api/v1/me/due", None).await.json();
    assert!(rep_due["items"].as_array().unwrap().iter().any(|i| i["deadline"]["id"] == task_id), "{rep_due}");

    // Marking done takes no body; a second time is refused, and another case's id is not found.
    let done = bare(&app, Role::Rep, Method::POST, &format!("{path}/{task_id}/done")).await;
    assert_eq!(done.status, StatusCode::NO_CONTENT, "{}", done.body);
    let listed = app.api(Some(Role::Rep), Method::GET, &path, None).await.json();
    let task = listed["deadlines"].as_array().unwrap().iter().find(|i| i["id"] == task_id).unwrap().clone();
    assert!(task["done_at"].is_string() && task["urgency"].is_null(), "{task}");
    let again = app.api(Some(Role::Rep), Method::POST, &format!("{path}/{task_id}/done"), Some(json!({}))).await;
    assert_problem(&again, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "done twice");
    let (other, _) = open_case(&app, Role::Caseworker, "Another case").await;
    let elsewhere =
        bare(&app, Role::Caseworker, Method::POST, &format!("/api/v1/cases/{other}/deadlines/{task_id}/done")).await;
    assert_problem(&elsewhere, StatusCode::NOT_FOUND, "not_found", "a deadline of another case");
    for bad in ["abc", "0", "-1"] {
        let reply = bare(&app, Role::Caseworker, Method::POST, &format!("{path}/{bad}/done")).await;
        assert_problem(&reply, StatusCode::NOT_FOUND, "not_found", bad);
    }

    for (body, field) in [
        (json!({"kind": "Task", "title": "x", "due_on": "2026-01-10"}), "kind"),
        (json!({"kind": "task", "title": "", "due_on": "2026-01-10"}), "title"),
        (json!({"kind": "task", "title": "x".repeat(201), "due_on": "2026-01-10"}), "title"),
        (json!({"kind": "task", "title": "x", "due_on": "10/01/2026"}), "due_on"),
        (json!({"kind": "task", "title": "x", "due_on": "2026-01-10", "owner": 0}), "owner"),
        (json!({"kind": "deadline", "title": "x", "due_on": "2026-01-10", "owner": rep}), "owner"),
    ] {
        let reply = app.api(Some(Role::Caseworker), Method::POST, &path, Some(body)).await;
        let problem = assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", field);
        assert!(problem["errors"][field].is_string(), "{field}: {problem}");
    }
}

#[tokio::test]
async fn a_hearing_gets_its_postponement_date_and_a_double_booked_companion_is_warned() {
    let app = spawn_app().await;
    let (first_case, _) = open_case(&app, Role::Caseworker, "Hearing one").await;
    let (second_case, _) = open_case(&app, Role::Caseworker, "Hearing two").await;
    let rep = add_rep(&app, first_case).await;
    add_rep(&app, second_case).await;

    // Monday 2 March 2026 in England and Wales: five working days run to Monday 9 March.
    let path = format!("/api/v1/cases/{first_case}/meetings");
    let set = app.api(Some(Role::Caseworker), Method::POST, &path, Some(hearing("2026-03-02T10:00", Some(rep)))).await;
    assert_eq!(set.status, StatusCode::CREATED, "{}", set.body);
    let set = set.json();
    let first = set["id"].as_i64().unwrap();
    assert_eq!(set["postponement"]["latest"], "2026-03-09", "{set}");
    assert!(set["postponement"]["explanation"].as_str().is_some_and(|e| !e.is_empty()), "{set}");
    assert_eq!(set["clashes"], json!([]));

    let second_path = format!("/api/v1/cases/{second_case}/meetings");
    let clash =
        app.api(Some(Role::Caseworker), Method::POST, &second_path, Some(hearing("2026-03-02T10:30", Some(rep)))).await;
    assert_eq!(clash.status, StatusCode::CREATED, "a clash is a warning, not a refusal: {}", clash.body);
    let clash = clash.json();
    let clashes = clash["clashes"].as_array().unwrap();
    assert_eq!(clashes.len(), 1, "{clash}");
    assert!(clashes[0].get("case_reference").is_none(), "the other case may not be the caller's: {clash}");
    assert!(clashes[0]["starts_at"].as_str().unwrap().starts_with("2026-03-02T10:00:00"), "{clash}");
    assert!(clashes[0]["ends_at"].as_str().unwrap().starts_with("2026-03-02T11:30:00"), "{clash}");
    // An investigation meeting carries no right to be accompanied, so no window.
    let mut investigation = hearing("2026-03-05T14:00", None);
    investigation["meeting_type"] = "investigation".into();
    let plain = app.api(Some(Role::Caseworker), Method::POST, &second_path, Some(investigation)).await.json();
    assert!(plain["postponement"].is_null(), "{plain}");

    let listed = app.api(Some(Role::Rep), Method::GET, &path, None).await;
    assert_eq!(listed.status, StatusCode::OK, "{}", listed.body);
    let listed = listed.json();
    let meeting = &listed["meetings"][0];
    assert_eq!((meeting["id"].as_i64(), meeting["meeting_type"].as_str()), (Some(first), Some("disciplinary_hearing")));
    assert_eq!(meeting["meeting_label"], "Disciplinary hearing");
    assert_eq!((meeting["companion_id"].as_i64(), meeting["member_name"].as_str()), (Some(rep), Some("Hana Nearby")));
    assert_eq!(meeting["postponement"]["latest"], "2026-03-09");
    assert_eq!(meeting["place"], "Meeting room 2, Civic Offices");

    let outcome = format!("{path}/{first}/outcome");
    let kept = app.api(Some(Role::Rep), Method::PUT, &outcome, Some(json!({"outcome": "Adjourned to 9 March"}))).await;
    assert_eq!(kept.status, StatusCode::NO_CONTENT, "{}", kept.body);
    let listed = app.api(Some(Role::Rep), Method::GET, &path, None).await.json();
    assert_eq!(listed["meetings"][0]["outcome"], "Adjourned to 9 March");
    let blank = app.api(Some(Role::Rep), Method::PUT, &outcome, Some(json!({"outcome": ""}))).await;
    assert_problem(&blank, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", "blank outcome");
    let wrong_case = format!("{second_path}/{first}/outcome");
    let reply = app.api(Some(Role::Rep), Method::PUT, &wrong_case, Some(json!({"outcome": "x"}))).await;
    assert_problem(&reply, StatusCode::NOT_FOUND, "not_found", "a meeting of another case");

    let lawyer = app.api(Some(Role::Lawyer), Method::GET, &path, None).await;
    assert_problem(&lawyer, StatusCode::NOT_FOUND, "not_found", "a lawyer not on the case");
    for (change, field) in [
        (json!({"meeting_type": "tea"}), "meeting_type"),
        (json!({"starts_at": "2026-03-02 10:00"}), "starts_at"),
        (json!({"starts_at": "2026-03-02T10:00:00"}), "starts_at"),
        (json!({"starts_at": "2026-02-30T10:00"}), "starts_at"),
        (json!({"minutes": 4}), "minutes"),
        (json!({"minutes": 721}), "minutes"),
        (json!({"place": "x".repeat(301)}), "place"),
        (json!({"place": null, "video_link": null}), "place"),
        (json!({"video_link": "http://meet.example.org/abc"}), "video_link"),
        (json!({"companion": 0}), "companion"),
        (json!({"member": 999999}), "member"),
    ] {
        let mut body = hearing("2026-03-02T10:00", None);
        for (key, value) in change.as_object().unwrap() {
            body[key] = value.clone();
        }
        let reply = app.api(Some(Role::Caseworker), Method::POST, &path, Some(body)).await;
        let problem = assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed", field);
        assert!(problem["errors"][field].is_string(), "{field}: {problem}");
    }
}

#[tokio::test]
async fn a_calendar_feed_is_read_by_its_secret_address_only_and_meetings_download_for_their_team() {
    let app = spawn_app().await;
    let (case, reference) = open_case(&app, Role::Caseworker, "Secret title about health").await;
    // The feed keeps the recent past and the future: a meeting two weeks from now is in it.
    let day = Utc::now().date_naive().checked_add_days(Days::new(14)).unwrap();
    let set = app
        .api(
            Some(Role::Caseworker),
            Method::POST,
            &format!("/api/v1/cases/{case}/meetings"),
            Some(hearing(&format!("{day}T10:00"), None)),
        )
        .await;
    assert_eq!(set.status, StatusCode::CREATED, "{}", set.body);
    let meeting = set.json()["id"].as_i64().unwrap();
    let task = json!({"kind": "task", "title": "Send the statement", "due_on": day.to_string()});
    let added =
        app.api(Some(Role::Caseworker), Method::POST, &format!("/api/v1/cases/{case}/deadlines"), Some(task)).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);

    let made = bare(&app, Role::Caseworker, Method::POST, "/api/v1/me/calendar-feed").await;
    assert_eq!(made.status, StatusCode::CREATED, "{}", made.body);
    let url = made.json()["url"].as_str().unwrap().to_owned();
    let token = url.strip_prefix("/calendar/").and_then(|rest| rest.strip_suffix(".ics")).unwrap().to_owned();
    assert!(token.len() >= 32, "{url}");

    let feed = app.get_page(None, &url).await;
    assert_eq!(feed.status, StatusCode::OK, "{}", feed.body);
    assert_eq!(feed.headers[header::CONTENT_TYPE], "text/calendar; charset=utf-8");
    assert_eq!(feed.headers[header::CACHE_CONTROL], "private, no-store");
    let unfolded = feed.body.replace("\r\n ", "");
    assert!(unfolded.starts_with("BEGIN:VCALENDAR\r\n"), "{unfolded}");
    assert_eq!(unfolded.matches("BEGIN:VEVENT").count(), 2, "the meeting and the task: {unfolded}");
    assert!(unfolded.contains(&format!("Disciplinary hearing ({reference})")), "{unfolded}");
    assert!(unfolded.contains(&format!("UID:meeting-{meeting}@steward")), "{unfolded}");
    for private in ["Hana", "Nearby", "Secret title", "rota printouts"] {
        assert!(!unfolded.contains(private), "{private} must not reach calendar apps");
    }
    let audit = app.api(Some(Role::Admin), Method::GET, "/api/v1/audit?limit=5", None).await.json();
    assert!(audit.to_string().contains("calendar_feed.read"), "every read is audited: {audit}");

    for wrong in [
        "/calendar/wrong.ics".to_owned(),
        format!("/calendar/{token}"),
        format!("/calendar/{token}.ics.ics"),
        format!("/calendar/{token}x.ics"),
        "/calendar/.ics".to_owned(),
    ] {
        let reply = app.get_page(None, &wrong).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{wrong}");
        assert!(!reply.body.contains("BEGIN:VCALENDAR"), "{wrong}");
    }
    // A new address ends the old one.
    let again = bare(&app, Role::Caseworker, Method::POST, "/api/v1/me/calendar-feed").await.json();
    assert_ne!(again["url"].as_str(), Some(url.as_str()));
    assert_eq!(app.get_page(None, &url).await.status, StatusCode::NOT_FOUND, "the old address stopped");
    assert_eq!(app.get_page(None, again["url"].as_str().unwrap()).await.status, StatusCode::OK);

    // One meeting's download: for those who may see its case, and only under its own case.
    let download = format!("/cases/{case}/meetings/{meeting}/ics");
    let mine = app.get_page(Some(Role::Caseworker), &download).await;
    assert_eq!(mine.status, StatusCode::OK, "{}", mine.body);
    assert_eq!(mine.headers[header::CONTENT_TYPE], "text/calendar; charset=utf-8");
    assert_eq!(
        mine.headers[header::CONTENT_DISPOSITION],
        format!("attachment; filename=\"meeting-{meeting}.ics\"").as_str()
    );
    assert_eq!(mine.body.matches("BEGIN:VEVENT").count(), 1);
    let rep = app.get_page(Some(Role::Rep), &download).await;
    assert_eq!(rep.status, StatusCode::NOT_FOUND, "a rep not on the case");
    assert!(!rep.body.contains("BEGIN:VCALENDAR"));
    let (other, _) = open_case(&app, Role::Caseworker, "Another case").await;
    let misplaced = app.get_page(Some(Role::Caseworker), &format!("/cases/{other}/meetings/{meeting}/ics")).await;
    assert_eq!(misplaced.status, StatusCode::NOT_FOUND, "the meeting is not that case's");
    add_rep(&app, case).await;
    assert_eq!(app.get_page(Some(Role::Rep), &download).await.status, StatusCode::OK, "on the team now");
    let signed_out = app.get_page(None, &download).await;
    assert_eq!(signed_out.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_account_page_makes_a_feed_address_and_shows_it_once() {
    let app = spawn_app().await;
    let page = app.get_page(Some(Role::Rep), "/account/calendar-feed").await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("action=\"/account/calendar-feed\"") && page.body.contains("csrf_token"));
    assert!(!page.body.contains("/calendar/"), "no address before one is made");

    let made = app.post_form(Role::Rep, "/account/calendar-feed", &[]).await;
    assert_eq!(made.status, StatusCode::OK, "{}", made.body);
    assert!(made.body.contains("Making a new one stops the old"), "{}", made.body);
    let start = made.body.find("/calendar/").expect("the address is shown");
    let end = start + made.body[start..].find(".ics").unwrap() + 4;
    let path = &made.body[start..end];
    let feed = app.get_page(None, path).await;
    assert_eq!(feed.status, StatusCode::OK, "{path}");
    assert!(feed.body.starts_with("BEGIN:VCALENDAR"));

    // With a Host header the full address is shown.
    let creds = &app.users[&Role::Rep];
    let body = serde_urlencoded::to_string([("csrf_token", creds.csrf.as_str())]).unwrap();
    let request = Request::post("/account/calendar-feed")
        .header(header::HOST, "steward.example.org")
        .header(header::COOKIE, &creds.cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let full = app.send(request).await;
    assert_eq!(full.status, StatusCode::OK);
    assert!(full.body.contains("value=\"http://steward.example.org/calendar/"), "{}", full.body);
    assert_eq!(app.get_page(None, path).await.status, StatusCode::NOT_FOUND, "the first address stopped");

    let forged = Request::post("/account/calendar-feed")
        .header(header::COOKIE, &creds.cookie)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from("csrf_token=wrong"))
        .unwrap();
    assert_eq!(app.send(forged).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn the_documented_words_are_the_domain_words() {
    let app = spawn_app().await;
    let document = app.api(None, Method::GET, "/api/v1/openapi.json", None).await.json();
    let listed = |schema: &str| -> Vec<String> {
        let values = document["components"]["schemas"][schema]["enum"].as_array();
        values
            .unwrap_or_else(|| panic!("{schema} has no enum"))
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let words = |all: Vec<&str>| -> Vec<String> { all.into_iter().map(str::to_owned).collect() };
    assert_eq!(listed("MeetingTypeName"), words(MeetingType::ALL.iter().map(|k| k.as_str()).collect()));
    assert_eq!(listed("CaseDeadlineRuleName"), words(CASE_DEADLINE_RULES.iter().map(|r| r.rule).collect()));
    assert_eq!(listed("DeadlineKindName"), words(vec!["deadline", "task"]));
    assert_eq!(listed("UrgencyName"), words(vec!["overdue", "due_today", "due_soon", "later"]));
}
