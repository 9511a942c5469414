//! Deadlines and tasks on cases, on both backends: from a calculator or by hand, the case
//! lists putting what is due first, what is due for one person, and reminders sent once.

use std::collections::BTreeMap;

use chrono::{Duration, Utc};
use steward_app::cases::{
    add_calculated_deadline, add_deadline, add_to_team, complete_deadline, list_cases, my_due_items, open_case,
    send_deadline_reminders, CaseListFilter, DeadlineDraft, OpenCaseForm,
};
use steward_app::ports::{CaseStore, OutboxStore};
use steward_app::AppError;
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_test_support::{backends, context, member_draft, seed_org, user_context};

fn case_form(number: &str, title: &str) -> OpenCaseForm {
    OpenCaseForm {
        title: title.into(),
        case_type: "disciplinary".into(),
        membership_number: number.into(),
        problem_arose_on: "2025-01-01".into(),
        complexity: "2".into(),
        emotional_load: "2".into(),
        ..OpenCaseForm::default()
    }
}

#[tokio::test]
async fn deadlines_order_the_lists_and_are_reminded_once_on_both_backends() {
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
        let (later, _) = open_case(db, &caseworker, &case_form("T000001", "No deadline yet")).await.unwrap();
        let (soon, _) = open_case(db, &caseworker, &case_form("T000002", "Appeal due")).await.unwrap();
        add_to_team(db, &caseworker, soon, rep.actor.user_id, "rep").await.unwrap();

        // A calculator's date, with its explanation kept.
        // Decided a month ago: the appeal window has passed, so the deadline is overdue.
        let outcome = (Utc::now() - Duration::days(30)).date_naive().to_string();
        let inputs: BTreeMap<String, String> =
            [("outcome-date".to_owned(), outcome), ("nation".to_owned(), "england-and-wales".to_owned())].into();
        let (appeal, calculation) =
            add_calculated_deadline(db, &caseworker, soon, "appeal_window", &inputs).await.unwrap();
        let appeal_due = db.case_deadlines(soon).await.unwrap().iter().find(|d| d.id == appeal).unwrap().due_on;
        assert!(appeal_due < Utc::now().date_naive());
        assert!(calculation.explanation.contains("working day"), "{}: {}", test.name, calculation.explanation);
        let no_date = add_calculated_deadline(db, &caseworker, soon, "acas_uplift", &BTreeMap::new()).await;
        assert!(matches!(no_date, Err(AppError::Invalid(_))), "{}", test.name);
        let bad = DeadlineDraft {
            kind: "task".into(),
            title: "Call the member".into(),
            due_on: "tomorrow".into(),
            owner: None,
        };
        assert!(matches!(add_deadline(db, &caseworker, soon, &bad).await, Err(AppError::Invalid(_))));
        let not_on_team =
            DeadlineDraft { due_on: Utc::now().date_naive().to_string(), owner: Some(9_999), ..bad.clone() };
        assert!(matches!(add_deadline(db, &caseworker, soon, &not_on_team).await, Err(AppError::Invalid(_))));
        let task = DeadlineDraft { owner: Some(rep.actor.user_id.0), ..not_on_team };
        let task_id = add_deadline(db, &caseworker, soon, &task).await.unwrap();

        let listed = list_cases(db, &caseworker, &CaseListFilter::default()).await.unwrap();
        let order: Vec<_> = listed.cases.iter().map(|case| case.id).collect();
        assert_eq!(order, [soon, later], "{}: the case with something due comes first", test.name);
        assert_eq!(listed.cases[0].next_due_on, Some(appeal_due), "{}: the soonest open date", test.name);

        let due = my_due_items(db, &rep).await.unwrap();
        assert_eq!(due.len(), 2, "{}: the rep sees the case's deadline and their task", test.name);

        // Reminders go to the team once, whichever server asks.
        let reminded = send_deadline_reminders(db, Utc::now()).await.unwrap();
        assert_eq!(reminded, 2, "{}", test.name);
        assert_eq!(send_deadline_reminders(db, Utc::now()).await.unwrap(), 0, "{}: once only", test.name);
        let queued = db.claim_outbox("test", Utc::now(), Utc::now() + Duration::minutes(5), 50).await.unwrap();
        assert_eq!(queued.len(), 4, "{}: two reminders to the caseworker and the rep", test.name);
        assert!(queued
            .iter()
            .any(|(_, mail)| mail.to == "rep@example.org" && mail.subject.contains("Call the member")));

        complete_deadline(db, &rep, soon, task_id).await.unwrap();
        assert!(complete_deadline(db, &rep, soon, task_id).await.is_err(), "{}: done once", test.name);
        let file = db.case_file(soon).await.unwrap().unwrap();
        assert_eq!(file.summary.next_due_on, Some(appeal_due), "{}: the appeal date remains", test.name);
        complete_deadline(db, &caseworker, soon, appeal).await.unwrap();
        assert_eq!(db.case_file(soon).await.unwrap().unwrap().summary.next_due_on, None);
        assert_eq!(db.case_deadlines(soon).await.unwrap().len(), 2);
    }
}
