//! Union time on both backends: logging and reading a week, deleting only one's own entry,
//! the facility-time sums per official (activities only when the employer paid), the profile,
//! and time against a case going on its timeline in the same write (never on a closed case).

use chrono::{Days, NaiveDate, Utc};
use steward_app::cases::{close_case, open_case, view_case, OpenCaseForm};
use steward_app::ports::{AuditLog, AuditQuery, NewTimeEntry, NewTimelineEntry, RepProfile, StoreError, TimeStore};
use steward_app::time::{log_time, my_week, TimeDraft};
use steward_app::AppError;
use steward_domain::case::timeline::EntryKind;
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::facility::category::TimeCategory;
use steward_domain::ids::{EmployerId, UserId};
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_test_support::{backends, context, member_draft, seed_org, user_context};

fn entry(
    user: UserId,
    employer: Option<EmployerId>,
    category: TimeCategory,
    on: NaiveDate,
    minutes: u32,
) -> NewTimeEntry {
    NewTimeEntry {
        user,
        employer,
        category,
        employer_paid: false,
        worked_on: on,
        minutes,
        case: None,
        enquiry: None,
        meeting: None,
        note: None,
        created_at: Utc::now(),
    }
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

#[tokio::test]
async fn time_is_logged_listed_by_week_and_deleted_only_by_its_owner() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep@example.org").await;
        let other = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep2@example.org").await;
        let me = rep.actor.user_id;
        let audit = rep.audit("time.log", "time_entry", None, String::new());
        let monday = day(2026, 11, 30);
        let sunday = day(2026, 12, 6);
        let mut noted = entry(me, Some(org.employer), TimeCategory::Duties, monday, 90);
        noted.note = Some("Grievance meeting prep".into());
        let first = db.add_time_entry(&noted, None, &audit).await.unwrap();
        let second =
            db.add_time_entry(&entry(me, None, TimeCategory::Training, sunday, 60), None, &audit).await.unwrap();
        // The Sunday before and the Monday after fall outside the week.
        db.add_time_entry(&entry(me, None, TimeCategory::Duties, day(2026, 11, 29), 30), None, &audit).await.unwrap();
        db.add_time_entry(&entry(me, None, TimeCategory::Duties, day(2026, 12, 7), 30), None, &audit).await.unwrap();
        let theirs = db
            .add_time_entry(&entry(other.actor.user_id, None, TimeCategory::Duties, monday, 45), None, &audit)
            .await
            .unwrap();

        let week = db.time_entries(me, monday, sunday, 100).await.unwrap();
        assert_eq!(week.iter().map(|e| e.id).collect::<Vec<_>>(), vec![second, first], "{}: newest first", test.name);
        assert_eq!(week[1].note.as_deref(), Some("Grievance meeting prep"));
        assert_eq!(week[1].employer, Some(org.employer));
        assert_eq!(week[1].minutes, 90);
        assert_eq!(week[1].worked_on, monday);
        assert_eq!(week[0].category, TimeCategory::Training);
        assert_eq!(db.time_entries(me, monday, sunday, 1).await.unwrap().len(), 1, "{}: the limit holds", test.name);

        // Nobody deletes someone else's entry, and it stays.
        let delete = rep.audit("time.delete", "time_entry", Some(theirs.to_string()), String::new());
        assert!(matches!(db.delete_time_entry(me, theirs, &delete).await, Err(StoreError::NotFound)), "{}", test.name);
        assert_eq!(db.time_entries(other.actor.user_id, monday, sunday, 10).await.unwrap().len(), 1);
        db.delete_time_entry(me, first, &delete).await.unwrap();
        assert!(matches!(db.delete_time_entry(me, first, &delete).await, Err(StoreError::NotFound)));
        let left = db.time_entries(me, monday, sunday, 100).await.unwrap();
        assert_eq!(left.iter().map(|e| e.id).collect::<Vec<_>>(), vec![second], "{}", test.name);
        let query = AuditQuery { entity: Some("time_entry".into()), limit: 50, ..AuditQuery::default() };
        let logged = db.audit_entries(&query).await.unwrap();
        assert!(logged.entries.iter().any(|(_, a)| a.action == "time.delete"), "{}: the delete is audited", test.name);
    }
}

#[tokio::test]
async fn facility_time_counts_paid_kinds_and_activities_only_when_the_employer_paid() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let admin = context(Role::Admin, Scope::Union);
        let other_employer = steward_app::organisation::create_employer(db, &admin, "Other Trust").await.unwrap();
        let ana = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "ana@example.org").await;
        let bo = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "bo@example.org").await;
        let audit = ana.audit("time.log", "time_entry", None, String::new());
        let (a, b) = (ana.actor.user_id, bo.actor.user_id);
        let on = day(2026, 10, 5);
        let employer = Some(org.employer);
        for (user, category, paid, minutes) in [
            (a, TimeCategory::Duties, false, 60),
            (a, TimeCategory::HealthAndSafety, false, 30),
            (a, TimeCategory::Activities, false, 120),
            (a, TimeCategory::Activities, true, 45),
            (b, TimeCategory::UnionLearning, false, 15),
            (b, TimeCategory::Activities, false, 60),
        ] {
            let mut new = entry(user, employer, category, on, minutes);
            new.employer_paid = paid;
            db.add_time_entry(&new, None, &audit).await.unwrap();
        }
        // Time at another employer, and outside the period, is not counted.
        db.add_time_entry(&entry(a, Some(other_employer), TimeCategory::Duties, on, 600), None, &audit).await.unwrap();
        db.add_time_entry(&entry(a, employer, TimeCategory::Duties, day(2027, 4, 1), 600), None, &audit).await.unwrap();

        let figures = db.facility_time_by_official(org.employer, day(2026, 4, 1), day(2027, 3, 31)).await.unwrap();
        assert_eq!(figures.len(), 2, "{}", test.name);
        let ana_row = figures.iter().find(|row| row.user == a).unwrap();
        assert_eq!(ana_row.facility_minutes, 60 + 30 + 45, "{}: unpaid activities are left out", test.name);
        assert_eq!(ana_row.paid_activity_minutes, 45, "{}", test.name);
        assert_eq!(ana_row.all_minutes, 60 + 30 + 120 + 45, "{}", test.name);
        let bo_row = figures.iter().find(|row| row.user == b).unwrap();
        assert_eq!((bo_row.facility_minutes, bo_row.paid_activity_minutes, bo_row.all_minutes), (15, 0, 75));
        let none = db.facility_time_by_official(org.employer, day(2025, 1, 1), day(2025, 12, 31)).await.unwrap();
        assert!(none.is_empty(), "{}", test.name);
    }
}

#[tokio::test]
async fn a_profile_is_saved_read_back_and_replaced() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let officer = user_context(db, Role::Officer, Scope::Region(org.region), "officer@example.org").await;
        let rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep@example.org").await;
        let user = rep.actor.user_id;
        assert_eq!(db.rep_profile(user).await.unwrap(), RepProfile::default(), "{}: none yet", test.name);
        let audit = officer.audit("time.profile_save", "user", Some(user.to_string()), String::new());
        let profile = RepProfile {
            employer: Some(org.employer),
            contracted_minutes_per_week: Some(1_800),
            full_time_minutes_per_week: Some(2_220),
            facility_minutes_per_week: Some(450),
            hourly_cost_pence: Some(1_840),
        };
        db.save_rep_profile(user, &profile, &audit).await.unwrap();
        assert_eq!(db.rep_profile(user).await.unwrap(), profile, "{}", test.name);
        let cleared = RepProfile { facility_minutes_per_week: Some(0), ..RepProfile::default() };
        db.save_rep_profile(user, &cleared, &audit).await.unwrap();
        assert_eq!(db.rep_profile(user).await.unwrap(), cleared, "{}: replaced, not merged", test.name);
        let missing = RepProfile { employer: Some(EmployerId(999_999)), ..RepProfile::default() };
        assert!(
            matches!(db.save_rep_profile(user, &missing, &audit).await, Err(StoreError::MissingReference)),
            "{}",
            test.name
        );
        assert_eq!(db.rep_profile(user).await.unwrap(), cleared, "{}: nothing half-written", test.name);
    }
}

#[tokio::test]
async fn time_against_a_case_goes_on_its_timeline_and_never_on_a_closed_case() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let admin = context(Role::Admin, Scope::Union);
        steward_app::members::create_member(db, &admin, &member_draft(1, "Ada", "Quill", org.workplace)).await.unwrap();
        let rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep@example.org").await;
        let form = OpenCaseForm {
            title: "Warning over timekeeping".into(),
            case_type: "disciplinary".into(),
            membership_number: "T000001".into(),
            problem_arose_on: "2025-01-01".into(),
            complexity: "3".into(),
            emotional_load: "3".into(),
            ..OpenCaseForm::default()
        };
        let (case, _) = open_case(db, &rep, &form).await.unwrap();
        let draft = TimeDraft {
            category: "duties".into(),
            duration: "1:30".into(),
            case: Some(case),
            note: "Hearing preparation".into(),
            ..TimeDraft::default()
        };
        let id = log_time(db, &rep, &draft).await.unwrap();
        let view = view_case(db, &rep, case, None).await.unwrap();
        let spent = view.timeline.iter().find(|e| e.kind == EntryKind::TimeSpent).expect("a time-spent entry");
        assert_eq!(spent.minutes, Some(90), "{}", test.name);
        assert!(spent.body.contains("1 h 30 min") && spent.body.contains("Hearing preparation"), "{}", spent.body);
        let today = to_uk_local(rep.now).date();
        let week = my_week(db, &rep, today).await.unwrap();
        let logged = week.entries.iter().find(|e| e.id == id).unwrap();
        assert_eq!(logged.case, Some(case));
        assert!(logged.case_reference.as_deref().is_some_and(|r| r.starts_with("CASE-")), "{}", test.name);
        assert_eq!(logged.employer, Some(org.employer), "{}: the workplace's employer", test.name);

        close_case(db, &rep, case, "resolved_informally", "").await.unwrap();
        let before = view_case(db, &rep, case, None).await.unwrap().timeline.len();
        // The use case refuses; the store itself refuses too, writing neither row.
        assert!(matches!(log_time(db, &rep, &draft).await, Err(AppError::Invalid(_))), "{}", test.name);
        let mut new = entry(rep.actor.user_id, None, TimeCategory::Duties, today, 30);
        new.case = Some(case);
        let timeline = NewTimelineEntry {
            kind: EntryKind::TimeSpent,
            author: Some(rep.actor.user_id),
            author_label: rep.actor_label.clone(),
            body: "30 min of duties.".into(),
            minutes: Some(30),
            corrects: None,
            occurred_at: rep.now,
        };
        let audit = rep.audit("time.log", "time_entry", None, String::new());
        assert!(
            matches!(db.add_time_entry(&new, Some(&timeline), &audit).await, Err(StoreError::Stale)),
            "{}",
            test.name
        );
        assert_eq!(view_case(db, &rep, case, None).await.unwrap().timeline.len(), before, "{}", test.name);
        let from = today.checked_sub_days(Days::new(7)).unwrap();
        let entries = db.time_entries(rep.actor.user_id, from, today, 100).await.unwrap();
        assert_eq!(entries.len(), 1, "{}: only the first entry", test.name);
    }
}
