//! The case pages: opening a case through the form, the timeline, the procedure's ACAS
//! checks, closing and reopening, promoting an enquiry, and who may open a case file.

use axum::http::{header, Method, StatusCode};
use chrono::Utc;
use steward_app::ports::UserStore;
use steward_app::users::UserDraft;
use steward_domain::role::Role;

use crate::helpers::{scope_for, spawn_app, Reply, TestApp, PASSWORD};

fn location(reply: &Reply) -> String {
    reply.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// The case id a successful form redirected to.
fn case_id_from(reply: &Reply) -> i64 {
    assert_eq!(reply.status, StatusCode::SEE_OTHER, "{}", reply.body);
    let path = location(reply);
    let id = path.trim_start_matches("/cases/").split(['?', '#']).next().unwrap_or_default();
    id.parse().unwrap_or_else(|_| panic!("not a case address: {path}"))
}

const DISCIPLINARY: [(&str, &str); 6] = [
    ("title", "Final warning for lateness"),
    ("case_type", "disciplinary"),
    ("membership_number", "T000001"),
    ("problem_arose_on", "2025-01-10"),
    ("complexity", "3"),
    ("emotional_load", "2"),
];

fn with<'a>(base: &[(&'a str, &'a str)], field: &'a str, value: &'a str) -> Vec<(&'a str, &'a str)> {
    base.iter().map(|(k, v)| if *k == field { (*k, value) } else { (*k, *v) }).collect()
}

async fn open_case(app: &TestApp, role: Role) -> i64 {
    case_id_from(&app.post_form(role, "/cases", &DISCIPLINARY).await)
}

async fn case_views(app: &TestApp, id: i64) -> usize {
    let path = format!("/api/v1/audit?entity=case&entity_id={id}&limit=200");
    let log = app.api(Some(Role::Admin), Method::GET, &path, None).await.json();
    log["entries"].as_array().unwrap().iter().filter(|entry| entry["action"] == "case.view").count()
}

#[tokio::test]
async fn a_case_is_opened_through_the_form_worked_on_closed_and_reopened() {
    let app = spawn_app().await;
    let form = app.get_page(Some(Role::Caseworker), "/cases/new?membership_number=T000001").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains("value=\"T000001\"") && form.body.contains("id=\"override_reason\""), "{}", form.body);

    // A date that does not exist: the error is beside the field, what was typed is kept, and
    // nothing is written.
    let bad = app.post_form(Role::Caseworker, "/cases", &with(&DISCIPLINARY, "problem_arose_on", "2025-02-30")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"problem_arose_on-error\""), "{}", bad.body);
    assert!(bad.body.contains("aria-describedby=\"problem_arose_on-error"));
    assert!(bad.body.contains("Final warning for lateness") && bad.body.contains("<title>Error: "));
    let list = app.get_page(Some(Role::Caseworker), "/cases?status=all").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.body.contains("Final warning for lateness"), "nothing was written");

    let id = open_case(&app, Role::Caseworker).await;
    let page = app.get_page(Some(Role::Caseworker), &format!("/cases/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    for text in
        ["Final warning for lateness", "Intake and advice", "Full representation", "Hana Nearby", "Test Caseworker"]
    {
        assert!(page.body.contains(text), "{text} missing from the case page");
    }
    assert!(page.body.contains(&format!("href=\"/members/{}\"", app.member_here)));
    let list = app.get_page(Some(Role::Caseworker), "/cases?mine=1").await;
    assert!(list.body.contains(&format!("href=\"/cases/{id}\"")) && list.body.contains("Disciplinary"));
    let member = app.get_page(Some(Role::Caseworker), &format!("/members/{}", app.member_here)).await;
    assert!(member.body.contains(&format!("href=\"/cases/{id}\"")), "the member's page lists the case");

    // A note: an empty one is refused beside the field, then one is added.
    let entries = format!("/cases/{id}/entries");
    let empty = app.post_form(Role::Caseworker, &entries, &[("kind", "note"), ("body", " ")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("id=\"entry-body-error\""), "{}", empty.body);
    let noted = app
        .post_form(
            Role::Caseworker,
            &entries,
            &[("kind", "call"), ("body", "Rang Hana about the meeting"), ("minutes", "20")],
        )
        .await;
    assert_eq!(location(&noted), format!("/cases/{id}?done=entry"));
    let page = app.get_page(Some(Role::Caseworker), &location(&noted)).await;
    assert!(page.body.contains("Rang Hana about the meeting") && page.body.contains("20 min"));
    assert!(page.body.contains("Added to the timeline."));

    // The procedure: to the investigation, then a hearing without written notice is refused
    // with the ACAS Code's reason beside the stage field; with the notice it goes ahead.
    let stage = format!("/cases/{id}/stage");
    let moved = app.post_form(Role::Caseworker, &stage, &[("to", "investigation")]).await;
    assert_eq!(location(&moved), format!("/cases/{id}?done=moved"), "{}", moved.body);
    let blocked = app.post_form(Role::Caseworker, &stage, &[("to", "hearing")]).await;
    assert_eq!(blocked.status, StatusCode::UNPROCESSABLE_ENTITY);
    let error_at = blocked.body.find("id=\"stage-to-error\"").expect("the error beside the stage field");
    assert!(blocked.body[error_at..]
        .starts_with("id=\"stage-to-error\"><span class=\"visually-hidden\">Error:</span> No written notice"));
    assert!(blocked.body.contains("aria-describedby=\"stage-to-error"));
    let checked = app.post_form(Role::Caseworker, &stage, &[("to", "hearing"), ("intent", "check")]).await;
    assert_eq!(checked.status, StatusCode::OK);
    assert!(checked.body.contains("This move is not allowed."));
    let allowed = app.post_form(Role::Caseworker, &stage, &[("to", "hearing"), ("notice_recorded", "yes")]).await;
    assert_eq!(location(&allowed), format!("/cases/{id}?done=moved"), "{}", allowed.body);
    let page = app.get_page(Some(Role::Caseworker), &location(&allowed)).await;
    assert!(page.body.contains("The procedure has moved on."));
    assert!(
        page.body.contains("The hearing notice does not record the right to be accompanied"),
        "the warning is shown"
    );
    assert!(page.body.contains("<dd>Disciplinary hearing</dd>"));

    // Closing needs an outcome; then the case is closed and can be reopened with a reason.
    let close = format!("/cases/{id}/close");
    let no_outcome = app.post_form(Role::Caseworker, &close, &[("outcome", "")]).await;
    assert_eq!(no_outcome.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_outcome.body.contains("id=\"close-outcome-error\""));
    let closed = app
        .post_form(Role::Caseworker, &close, &[("outcome", "sanction_reduced"), ("note", "Warning withdrawn")])
        .await;
    assert_eq!(location(&closed), format!("/cases/{id}?done=closed"));
    let page = app.get_page(Some(Role::Caseworker), &format!("/cases/{id}")).await;
    assert!(page.body.contains("Closed: Sanction reduced or withdrawn"));
    assert!(page.body.contains("action=\"/cases/{id}/reopen\"".replace("{id}", &id.to_string()).as_str()));
    assert!(!page.body.contains(&format!("action=\"/cases/{id}/stage\"")), "a closed case does not move");
    let open_list = app.get_page(Some(Role::Caseworker), "/cases").await;
    assert!(!open_list.body.contains(&format!("href=\"/cases/{id}\"")), "the list shows open cases by default");

    let reopen = format!("/cases/{id}/reopen");
    let no_reason = app.post_form(Role::Caseworker, &reopen, &[("reason", "")]).await;
    assert_eq!(no_reason.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(no_reason.body.contains("id=\"reopen-reason-error\""));
    let reopened = app.post_form(Role::Caseworker, &reopen, &[("reason", "Appeal lodged")]).await;
    assert_eq!(location(&reopened), format!("/cases/{id}?done=reopened"));
    let page = app.get_page(Some(Role::Caseworker), &format!("/cases/{id}")).await;
    assert!(page.body.contains("<dd>Open</dd>") && page.body.contains("Reopened: Appeal lodged"));

    // A correction points at the entry it corrects.
    let timeline = app.get_page(Some(Role::Caseworker), &format!("/cases/{id}?kind=call")).await;
    let marker = "class=\"message message-call\" id=\"entry-";
    let call_at = timeline.body.find(marker).expect("the call entry") + marker.len();
    let call_id: String = timeline.body[call_at..].chars().take_while(char::is_ascii_digit).collect();
    assert!(!timeline.body.contains("Appeal lodged"), "the filter shows calls only");
    let corrected = app
        .post_form(Role::Caseworker, &entries, &[("corrects", &call_id), ("body", "It was 30 minutes, not 20")])
        .await;
    assert_eq!(corrected.status, StatusCode::SEE_OTHER, "{}", corrected.body);
    let page = app.get_page(Some(Role::Caseworker), &format!("/cases/{id}?kind=correction")).await;
    assert!(page.body.contains(&format!("corrects <a href=\"#entry-{call_id}\">entry #{call_id}</a>")));
}

#[tokio::test]
async fn an_enquiry_is_promoted_to_a_case_with_its_conversation_on_the_timeline() {
    let app = spawn_app().await;
    let logged = app
        .post_form(
            Role::Staff,
            "/enquiries/phone",
            &[
                ("membership_number", "T000001"),
                ("subject", "Bullying by a supervisor"),
                ("notes", "Hana says her supervisor shouts at her in front of pupils."),
            ],
        )
        .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    let enquiry = location(&logged);
    let page = app.get_page(Some(Role::Caseworker), &enquiry).await;
    assert!(page.body.contains(&format!("action=\"{enquiry}/promote\"")), "the promote form shows");
    assert!(page.body.contains("placeholder=\"Bullying by a supervisor\""));

    let promote = format!("{enquiry}/promote");
    let fields = [("case_type", ""), ("problem_arose_on", "2025-03-01"), ("complexity", "2"), ("emotional_load", "4")];
    let bad = app.post_form(Role::Caseworker, &promote, &fields).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"promote-case_type-error\""), "{}", bad.body);
    assert!(bad.body.contains("value=\"2025-03-01\""), "what was typed is kept");

    let rep = app.post_form(Role::Rep, &promote, &with(&fields, "case_type", "grievance")).await;
    assert_eq!(rep.status, StatusCode::FORBIDDEN, "reps do not work on enquiries");

    let promoted = app.post_form(Role::Caseworker, &promote, &with(&fields, "case_type", "grievance")).await;
    let id = case_id_from(&promoted);
    let case = app.get_page(Some(Role::Caseworker), &format!("/cases/{id}")).await;
    assert_eq!(case.status, StatusCode::OK);
    for text in [
        "Bullying by a supervisor",
        "Hana says her supervisor shouts at her in front of pupils.",
        "Grievance",
        "Promoted from enquiry",
    ] {
        assert!(case.body.contains(text), "{text} missing from the promoted case");
    }
    assert!(case.body.contains(&format!("href=\"{enquiry}\"")), "the case links back to the enquiry");
    let closed = app.get_page(Some(Role::Caseworker), &enquiry).await;
    assert!(!closed.body.contains(&format!("action=\"{enquiry}/promote\"")), "a closed enquiry is not promoted twice");
}

#[tokio::test]
async fn a_rep_sees_only_the_cases_they_are_on_and_every_view_is_audited() {
    let app = spawn_app().await;
    let own = open_case(&app, Role::Rep).await;
    assert_eq!(app.get_page(Some(Role::Rep), &format!("/cases/{own}")).await.status, StatusCode::OK);

    // A second rep at the same workplace: the first rep's case reads as not found.
    let draft = UserDraft {
        email: "rep2@example.org".into(),
        name: "Second Rep".into(),
        role: "rep".into(),
        scope: scope_for(Role::Rep, &app.org),
        password: PASSWORD.into(),
    };
    steward_app::users::create_user_unchecked(app.db(), &draft, Utc::now()).await.unwrap();
    let session = steward_app::auth::login(app.db(), "rep2@example.org", PASSWORD, None, Utc::now()).await.unwrap();
    let get = |path: String| {
        let request = axum::http::Request::get(path)
            .header(header::COOKIE, format!("steward_session={}", session.session_token))
            .body(axum::body::Body::empty())
            .unwrap();
        app.send(request)
    };
    let other = get(format!("/cases/{own}")).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    assert!(!other.body.contains("Final warning for lateness"));
    let list = get("/cases".into()).await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(!list.body.contains("Final warning for lateness") && list.body.contains("You see the cases you are on."));
    let fixture = app.get_page(Some(Role::Rep), &format!("/cases/{}", app.case_here)).await;
    assert_eq!(fixture.status, StatusCode::NOT_FOUND, "the first rep is not on the fixture case either");
    let lawyer = app.get_page(Some(Role::Lawyer), &format!("/cases/{own}")).await;
    assert_eq!(lawyer.status, StatusCode::NOT_FOUND);

    // Reps see no team or escalation forms; a caseworker in scope does. A lawyer is not offered
    // as an ordinary team member: they join through the legal referral, with an end date.
    let page = app.get_page(Some(Role::Rep), &format!("/cases/{own}")).await;
    assert!(page.body.contains(&format!("action=\"/cases/{own}/entries\"")));
    assert!(!page.body.contains(&format!("action=\"/cases/{own}/team\"")));
    let page = app.get_page(Some(Role::Caseworker), &format!("/cases/{own}")).await;
    assert!(page.body.contains(&format!("action=\"/cases/{own}/escalation\"")));
    assert!(!page.body.contains("(Lawyer)</option>"), "lawyers are not plain candidates");
    let lawyer_id = app.db().user_by_email("lawyer@example.org").await.unwrap().unwrap().id.to_string();
    let wrong =
        app.post_form(Role::Caseworker, &format!("/cases/{own}/team"), &[("user", &lawyer_id), ("role", "rep")]).await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("id=\"team-role-error\""));
    let plain = app
        .post_form(Role::Caseworker, &format!("/cases/{own}/team"), &[("user", &lawyer_id), ("role", "lawyer")])
        .await;
    assert_eq!(plain.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(plain.body.contains("through the legal referral"), "{}", plain.body);
    assert_eq!(app.get_page(Some(Role::Lawyer), &format!("/cases/{own}")).await.status, StatusCode::NOT_FOUND);
    let escalated = app.post_form(Role::Caseworker, &format!("/cases/{own}/escalation"), &[("level", "officer")]).await;
    assert_eq!(location(&escalated), format!("/cases/{own}?done=escalation"));

    // Views that showed the file were audited, one entry each; refused views were not.
    let before = case_views(&app, own).await;
    assert_eq!(
        before, 5,
        "the rep twice, the caseworker, the refused team form shown again, the lawyer while on the team"
    );
    app.get_page(Some(Role::Officer), &format!("/cases/{own}")).await;
    app.get_page(Some(Role::Officer), &format!("/cases/{own}?kind=note")).await;
    assert_eq!(case_views(&app, own).await, before + 2);
}

#[tokio::test]
async fn case_rules_are_kept_by_administrators() {
    let app = spawn_app().await;
    let page = app.get_page(Some(Role::Admin), "/admin/case-settings").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.body.contains("value=\"4\""), "four weeks by default");
    let bad = app.post_form(Role::Admin, "/admin/case-settings", &[("qualifying_weeks", "500")]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"qualifying_weeks-error\""));
    let saved = app
        .post_form(Role::Admin, "/admin/case-settings", &[("qualifying_weeks", "8"), ("represent_in_arrears", "yes")])
        .await;
    assert_eq!(location(&saved), "/admin/case-settings?saved=1");
    let page = app.get_page(Some(Role::Admin), "/admin/case-settings?saved=1").await;
    assert!(page.body.contains("value=\"8\"") && page.body.contains("Saved."));
    assert!(page.body.contains("name=\"represent_in_arrears\" value=\"yes\" checked"));
    let nav = app.get_page(Some(Role::Lawyer), "/").await;
    assert!(nav.body.contains("href=\"/cases\""), "lawyers have cases in the navigation");
}
