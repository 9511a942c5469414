//! Time-off requests on both backends: an employer's notice rule (defaults when absent),
//! drafts changed only while drafts, status changes guarded so that a double click or a
//! second manager changes nothing, the manager's link found by its hash, and lists of one's
//! own requests and of submitted ones in a scope.

use chrono::{Duration, NaiveDate, Utc};
use steward_app::ports::{
    ManagerLink, NewTimeOffRequest, OutboxMail, OutboxStore, StoreError, TimeOffDecision, TimeOffFields, TimeOffFilter,
    TimeOffStore,
};
use steward_domain::facility::category::TimeCategory;
use steward_domain::facility::time_off::{NoticeCheck, NoticeRule, RequestStatus};
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_test_support::{backends, seed_org, user_context};

fn fields(category: TimeCategory, starts: &str) -> TimeOffFields {
    let day = NaiveDate::parse_from_str(starts, "%Y-%m-%d").unwrap();
    TimeOffFields {
        category,
        starts_on: day,
        ends_on: day,
        minutes: 180,
        purpose: "Accompany a member at a hearing".into(),
        meeting: None,
        course_name: None,
        syllabus: None,
    }
}

fn mail(to: &str) -> OutboxMail {
    OutboxMail {
        to: to.into(),
        subject: "Time-off request".into(),
        body: "Open the link".into(),
        in_reply_to: None,
        message_id: None,
        automatic: true,
        attachments: Vec::new(),
    }
}

#[tokio::test]
async fn requests_move_only_by_guarded_changes_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep@example.org").await;
        let other = user_context(db, Role::Rep, Scope::Workplace(org.other_workplace), "far@example.org").await;
        let name = test.name;

        // The employer's rule: the defaults until the agreement says otherwise.
        assert_eq!(db.time_off_rule(org.employer).await.unwrap(), NoticeRule::DEFAULT, "{name}");
        let rule = NoticeRule { duties_working_days: 5, training_weeks: 6 };
        db.save_time_off_rule(org.employer, rule, &rep.audit("rule", "employer", None, String::new())).await.unwrap();
        assert_eq!(db.time_off_rule(org.employer).await.unwrap(), rule, "{name}");

        let new = NewTimeOffRequest {
            user: rep.actor.user_id,
            employer: Some(org.employer),
            workplace: Some(org.workplace),
            fields: fields(TimeCategory::Duties, "2026-05-12"),
            created_at: Utc::now(),
        };
        let audit = rep.audit("time_off.create", "time_off_request", None, String::new());
        let id = db.create_time_off_request(&new, &audit).await.unwrap();
        let far = NewTimeOffRequest { user: other.actor.user_id, workplace: Some(org.other_workplace), ..new.clone() };
        let far_id = db.create_time_off_request(&far, &audit).await.unwrap();

        let stored = db.time_off_request(id).await.unwrap().unwrap();
        assert_eq!(stored.status, RequestStatus::Draft, "{name}");
        assert_eq!(stored.fields, new.fields, "{name}");
        assert_eq!(stored.user_email, "rep@example.org", "{name}");
        assert_eq!(stored.employer_name.as_deref(), Some("Test Borough Council"), "{name}");
        assert!(stored.notice.is_none(), "{name}");

        // Only its owner changes a draft.
        let changed = TimeOffFields { minutes: 240, ..new.fields.clone() };
        assert!(matches!(
            db.update_time_off_draft(id, other.actor.user_id, &changed, Utc::now(), &audit).await,
            Err(StoreError::NotFound)
        ));
        db.update_time_off_draft(id, rep.actor.user_id, &changed, Utc::now(), &audit).await.unwrap();
        assert_eq!(db.time_off_request(id).await.unwrap().unwrap().fields.minutes, 240, "{name}");

        // Submitting keeps the notice check; a second submit (a double click) changes nothing.
        let notice = NoticeCheck {
            give_by: NaiveDate::from_ymd_opt(2026, 5, 5).unwrap(),
            short: true,
            message: "Short notice".into(),
            after_the_event: true,
        };
        db.submit_time_off(id, &notice, Utc::now(), &audit).await.unwrap();
        assert!(matches!(db.submit_time_off(id, &notice, Utc::now(), &audit).await, Err(StoreError::Stale)), "{name}");
        assert!(matches!(
            db.update_time_off_draft(id, rep.actor.user_id, &changed, Utc::now(), &audit).await,
            Err(StoreError::Stale)
        ));
        let submitted = db.time_off_request(id).await.unwrap().unwrap();
        assert_eq!((submitted.status, submitted.notice.as_ref()), (RequestStatus::Submitted, Some(&notice)), "{name}");

        // Lists: one's own (drafts too); in a scope, only others' submitted requests there.
        let mine = db.time_off_requests(TimeOffFilter::Mine(rep.actor.user_id), 10).await.unwrap();
        assert_eq!(mine.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id], "{name}");
        let region = db.time_off_requests(TimeOffFilter::InScope(Scope::Region(org.region)), 10).await.unwrap();
        assert_eq!(region.iter().map(|r| r.id).collect::<Vec<_>>(), vec![id], "{name}: the far draft is not listed");
        let union = db.time_off_requests(TimeOffFilter::InScope(Scope::Union), 10).await.unwrap();
        assert_eq!(union.len(), 1, "{name}: drafts are their owners' business");
        let elsewhere =
            db.time_off_requests(TimeOffFilter::InScope(Scope::Region(org.other_region)), 10).await.unwrap();
        assert!(elsewhere.is_empty(), "{name}");

        // The manager's link: set with its mail in one write, found by its hash.
        let link = ManagerLink {
            manager_name: "Morgan Head".into(),
            manager_email: "head@school.example".into(),
            token_hash: "hash-one".into(),
            expires_at: Utc::now() + Duration::days(14),
        };
        db.set_time_off_link(id, &link, &mail("head@school.example"), &audit).await.unwrap();
        let claimed = db.claim_outbox("test", Utc::now(), Utc::now() + Duration::minutes(5), 10).await.unwrap();
        assert!(claimed.iter().any(|(_, m)| m.to == "head@school.example"), "{name}: the mail is queued");
        assert!(
            matches!(db.set_time_off_link(far_id, &link, &mail("x@example.org"), &audit).await, Err(StoreError::Stale)),
            "{name}: a draft gets no link"
        );
        let found = db.time_off_request_by_link("hash-one").await.unwrap().unwrap();
        assert_eq!((found.id, found.manager_name.as_deref()), (id, Some("Morgan Head")), "{name}");
        assert!(db.time_off_request_by_link("no-such-hash").await.unwrap().is_none(), "{name}");

        // A decision needs the link's hash, before its expiry, while the request waits.
        let approve = TimeOffDecision {
            status: RequestStatus::Approved,
            note: None,
            decided_by: "Morgan Head (manager via link)".into(),
            at: Utc::now(),
        };
        assert!(matches!(db.decide_time_off(id, "wrong", &approve, &audit).await, Err(StoreError::Stale)), "{name}");
        let late = TimeOffDecision { at: Utc::now() + Duration::days(15), ..approve.clone() };
        assert!(matches!(db.decide_time_off(id, "hash-one", &late, &audit).await, Err(StoreError::Stale)), "{name}");
        db.decide_time_off(id, "hash-one", &approve, &audit).await.unwrap();
        let refuse = TimeOffDecision { status: RequestStatus::Refused, note: Some("No".into()), ..approve.clone() };
        assert!(
            matches!(db.decide_time_off(id, "hash-one", &refuse, &audit).await, Err(StoreError::Stale)),
            "{name}: a second manager (or a second click) changes nothing"
        );
        let decided = db.time_off_request(id).await.unwrap().unwrap();
        assert_eq!(decided.status, RequestStatus::Approved, "{name}");
        assert_eq!(decided.decided_by.as_deref(), Some("Morgan Head (manager via link)"), "{name}");
        assert!(
            matches!(
                db.withdraw_time_off(id, RequestStatus::Submitted, "rep@example.org", Utc::now(), &audit).await,
                Err(StoreError::Stale)
            ),
            "{name}: a decided request is not withdrawn"
        );

        // Withdrawing a draft, once.
        db.withdraw_time_off(far_id, RequestStatus::Draft, "far@example.org", Utc::now(), &audit).await.unwrap();
        assert!(matches!(
            db.withdraw_time_off(far_id, RequestStatus::Draft, "far@example.org", Utc::now(), &audit).await,
            Err(StoreError::Stale)
        ));
        assert_eq!(db.time_off_request(far_id).await.unwrap().unwrap().status, RequestStatus::Withdrawn, "{name}");
        assert!(matches!(
            db.withdraw_time_off(999_999, RequestStatus::Draft, "x", Utc::now(), &audit).await,
            Err(StoreError::NotFound)
        ));
    }
}
