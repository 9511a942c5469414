//! Cases on both backends: opening with the eligibility rule, promotion from an enquiry (once),
//! the append-only timeline, guarded stage and status changes, the team, and who sees what.

use chrono::Utc;
use steward_app::cases::{
    add_to_team, change_stage, close_case, list_cases, member_cases, open_case, promote_enquiry, record_entry,
    remove_from_team, reopen_case, save_case_settings, set_escalation, view_case, CaseListFilter, EntryDraft,
    OpenCaseForm, PromoteForm, StageForm,
};
use steward_app::enquiries::{receive_email, IntakeSettings, Received};
use steward_app::ports::{AuditLog, AuditQuery, CaseChange, CaseStore, EnquiryStore, NewTimelineEntry};
use steward_app::AppError;
use steward_domain::case::eligibility::Eligibility;
use steward_domain::case::timeline::EntryKind;
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_mail::parse_email;
use steward_test_support::{backends, context, member_draft, seed_org, user_context};

fn form(number: &str, case_type: &str, problem_arose_on: &str) -> OpenCaseForm {
    OpenCaseForm {
        title: "Warning over timekeeping".into(),
        case_type: case_type.into(),
        membership_number: number.into(),
        problem_arose_on: problem_arose_on.into(),
        complexity: "3".into(),
        emotional_load: "4".into(),
        ..OpenCaseForm::default()
    }
}

fn invalid_field(error: AppError, field: &str) -> String {
    match error {
        AppError::Invalid(errors) => {
            errors.get(field).unwrap_or_else(|| panic!("no {field} error: {errors:?}")).to_owned()
        }
        other => panic!("expected a field error on {field}, got {other:?}"),
    }
}

#[tokio::test]
async fn a_case_is_opened_worked_on_and_closed_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let admin = context(Role::Admin, Scope::Union);
        let ada = steward_app::members::create_member(db, &admin, &member_draft(1, "Ada", "Quill", org.workplace))
            .await
            .unwrap();
        let mut recent = member_draft(2, "Ben", "Newly", org.workplace);
        recent.joined_on = "2026-01-05".into();
        steward_app::members::create_member(db, &admin, &recent).await.unwrap();
        steward_app::members::create_member(db, &admin, &member_draft(3, "Cy", "Far", org.other_workplace))
            .await
            .unwrap();
        let rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep@example.org").await;
        let other_rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep2@example.org").await;
        let caseworker = user_context(db, Role::Caseworker, Scope::Branch(org.branch), "cw@example.org").await;

        // Bad input writes nothing; a member outside the rep's workplace is not theirs to open.
        let error = open_case(db, &rep, &form("T000001", "disciplinary", "2031-01-01")).await.unwrap_err();
        assert!(invalid_field(error, "problem_arose_on").contains("future"), "{}", test.name);
        let error = open_case(db, &rep, &form("T000003", "disciplinary", "2025-01-01")).await.unwrap_err();
        assert!(invalid_field(error, "membership_number").contains("T000003"));
        let listed = list_cases(db, &caseworker, &CaseListFilter::default()).await.unwrap();
        assert!(listed.cases.is_empty(), "{}: nothing half-written", test.name);

        let (case, reference) = open_case(db, &rep, &form("T000001", "disciplinary", "2025-01-01")).await.unwrap();
        assert_eq!(reference.to_string(), format!("CASE-{}-000001", reference.year));
        let view = view_case(db, &rep, case, None).await.unwrap();
        assert_eq!(view.file.summary.stage, "intake");
        assert_eq!(view.file.summary.eligibility, Eligibility::Full);
        assert_eq!(view.file.team.len(), 1, "{}: the opening rep is on the team", test.name);
        assert_eq!(view.timeline[0].kind, EntryKind::Opened);

        // Another rep at the same workplace cannot open it: ids reveal nothing.
        assert!(matches!(view_case(db, &other_rep, case, None).await, Err(AppError::NotFound)), "{}", test.name);
        assert!(list_cases(db, &other_rep, &CaseListFilter::default()).await.unwrap().cases.is_empty());
        assert_eq!(list_cases(db, &caseworker, &CaseListFilter::default()).await.unwrap().cases.len(), 1);
        let mine = CaseListFilter { mine: true, ..CaseListFilter::default() };
        assert!(list_cases(db, &caseworker, &mine).await.unwrap().cases.is_empty(), "{}", test.name);

        // The timeline only grows; a correction points at what it corrects.
        let call = EntryDraft {
            kind: "call".into(),
            body: "Member rang about the letter".into(),
            minutes: "15".into(),
            ..EntryDraft::default()
        };
        let first = record_entry(db, &rep, case, &call).await.unwrap();
        let correction = EntryDraft {
            body: "It was the member's partner who rang".into(),
            corrects: Some(first),
            ..EntryDraft::default()
        };
        record_entry(db, &rep, case, &correction).await.unwrap();
        let bad = EntryDraft { kind: "time_spent".into(), body: "Prep".into(), ..EntryDraft::default() };
        assert!(invalid_field(record_entry(db, &rep, case, &bad).await.unwrap_err(), "minutes").contains("minutes"));
        let wrong = EntryDraft { body: "x".into(), corrects: Some(first + 1000), ..EntryDraft::default() };
        assert!(record_entry(db, &rep, case, &wrong).await.is_err());
        let calls = db.case_timeline(case, Some(EntryKind::Call), None, 100).await.unwrap();
        assert_eq!((calls.len(), calls[0].minutes), (1, Some(15)), "{}", test.name);
        let corrections = db.case_timeline(case, Some(EntryKind::Correction), None, 100).await.unwrap();
        assert_eq!(corrections[0].corrects, Some(first));

        // The procedure: the Code's missing notice blocks; going through the stages works.
        let to = |stage: &str| StageForm { to: stage.into(), ..StageForm::default() };
        change_stage(db, &rep, case, &to("investigation")).await.unwrap();
        let blocked = change_stage(db, &rep, case, &to("hearing")).await.unwrap_err();
        assert!(invalid_field(blocked, "to").contains("written notice"), "{}", test.name);
        change_stage(db, &rep, case, &to("notified")).await.unwrap();
        let moved = change_stage(db, &rep, case, &to("hearing")).await.unwrap();
        assert_eq!(moved.findings[0].code, "ACAS_PARA10");
        // A change made from a stale read loses, and writes nothing.
        let entry = NewTimelineEntry {
            kind: EntryKind::StageChange,
            author: None,
            author_label: "test".into(),
            body: "stale".into(),
            minutes: None,
            corrects: None,
            occurred_at: Utc::now(),
        };
        let stale = db
            .change_case(
                case,
                CaseChange::Stage { from: "notified", to: "decided" },
                &entry,
                &rep.audit("t", "case", None, String::new()),
            )
            .await;
        assert!(matches!(stale, Err(steward_app::ports::StoreError::Stale)), "{}: {stale:?}", test.name);
        assert_eq!(db.case_file(case).await.unwrap().unwrap().summary.stage, "hearing");

        // The team and the escalation level: caseworkers manage them, reps do not.
        assert!(matches!(add_to_team(db, &rep, case, other_rep.actor.user_id, "rep").await, Err(AppError::Forbidden)));
        add_to_team(db, &caseworker, case, other_rep.actor.user_id, "rep").await.unwrap();
        assert!(add_to_team(db, &caseworker, case, other_rep.actor.user_id, "rep").await.is_err(), "{}", test.name);
        assert!(add_to_team(db, &caseworker, case, caseworker.actor.user_id, "lawyer").await.is_err());
        view_case(db, &other_rep, case, None).await.expect("on the team now");
        remove_from_team(db, &caseworker, case, other_rep.actor.user_id).await.unwrap();
        assert!(matches!(view_case(db, &other_rep, case, None).await, Err(AppError::NotFound)), "{}", test.name);
        set_escalation(db, &caseworker, case, "officer", "Dismissal risk").await.unwrap();
        assert_eq!(db.case_file(case).await.unwrap().unwrap().summary.escalation_level.as_str(), "officer");

        // Closing and reopening.
        assert!(invalid_field(close_case(db, &rep, case, "won", "").await.unwrap_err(), "outcome").contains("upheld"));
        close_case(db, &rep, case, "sanction_reduced", "Warning withdrawn on appeal").await.unwrap();
        assert!(change_stage(db, &rep, case, &to("decided")).await.is_err(), "{}: closed cases do not move", test.name);
        assert!(invalid_field(reopen_case(db, &rep, case, " ").await.unwrap_err(), "reason").contains("why"));
        reopen_case(db, &rep, case, "The employer reissued the warning").await.unwrap();
        let file = db.case_file(case).await.unwrap().unwrap();
        assert_eq!((file.summary.status.as_str(), file.summary.outcome.clone()), ("open", None), "{}", test.name);

        // Eligibility: a problem inside the qualifying period is advice only unless overridden.
        let early = form("T000002", "grievance", "2026-01-20");
        let (advice, _) = open_case(db, &caseworker, &early).await.unwrap();
        let advice_file = db.case_file(advice).await.unwrap().unwrap();
        assert_eq!(advice_file.summary.eligibility, Eligibility::AdviceOnly, "{}", test.name);
        assert!(advice_file.eligibility_reasons[0].contains("Pre-existing"));
        let overridden = OpenCaseForm {
            override_reason: "Bullying began before joining but escalated since".into(),
            ..early.clone()
        };
        let refused =
            open_case(db, &rep, &OpenCaseForm { membership_number: "T000002".into(), ..overridden.clone() }).await;
        assert!(invalid_field(refused.unwrap_err(), "override_reason").contains("officer"));
        let (full, _) = open_case(db, &caseworker, &overridden).await.unwrap();
        let full_file = db.case_file(full).await.unwrap().unwrap();
        assert_eq!(full_file.summary.eligibility, Eligibility::Full);
        assert!(full_file.eligibility_override.is_some(), "{}", test.name);
        save_case_settings(db, &admin, "0", false).await.unwrap();
        save_case_settings(db, &admin, "2", true).await.unwrap();
        assert_eq!(
            db.case_settings().await.unwrap().eligibility.qualifying_weeks,
            2,
            "{}: one settings row",
            test.name
        );

        assert_eq!(member_cases(db, &caseworker, ada).await.unwrap().len(), 1);
        let views = db
            .audit_entries(&AuditQuery {
                entity: Some("case".into()),
                entity_id: Some(case.to_string()),
                limit: 200,
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        assert!(views.entries.iter().any(|(_, entry)| entry.action == "case.view"), "{}: views are audited", test.name);
        assert!(views.entries.iter().any(|(_, entry)| entry.action == "case.stage"));
    }
}

#[tokio::test]
async fn an_enquiry_is_promoted_once_with_its_whole_conversation() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let admin = context(Role::Admin, Scope::Union);
        let mut draft = member_draft(1, "Ada", "Quill", org.workplace);
        draft.email = "ada@example.org".into();
        steward_app::members::create_member(db, &admin, &draft).await.unwrap();
        let caseworker = user_context(db, Role::Caseworker, Scope::Union, "cw@example.org").await;
        let raw = b"From: Ada Quill <ada@example.org>\r\nTo: enquiries@example.org\r\nSubject: Called to a disciplinary\r\nMessage-ID: <one@example.org>\r\n\r\nI have a hearing next week.\r\n";
        let settings = IntakeSettings::standard("enquiries@example.org");
        let Received::Opened { id: enquiry, .. } =
            receive_email(db, parse_email(raw), &settings, Utc::now()).await.unwrap()
        else {
            panic!("{}: the message opens an enquiry", test.name);
        };
        steward_app::enquiries::add_note(db, &caseworker, enquiry, "Sounds like gross misconduct").await.unwrap();
        steward_app::enquiries::take_enquiry(db, &caseworker, enquiry, false).await.unwrap();

        let promote = PromoteForm {
            case_type: "disciplinary".into(),
            problem_arose_on: "2025-06-01".into(),
            complexity: "3".into(),
            emotional_load: "5".into(),
            ..PromoteForm::default()
        };
        let dir = tempfile::tempdir().unwrap();
        let files = steward_store::LocalFileStore::new(dir.path().join("files"));
        let (case, _) = promote_enquiry(db, &files, &caseworker, enquiry, &promote, 1024).await.unwrap();
        let view = view_case(db, &caseworker, case, None).await.unwrap();
        assert_eq!(view.file.summary.title, "Called to a disciplinary", "{}", test.name);
        assert_eq!(view.file.enquiry.map(|(id, _)| id), Some(enquiry));
        // The page shows the newest first by when each happened; in the order written:
        let mut written = view.timeline.clone();
        written.sort_by_key(|entry| entry.id);
        let kinds: Vec<EntryKind> = written.iter().map(|entry| entry.kind).collect();
        assert_eq!(kinds, [EntryKind::Opened, EntryKind::EmailIn, EntryKind::Note], "{}", test.name);
        assert!(written[1].body.contains("hearing next week"));
        assert_eq!(view.file.team_role_of(caseworker.actor.user_id).map(|r| r.as_str()), Some("caseworker"));
        let closed = db.enquiry(enquiry).await.unwrap().unwrap().summary;
        assert_eq!((closed.status.as_str(), closed.outcome.as_deref()), ("closed", Some("case_opened")));
        let again = promote_enquiry(db, &files, &caseworker, enquiry, &promote, 1024).await;
        assert!(again.is_err(), "{}: an enquiry becomes one case", test.name);
        assert_eq!(list_cases(db, &caseworker, &CaseListFilter::default()).await.unwrap().cases.len(), 1);
    }
}

#[tokio::test]
async fn a_rep_who_stands_down_hands_their_cases_on_and_loses_access() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let admin = context(Role::Admin, Scope::Union);
        for n in 1..=2 {
            steward_app::members::create_member(db, &admin, &member_draft(n, "Ada", "Quill", org.workplace))
                .await
                .unwrap();
        }
        let leaving = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "leaving@example.org").await;
        let new_rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "new@example.org").await;
        let officer = user_context(db, Role::Officer, Scope::Region(org.region), "officer@example.org").await;
        let mut cases = Vec::new();
        for number in ["T000001", "T000002"] {
            cases.push(open_case(db, &leaving, &form(number, "grievance", "2025-01-01")).await.unwrap().0);
        }
        close_case(db, &leaving, cases[1], "withdrawn", "").await.unwrap();
        let (_, offered) = steward_app::cases::cases_to_reallocate(db, &officer, leaving.actor.user_id).await.unwrap();
        assert_eq!(offered.len(), 1, "{}: only open cases are offered", test.name);
        let refused =
            steward_app::cases::reallocate_cases(db, &officer, leaving.actor.user_id, officer.actor.user_id, "").await;
        assert!(
            invalid_field(refused.unwrap_err(), "to").contains("rep"),
            "{}: an officer account cannot be the rep",
            test.name
        );
        let rep_tries =
            steward_app::cases::reallocate_cases(db, &new_rep, leaving.actor.user_id, new_rep.actor.user_id, "").await;
        assert!(matches!(rep_tries, Err(AppError::Forbidden)));
        let moved = steward_app::cases::reallocate_cases(
            db,
            &officer,
            leaving.actor.user_id,
            new_rep.actor.user_id,
            "Stood down at the AGM",
        )
        .await
        .unwrap();
        assert_eq!(moved, 1, "{}", test.name);
        for case in &cases {
            assert!(matches!(view_case(db, &leaving, *case, None).await, Err(AppError::NotFound)), "{}", test.name);
        }
        let view = view_case(db, &new_rep, cases[0], None).await.unwrap();
        assert!(view.timeline.iter().any(|entry| entry.body.contains("Stood down at the AGM")));
    }
}
