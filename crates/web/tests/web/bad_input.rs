//! Every API route that takes a body gets malformed JSON, the wrong content type, an oversize
//! body, wrong types, unknown fields and missing fields: each answers a specific 4xx
//! problem+json and writes nothing.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use serde_json::json;
use steward_domain::role::Role;
use steward_web::route_table;

use crate::helpers::{spawn_app, Reply, TestApp};

async fn raw(app: &TestApp, method: &Method, path: &str, content_type: &str, body: Vec<u8>) -> Reply {
    raw_as(app, Role::Admin, method, path, content_type, body).await
}

async fn raw_as(app: &TestApp, role: Role, method: &Method, path: &str, content_type: &str, body: Vec<u8>) -> Reply {
    let request = Request::builder()
        .method(method.clone())
        .uri(path)
        .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&role].token))
        .header(header::CONTENT_TYPE, content_type)
        .body(Body::from(body))
        .unwrap();
    app.send(request).await
}

fn assert_problem(reply: &Reply, status: StatusCode, what: &str) {
    assert_eq!(reply.status, status, "{what}: {}", reply.body);
    let content_type = reply.headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    assert_eq!(content_type, "application/problem+json", "{what}");
    let problem = reply.json();
    assert!(problem["code"].as_str().is_some_and(|c| !c.is_empty()), "{what}: no code in {problem}");
    assert!(problem["detail"].as_str().is_some_and(|d| !d.is_empty()), "{what}: no detail");
}

/// API routes that change something without a body: whatever body comes is not read.
const BODILESS_POSTS: [&str; 4] = [
    "/api/v1/cases/{id}/deadlines/{deadline_id}/done",
    "/api/v1/me/calendar-feed",
    "/api/v1/time-off/{id}/submit",
    "/api/v1/time-off/{id}/withdraw",
];

#[tokio::test]
async fn every_api_body_route_rejects_bad_bodies_with_problem_json() {
    let app = spawn_app().await;
    let audit_before = app.api(Some(Role::Admin), Method::GET, "/api/v1/audit?limit=1", None).await.json();
    // Raw mail intake takes message/rfc822, not JSON: it has its own test below. DELETE
    // routes take no body, and nor do these (case_schedule_api.rs posts to them).
    let body_routes: Vec<_> = route_table()
        .into_iter()
        .filter(|r| {
            r.path.starts_with("/api/")
                && r.method != Method::GET
                && r.method != Method::DELETE
                && r.path != "/api/v1/enquiries/inbound"
                // Documents are multipart uploads: case_documents.rs and time_off.rs send them
                // bad bodies.
                && r.path != "/api/v1/cases/{id}/documents"
                && r.path != "/api/v1/time-off/{id}/syllabus"
                && !BODILESS_POSTS.contains(&r.path)
        })
        .collect();
    assert!(body_routes.len() >= 7);
    for route in &body_routes {
        let id = if route.path.starts_with("/api/v1/members") { app.member_here.to_string() } else { "1".to_owned() };
        let path = route.path.replace("{id}", &id).replace("{rule}", "appeal_window").replace("{user_id}", "1");
        let path = path.replace("{meeting_id}", "1").replace("{referral_id}", "1").replace("{branch_id}", "1");
        let what = format!("{} {}", route.method, route.path);
        // Only regional officers decide referrals: an administrator is refused at the gate.
        let role = if route.path.ends_with("/decision") { Role::Officer } else { Role::Admin };
        let json = "application/json";
        assert_problem(
            &raw_as(&app, role, &route.method, &path, json, b"{,".to_vec()).await,
            StatusCode::BAD_REQUEST,
            &what,
        );
        assert_problem(
            &raw_as(&app, role, &route.method, &path, json, b"nul".to_vec()).await,
            StatusCode::BAD_REQUEST,
            &what,
        );
        assert_problem(
            &raw_as(&app, role, &route.method, &path, "text/plain", b"{}".to_vec()).await,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            &what,
        );
        // Replies carry attachments, so their limit is higher than every other route's.
        let limit = if route.path.ends_with("/replies") { steward_web::REPLY_BODY_LIMIT } else { 256 * 1024 };
        let huge = format!("{{\"name\": \"{}\"}}", "x".repeat(limit + 1024)).into_bytes();
        assert_problem(
            &raw_as(&app, role, &route.method, &path, json, huge).await,
            StatusCode::PAYLOAD_TOO_LARGE,
            &what,
        );
        assert_problem(
            &raw_as(&app, role, &route.method, &path, json, b"{}".to_vec()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            &what,
        );
        assert_problem(
            &raw_as(&app, role, &route.method, &path, json, b"42".to_vec()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            &what,
        );
        let wrong_types = json!({"name": 5, "region_id": "one", "membership_number": [], "workplace_id": "x", "email": 1, "password": false});
        assert_problem(
            &raw_as(&app, role, &route.method, &path, json, wrong_types.to_string().into_bytes()).await,
            StatusCode::UNPROCESSABLE_ENTITY,
            &what,
        );
    }
    let audit_after = app.api(Some(Role::Admin), Method::GET, "/api/v1/audit?limit=1", None).await.json();
    assert_eq!(
        audit_before["entries"][0]["id"], audit_after["entries"][0]["id"],
        "a rejected request must write nothing, not even an audit entry"
    );
}

#[tokio::test]
async fn unknown_fields_and_invalid_values_are_named() {
    let app = spawn_app().await;
    let member = json!({
        "membership_number": "A", "first_name": "Ann", "last_name": "Example", "workplace_id": app.org.workplace.0,
        "joined_on": "2020-02-30", "email": "ann@", "colour": "blue"
    });
    let reply = app.api(Some(Role::Admin), Method::POST, "/api/v1/members", Some(member.clone())).await;
    assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "unknown field");
    assert!(reply.json()["detail"].as_str().unwrap().contains("colour"));

    let mut member = member;
    member.as_object_mut().unwrap().remove("colour");
    let reply = app.api(Some(Role::Admin), Method::POST, "/api/v1/members", Some(member)).await;
    assert_problem(&reply, StatusCode::UNPROCESSABLE_ENTITY, "invalid values");
    let problem = reply.json();
    assert_eq!(problem["code"], "validation_failed");
    for field in ["membership_number", "joined_on", "email"] {
        assert!(problem["errors"][field].is_string(), "no error for {field}: {problem}");
    }
}

#[tokio::test]
async fn bad_query_parameters_and_ids_are_client_errors() {
    let app = spawn_app().await;
    for path in [
        "/api/v1/members?page=zero",
        "/api/v1/members?page=0",
        "/api/v1/members?per_page=100000",
        "/api/v1/members?status=asleep",
        "/api/v1/members?workplace_id=x",
        "/api/v1/members?surprise=1",
        "/api/v1/audit?limit=0",
        "/api/v1/audit?before_id=abc",
        "/api/v1/enquiries?filter=",
        "/api/v1/cases?status=",
        "/api/v1/cases?status=asleep",
        "/api/v1/cases?case_type=divorce",
        "/api/v1/cases?page=0",
        "/api/v1/cases?mine=perhaps",
        "/api/v1/cases?surprise=1",
        "/api/v1/cases/1?kind=gossip",
        "/api/v1/cases/1?surprise=1",
        "/api/v1/cases/1/deadlines?surprise=1",
        "/api/v1/cases/1/meetings?surprise=1",
        "/api/v1/me/due?surprise=1",
    ] {
        let reply = app.api(Some(Role::Admin), Method::GET, path, None).await;
        assert!(reply.status.is_client_error(), "{path}: {}", reply.status);
        assert_eq!(reply.headers[header::CONTENT_TYPE], "application/problem+json", "{path}");
    }
    for path in [
        "/api/v1/members/abc",
        "/api/v1/members/-1",
        "/api/v1/members/99999999999999999999",
        "/api/v1/nothing",
        "/api/v1/cases/abc",
        "/api/v1/cases/0",
        "/api/v1/cases/99999999999999999999",
        "/api/v1/cases/abc/deadlines",
        "/api/v1/cases/0/meetings",
    ] {
        let reply = app.api(Some(Role::Admin), Method::GET, path, None).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{path}");
    }
    let reply = app.api(Some(Role::Admin), Method::DELETE, "/api/v1/members", None).await;
    assert_eq!(reply.status, StatusCode::METHOD_NOT_ALLOWED);
    let page = app.get_page(Some(Role::Admin), "/members?page=abc&status=asleep").await;
    assert_eq!(page.status, StatusCode::OK, "a page with bad filters still answers, naming them");
    assert!(page.body.contains("Some filters were ignored"));
}

#[tokio::test]
async fn raw_mail_intake_keeps_hostile_messages_and_refuses_other_content() {
    let app = spawn_app().await;
    let path = "/api/v1/enquiries/inbound";
    let json = raw(&app, &Method::POST, path, "application/json", b"{}".to_vec()).await;
    assert_problem(&json, StatusCode::UNSUPPORTED_MEDIA_TYPE, "json to the mail route");
    let empty = raw(&app, &Method::POST, path, "message/rfc822", Vec::new()).await;
    assert_problem(&empty, StatusCode::UNPROCESSABLE_ENTITY, "empty message");
    let huge = raw(&app, &Method::POST, path, "message/rfc822", vec![b'a'; 26 * 1024 * 1024]).await;
    assert_problem(&huge, StatusCode::PAYLOAD_TOO_LARGE, "over 25 MiB");
    let garbage = raw(&app, &Method::POST, path, "message/rfc822", b"\x00\xff\xfe not mail \x00".to_vec()).await;
    assert_eq!(garbage.status, StatusCode::CREATED, "hostile mail is kept, not refused: {}", garbage.body);
    let opened = garbage.json();
    assert_eq!((opened["outcome"].as_str(), opened["acknowledged"].as_bool()), (Some("opened"), Some(false)));
    let id = opened["enquiry_id"].as_i64().unwrap();
    let detail = app.api(Some(Role::Admin), Method::GET, &format!("/api/v1/enquiries/{id}"), None).await.json();
    assert!(detail["enquiry"]["flagged"].is_string(), "{detail}");
    let rep = app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/enquiries/{id}"), None).await;
    assert_eq!(rep.status, StatusCode::NOT_FOUND, "mail from nobody known is for union-wide staff only");
}
