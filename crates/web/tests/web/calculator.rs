//! The deadline calculator through the API and the page.

use axum::http::{Method, StatusCode};
use serde_json::json;
use steward_domain::role::Role;

use crate::helpers::spawn_app;

#[tokio::test]
async fn the_api_computes_a_postponement_window_like_the_cli() {
    let app = spawn_app().await;
    let body = json!({"employer-proposed-date": "2025-12-23", "nation": "scotland"});
    let reply =
        app.api(Some(Role::Rep), Method::POST, "/api/v1/calculate/accompaniment_postponement_latest", Some(body)).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let calculation = reply.json();
    assert_eq!(calculation["rule"], "accompaniment_postponement_latest");
    assert_eq!(calculation["result"]["latest_alternative_date"], "2026-01-05", "rules.md 2.2, Scotland");
    assert!(calculation["explanation"].as_str().is_some_and(|e| !e.is_empty()));
    assert!(calculation["source"].as_str().is_some_and(|s| s.contains("1999")));
    let rules = app.api(Some(Role::Lawyer), Method::GET, "/api/v1/calculate", None).await.json();
    assert!(rules.as_array().unwrap().iter().any(|r| r["name"] == "et_deadline_with_ec"));
}

#[tokio::test]
async fn impossible_and_malformed_inputs_are_named() {
    let app = spawn_app().await;
    let cases = [
        (
            "et_deadline_with_ec",
            json!({"claim-type": "unfair-dismissal", "trigger-date": "2026-03-10", "day-a": "2026-05-01", "day-b": "2026-04-01"}),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        ("appeal_window", json!({"outcome-date": "2025-02-30"}), StatusCode::UNPROCESSABLE_ENTITY),
        ("appeal_window", json!({"outcome-date": "2025-02-03", "colour": "red"}), StatusCode::UNPROCESSABLE_ENTITY),
        ("appeal_window", json!({"outcome-date": ["2025-02-03"]}), StatusCode::UNPROCESSABLE_ENTITY),
        ("no_such_rule", json!({}), StatusCode::NOT_FOUND),
    ];
    for (rule, body, status) in cases {
        let reply =
            app.api(Some(Role::Rep), Method::POST, &format!("/api/v1/calculate/{rule}"), Some(body.clone())).await;
        assert_eq!(reply.status, status, "{rule} {body}: {}", reply.body);
        assert!(reply.json()["detail"].as_str().is_some_and(|d| !d.is_empty()));
    }
}

#[tokio::test]
async fn the_calculator_page_shows_the_answer_or_the_error_beside_the_field() {
    let app = spawn_app().await;
    let index = app.get_page(Some(Role::Rep), "/calculator").await;
    assert_eq!(index.status, StatusCode::OK);
    assert!(index.body.contains("/calculator/appeal_window"));
    let answer = app
        .get_page(Some(Role::Rep), "/calculator/appeal_window?run=1&outcome-date=2025-12-19&nation=england-and-wales")
        .await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(answer.body.contains("2025-12-30") || answer.body.contains("30 December 2025"), "rules.md 8.1 vector");
    let wrong = app.get_page(Some(Role::Rep), "/calculator/appeal_window?run=1&outcome-date=2025-02-30").await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(wrong.body.contains("id=\"outcome-date-error\""));
    let blank = app.get_page(Some(Role::Rep), "/calculator/appeal_window").await;
    assert_eq!(blank.status, StatusCode::OK);
    assert!(!blank.body.contains("field-error"), "an untouched form shows no errors");
}

#[tokio::test]
async fn a_holiday_added_by_an_administrator_moves_working_day_deadlines() {
    let app = spawn_app().await;
    let path = "/api/v1/calculate/appeal_window";
    let body = json!({"outcome-date": "2027-06-01", "nation": "scotland"});
    let before = app.api(Some(Role::Rep), Method::POST, path, Some(body.clone())).await.json();
    let holiday = json!({"nation": "scotland", "date": "2027-06-03", "name": "Fictional Jubilee"});
    let refused = app.api(Some(Role::Officer), Method::POST, "/api/v1/holidays", Some(holiday.clone())).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let added = app.api(Some(Role::Admin), Method::POST, "/api/v1/holidays", Some(holiday.clone())).await;
    assert_eq!(added.status, StatusCode::CREATED, "{}", added.body);
    let twice = app.api(Some(Role::Admin), Method::POST, "/api/v1/holidays", Some(holiday)).await;
    assert_eq!(twice.status, StatusCode::UNPROCESSABLE_ENTITY);
    let after = app.api(Some(Role::Rep), Method::POST, path, Some(body)).await.json();
    assert_ne!(before["result"], after["result"], "the new holiday is skipped: {before} / {after}");
    let list = app.api(Some(Role::Rep), Method::GET, "/api/v1/holidays", None).await.json();
    assert_eq!(list[0]["name"], "Fictional Jubilee");
    let page = app.get_page(Some(Role::Rep), "/admin/holidays").await;
    assert!(page.body.contains("Fictional Jubilee") && !page.body.contains("Add a bank holiday"));
}
