//! The enquiry queue and thread pages.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use steward_domain::role::Role;

use crate::helpers::spawn_app;

async fn post_mail(app: &crate::helpers::TestApp, raw: &str) -> serde_json::Value {
    let request = Request::post("/api/v1/enquiries/inbound")
        .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&Role::Admin].token))
        .header(header::CONTENT_TYPE, "message/rfc822")
        .body(Body::from(raw.to_owned()))
        .unwrap();
    let reply = app.send(request).await;
    assert!(reply.status.is_success(), "{}", reply.body);
    reply.json()
}

#[tokio::test]
async fn mail_becomes_an_enquiry_in_the_queue_with_its_thread_and_notes() {
    let app = spawn_app().await;
    // member_here's address, from the test fixtures.
    let opened = post_mail(&app, "From: Hana Nearby <hana.nearby1@example.org>\r\nSubject: Overtime unpaid\r\nMessage-ID: <w1@example.org>\r\n\r\nMy overtime was not paid.\r\n").await;
    assert_eq!(opened["outcome"], "opened");
    assert_eq!(opened["acknowledged"], true);
    let id = opened["enquiry_id"].as_i64().unwrap();

    let queue = app.get_page(Some(Role::Caseworker), "/enquiries").await;
    assert_eq!(queue.status, StatusCode::OK);
    assert!(queue.body.contains("Overtime unpaid") && queue.body.contains("Hana Nearby"), "{}", queue.body);
    let overdue = app.get_page(Some(Role::Caseworker), "/enquiries?filter=overdue").await;
    assert!(!overdue.body.contains("Overtime unpaid"), "not overdue yet");
    assert_eq!(
        app.get_page(Some(Role::Caseworker), "/enquiries?filter=nonsense").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    let page = app.get_page(Some(Role::Caseworker), &format!("/enquiries/{id}")).await;
    assert!(page.body.contains("My overtime was not paid.") && page.body.contains("waiting to be sent"));
    let empty = app.post_form(Role::Caseworker, &format!("/enquiries/{id}/notes"), &[("note", "   ")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(empty.body.contains("id=\"note-error\""));
    let noted = app
        .post_form(Role::Caseworker, &format!("/enquiries/{id}/notes"), &[("note", "Rang Hana, payroll error")])
        .await;
    assert_eq!(noted.status, StatusCode::SEE_OTHER);
    let detail = app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/enquiries/{id}"), None).await.json();
    let directions: Vec<&str> =
        detail["messages"].as_array().unwrap().iter().map(|m| m["direction"].as_str().unwrap()).collect();
    assert_eq!(directions, ["in", "note"]);

    let reply = post_mail(&app, "From: hana.nearby1@example.org\r\nSubject: Re: Overtime unpaid\r\nMessage-ID: <w2@example.org>\r\nIn-Reply-To: <w1@example.org>\r\n\r\nAny news?\r\n").await;
    assert_eq!((reply["outcome"].as_str(), reply["enquiry_id"].as_i64()), (Some("replied"), Some(id)));
    let rep = app.get_page(Some(Role::Rep), "/enquiries").await;
    assert_eq!(rep.status, StatusCode::FORBIDDEN, "reps have no enquiry queue yet");
}
