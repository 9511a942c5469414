//! The enquiry list's filters each show what they name (mine, unassigned, due soon, overdue),
//! the work on an enquiry is in its audit trail, and mail threaded in from another address
//! is kept but flagged.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use chrono::{Duration, Utc};
use steward_app::enquiries::{receive_email, IntakeSettings, Received};
use steward_app::ports::{AuditLog, AuditQuery};
use steward_domain::role::Role;
use steward_mail::parse_email;

use crate::helpers::{spawn_app, TestApp};

/// An e-mail enquiry from member_here, taken in at `at`.
async fn enquiry_at(app: &TestApp, subject: &str, id: &str, at: chrono::DateTime<Utc>) -> i64 {
    let raw = format!(
        "From: hana.nearby1@example.org\r\nSubject: {subject}\r\nMessage-ID: <{id}@member.example>\r\n\r\nPlease help.\r\n"
    );
    let settings = IntakeSettings::standard("help@union.example");
    match receive_email(app.db(), parse_email(raw.as_bytes()), &settings, at).await.unwrap() {
        Received::Opened { id, .. } => id.0,
        other => panic!("{other:?}"),
    }
}

fn listed(page: &str, subjects: &[&str]) -> Vec<bool> {
    subjects.iter().map(|subject| page.contains(subject)).collect()
}

#[tokio::test]
async fn each_filter_shows_what_it_names() {
    let app = spawn_app().await;
    let now = Utc::now();
    // Eight business hours is at least a working day: a week ago is overdue; now is not due soon.
    let late = enquiry_at(&app, "Late one", "f1", now - Duration::days(7)).await;
    let fresh = enquiry_at(&app, "Fresh one", "f2", now).await;
    let taken = app.post_form(Role::Caseworker, &format!("/enquiries/{fresh}/take"), &[]).await;
    assert_eq!(taken.status, StatusCode::SEE_OTHER);
    let subjects = ["Late one", "Fresh one"];
    for (filter, expected) in [
        ("open", [true, true]),
        ("mine", [false, true]),
        ("unassigned", [true, false]),
        ("due-soon", [true, false]),
        ("overdue", [true, false]),
    ] {
        let page = app.get_page(Some(Role::Caseworker), &format!("/enquiries?filter={filter}")).await;
        assert_eq!(page.status, StatusCode::OK, "{filter}");
        assert_eq!(listed(&page.body, &subjects), expected, "{filter}: {}", page.body);
        let api =
            app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/enquiries?filter={filter}"), None).await;
        let ids: Vec<i64> = api.json().as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
        assert_eq!([ids.contains(&late), ids.contains(&fresh)], expected, "{filter} over the API");
    }
    let page = app.get_page(Some(Role::Caseworker), "/enquiries?filter=overdue").await;
    assert!(page.body.contains("<strong>Overdue:</strong>"), "an overdue one says so in words");

    // Viewing, taking, noting and closing are each in the enquiry's audit trail, by whom.
    app.get_page(Some(Role::Caseworker), &format!("/enquiries/{fresh}")).await;
    let noted = app.post_form(Role::Caseworker, &format!("/enquiries/{fresh}/notes"), &[("note", "Rang her")]).await;
    assert_eq!(noted.status, StatusCode::SEE_OTHER);
    let closed =
        app.post_form(Role::Caseworker, &format!("/enquiries/{fresh}/close"), &[("outcome", "answered")]).await;
    assert_eq!(closed.status, StatusCode::SEE_OTHER);
    let query = AuditQuery {
        entity: Some("enquiry".into()),
        entity_id: Some(fresh.to_string()),
        limit: 50,
        ..AuditQuery::default()
    };
    let entries = app.db().audit_entries(&query).await.unwrap().entries;
    for action in ["enquiry.view", "enquiry.take", "enquiry.note", "enquiry.close"] {
        assert!(
            entries.iter().any(|(_, e)| e.action == action && e.actor_label == "caseworker@example.org"),
            "{action}: {:?}",
            entries.iter().map(|(_, e)| e.action.as_str()).collect::<Vec<_>>()
        );
    }
}

#[tokio::test]
async fn mail_threaded_in_from_another_address_is_kept_but_flagged() {
    let app = spawn_app().await;
    let id = enquiry_at(&app, "Rota changed", "t1", Utc::now()).await;
    let detail = app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/enquiries/{id}"), None).await.json();
    let reference = detail["enquiry"]["reference"].as_str().unwrap().to_owned();
    let send = |from: &str, message_id: &str| {
        let raw = format!(
            "From: {from}\r\nSubject: Re: [{reference}] Rota changed\r\nMessage-ID: <{message_id}@example.org>\r\n\r\nMore.\r\n"
        );
        Request::post("/api/v1/enquiries/inbound")
            .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&Role::Admin].token))
            .header(header::CONTENT_TYPE, "message/rfc822")
            .body(Body::from(raw))
            .unwrap()
    };
    let own = app.send(send("Hana Nearby <HANA.NEARBY1@example.org>", "t2")).await;
    assert_eq!(own.json()["outcome"], "replied", "{}", own.body);
    let shown = app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/enquiries/{id}"), None).await.json();
    assert!(shown["enquiry"]["flagged"].is_null(), "the member's own reply is not flagged: {shown}");
    let stranger = app.send(send("someone.else@example.net", "t3")).await;
    assert_eq!(
        (stranger.json()["outcome"].as_str(), stranger.json()["enquiry_id"].as_i64()),
        (Some("replied"), Some(id))
    );
    let shown = app.api(Some(Role::Caseworker), Method::GET, &format!("/api/v1/enquiries/{id}"), None).await.json();
    assert!(
        shown["enquiry"]["flagged"].as_str().is_some_and(|why| why.contains("someone.else@example.net")),
        "kept, and flagged for a person to check: {shown}"
    );
    assert_eq!(shown["messages"].as_array().unwrap().len(), 3);
}
