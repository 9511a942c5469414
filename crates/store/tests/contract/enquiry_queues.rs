//! Named queues on both backends: unique whatever the case, a rule sends to a person or a
//! queue (never both), the list filters by queue, and a queue a rule names stays.

use chrono::Utc;
use steward_app::enquiries::{receive_email, IntakeSettings, Received};
use steward_app::ports::{EnquiryQuery, EnquiryStore, QueueFilter, RoutingStore, RuleTarget, StoreError};
use steward_domain::enquiry::routing::RuleConditions;
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_mail::parse_email;
use steward_test_support::{backends, context, seed_org};

#[tokio::test]
async fn rules_send_enquiries_to_named_queues_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let name = test.name;
        seed_org(db).await;
        let admin = context(Role::Admin, Scope::Union);
        let audit = admin.audit("enquiry_queue.create", "enquiry_queue", None, String::new());
        let pay = db.add_enquiry_queue("Pay", &audit).await.unwrap();
        assert!(
            matches!(db.add_enquiry_queue("pay", &audit).await, Err(StoreError::Duplicate { .. })),
            "{name}: names are unique whatever the case"
        );
        let conditions = RuleConditions { keyword: Some("overtime".into()), ..RuleConditions::default() };
        let target = RuleTarget::Queue { queue: pay, name: String::new() };
        let rule = db.add_routing_rule(&conditions, &target, &audit).await.unwrap();
        let rules = db.routing_rules().await.unwrap();
        assert_eq!(rules[0].target, RuleTarget::Queue { queue: pay, name: "Pay".into() }, "{name}");

        let settings = IntakeSettings::standard("help@union.example");
        let raw =
            b"From: someone@example.org\r\nSubject: Overtime unpaid\r\nMessage-ID: <q1@example.org>\r\n\r\nHelp\r\n";
        let received = receive_email(db, parse_email(raw), &settings, Utc::now()).await.unwrap();
        let Received::Opened { id, .. } = received else { panic!("{name}: {received:?}") };
        let summary = db.enquiry(id).await.unwrap().unwrap().summary;
        assert_eq!((summary.queue, summary.assigned_to), (Some((pay, "Pay".into())), None), "{name}");
        let query = EnquiryQuery { scope: Scope::Union, filter: QueueFilter::InQueue(pay), limit: 10, offset: 0 };
        assert_eq!(db.enquiry_queue(&query).await.unwrap().len(), 1, "{name}");
        assert_eq!(db.enquiry_queues().await.unwrap()[0].open_enquiries, 1, "{name}");

        assert!(
            matches!(db.delete_enquiry_queue(pay, &audit).await, Err(StoreError::Stale)),
            "{name}: a rule names it"
        );
        db.delete_routing_rule(rule, &audit).await.unwrap();
        db.delete_enquiry_queue(pay, &audit).await.unwrap();
        assert_eq!(db.enquiry(id).await.unwrap().unwrap().summary.queue, None, "{name}: back in the general list");
        assert!(matches!(db.delete_enquiry_queue(pay, &audit).await, Err(StoreError::NotFound)), "{name}");
    }
}
