//! Who holds an enquiry, on both backends: taking, passing on and letting go are guarded by
//! the holder that was read (a NULL holder included), so two people taking it at once cannot
//! both succeed, and a reply is recorded only while nobody else holds the enquiry.

use chrono::Utc;
use steward_app::enquiries::{receive_email, IntakeSettings, Received};
use steward_app::ports::{EnquiryStore, NewEnquiryMessage, OutboxMail, StoreError};
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_mail::parse_email;
use steward_test_support::{backends, seed_org, user_context};

#[tokio::test]
async fn taking_passing_and_replying_are_guarded_by_the_holder_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let name = test.name;
        let org = seed_org(db).await;
        let first = user_context(db, Role::Caseworker, Scope::Branch(org.branch), "first@example.org").await;
        let second = user_context(db, Role::Caseworker, Scope::Branch(org.branch), "second@example.org").await;
        let raw = b"From: someone@example.org\r\nSubject: Rota\r\nMessage-ID: <h1@example.org>\r\n\r\nHelp\r\n";
        let settings = IntakeSettings::standard("help@union.example");
        let received = receive_email(db, parse_email(raw), &settings, Utc::now()).await.unwrap();
        let Received::Opened { id, .. } = received else { panic!("{name}: {received:?}") };
        let (one, two) = (first.actor.user_id, second.actor.user_id);
        let audit = first.audit("enquiry.take", "enquiry", Some(id.to_string()), String::new());

        // Both read "nobody holds it"; the first take wins, the second finds it changed.
        db.assign_enquiry(id, None, Some(one), &audit).await.unwrap();
        assert!(matches!(db.assign_enquiry(id, None, Some(two), &audit).await, Err(StoreError::Stale)), "{name}");
        assert_eq!(db.enquiry(id).await.unwrap().unwrap().summary.assigned_to, Some(one), "{name}");
        // Passed on from the holder read; letting go from the holder read.
        db.assign_enquiry(id, Some(one), Some(two), &audit).await.unwrap();
        assert!(matches!(db.assign_enquiry(id, Some(one), None, &audit).await, Err(StoreError::Stale)), "{name}");
        let missing = steward_app::ports::EnquiryId(999_999);
        assert!(matches!(db.assign_enquiry(missing, None, Some(one), &audit).await, Err(StoreError::NotFound)));

        // The second holds it: the first's reply is not recorded, and nothing is queued.
        let reply = NewEnquiryMessage {
            direction: "out",
            message_id: Some("r1@union.example".into()),
            author: "First".into(),
            subject: "Re: Rota".into(),
            body: "Answer".into(),
            raw: None,
            attachments: Vec::new(),
            at: Utc::now(),
        };
        let mail = OutboxMail {
            to: "someone@example.org".into(),
            subject: "Re: Rota".into(),
            body: "Answer".into(),
            in_reply_to: None,
            message_id: Some("r1@union.example".into()),
            automatic: false,
            attachments: Vec::new(),
        };
        let before = db.enquiry(id).await.unwrap().unwrap();
        assert!(matches!(db.record_reply(id, &reply, &mail, one, &audit).await, Err(StoreError::Stale)), "{name}");
        let after = db.enquiry(id).await.unwrap().unwrap();
        assert_eq!((after.messages.len(), after.queued_mail.len()), (before.messages.len(), before.queued_mail.len()));
        db.record_reply(id, &reply, &mail, two, &audit).await.unwrap();
        let answered = db.enquiry(id).await.unwrap().unwrap();
        assert_eq!(answered.messages.len(), before.messages.len() + 1, "{name}");
    }
}
