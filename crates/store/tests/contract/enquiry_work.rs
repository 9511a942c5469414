//! Replies, templates, branch targets, escalation and routing on both backends: the SQL that
//! differs most between them (upserts, guarded updates, subqueries in VALUES).

use chrono::{Duration, Utc};
use steward_app::enquiries::{
    escalate_overdue, receive_email, BranchTargetsDraft, IntakeSettings, Received, ReplyDraft, RoutingRuleDraft,
};
use steward_app::ports::{EnquiryStore, OutboxStore};
use steward_app::users::UserDraft;
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_mail::parse_email;
use steward_test_support::{backends, context, member_draft, seed_org};

#[tokio::test]
async fn replies_templates_targets_escalation_and_routing_work_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let admin = context(Role::Admin, Scope::Union);
        let mut draft = member_draft(1, "Ada", "Quill", org.workplace);
        draft.email = "ada@example.org".into();
        steward_app::members::create_member(db, &admin, &draft).await.unwrap();
        let officer = steward_app::users::create_user_unchecked(
            db,
            &UserDraft {
                email: "officer@example.org".into(),
                name: "Olu Officer".into(),
                role: "officer".into(),
                scope: format!("region:{}", org.region),
                password: "a long enough password".into(),
            },
            Utc::now(),
        )
        .await
        .unwrap();
        let mut as_officer = context(Role::Officer, Scope::Region(org.region));
        as_officer.actor.user_id = officer;

        let draft = BranchTargetsDraft {
            first_response_hours: "2".into(),
            next_response_hours: "1".into(),
            escalate_to: officer.to_string(),
        };
        steward_app::enquiries::save_branch_targets(db, &as_officer, org.branch, &draft).await.unwrap();
        let draft = BranchTargetsDraft { first_response_hours: "3".into(), ..draft };
        steward_app::enquiries::save_branch_targets(db, &as_officer, org.branch, &draft).await.unwrap();
        let targets = steward_app::enquiries::branch_targets(db, &as_officer).await.unwrap();
        let mine = targets.iter().find(|t| t.branch == org.branch).unwrap();
        assert_eq!(
            (mine.settings.first_response_minutes, mine.own_settings),
            (180, true),
            "{}: saved twice, one row",
            test.name
        );

        let rule = RoutingRuleDraft {
            branch: org.branch.to_string(),
            keyword: "pay".into(),
            assign_to: officer.to_string(),
            ..Default::default()
        };
        steward_app::enquiries::add_routing_rule(db, &as_officer, &rule).await.unwrap();
        steward_app::enquiries::add_routing_rule(db, &as_officer, &RoutingRuleDraft { keyword: "rota".into(), ..rule })
            .await
            .unwrap();
        let rules = steward_app::enquiries::routing_rules(db, &as_officer).await.unwrap();
        assert_eq!(rules.iter().map(|r| r.position).collect::<Vec<_>>(), [1, 2], "{}", test.name);

        let raw =
            b"From: ada@example.org\r\nSubject: Pay query\r\nMessage-ID: <p1@example.org>\r\n\r\nMy pay is short.\r\n";
        // A Wednesday morning in November (UK time is UTC): three working hours is 13:00.
        let now = chrono::DateTime::parse_from_rfc3339("2026-11-25T10:00:00Z").unwrap().with_timezone(&Utc);
        let Received::Opened { id, .. } =
            receive_email(db, parse_email(raw), &IntakeSettings::standard("help@union.example"), now).await.unwrap()
        else {
            panic!("{}: not opened", test.name)
        };
        let detail = db.enquiry(id).await.unwrap().unwrap();
        assert_eq!(detail.summary.assigned_to, Some(officer), "{}: routed by keyword", test.name);
        let steward_app::ports::EnquirySummary { first_response_due, .. } = detail.summary.clone();
        let expected = chrono::DateTime::parse_from_rfc3339("2026-11-25T13:00:00Z").unwrap().with_timezone(&Utc);
        assert_eq!(first_response_due, expected, "{}: the branch's own 3-hour target", test.name);
        assert_eq!(db.open_enquiries_held().await.unwrap(), vec![(officer, 1)], "{}", test.name);

        let template = steward_app::enquiries::save_reply_template(db, &as_officer, None, "Pay", "Dear {{first_name}}")
            .await
            .unwrap();
        let again = steward_app::enquiries::save_reply_template(db, &as_officer, None, "Pay", "Another").await;
        assert!(matches!(again, Err(steward_app::AppError::Conflict { .. })), "{}: {again:?}", test.name);
        let text = steward_app::enquiries::draft_from_template(db, &as_officer, id, template).await.unwrap();
        assert_eq!(text, "Dear Ada", "{}", test.name);

        let later = now + Duration::days(7);
        assert_eq!(escalate_overdue(db, later).await.unwrap(), 1, "{}", test.name);
        assert_eq!(escalate_overdue(db, later).await.unwrap(), 0, "{}: once", test.name);

        let reply = ReplyDraft { body: "Dear {{first_name}}, sorted.".into(), attachments: Vec::new() };
        steward_app::enquiries::reply_to_enquiry(db, &as_officer, id, &reply, "help@union.example").await.unwrap();
        let detail = db.enquiry(id).await.unwrap().unwrap();
        assert_eq!(detail.summary.status, "answered", "{}", test.name);
        assert!(detail.summary.escalated_at.is_some(), "{}", test.name);
        let queued = db.claim_outbox("t", later, later + Duration::minutes(5), 10).await.unwrap();
        let kinds: Vec<(bool, &str)> = queued.iter().map(|(_, m)| (m.automatic, m.to.as_str())).collect();
        assert!(kinds.contains(&(true, "officer@example.org")), "{}: the escalation alert {kinds:?}", test.name);
        assert!(kinds.contains(&(false, "ada@example.org")), "{}: the reply {kinds:?}", test.name);

        steward_app::enquiries::delete_routing_rule(db, &as_officer, rules[0].id).await.unwrap();
        assert_eq!(steward_app::enquiries::routing_rules(db, &as_officer).await.unwrap().len(), 1, "{}", test.name);
    }
}
