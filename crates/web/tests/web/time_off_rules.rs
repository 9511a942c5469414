//! Employers' time-off notice rules, on the page and over the API: an officer sees the rule in
//! force (the default until one is agreed) and saves a new one, and a request submitted after
//! is checked against it; bad numbers are refused field by field; a rep cannot change it, and
//! an officer reaches only employers with a workplace in their scope.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use chrono::{Datelike, Days, Utc, Weekday};
use serde_json::json;
use steward_app::ports::{AuditLog, AuditQuery};
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::role::Role;

use crate::helpers::{spawn_app, Reply, TestApp};

const PAGE: &str = "/time-off/notice-rule";

/// The first Monday at least `days` ahead.
fn monday_after(days: u64) -> String {
    let mut day = to_uk_local(Utc::now()).date().checked_add_days(Days::new(days)).unwrap();
    while day.weekday() != Weekday::Mon {
        day = day.succ_opt().unwrap();
    }
    day.to_string()
}

fn location(reply: &Reply) -> String {
    reply.headers.get(header::LOCATION).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

fn api_path(app: &TestApp) -> String {
    format!("/api/v1/employers/{}/time-off-rule", app.org.employer.0)
}

/// A rep drafts and submits a request; the page of the submitted request.
async fn submit(app: &TestApp, fields: &[(&str, &str)]) -> Reply {
    let drafted = app.post_form(Role::Rep, "/time-off", fields).await;
    assert_eq!(drafted.status, StatusCode::SEE_OTHER, "{}", drafted.body);
    let id = location(&drafted);
    let submitted = app.post_form(Role::Rep, &format!("{id}/submit"), &[]).await;
    assert_eq!(submitted.status, StatusCode::SEE_OTHER, "{}", submitted.body);
    app.get_page(Some(Role::Rep), &id).await
}

#[tokio::test]
async fn an_officer_changes_the_rule_and_later_requests_are_checked_against_it() {
    let app = spawn_app().await;
    let list = app.get_page(Some(Role::Officer), "/time-off").await;
    assert!(list.body.contains(&format!("href=\"{PAGE}\"")), "officers find the rule from the time-off list");
    let rep_list = app.get_page(Some(Role::Rep), "/time-off").await;
    assert!(!rep_list.body.contains(&format!("href=\"{PAGE}\"")), "reps are not offered it");

    let page = app.get_page(Some(Role::Officer), PAGE).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.body);
    assert!(page.body.contains("Test Borough Council"), "{}", page.body);
    assert!(page.body.contains("3 working days' notice") && page.body.contains("4 weeks' notice"), "{}", page.body);
    assert!(page.body.contains("No: this is the default rule"), "{}", page.body);

    // Under the default, ten days ahead is notice enough for duties.
    let start = monday_after(10);
    let duties = [("category", "duties"), ("starts_on", &start), ("hours", "3"), ("purpose", "Pay talks")];
    let before = submit(&app, &duties).await;
    assert!(before.body.contains("Notice is enough"), "{}", before.body);

    // Thirty working days for duties, one week for training.
    let saved = app
        .post_form(
            Role::Officer,
            PAGE,
            &[("employer_id", &app.org.employer.0.to_string()), ("duties_working_days", "30"), ("training_weeks", "1")],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let shown = app.get_page(Some(Role::Officer), &location(&saved)).await;
    assert!(shown.body.contains("The notice rule is saved."), "{}", shown.body);
    assert!(shown.body.contains("30 working days' notice") && shown.body.contains("1 weeks' notice"));
    assert!(shown.body.contains("Yes: it differs from the default"));
    assert!(shown.body.contains("value=\"30\"") && shown.body.contains("value=\"1\""), "the form shows the rule");

    // The same duties request is now short; training two weeks ahead is now enough.
    let after = submit(&app, &duties).await;
    assert!(after.body.contains("Warning: short notice") && after.body.contains("30 working days"), "{}", after.body);
    let course = monday_after(14);
    let training = [
        ("category", "training"),
        ("starts_on", &course),
        ("hours", "7"),
        ("purpose", "Reps' course"),
        ("course_name", "Reps' stage 1"),
        ("syllabus", "https://example.org/syllabus"),
    ];
    let trained = submit(&app, &training).await;
    assert!(trained.body.contains("Notice is enough") && trained.body.contains("1 weeks"), "{}", trained.body);

    let audit = AuditLog::audit_entries(
        app.db(),
        &AuditQuery {
            entity: Some("employer".into()),
            entity_id: Some(app.org.employer.0.to_string()),
            limit: 50,
            ..AuditQuery::default()
        },
    )
    .await
    .unwrap();
    let change = audit.entries.iter().find(|(_, e)| e.action == "time_off.notice_rule").expect("the change is audited");
    assert!(
        change.1.detail.contains("3 -> 30 working days") && change.1.detail.contains("4 -> 1 weeks"),
        "{:?}",
        change.1
    );

    // The API reads what the page saved, and saves in turn.
    let read = app.api(Some(Role::Officer), Method::GET, &api_path(&app), None).await;
    assert_eq!(read.status, StatusCode::OK, "{}", read.body);
    let rule = read.json();
    assert_eq!((rule["duties_working_days"].as_u64(), rule["training_weeks"].as_u64()), (Some(30), Some(1)));
    assert_eq!(rule["is_default"], false);
    let body = json!({"duties_working_days": 3, "training_weeks": 4});
    let put = app.api(Some(Role::Admin), Method::PUT, &api_path(&app), Some(body)).await;
    assert_eq!(put.status, StatusCode::OK, "{}", put.body);
    assert_eq!(put.json()["is_default"], true);
    let back = submit(&app, &duties).await;
    assert!(back.body.contains("Notice is enough"), "back to the default: {}", back.body);
}

#[tokio::test]
async fn bad_numbers_are_refused_beside_their_fields_and_change_nothing() {
    let app = spawn_app().await;
    let employer = app.org.employer.0.to_string();
    let refused = app
        .post_form(
            Role::Officer,
            PAGE,
            &[("employer_id", &employer), ("duties_working_days", "31"), ("training_weeks", "1.5")],
        )
        .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("id=\"duties_working_days-error\""), "{}", refused.body);
    assert!(refused.body.contains("id=\"training_weeks-error\""), "{}", refused.body);
    assert!(refused.body.contains("from 0 to 30") && refused.body.contains("from 0 to 26"));
    assert!(refused.body.contains("href=\"#duties_working_days\"") && refused.body.contains("<title>Error:"));
    assert!(refused.body.contains("value=\"31\"") && refused.body.contains("value=\"1.5\""), "what was typed is kept");
    let blank = app.post_form(Role::Officer, PAGE, &[("employer_id", &employer), ("duties_working_days", "")]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    let no_employer = app.post_form(Role::Officer, PAGE, &[("duties_working_days", "5")]).await;
    assert_eq!(no_employer.status, StatusCode::NOT_FOUND);
    let bad_query = app.get_page(Some(Role::Officer), &format!("{PAGE}?employer_id=abc")).await;
    assert_eq!(bad_query.status, StatusCode::NOT_FOUND);

    let path = api_path(&app);
    for body in [
        json!({"duties_working_days": -1, "training_weeks": "4"}),
        json!({"duties_working_days": 2.5, "training_weeks": 27}),
        json!({"duties_working_days": null, "training_weeks": 99_999_999_999_u64}),
        json!({}),
    ] {
        let reply = app.api(Some(Role::Officer), Method::PUT, &path, Some(body.clone())).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{body}: {}", reply.body);
        assert_eq!(reply.headers[header::CONTENT_TYPE], "application/problem+json");
        let problem = reply.json();
        assert!(problem["errors"]["duties_working_days"].is_string(), "{body}: {problem}");
        assert!(problem["errors"]["training_weeks"].is_string(), "{body}: {problem}");
    }
    let unknown = json!({"duties_working_days": 3, "training_weeks": 4, "hearing_days": 1});
    let reply = app.api(Some(Role::Officer), Method::PUT, &path, Some(unknown)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    let malformed = Request::put(&path)
        .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&Role::Officer].token))
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from("{\"duties_working_days\": 3,"))
        .unwrap();
    let reply = app.send(malformed).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{}", reply.body);
    for id in ["0", "abc", "999999"] {
        let reply =
            app.api(Some(Role::Admin), Method::GET, &format!("/api/v1/employers/{id}/time-off-rule"), None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{id}");
    }

    let read = app.api(Some(Role::Officer), Method::GET, &path, None).await;
    assert_eq!(read.json()["is_default"], true, "nothing was saved: {}", read.body);
}

#[tokio::test]
async fn a_rep_cannot_change_the_rule_and_an_officer_only_their_scopes_employers() {
    let app = spawn_app().await;
    let employer = app.org.employer.0.to_string();
    let fields = [("employer_id", employer.as_str()), ("duties_working_days", "0"), ("training_weeks", "0")];
    assert_eq!(app.get_page(Some(Role::Rep), PAGE).await.status, StatusCode::FORBIDDEN);
    assert_eq!(app.post_form(Role::Rep, PAGE, &fields).await.status, StatusCode::FORBIDDEN);
    let body = json!({"duties_working_days": 0, "training_weeks": 0});
    for role in [Role::Rep, Role::Caseworker, Role::Staff, Role::Lawyer] {
        let reply = app.api(Some(role), Method::PUT, &api_path(&app), Some(body.clone())).await;
        assert_eq!(reply.status, StatusCode::FORBIDDEN, "{role:?}");
    }
    let read = app.api(Some(Role::Officer), Method::GET, &api_path(&app), None).await;
    assert_eq!(read.json()["is_default"], true, "the rep changed nothing");

    // An employer with no workplace in the officer's region: theirs to keep it is not.
    let created = app.api(Some(Role::Admin), Method::POST, "/api/v1/employers", Some(json!({"name": "Faraway Trust"})));
    let created = created.await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let faraway = created.json()["id"].as_i64().unwrap();
    let path = format!("/api/v1/employers/{faraway}/time-off-rule");
    assert_eq!(app.api(Some(Role::Officer), Method::GET, &path, None).await.status, StatusCode::NOT_FOUND);
    let put = app.api(Some(Role::Officer), Method::PUT, &path, Some(body.clone())).await;
    assert_eq!(put.status, StatusCode::NOT_FOUND);
    let page = app.get_page(Some(Role::Officer), &format!("{PAGE}?employer_id={faraway}")).await;
    assert_eq!(page.status, StatusCode::NOT_FOUND);
    let list = app.get_page(Some(Role::Officer), PAGE).await;
    assert!(!list.body.contains("Faraway Trust"), "officers are offered only their employers");
    let admin_list = app.get_page(Some(Role::Admin), PAGE).await;
    assert!(admin_list.body.contains("Faraway Trust") && admin_list.body.contains("Test Borough Council"));
    let saved = app.api(Some(Role::Admin), Method::PUT, &path, Some(body)).await;
    assert_eq!(saved.status, StatusCode::OK, "{}", saved.body);
    assert_eq!(saved.json()["employer_name"], "Faraway Trust");
}

#[tokio::test]
async fn the_openapi_document_describes_the_rule() {
    let app = spawn_app().await;
    let doc = app.api(None, Method::GET, "/api/v1/openapi.json", None).await.json();
    let path = &doc["paths"]["/api/v1/employers/{id}/time-off-rule"];
    assert!(path["get"].is_object() && path["put"].is_object(), "{path}");
    let input = &doc["components"]["schemas"]["NoticeRuleInput"];
    let required: Vec<&str> = input["required"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
    assert_eq!(required, ["duties_working_days", "training_weeks"], "{input}");
    assert_eq!(input["properties"]["duties_working_days"]["type"], "integer", "{input}");
    assert_eq!(input["properties"]["duties_working_days"]["maximum"], 30, "{input}");
    assert_eq!(input["properties"]["training_weeks"]["maximum"], 26, "{input}");
}
