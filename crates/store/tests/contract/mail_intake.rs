//! Intake against hostile and automatic mail on both backends: a Message-ID longer than
//! PostgreSQL's unique index holds, a different message reusing a known Message-ID, automatic
//! answers to our acknowledgement, and escalation when a member writes again after an answer.

use chrono::{DateTime, Duration, Utc};
use steward_app::enquiries::{
    escalate_overdue, receive_email, reply_to_enquiry, IntakeSettings, Received, ReplyDraft, MAX_MESSAGE_ID_BYTES,
};
use steward_app::ports::{EnquiryId, EnquiryStore};
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_mail::parse_email;
use steward_store::Db;
use steward_test_support::{backends, user_context};

const OWN: &str = "help@union.example";

/// A Wednesday morning in November (UK time is UTC).
fn wednesday() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z").unwrap().with_timezone(&Utc)
}

fn mail(headers: &str, body: &str) -> Vec<u8> {
    format!("{headers}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n{body}\r\n").into_bytes()
}

async fn receive(db: &Db, raw: &[u8], at: DateTime<Utc>) -> Received {
    receive_email(db, parse_email(raw), &IntakeSettings::standard(OWN), at).await.unwrap()
}

async fn opened(db: &Db, raw: &[u8], at: DateTime<Utc>) -> EnquiryId {
    match receive(db, raw, at).await {
        Received::Opened { id, .. } => id,
        other => panic!("not opened: {other:?}"),
    }
}

/// Text PostgreSQL cannot compress below its index limit (a run of one letter would fit).
fn incompressible(len: usize) -> String {
    const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            char::from(LETTERS[(state % 62) as usize])
        })
        .collect()
}

#[tokio::test]
async fn an_over_long_message_id_is_stored_flagged_and_still_threads() {
    for test in backends().await {
        let long = format!("{}@example.org", incompressible(4 * 1024));
        let raw = mail(&format!("From: ada@example.org\r\nSubject: Pay\r\nMessage-ID: <{long}>"), "My pay is short.");
        let id = opened(&test.db, &raw, wednesday()).await;
        let detail = test.db.enquiry(id).await.unwrap().unwrap();
        let flag = detail.summary.flagged.clone().unwrap_or_default();
        assert!(flag.contains("Message-ID"), "{}: {flag:?}", test.name);
        let stored = detail.messages[0].message_id.clone().unwrap();
        assert!(stored.len() <= MAX_MESSAGE_ID_BYTES, "{}", test.name);
        assert_eq!(detail.messages[0].body, "My pay is short.", "{}: kept, not dropped", test.name);

        assert_eq!(receive(&test.db, &raw, wednesday()).await, Received::Duplicate, "{}: a retry", test.name);
        let reply = mail(
            &format!(
                "From: ada@example.org\r\nSubject: Re: Pay\r\nMessage-ID: <r1@example.org>\r\nIn-Reply-To: <{long}>"
            ),
            "More",
        );
        assert_eq!(receive(&test.db, &reply, wednesday()).await, Received::Replied { id }, "{}", test.name);
    }
}

#[tokio::test]
async fn a_different_message_reusing_a_message_id_is_kept_and_flagged() {
    for test in backends().await {
        let first =
            mail("From: ada@example.org\r\nSubject: Rota\r\nMessage-ID: <same@example.org>", "My rota changed.");
        let other = mail("From: bob@example.org\r\nSubject: Pay\r\nMessage-ID: <same@example.org>", "My pay is short.");
        let first_id = opened(&test.db, &first, wednesday()).await;
        let other_id = opened(&test.db, &other, wednesday()).await;
        assert_ne!(first_id, other_id, "{}", test.name);
        let detail = test.db.enquiry(other_id).await.unwrap().unwrap();
        assert_eq!(detail.messages[0].body, "My pay is short.", "{}", test.name);
        let flag = detail.summary.flagged.clone().unwrap_or_default();
        assert!(flag.contains("reuses the Message-ID"), "{}: {flag:?}", test.name);
        assert_eq!(test.db.enquiry(first_id).await.unwrap().unwrap().summary.flagged, None, "{}", test.name);

        for raw in [&first, &other] {
            assert_eq!(receive(&test.db, raw, wednesday()).await, Received::Duplicate, "{}: re-import", test.name);
        }
    }
}

#[tokio::test]
async fn automatic_answers_are_threaded_but_reopen_nothing() {
    for test in backends().await {
        let db = &test.db;
        let mut officer = user_context(db, Role::Officer, Scope::Union, "officer@example.org").await;

        let id = opened(
            db,
            &mail("From: ada@example.org\r\nSubject: Rota\r\nMessage-ID: <a1@example.org>", "Help"),
            wednesday(),
        )
        .await;
        let reference = db.enquiry(id).await.unwrap().unwrap().summary.reference;
        officer.now = wednesday() + Duration::hours(1);
        let answer = ReplyDraft { body: "Sorted.".into(), attachments: Vec::new() };
        reply_to_enquiry(db, &officer, id, &answer, OWN).await.unwrap();
        let answered = db.enquiry(id).await.unwrap().unwrap().summary;
        assert_eq!(answered.status, "answered", "{}", test.name);

        let subject = format!("Subject: Automatic reply: [{reference}] Rota");
        let text = "I am away.".to_owned();
        let report = "--b\r\nContent-Type: text/plain\r\n\r\nI am away.\r\n--b\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.org\r\n--b--";
        let automatic = [
            (format!("From: ada@example.org\r\n{subject}\r\nAuto-Submitted: auto-replied"), text.clone()),
            (format!("From: MAILER-DAEMON@mx.example.org\r\n{subject}"), text.clone()),
            (
                format!("From: relay@mx.example.org\r\n{subject}\r\nMIME-Version: 1.0\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=\"b\""),
                report.to_owned(),
            ),
            (format!("From: ada@example.org\r\n{subject}\r\nList-Id: <staff.example.org>"), text.clone()),
            (format!("From: ada@example.org\r\n{subject}\r\nPrecedence: bulk"), text),
        ];
        let later = wednesday() + Duration::hours(2);
        for (n, (headers, body)) in automatic.iter().enumerate() {
            let raw = format!("{headers}\r\nMessage-ID: <auto-{n}@example.org>\r\n\r\n{body}\r\n");
            assert_eq!(receive(db, raw.as_bytes(), later).await, Received::Replied { id }, "{}: {headers}", test.name);
            let now = db.enquiry(id).await.unwrap().unwrap().summary;
            assert_eq!(now.status, "answered", "{}: {headers}", test.name);
            assert_eq!(now.next_response_due, answered.next_response_due, "{}: {headers}", test.name);
        }
        let detail = db.enquiry(id).await.unwrap().unwrap();
        assert_eq!(detail.messages.iter().filter(|m| m.body == "I am away.").count(), 5, "{}: all kept", test.name);
        assert_eq!(escalate_overdue(db, later + Duration::days(14)).await.unwrap(), 0, "{}", test.name);

        let person =
            format!("From: ada@example.org\r\nSubject: Re: [{reference}] Rota\r\nMessage-ID: <a2@example.org>");
        assert_eq!(receive(db, &mail(&person, "Still broken"), later).await, Received::Replied { id }, "{}", test.name);
        assert_eq!(db.enquiry(id).await.unwrap().unwrap().summary.status, "open", "{}: a person reopens it", test.name);
    }
}

#[tokio::test]
async fn a_new_target_after_an_answer_can_be_escalated_again() {
    for test in backends().await {
        let db = &test.db;
        let mut officer = user_context(db, Role::Officer, Scope::Union, "officer@example.org").await;
        let start = wednesday();
        let id =
            opened(db, &mail("From: ada@example.org\r\nSubject: Rota\r\nMessage-ID: <e1@example.org>", "Help"), start)
                .await;
        let week_later = start + Duration::days(7);
        assert_eq!(escalate_overdue(db, week_later).await.unwrap(), 1, "{}: the first target missed", test.name);
        assert_eq!(escalate_overdue(db, week_later).await.unwrap(), 0, "{}: once per target", test.name);

        officer.now = week_later;
        let answer = ReplyDraft { body: "Sorted.".into(), attachments: Vec::new() };
        reply_to_enquiry(db, &officer, id, &answer, OWN).await.unwrap();
        let reference = db.enquiry(id).await.unwrap().unwrap().summary.reference;
        let again = mail(
            &format!("From: ada@example.org\r\nSubject: Re: [{reference}] Rota\r\nMessage-ID: <e2@example.org>"),
            "Not sorted",
        );
        assert_eq!(receive(db, &again, week_later).await, Received::Replied { id }, "{}", test.name);
        let summary = db.enquiry(id).await.unwrap().unwrap().summary;
        assert_eq!(summary.escalated_at, None, "{}: the new target is not escalated yet", test.name);
        assert_eq!(escalate_overdue(db, week_later + Duration::minutes(30)).await.unwrap(), 0, "{}", test.name);

        let second_week = week_later + Duration::days(7);
        assert_eq!(escalate_overdue(db, second_week).await.unwrap(), 1, "{}: the new target missed", test.name);
        assert_eq!(escalate_overdue(db, second_week).await.unwrap(), 0, "{}: once per target", test.name);
        let notes = db.enquiry(id).await.unwrap().unwrap().messages.iter().filter(|m| m.direction == "note").count();
        assert_eq!(notes, 2, "{}: one note per missed target", test.name);
    }
}
