//! Named queues: routing rules send new enquiries to a queue as well as to a person, the
//! enquiry list filters by queue on the page and over the API, and a queue a rule still
//! sends to cannot be removed.

use axum::body::Body;
use axum::http::{header, Method, Request, StatusCode};
use steward_app::ports::{AuditLog, AuditQuery};
use steward_domain::role::Role;

use crate::helpers::{spawn_app, TestApp};

async fn inbound(app: &TestApp, subject: &str, id: &str) -> i64 {
    let raw = format!(
        "From: hana.nearby1@example.org\r\nSubject: {subject}\r\nMessage-ID: <{id}@member.example>\r\n\r\nPlease help.\r\n"
    );
    let request = Request::post("/api/v1/enquiries/inbound")
        .header(header::AUTHORIZATION, format!("Bearer {}", app.users[&Role::Admin].token))
        .header(header::CONTENT_TYPE, "message/rfc822")
        .body(Body::from(raw))
        .unwrap();
    let reply = app.send(request).await;
    assert!(reply.status.is_success(), "{}", reply.body);
    reply.json()["enquiry_id"].as_i64().unwrap()
}

#[tokio::test]
async fn a_rule_sends_new_enquiries_to_a_named_queue_that_the_list_filters_by() {
    let app = spawn_app().await;
    let branch = app.org.branch.to_string();

    // A queue is named once, whatever the case; a blank name is refused.
    let added = app.post_form(Role::Officer, "/enquiries/queues", &[("name", "  Pay   and grading ")]).await;
    assert_eq!(added.status, StatusCode::SEE_OTHER, "{}", added.body);
    let again = app.post_form(Role::Officer, "/enquiries/queues", &[("name", "PAY AND GRADING")]).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.body.contains("id=\"name-error\"") && again.body.contains("already"), "{}", again.body);
    let blank = app
        .api(Some(Role::Officer), Method::POST, "/api/v1/enquiry-queues", Some(serde_json::json!({"name": " "})))
        .await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", blank.body);
    let queues = app.api(Some(Role::Staff), Method::GET, "/api/v1/enquiry-queues", None).await.json();
    assert_eq!(queues[0]["name"], "Pay and grading", "{queues}");
    let queue = queues[0]["id"].as_i64().unwrap();

    // A rule names a person or a queue, not both and not neither.
    let both =
        [("branch", branch.as_str()), ("keyword", "overtime"), ("assign_to", "1"), ("queue", &queue.to_string())];
    let refused = app.post_form(Role::Officer, "/enquiries/routing", &both).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.body.contains("id=\"queue-error\""), "{}", refused.body);
    let bad_queue = serde_json::json!({"branch_id": app.org.branch.0, "queue_id": 999_999});
    let refused = app.api(Some(Role::Officer), Method::POST, "/api/v1/routing-rules", Some(bad_queue)).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    assert!(refused.json()["errors"].get("queue_id").is_some(), "the wire's own field name: {}", refused.body);
    let to_queue = serde_json::json!({"branch_id": app.org.branch.0, "keyword": "overtime", "queue_id": queue});
    let created = app.api(Some(Role::Officer), Method::POST, "/api/v1/routing-rules", Some(to_queue)).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let rule = created.json()["id"].as_i64().unwrap();
    let page = app.get_page(Some(Role::Officer), "/enquiries/routing").await;
    assert!(page.body.contains("wait in the <strong>Pay and grading</strong> queue"), "{}", page.body);
    let rules = app.api(Some(Role::Officer), Method::GET, "/api/v1/routing-rules", None).await.json();
    assert_eq!((&rules[0]["queue_id"], &rules[0]["assign_to"]), (&serde_json::json!(queue), &serde_json::Value::Null));

    // Mail about overtime waits in the queue, held by nobody; other mail does not.
    let overtime = inbound(&app, "Unpaid overtime", "q1").await;
    let other = inbound(&app, "Rota change", "q2").await;
    let filtered = app.get_page(Some(Role::Staff), &format!("/enquiries?filter=queue-{queue}")).await;
    assert_eq!(filtered.status, StatusCode::OK);
    assert!(filtered.body.contains("Unpaid overtime") && !filtered.body.contains("Rota change"), "{}", filtered.body);
    assert!(
        filtered.body.contains("Queue: Pay and grading</a>") && filtered.body.contains("aria-current=\"page\">Queue:")
    );
    let all = app.get_page(Some(Role::Staff), "/enquiries").await;
    assert!(all.body.contains("<span class=\"status\">Queue: Pay and grading</span>"), "the badge shows in the list");
    let listed = app.api(Some(Role::Staff), Method::GET, &format!("/api/v1/enquiries?queue_id={queue}"), None).await;
    let ids: Vec<i64> = listed.json().as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [overtime], "{}", listed.body);
    assert_eq!(listed.json()[0]["queue_name"], "Pay and grading");
    let unassigned = app.api(Some(Role::Staff), Method::GET, "/api/v1/enquiries?filter=unassigned", None).await.json();
    let unassigned: Vec<i64> = unassigned.as_array().unwrap().iter().map(|e| e["id"].as_i64().unwrap()).collect();
    assert!(unassigned.contains(&overtime) && unassigned.contains(&other), "a queue does not hold it: {unassigned:?}");
    for path in [format!("/api/v1/enquiries?queue_id={queue}&filter=mine"), "/api/v1/enquiries?queue_id=0".to_owned()] {
        let reply = app.api(Some(Role::Staff), Method::GET, &path, None).await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}: {}", reply.body);
    }
    assert_eq!(
        app.get_page(Some(Role::Staff), "/enquiries?filter=queue-x").await.status,
        StatusCode::UNPROCESSABLE_ENTITY
    );
    let audit = app
        .db()
        .audit_entries(&AuditQuery {
            entity: Some("enquiry".into()),
            entity_id: Some(overtime.to_string()),
            limit: 20,
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    assert!(audit.entries.iter().any(|(_, e)| e.action == "enquiry.route" && e.detail.contains("Pay and grading")));

    // The queue stays while a rule sends to it; then it goes and its enquiries return to the list.
    let blocked = app.post_form(Role::Officer, &format!("/enquiries/queues/{queue}/delete"), &[]).await;
    assert_eq!(blocked.status, StatusCode::CONFLICT);
    assert!(blocked.body.contains("remove the rule first"), "{}", blocked.body);
    let removed = app.api(Some(Role::Officer), Method::DELETE, &format!("/api/v1/routing-rules/{rule}"), None).await;
    assert_eq!(removed.status, StatusCode::NO_CONTENT);
    let gone = app.api(Some(Role::Officer), Method::DELETE, &format!("/api/v1/enquiry-queues/{queue}"), None).await;
    assert_eq!(gone.status, StatusCode::NO_CONTENT, "{}", gone.body);
    let shown = app.api(Some(Role::Staff), Method::GET, &format!("/api/v1/enquiries/{overtime}"), None).await.json();
    assert!(shown.to_string().contains("Unpaid overtime"), "the enquiry is kept: {shown}");
    let again = app.api(Some(Role::Officer), Method::DELETE, &format!("/api/v1/enquiry-queues/{queue}"), None).await;
    assert_eq!(again.status, StatusCode::NOT_FOUND);
    let by_rep = app.post_form(Role::Rep, "/enquiries/queues", &[("name", "Reps' own")]).await;
    assert_eq!(by_rep.status, StatusCode::FORBIDDEN);
}
