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

#[tokio::test]
async fn a_phone_call_is_logged_taken_by_one_person_and_closed_with_an_outcome() {
    let app = spawn_app().await;
    let bad = app
        .post_form(Role::Staff, "/enquiries/phone", &[("membership_number", "T000002"), ("subject", ""), ("notes", "")])
        .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["membership_number", "subject", "notes"] {
        assert!(
            bad.body.contains(&format!("id=\"{field}-error\"")),
            "{field}: member T000002 is outside staff's branch"
        );
    }
    let logged = app
        .post_form(
            Role::Staff,
            "/enquiries/phone",
            &[
                ("membership_number", "T000001"),
                ("subject", "Grievance advice"),
                ("notes", "Wants to raise a grievance about bullying."),
            ],
        )
        .await;
    assert_eq!(logged.status, StatusCode::SEE_OTHER, "{}", logged.body);
    let path = logged.headers[header::LOCATION].to_str().unwrap().to_owned();
    let id = path.trim_start_matches("/enquiries/").to_owned();
    let page = app.get_page(Some(Role::Staff), &path).await;
    assert!(page.body.contains("Hana Nearby") && page.body.contains("nobody yet"));

    assert_eq!(app.post_form(Role::Staff, &format!("/enquiries/{id}/take"), &[]).await.status, StatusCode::SEE_OTHER);
    let taken = app
        .api(
            Some(Role::Caseworker),
            Method::PUT,
            &format!("/api/v1/enquiries/{id}/assignee"),
            Some(serde_json::json!({"take": true})),
        )
        .await;
    assert_eq!(taken.status, StatusCode::CONFLICT, "a colleague already answers it");
    assert!(taken.json()["detail"].as_str().unwrap().contains("Test Office staff"));
    let over = app
        .api(
            Some(Role::Caseworker),
            Method::PUT,
            &format!("/api/v1/enquiries/{id}/assignee"),
            Some(serde_json::json!({"take": true, "take_over": true})),
        )
        .await;
    assert_eq!(over.status, StatusCode::NO_CONTENT);
    let mine = app.get_page(Some(Role::Caseworker), "/enquiries?filter=mine").await;
    assert!(mine.body.contains("Grievance advice"));

    let wrong = app
        .api(
            Some(Role::Caseworker),
            Method::POST,
            &format!("/api/v1/enquiries/{id}/close"),
            Some(serde_json::json!({"outcome": "vanished"})),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        app.post_form(Role::Caseworker, &format!("/enquiries/{id}/close"), &[("outcome", "answered")]).await.status,
        StatusCode::SEE_OTHER
    );
    let open = app.get_page(Some(Role::Caseworker), "/enquiries").await;
    assert!(!open.body.contains("Grievance advice"), "closed enquiries leave the queue");
    let again = app
        .api(
            Some(Role::Caseworker),
            Method::POST,
            &format!("/api/v1/enquiries/{id}/close"),
            Some(serde_json::json!({"outcome": "answered"})),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY, "already closed");
}

#[tokio::test]
async fn colleagues_are_suggested_by_load_and_an_enquiry_can_be_passed_on() {
    let app = spawn_app().await;
    let first = post_mail(
        &app,
        "From: hana.nearby1@example.org\r\nSubject: First\r\nMessage-ID: <s1@example.org>\r\n\r\nOne.\r\n",
    )
    .await;
    let second = post_mail(
        &app,
        "From: hana.nearby1@example.org\r\nSubject: Second\r\nMessage-ID: <s2@example.org>\r\n\r\nTwo.\r\n",
    )
    .await;
    let (first, second) = (first["enquiry_id"].as_i64().unwrap(), second["enquiry_id"].as_i64().unwrap());
    let taken = app.post_form(Role::Caseworker, &format!("/enquiries/{first}/take"), &[]).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER);

    let path = format!("/api/v1/enquiries/{second}/suggested-assignees");
    let suggestions = app.api(Some(Role::Staff), Method::GET, &path, None).await.json();
    let names: Vec<&str> = suggestions.as_array().unwrap().iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names.last(), Some(&"Test Caseworker"), "the caseworker holds one open enquiry: {names:?}");
    assert!(
        !names.contains(&"Test Workplace rep") && !names.contains(&"Test Lawyer"),
        "only people who may answer: {names:?}"
    );
    let staff =
        suggestions.as_array().unwrap().iter().find(|s| s["name"] == "Test Office staff").unwrap()["user_id"].clone();

    let nobody = app
        .api(
            Some(Role::Caseworker),
            Method::POST,
            &format!("/api/v1/enquiries/{second}/assign"),
            Some(serde_json::json!({"user_id": 999_999})),
        )
        .await;
    assert_eq!(nobody.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", nobody.body);
    let passed = app
        .post_form(Role::Caseworker, &format!("/enquiries/{second}/assign"), &[("assign_to", &staff.to_string())])
        .await;
    assert_eq!(passed.status, StatusCode::SEE_OTHER, "{}", passed.body);
    let mine = app.get_page(Some(Role::Staff), "/enquiries?filter=mine").await;
    assert!(mine.body.contains("Second") && !mine.body.contains("First"), "{}", mine.body);
}

#[tokio::test]
async fn the_queue_is_paged_soonest_due_first() {
    let app = spawn_app().await;
    for n in 0..55 {
        let raw = format!("From: someone{n}@example.net\r\nSubject: Question {n:02}\r\nMessage-ID: <q{n}@example.net>\r\n\r\nHello.\r\n");
        post_mail(&app, &raw).await;
    }
    let first = app.get_page(Some(Role::Admin), "/enquiries").await;
    assert_eq!(first.body.matches("<tr").count() - 1, 50, "a header row and 50 enquiries");
    assert!(first.body.contains("Question 00") && !first.body.contains("Question 54"), "oldest (soonest due) first");
    assert!(first.body.contains("rel=\"next\"") && !first.body.contains("rel=\"prev\""));
    let second = app.get_page(Some(Role::Admin), "/enquiries?filter=open&page=2").await;
    assert!(
        second.body.contains("Question 54")
            && second.body.contains("rel=\"prev\"")
            && !second.body.contains("rel=\"next\"")
    );
    for bad in ["/enquiries?page=0", "/enquiries?page=x"] {
        assert_eq!(app.get_page(Some(Role::Admin), bad).await.status, StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }
    let api = app.api(Some(Role::Admin), Method::GET, "/api/v1/enquiries?per_page=10&page=6", None).await.json();
    assert_eq!(api.as_array().unwrap().len(), 5);
    let bad = app.api(Some(Role::Admin), Method::GET, "/api/v1/enquiries?per_page=0", None).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
}
