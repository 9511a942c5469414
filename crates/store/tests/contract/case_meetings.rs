//! Meetings on both backends: a hearing gets the statutory postponement window, a double-
//! booked companion is warned, outcomes are kept, and the private calendar feed lists them.

use chrono::{NaiveDate, Utc};
use steward_app::cases::{
    add_to_team, calendar_feed, case_meetings, create_calendar_feed, open_case, record_meeting_outcome,
    schedule_meeting, MeetingDraft, OpenCaseForm,
};
use steward_app::AppError;
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_test_support::{backends, context, member_draft, seed_org, user_context};

#[tokio::test]
async fn hearings_get_their_postponement_window_and_clashes_are_flagged_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let admin = context(Role::Admin, Scope::Union);
        for n in 1..=2 {
            steward_app::members::create_member(db, &admin, &member_draft(n, "Ada", "Quill", org.workplace))
                .await
                .unwrap();
        }
        let caseworker = user_context(db, Role::Caseworker, Scope::Branch(org.branch), "cw@example.org").await;
        let rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep@example.org").await;
        let mut cases = Vec::new();
        for number in ["T000001", "T000002"] {
            let form = OpenCaseForm {
                title: "Hearing".into(),
                case_type: "disciplinary".into(),
                membership_number: number.into(),
                problem_arose_on: "2025-01-01".into(),
                complexity: "2".into(),
                emotional_load: "2".into(),
                ..OpenCaseForm::default()
            };
            let (case, _) = open_case(db, &caseworker, &form).await.unwrap();
            add_to_team(db, &caseworker, case, rep.actor.user_id, "rep").await.unwrap();
            cases.push(case);
        }
        let hearing = MeetingDraft {
            meeting_type: "disciplinary_hearing".into(),
            starts_at: "2026-03-02T10:00".into(),
            minutes: "90".into(),
            place: "Meeting room 2, Civic Offices".into(),
            companion: Some(rep.actor.user_id.0),
            prep_notes: "Bring the rota printouts".into(),
            ..MeetingDraft::default()
        };
        let bad = MeetingDraft { starts_at: "next Monday".into(), place: String::new(), ..hearing.clone() };
        match schedule_meeting(db, &caseworker, cases[0], &bad).await {
            Err(AppError::Invalid(errors)) => {
                assert!(errors.get("starts_at").is_some() && errors.get("place").is_some(), "{}: {errors:?}", test.name)
            }
            other => panic!("{}: {other:?}", test.name),
        }
        let first = schedule_meeting(db, &caseworker, cases[0], &hearing).await.unwrap();
        // Monday 2 March 2026: the five working days run Tuesday 3 to Monday 9 March.
        assert_eq!(
            first.postponement.as_ref().map(|(date, _)| *date),
            NaiveDate::from_ymd_opt(2026, 3, 9),
            "{}",
            test.name
        );
        assert!(first.clashes.is_empty());
        let overlapping = MeetingDraft {
            starts_at: "2026-03-02T11:00".into(),
            meeting_type: "investigation".into(),
            ..hearing.clone()
        };
        let second = schedule_meeting(db, &caseworker, cases[1], &overlapping).await.unwrap();
        assert_eq!(second.clashes.len(), 1, "{}: the rep is double-booked", test.name);
        assert!(second.postponement.is_none(), "{}: no statutory window for an investigation meeting", test.name);

        record_meeting_outcome(db, &rep, cases[0], first.id, "Adjourned for a week").await.unwrap();
        assert!(record_meeting_outcome(db, &rep, cases[1], first.id, "wrong case").await.is_err(), "{}", test.name);
        let meetings = case_meetings(db, &rep, cases[0]).await.unwrap();
        assert_eq!(meetings[0].outcome.as_deref(), Some("Adjourned for a week"));

        let token = create_calendar_feed(db, &rep).await.unwrap();
        let feed = calendar_feed(db, &token, Utc::now() - chrono::Duration::days(400)).await.unwrap();
        assert_eq!(feed.meetings.len(), 2, "{}: the rep's two meetings", test.name);
        assert!(matches!(calendar_feed(db, "not-the-token", Utc::now()).await, Err(AppError::NotFound)));
        let replaced = create_calendar_feed(db, &rep).await.unwrap();
        assert!(
            matches!(calendar_feed(db, &token, Utc::now()).await, Err(AppError::NotFound)),
            "{}: old address ends",
            test.name
        );
        assert!(calendar_feed(db, &replaced, Utc::now()).await.is_ok());
    }
}
