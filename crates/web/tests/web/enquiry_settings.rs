//! Response targets and escalation contacts per branch, and escalation of missed targets.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use chrono::{Duration, Utc};
use steward_app::ports::OutboxStore;
use steward_domain::role::Role;

use crate::helpers::{spawn_app, TestApp};

async fn user_id(app: &TestApp, email: &str) -> i64 {
    let users = app.api(Some(Role::Admin), Method::GET, "/api/v1/users", None).await.json();
    let users = users.as_array().or_else(|| users["users"].as_array()).cloned().unwrap_or_default();
    users.iter().find(|u| u["email"] == email).and_then(|u| u["id"].as_i64()).expect("user listed")
}

#[tokio::test]
async fn officers_set_targets_for_their_branches_and_missed_targets_are_escalated_once() {
    let app = spawn_app().await;
    let officer = user_id(&app, "officer@example.org").await;
    let branch = app.org.branch;

    let bad = app
        .post_form(
            Role::Officer,
            &format!("/enquiries/settings/{branch}"),
            &[("first_response_hours", "0"), ("next_response_hours", "lots"), ("escalate_to", "999")],
        )
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["first_response_hours", "next_response_hours", "escalate_to"] {
        assert!(bad.body.contains(&format!("id=\"{field}-{branch}-error\"")), "{field}: {}", bad.body);
    }
    let elsewhere = app
        .api(
            Some(Role::Officer),
            Method::PUT,
            &format!("/api/v1/enquiry-settings/{}", app.org.other_branch),
            Some(serde_json::json!({"first_response_hours": 4, "next_response_hours": 2})),
        )
        .await;
    assert_eq!(elsewhere.status, StatusCode::NOT_FOUND, "a branch outside the officer's region");
    let saved = app
        .post_form(
            Role::Officer,
            &format!("/enquiries/settings/{branch}"),
            &[("first_response_hours", "2"), ("next_response_hours", "1.5"), ("escalate_to", &officer.to_string())],
        )
        .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.body);
    let listed = app.api(Some(Role::Officer), Method::GET, "/api/v1/enquiry-settings", None).await.json();
    let mine = listed.as_array().unwrap().iter().find(|b| b["branch_id"] == branch.0).unwrap().clone();
    assert_eq!(
        (mine["first_response_minutes"].as_i64(), mine["next_response_minutes"].as_i64()),
        (Some(120), Some(90))
    );
    assert_eq!(mine["escalate_to"].as_i64(), Some(officer));
    assert!(listed.as_array().unwrap().iter().all(|b| b["branch_id"] != app.org.other_branch.0), "region scope");

    let raw = "From: Hana Nearby <hana.nearby1@example.org>\r\nSubject: Pay cut\r\nMessage-ID: <e1@member.example>\r\n\r\nMy pay was cut.\r\n";
    let request = Request::post("/api/v1/enquiries/inbound")
        .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&Role::Admin].token))
        .header(header::CONTENT_TYPE, "message/rfc822")
        .body(Body::from(raw))
        .unwrap();
    let id = app.send(request).await.json()["enquiry_id"].as_i64().unwrap();

    let db = app.db();
    assert_eq!(steward_app::enquiries::escalate_overdue(db, Utc::now()).await.unwrap(), 0, "not due yet");
    let later = Utc::now() + Duration::days(5);
    assert_eq!(steward_app::enquiries::escalate_overdue(db, later).await.unwrap(), 1);
    assert_eq!(steward_app::enquiries::escalate_overdue(db, later).await.unwrap(), 0, "escalated once");

    let detail = app.api(Some(Role::Officer), Method::GET, &format!("/api/v1/enquiries/{id}"), None).await.json();
    let note = detail["messages"].as_array().unwrap().iter().find(|m| m["direction"] == "note").expect("a note");
    assert!(note["body"].as_str().unwrap().contains("Escalated to Test Officer"), "{note}");
    let queue = app.get_page(Some(Role::Officer), "/enquiries").await;
    assert!(queue.body.contains("Escalated"), "{}", queue.body);
    let queued = db.claim_outbox("test", later, later + Duration::minutes(5), 10).await.unwrap();
    let alert = queued.iter().map(|(_, m)| m).find(|m| m.to == "officer@example.org").expect("the officer is told");
    assert!(alert.subject.contains("Overdue: Pay cut") && alert.automatic, "{alert:?}");
}

#[tokio::test]
async fn routing_rules_give_new_enquiries_to_the_first_matching_person() {
    let app = spawn_app().await;
    let caseworker = user_id(&app, "caseworker@example.org").await;
    let staff = user_id(&app, "staff@example.org").await;
    let branch = app.org.branch;

    let bad = app
        .post_form(Role::Officer, "/enquiries/routing", &[("branch", ""), ("channel", "pigeon"), ("assign_to", "")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["branch", "channel", "assign_to"] {
        assert!(bad.body.contains(&format!("id=\"{field}-error\"")), "{field}: {}", bad.body);
    }
    let outside = serde_json::json!({"branch_id": app.org.other_branch.0, "assign_to": caseworker});
    let refused = app.api(Some(Role::Officer), Method::POST, "/api/v1/routing-rules", Some(outside)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);

    let dismissal = app
        .post_form(
            Role::Officer,
            "/enquiries/routing",
            &[("branch", &branch.to_string()), ("keyword", "dismissal"), ("assign_to", &caseworker.to_string())],
        )
        .await;
    assert_eq!(dismissal.status, StatusCode::SEE_OTHER, "{}", dismissal.body);
    let rest = serde_json::json!({"branch_id": branch.0, "channel": "email", "assign_to": staff});
    let created = app.api(Some(Role::Officer), Method::POST, "/api/v1/routing-rules", Some(rest)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let page = app.get_page(Some(Role::Officer), "/enquiries/routing").await;
    assert!(page.body.contains("mentioning &#34;dismissal&#34; go to <strong>Test Caseworker"), "{}", page.body);

    let mail = |subject: &str, id: &str| {
        format!("From: hana.nearby1@example.org\r\nSubject: {subject}\r\nMessage-ID: <{id}@member.example>\r\n\r\nPlease help.\r\n")
    };
    let send = |raw: String| {
        Request::post("/api/v1/enquiries/inbound")
            .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&Role::Admin].token))
            .header(header::CONTENT_TYPE, "message/rfc822")
            .body(Body::from(raw))
            .unwrap()
    };
    let first = app.send(send(mail("Threatened with dismissal", "r1"))).await.json()["enquiry_id"].as_i64().unwrap();
    let second = app.send(send(mail("Rota change", "r2"))).await.json()["enquiry_id"].as_i64().unwrap();
    assert!(held_by(&app, first).await.contains("Test Caseworker"), "the keyword rule comes first");
    assert!(held_by(&app, second).await.contains("Test Office staff"), "then the branch's e-mail rule");

    let rules = app.api(Some(Role::Officer), Method::GET, "/api/v1/routing-rules", None).await.json();
    let first_rule = rules[0]["id"].as_i64().unwrap();
    let removed =
        app.api(Some(Role::Officer), Method::DELETE, &format!("/api/v1/routing-rules/{first_rule}"), None).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let third = app.send(send(mail("Another dismissal", "r3"))).await.json()["enquiry_id"].as_i64().unwrap();
    assert!(held_by(&app, third).await.contains("Test Office staff"), "the removed rule no longer applies");
}

/// The enquiry page, which names who holds it.
async fn held_by(app: &TestApp, id: i64) -> String {
    app.get_page(Some(Role::Officer), &format!("/enquiries/{id}")).await.body
}
