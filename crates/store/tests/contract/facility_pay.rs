//! Pay bills per employer and reporting period, and the officials the figures count.

use chrono::{NaiveDate, Utc};
use steward_app::ports::{AuditLog, FacilityReportStore, PayBill, PayBillCounts, RepProfile, StoreError, TimeStore};
use steward_domain::ids::{EmployerId, UserId};
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_test_support::{backends, context, seed_org, user_context};

fn april(year: i32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, 4, 1).unwrap()
}

#[tokio::test]
async fn pay_bills_are_kept_per_employer_and_period_and_saving_again_changes_nothing() {
    for test in backends().await {
        let org = seed_org(&test.db).await;
        let ctx = context(Role::Admin, Scope::Union);
        let audit = ctx.audit("facility_time.pay_bill_save", "employer", None, "test".into());
        assert_eq!(test.db.pay_bill(org.employer, april(2025)).await.unwrap(), None, "{}", test.name);
        let bill = PayBill {
            employer: org.employer,
            period_start: april(2025),
            pay_bill_pence: 1_000_000_000,
            months_over_49_employees: Some(12),
        };
        let earlier = PayBill { period_start: april(2024), months_over_49_employees: None, ..bill };
        let counts = test.db.save_pay_bills(&[bill, earlier], &audit).await.unwrap();
        assert_eq!(counts, PayBillCounts { created: 2, updated: 0, unchanged: 0 }, "{}", test.name);
        let again = test.db.save_pay_bills(&[bill, earlier], &audit).await.unwrap();
        assert_eq!(again, PayBillCounts { created: 0, updated: 0, unchanged: 2 }, "{}", test.name);
        let changed = PayBill { pay_bill_pence: 1_100_000_000, ..bill };
        let counts = test.db.save_pay_bills(&[changed], &audit).await.unwrap();
        assert_eq!(counts.updated, 1, "{}", test.name);
        let stored = test.db.pay_bill(org.employer, april(2025)).await.unwrap().unwrap();
        assert_eq!(stored.bill, changed, "{}", test.name);
        assert!(stored.updated_at <= Utc::now());
        let old = test.db.pay_bill(org.employer, april(2024)).await.unwrap().unwrap();
        assert_eq!(old.bill.months_over_49_employees, None, "{}", test.name);

        let nobody = PayBill { employer: EmployerId(999_999), ..bill };
        let refused = test.db.save_pay_bills(&[nobody], &audit).await;
        assert!(matches!(refused, Err(StoreError::MissingReference)), "{}: {refused:?}", test.name);
        let audited = test
            .db
            .audit_entries(&steward_app::ports::AuditQuery {
                entity: Some("employer".into()),
                entity_id: Some(org.employer.to_string()),
                actor_label: None,
                exclude_action: None,
                before_id: None,
                limit: 50,
            })
            .await
            .unwrap();
        let saves = audited.entries.iter().filter(|(_, e)| e.action == "facility_time.pay_bill_save").count();
        assert_eq!(saves, 3, "{}: one entry per change, none for unchanged rows", test.name);
    }
}

#[tokio::test]
async fn officials_are_those_named_and_those_whose_profile_names_the_employer() {
    for test in backends().await {
        let org = seed_org(&test.db).await;
        let admin = context(Role::Admin, Scope::Union);
        let by_profile = user_context(&test.db, Role::Rep, Scope::Union, "profile@example.org").await.actor.user_id;
        let by_entries = user_context(&test.db, Role::Rep, Scope::Union, "entries@example.org").await.actor.user_id;
        let unrelated = user_context(&test.db, Role::Rep, Scope::Union, "other@example.org").await.actor.user_id;
        let profile = RepProfile {
            employer: Some(org.employer),
            contracted_minutes_per_week: Some(2_220),
            full_time_minutes_per_week: Some(2_220),
            facility_minutes_per_week: None,
            hourly_cost_pence: Some(2_000),
        };
        let audit = admin.audit("time.profile_save", "user", None, String::new());
        test.db.save_rep_profile(by_profile, &profile, &audit).await.unwrap();
        let found = test.db.facility_officials(org.employer, &[by_entries, UserId(999_999)]).await.unwrap();
        let ids: Vec<UserId> = found.iter().map(|o| o.user).collect();
        assert_eq!(ids, [by_profile, by_entries], "{}", test.name);
        assert!(!ids.contains(&unrelated));
        assert_eq!(found[0].profile, profile, "{}", test.name);
        assert_eq!(found[1].profile, RepProfile::default(), "{}: no profile reads as empty", test.name);
        assert!(found[1].active && found[1].name.ends_with(" Person"), "{}", test.name);
    }
}
