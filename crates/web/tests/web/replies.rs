//! Replying to a member: templates with merge fields, the multipart reply form with
//! attachments, the API route, and what reaches the outbox.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use chrono::{Duration, Utc};
use steward_app::ports::OutboxStore;
use steward_domain::role::Role;

use crate::helpers::{spawn_app, TestApp};

async fn enquiry_from_member_here(app: &TestApp) -> i64 {
    let raw = "From: Hana Nearby <hana.nearby1@example.org>\r\nSubject: Overtime unpaid\r\nMessage-ID: <w1@member.example>\r\n\r\nMy overtime was not paid.\r\n";
    let request = Request::post("/api/v1/enquiries/inbound")
        .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&Role::Admin].token))
        .header(header::CONTENT_TYPE, "message/rfc822")
        .body(Body::from(raw))
        .unwrap();
    let reply = app.send(request).await;
    assert!(reply.status.is_success(), "{}", reply.body);
    reply.json()["enquiry_id"].as_i64().unwrap()
}

/// The reply form as a browser sends it: multipart, with the CSRF token and files.
async fn post_reply_form(
    app: &TestApp,
    role: Role,
    id: i64,
    body: &str,
    files: &[(&str, &[u8])],
) -> crate::helpers::Reply {
    let creds = &app.users[&role];
    let boundary = "XsTEWARDbOUNDARY";
    let mut payload = Vec::new();
    let mut text_part = |name: &str, value: &str| {
        payload.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n").as_bytes(),
        );
    };
    text_part("csrf_token", &creds.csrf);
    text_part("body", body);
    for (name, bytes) in files {
        payload.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"{name}\"\r\nContent-Type: application/pdf\r\n\r\n"
            )
            .as_bytes(),
        );
        payload.extend_from_slice(bytes);
        payload.extend_from_slice(b"\r\n");
    }
    if files.is_empty() {
        // What a browser sends for a file input left empty.
        payload.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"\"\r\nContent-Type: application/octet-stream\r\n\r\n\r\n").as_bytes(),
        );
    }
    payload.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    let request = Request::post(format!("/enquiries/{id}/reply"))
        .header(header::COOKIE, &creds.cookie)
        .header(header::CONTENT_TYPE, format!("multipart/form-data; boundary={boundary}"))
        .body(Body::from(payload))
        .unwrap();
    app.send(request).await
}

#[tokio::test]
async fn a_template_fills_its_merge_fields_and_the_reply_goes_out_with_its_attachment() {
    let app = spawn_app().await;
    let id = enquiry_from_member_here(&app).await;

    let unknown = serde_json::json!({"name": "Overtime", "body": "Dear {{surname}}"});
    let refused = app.api(Some(Role::Officer), Method::POST, "/api/v1/reply-templates", Some(unknown)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("surname"), "{}", refused.body);
    let good =
        serde_json::json!({"name": "Overtime", "body": "Dear {{first_name}},\nAbout {{reference}}.\n{{rep_name}}"});
    let created = app.api(Some(Role::Officer), Method::POST, "/api/v1/reply-templates", Some(good.clone())).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let template = created.json()["id"].as_i64().unwrap();
    let again = app.api(Some(Role::Officer), Method::POST, "/api/v1/reply-templates", Some(good)).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "template names are unique: {}", again.body);

    let list = app.get_page(Some(Role::Caseworker), "/enquiries/templates").await;
    assert!(list.status == StatusCode::OK && list.body.contains("Overtime"), "{}", list.body);
    assert!(!list.body.contains("Add a template"), "caseworkers read templates but do not write them");
    let edit = app.get_page(Some(Role::Officer), &format!("/enquiries/templates/{template}")).await;
    assert!(edit.body.contains("Save changes") && edit.body.contains("About {{reference}}"), "{}", edit.body);
    let renamed = app
        .post_form(
            Role::Officer,
            &format!("/enquiries/templates/{template}"),
            &[("name", "Overtime, first answer"), ("body", "Dear {{first_name}},\nAbout {{reference}}.\n{{rep_name}}")],
        )
        .await;
    assert_eq!(renamed.status, StatusCode::SEE_OTHER, "{}", renamed.body);
    let blank = app.post_form(Role::Officer, "/enquiries/templates", &[("name", ""), ("body", "{{oops}}")]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body.contains("id=\"name-error\"") && blank.body.contains("id=\"body-error\""), "{}", blank.body);

    let page = app.get_page(Some(Role::Caseworker), &format!("/enquiries/{id}?template={template}")).await;
    assert_eq!(page.status, StatusCode::OK);
    let reference = format!("ENQ-{}-", Utc::now().format("%Y"));
    assert!(page.body.contains("Dear Hana,") && page.body.contains(&reference), "{}", page.body);
    assert!(page.body.contains("Test Caseworker"), "rep_name is the replier's name");
    let missing = app.get_page(Some(Role::Caseworker), &format!("/enquiries/{id}?template=999")).await;
    assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(missing.body.contains("id=\"template-error\""));

    let bad = post_reply_form(&app, Role::Caseworker, id, "Dear {{nickname}}", &[]).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("id=\"body-error\"") && bad.body.contains("nickname"), "{}", bad.body);
    let empty = post_reply_form(&app, Role::Caseworker, id, "   ", &[]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);

    let sent = post_reply_form(
        &app,
        Role::Caseworker,
        id,
        "Dear {{first_name}}, payroll will pay it.",
        &[("letter.pdf", b"%PDF-1.4 test")],
    )
    .await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);

    let detail = app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/enquiries/{id}"), None).await.json();
    assert_eq!(detail["enquiry"]["status"], "answered");
    let out = &detail["messages"][1];
    assert_eq!(
        (out["direction"].as_str(), out["body"].as_str()),
        (Some("out"), Some("Dear Hana, payroll will pay it."))
    );
    assert_eq!(out["attachments"], serde_json::json!(["letter.pdf"]));
    let page = app.get_page(Some(Role::Caseworker), &format!("/enquiries/{id}")).await;
    assert!(page.body.contains("Test Caseworker"), "the replier now holds the enquiry");

    let now = Utc::now();
    let queued = app.db().claim_outbox("test", now, now + Duration::minutes(5), 10).await.unwrap();
    let reply = queued.iter().map(|(_, mail)| mail).find(|mail| !mail.automatic).expect("the reply is queued");
    assert_eq!(reply.to, "hana.nearby1@example.org");
    assert!(reply.subject.starts_with("Re: [ENQ-"), "{}", reply.subject);
    assert_eq!(reply.in_reply_to.as_deref(), Some("w1@member.example"));
    assert!(reply.message_id.as_deref().is_some_and(|id| id.ends_with("@localhost")));
    assert_eq!(reply.attachments.len(), 1);
    assert_eq!(reply.attachments[0].bytes, b"%PDF-1.4 test");
    assert!(queued.iter().any(|(_, mail)| mail.automatic), "the acknowledgement is still automatic");
}

#[tokio::test]
async fn the_api_replies_with_base64_attachments_and_refuses_bad_ones() {
    let app = spawn_app().await;
    let id = enquiry_from_member_here(&app).await;
    let path = format!("/api/v1/enquiries/{id}/replies");
    let not_base64 = serde_json::json!({"body": "Hello", "attachments": [{"name": "a.txt", "content_base64": "***"}]});
    let reply = app.api(Some(Role::Staff), Method::POST, &path, Some(not_base64)).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", reply.body);
    let unknown_field = serde_json::json!({"body": "Hello", "cc": "someone@example.org"});
    let reply = app.api(Some(Role::Staff), Method::POST, &path, Some(unknown_field)).await;
    assert!(reply.status.is_client_error(), "{}", reply.body);
    let file = serde_json::json!({"name": "note.txt", "content_type": "text/plain", "content_base64": "aGVsbG8="});
    let good = serde_json::json!({"body": "Hello {{member_name}}", "attachments": [file]});
    let reply = app.api(Some(Role::Staff), Method::POST, &path, Some(good)).await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT, "{}", reply.body);
    let detail = app.api(Some(Role::Staff), Method::GET, &format!("/api/v1/enquiries/{id}"), None).await.json();
    assert_eq!(detail["messages"][1]["body"], "Hello Hana Nearby");

    let closed = app
        .api(
            Some(Role::Staff),
            Method::POST,
            &format!("/api/v1/enquiries/{id}/close"),
            Some(serde_json::json!({"outcome": "answered"})),
        )
        .await;
    assert!(closed.status.is_success(), "{}", closed.body);
    let late =
        app.api(Some(Role::Staff), Method::POST, &path, Some(serde_json::json!({"body": "One more thing"}))).await;
    assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY, "a closed enquiry is not answered: {}", late.body);
}

/// Two people must not answer the same member by accident: while a colleague holds the
/// enquiry a reply is refused (the typed text kept) and nothing is sent; only the holder
/// lets it go; then the reply goes and its writer holds the enquiry.
#[tokio::test]
async fn a_reply_to_an_enquiry_a_colleague_holds_is_not_sent() {
    let app = spawn_app().await;
    let id = enquiry_from_member_here(&app).await;
    assert_eq!(
        app.post_form(Role::Caseworker, &format!("/enquiries/{id}/take"), &[]).await.status,
        StatusCode::SEE_OTHER
    );

    let refused = post_reply_form(&app, Role::Staff, id, "Dear Hana, I will chase payroll.", &[]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.body.contains("Test Caseworker is working on this enquiry, so your reply was not sent"));
    assert!(refused.body.contains("Dear Hana, I will chase payroll."), "the typed text comes back");
    let api = app
        .api(
            Some(Role::Staff),
            Method::POST,
            &format!("/api/v1/enquiries/{id}/replies"),
            Some(serde_json::json!({"body": "Dear Hana"})),
        )
        .await;
    assert_eq!(api.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", api.body);
    let now = Utc::now();
    let queued = app.db().claim_outbox("test", now, now + Duration::minutes(5), 10).await.unwrap();
    assert!(queued.iter().all(|(_, mail)| mail.automatic), "only the acknowledgement is queued");

    let release = app.post_form(Role::Staff, &format!("/enquiries/{id}/release"), &[]).await;
    assert_eq!(release.status, StatusCode::CONFLICT, "a colleague's enquiry is theirs to let go");
    let release = app.post_form(Role::Caseworker, &format!("/enquiries/{id}/release"), &[]).await;
    assert_eq!(release.status, StatusCode::SEE_OTHER, "{}", release.body);
    let sent = post_reply_form(&app, Role::Staff, id, "Dear Hana, I will chase payroll.", &[]).await;
    assert_eq!(sent.status, StatusCode::SEE_OTHER, "{}", sent.body);
    let page = app.get_page(Some(Role::Caseworker), &format!("/enquiries/{id}")).await;
    assert!(page.body.contains("Test Office staff"), "the replier holds it now");
}
