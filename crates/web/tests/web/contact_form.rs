//! The public contact form: a visitor sends an enquiry without signing in; bots, bad input
//! and floods are turned away without anything being stored.

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{header, Request, StatusCode};
use chrono::{Duration, Utc};
use steward_app::enquiries::{form_secret, issue_form_token, FormSecret};
use steward_app::ports::{AuditLog, AuditQuery, EnquiryQuery, EnquiryStore, EnquirySummary, QueueFilter};
use steward_domain::organisation::Scope;

use crate::helpers::{spawn_app, Reply, TestApp};

/// A token for a form served `age_secs` ago by this app.
async fn token_aged(app: &TestApp, age_secs: i64) -> String {
    let secret = form_secret(app.db(), Utc::now()).await.unwrap();
    issue_form_token(&secret, Utc::now() - Duration::seconds(age_secs))
}

/// A form a person would send: every field filled in sensibly, the token a minute old.
async fn filled_in(app: &TestApp, email: &str) -> Vec<(&'static str, String)> {
    vec![
        ("name", "Hana Nearby".into()),
        ("email", email.into()),
        ("phone", "07700 900123".into()),
        ("membership_number", "".into()),
        ("workplace", "North School".into()),
        ("subject", "Holiday pay".into()),
        ("message", "My holiday pay was wrong in March.\r\nCan the union help?".into()),
        ("website", "".into()),
        ("form_token", token_aged(app, 60).await),
    ]
}

fn with(mut fields: Vec<(&'static str, String)>, name: &str, value: &str) -> Vec<(&'static str, String)> {
    for (field, old) in &mut fields {
        if *field == name {
            *old = value.to_owned();
        }
    }
    fields
}

/// Sends the contact form from a client at `ip`, as a browser on another machine would.
async fn send_contact(app: &TestApp, fields: &[(&'static str, String)], ip: &str) -> Reply {
    let body = serde_urlencoded::to_string(fields).unwrap();
    let mut request = Request::post("/contact")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let address: SocketAddr = format!("{ip}:50000").parse().unwrap();
    request.extensions_mut().insert(ConnectInfo(address));
    app.send(request).await
}

async fn enquiries(app: &TestApp) -> Vec<EnquirySummary> {
    let query = EnquiryQuery { scope: Scope::Union, filter: QueueFilter::AllOpen, limit: 100, offset: 0 };
    app.db().enquiry_queue(&query).await.unwrap()
}

#[tokio::test]
async fn the_form_is_public_linked_from_sign_in_and_says_how_details_are_used() {
    let app = spawn_app().await;
    let login = app.get_page(None, "/login").await;
    assert!(login.body.contains("href=\"/contact\"") && login.body.contains("Ask the union a question"));
    let page = app.get_page(None, "/contact").await;
    assert_eq!(page.status, StatusCode::OK);
    for field in ["name", "email", "phone", "membership_number", "workplace", "subject", "message"] {
        assert!(page.body.contains(&format!("id=\"{field}\"")), "{field}");
    }
    assert!(page.body.contains("name=\"form_token\" value=\"") && page.body.contains("class=\"contact-extra\""));
    assert!(page.body.contains("Privacy:"));
    assert!(!page.body.contains(" style="), "the CSP forbids inline styles");
}

#[tokio::test]
async fn a_member_sends_an_enquiry_and_gets_a_reference_an_answer_time_and_an_acknowledgement() {
    let app = spawn_app().await;
    // member_here's address and number, from the test fixtures.
    let fields = with(filled_in(&app, "Hana.Nearby1@example.org").await, "membership_number", "t000001");
    let reply = send_contact(&app, &fields, "198.51.100.7").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    assert!(reply.body.contains("will answer by"), "{}", reply.body);
    assert!(reply.body.contains("sending a confirmation"));

    let opened = enquiries(&app).await;
    assert_eq!(opened.len(), 1);
    let enquiry = &opened[0];
    assert!(reply.body.contains(&enquiry.reference.to_string()), "the thank-you page shows the reference");
    assert_eq!(enquiry.channel, "web");
    assert_eq!(enquiry.member, Some(app.member_here));
    assert_eq!(enquiry.sender_address.as_deref(), Some("hana.nearby1@example.org"));
    assert_eq!(enquiry.flagged, None);
    assert!(enquiry.first_response_due > Utc::now());

    let detail = app.db().enquiry(enquiry.id).await.unwrap().unwrap();
    let body = &detail.messages[0].body;
    assert!(body.contains("Phone: 07700 900123") && body.contains("Workplace or employer: North School"));
    assert!(body.contains("T000001 (agrees") && body.contains("Can the union help?"));
    assert_eq!(detail.queued_mail.len(), 1, "an acknowledgement waits in the outbox");
    let ack = &detail.queued_mail[0];
    assert_eq!(ack.to, "hana.nearby1@example.org");
    assert!(ack.subject.contains(&enquiry.reference.to_string()) && ack.body.contains("Someone will answer by"));

    let query = AuditQuery { actor_label: Some("web form".into()), limit: 10, ..AuditQuery::default() };
    let audit = app.db().audit_entries(&query).await.unwrap();
    let entry = &audit.entries.first().expect("the enquiry is audited").1;
    assert_eq!((entry.action.as_str(), entry.source.as_deref()), ("enquiry.open", Some("198.51.100.7")));
}

#[tokio::test]
async fn the_acknowledgement_repeats_nothing_the_visitor_typed() {
    let app = spawn_app().await;
    // Anyone can type anyone's address: whatever the visitor wrote must not reach it from us.
    let fields = filled_in(&app, "someone.else@example.org").await;
    let fields = with(fields, "subject", "Cheap watches at example.net");
    let fields = with(with(fields, "name", "Buy Now"), "workplace", "Visit example.net");
    let reply = send_contact(&app, &fields, "198.51.100.8").await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.body);
    let enquiry = enquiries(&app).await.pop().expect("the enquiry is kept");
    let detail = app.db().enquiry(enquiry.id).await.unwrap().unwrap();
    assert_eq!(detail.summary.subject, "Cheap watches at example.net", "staff still see what was typed");
    let ack = detail.queued_mail.first().expect("an acknowledgement waits in the outbox");
    assert!(ack.subject.contains(&enquiry.reference.to_string()), "{}", ack.subject);
    for typed in ["watches", "example.net", "Buy Now", "holiday", "March"] {
        let (subject, body) = (ack.subject.to_lowercase(), ack.body.to_lowercase());
        let typed = typed.to_lowercase();
        assert!(!subject.contains(&typed) && !body.contains(&typed), "{typed:?} echoed: {ack:?}");
    }
    assert!(ack.body.contains("Someone will answer by"), "{}", ack.body);
}

#[tokio::test]
async fn every_field_is_checked_beside_itself_and_nothing_is_stored_until_all_are_right() {
    let app = spawn_app().await;
    let good = filled_in(&app, "visitor@example.org").await;
    let bad = [
        ("name", "\u{7}Bell"),
        ("email", "not an address"),
        ("phone", "12"),
        ("membership_number", "no spaces!"),
        ("subject", "\u{0}"),
        ("message", "   "),
    ]
    .into_iter()
    .fold(good.clone(), |fields, (name, value)| with(fields, name, value));
    let bad = with(bad, "workplace", &"W".repeat(201));
    let reply = send_contact(&app, &bad, "198.51.100.8").await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    for field in ["name", "email", "phone", "membership_number", "workplace", "subject", "message"] {
        assert!(reply.body.contains(&format!("id=\"{field}-error\"")), "{field}: {}", reply.body);
        assert!(reply.body.contains(&format!("href=\"#{field}\"")), "{field} in the error summary");
    }
    assert!(reply.body.contains("value=\"not an address\""), "what was typed is kept");
    assert!(reply.body.contains(&good[8].1), "the form keeps its token, so the corrected form is not too fresh");

    for (field, value) in [("name", ""), ("email", ""), ("subject", ""), ("message", ""), ("subject", &"S".repeat(201))]
    {
        let reply = send_contact(&app, &with(good.clone(), field, value), "198.51.100.8").await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY, "{field}");
        assert!(reply.body.contains(&format!("id=\"{field}-error\"")), "{field}");
    }
    let long = with(good.clone(), "message", &"m".repeat(10_001));
    assert_eq!(send_contact(&app, &long, "198.51.100.8").await.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(enquiries(&app).await.is_empty(), "nothing is stored from a form with errors");

    let fixed = send_contact(&app, &good, "198.51.100.8").await;
    assert_eq!(fixed.status, StatusCode::OK, "forms with errors do not count towards the limit");
}

#[tokio::test]
async fn bots_get_a_calm_400_that_does_not_say_why_and_nothing_is_stored() {
    let app = spawn_app().await;
    let good = filled_in(&app, "visitor@example.org").await;
    let fresh = app.get_page(None, "/contact").await;
    let served_now = fresh.body.split("name=\"form_token\" value=\"").nth(1).unwrap().split('"').next().unwrap();
    let forged = issue_form_token(&FormSecret::new(b"a guess").unwrap(), Utc::now() - Duration::minutes(1));
    let cases = [
        // First, so it is sent well within 3 seconds of being served.
        ("token served this instant", with(good.clone(), "form_token", served_now)),
        ("token from the future", with(good.clone(), "form_token", &token_aged(&app, -60).await)),
        ("honeypot filled", with(good.clone(), "website", "https://spam.example")),
        ("token expired", with(good.clone(), "form_token", &token_aged(&app, 2 * 3600 + 10).await)),
        ("token forged", with(good.clone(), "form_token", &forged)),
        ("token missing", good.iter().filter(|(name, _)| *name != "form_token").cloned().collect()),
        ("token nonsense", with(good.clone(), "form_token", "12345.abc")),
    ];
    let mut bodies = Vec::new();
    for (what, fields) in cases {
        let reply = send_contact(&app, &fields, "198.51.100.9").await;
        assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{what}");
        assert!(reply.body.contains("Nothing was saved"), "{what}");
        bodies.push(reply.body);
    }
    assert!(bodies.windows(2).all(|pair| pair[0] == pair[1]), "every refusal reads the same");
    let garbled = Request::post("/contact")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(vec![0xff, 0xfe, b'=', 0xff]))
        .unwrap();
    assert_eq!(app.send(garbled).await.status, StatusCode::BAD_REQUEST);
    assert!(enquiries(&app).await.is_empty());
    let query = AuditQuery { actor_label: Some("web form".into()), limit: 10, ..AuditQuery::default() };
    assert!(app.db().audit_entries(&query).await.unwrap().entries.is_empty());
}

#[tokio::test]
async fn a_membership_number_alone_never_files_the_enquiry_under_that_member() {
    let app = spawn_app().await;
    let stranger = with(filled_in(&app, "someone.else@example.net").await, "membership_number", "T000001");
    let reply = send_contact(&app, &stranger, "198.51.100.10").await;
    assert_eq!(reply.status, StatusCode::OK);
    let member = with(filled_in(&app, "hana.nearby1@example.org").await, "membership_number", "T000002");
    let member_reply = send_contact(&app, &member, "198.51.100.11").await;
    let strip_reference = |body: &str| body.split("ENQ-").next().unwrap_or_default().to_owned();
    assert_eq!(strip_reference(&reply.body), strip_reference(&member_reply.body), "pages read the same");

    let mut opened = enquiries(&app).await;
    opened.sort_by_key(|e| e.id);
    assert_eq!(opened[0].member, None, "a number without the matching address matches no one");
    assert_eq!(opened[1].member, Some(app.member_here), "matched by the address");
    let detail = app.db().enquiry(opened[1].id).await.unwrap().unwrap();
    assert!(detail.messages[0].body.contains("T000002 (does NOT agree"), "staff are told the number disagrees");
}

#[tokio::test]
async fn a_link_heavy_message_is_kept_but_flagged_and_not_acknowledged() {
    let app = spawn_app().await;
    let links = (1..=6).map(|n| format!("https://shop{n}.example/deal")).collect::<Vec<_>>().join(" ");
    let fields = with(filled_in(&app, "visitor@example.org").await, "message", &links);
    let reply = send_contact(&app, &fields, "198.51.100.12").await;
    assert_eq!(reply.status, StatusCode::OK);
    let opened = enquiries(&app).await;
    assert_eq!(opened.len(), 1, "kept, not dropped");
    assert!(opened[0].flagged.as_deref().is_some_and(|flag| flag.contains("6 links")));
    let detail = app.db().enquiry(opened[0].id).await.unwrap().unwrap();
    assert!(detail.queued_mail.is_empty(), "possible spam is not mailed on");
    assert!(!reply.body.contains("sending a confirmation"), "nor promised a confirmation");

    let five = (1..=5).map(|n| format!("https://shop{n}.example/deal")).collect::<Vec<_>>().join(" ");
    let fields = with(filled_in(&app, "other@example.org").await, "message", &five);
    send_contact(&app, &fields, "198.51.100.12").await;
    assert_eq!(enquiries(&app).await.iter().filter(|e| e.flagged.is_some()).count(), 1, "five links are fine");
}

#[tokio::test]
async fn the_sixth_enquiry_in_an_hour_from_one_address_or_one_email_gets_429_with_retry_after() {
    let app = spawn_app().await;
    for n in 1..=5 {
        let reply = send_contact(&app, &filled_in(&app, &format!("person{n}@example.org")).await, "203.0.113.5").await;
        assert_eq!(reply.status, StatusCode::OK, "submission {n}");
    }
    let sixth = send_contact(&app, &filled_in(&app, "person6@example.org").await, "203.0.113.5").await;
    assert_eq!(sixth.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(sixth.headers[header::RETRY_AFTER], "3600");
    assert!(sixth.body.contains("Nothing was saved"));
    assert_eq!(enquiries(&app).await.len(), 5);
    let elsewhere = send_contact(&app, &filled_in(&app, "person6@example.org").await, "203.0.113.6").await;
    assert_eq!(elsewhere.status, StatusCode::OK, "another client is not held back");

    for n in 1..=4 {
        let ip = format!("192.0.2.{n}");
        let reply = send_contact(&app, &filled_in(&app, "Person6@example.org").await, &ip).await;
        assert_eq!(reply.status, StatusCode::OK, "submission {n} for the address");
    }
    let flood = send_contact(&app, &filled_in(&app, "person6@example.org").await, "192.0.2.99").await;
    assert_eq!(flood.status, StatusCode::TOO_MANY_REQUESTS, "one e-mail address, many clients");
    assert_eq!(enquiries(&app).await.len(), 10);
}
