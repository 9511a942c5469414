//! The case lists and the timeline at size, on both backends: keyset paging visits every case
//! once in the lists' order (due soonest first, nothing due last, then most recently changed),
//! for "my cases", for a scope with cases the asker is on elsewhere, and union-wide; the
//! timeline pages newest first with ties on the same moment, and per-case reads are bounded.

use std::collections::HashSet;

use chrono::{Duration, Utc};
use steward_app::cases::{
    add_deadline, add_to_team, list_cases, open_case, view_case_page, CaseListFilter, DeadlineDraft, OpenCaseForm,
    CASES_PER_PAGE, ENTRIES_PER_PAGE,
};
use steward_app::ports::{
    CaseCursor, CaseEscalationStore, CaseId, CaseQuery, CaseStore, CaseSummary, NewTimelineEntry, TimelineCursor,
};
use steward_app::RequestContext;
use steward_domain::case::timeline::EntryKind;
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_test_support::{backends, context, member_draft, seed_org, user_context};

fn case_form(number: &str, title: &str) -> OpenCaseForm {
    OpenCaseForm {
        title: title.into(),
        case_type: "grievance".into(),
        membership_number: number.into(),
        problem_arose_on: "2025-01-01".into(),
        complexity: "2".into(),
        emotional_load: "2".into(),
        ..OpenCaseForm::default()
    }
}

/// Every page of the list through `after` cursors, as the pages' links walk it.
async fn walk(db: &steward_store::Db, ctx: &RequestContext, mine: bool) -> Vec<CaseSummary> {
    let mut seen = Vec::new();
    let mut filter = CaseListFilter { mine, ..CaseListFilter::default() };
    for page in 1..=100 {
        let list = list_cases(db, ctx, &filter).await.unwrap();
        assert!(list.cases.len() <= CASES_PER_PAGE as usize);
        seen.extend(list.cases);
        match list.next {
            Some(next) => {
                filter.after = next.to_token();
                filter.page = page + 1;
            }
            None => return seen,
        }
    }
    panic!("the list did not end");
}

/// The lists' order: a due date before none, sooner before later, then the most recently
/// changed, then the newest.
fn in_list_order(cases: &[CaseSummary]) -> bool {
    cases.windows(2).all(|pair| {
        let key = |c: &CaseSummary| (c.next_due_on.is_none(), c.next_due_on, std::cmp::Reverse((c.updated_at, c.id)));
        key(&pair[0]) < key(&pair[1])
    })
}

fn ids(cases: &[CaseSummary]) -> Vec<CaseId> {
    cases.iter().map(|c| c.id).collect()
}

#[tokio::test]
async fn keyset_pages_visit_every_case_once_in_due_first_order() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let admin = context(Role::Admin, Scope::Union);
        let rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep@example.org").await;
        let caseworker = user_context(db, Role::Caseworker, Scope::Branch(org.branch), "cw@example.org").await;
        let far = user_context(db, Role::Caseworker, Scope::Branch(org.other_branch), "far@example.org").await;
        for (n, workplace) in [(1, org.workplace), (2, org.other_workplace)] {
            steward_app::members::create_member(db, &admin, &member_draft(n, "Ada", "Quill", workplace)).await.unwrap();
        }
        // 70 cases in the rep's workplace (three pages), a quarter with nothing due and many
        // on the same due date, so the order leans on its tie-breakers across page ends.
        let today = Utc::now().date_naive();
        let mut opened = Vec::new();
        for n in 0..70 {
            let (case, _) = open_case(db, &rep, &case_form("T000001", &format!("Case {n}"))).await.unwrap();
            if n % 4 != 0 {
                let due_on = (today + Duration::days(i64::from(n % 3))).to_string();
                let draft = DeadlineDraft { kind: "deadline".into(), title: "Reply".into(), due_on, owner: None };
                add_deadline(db, &rep, case, &draft).await.unwrap();
            }
            opened.push(case);
        }
        // Cases in the other branch: one the branch caseworker is on, which their scoped list
        // must show once (in scope or on the team), and some they must not see.
        for n in 0..5 {
            let (case, _) = open_case(db, &far, &case_form("T000002", &format!("Far {n}"))).await.unwrap();
            if n == 2 {
                add_to_team(db, &far, case, caseworker.actor.user_id, "caseworker").await.unwrap();
                opened.push(case);
            }
        }

        let mine = walk(db, &rep, true).await;
        assert_eq!(mine.len(), 70, "{}: every case of the rep's, once", test.name);
        assert_eq!(ids(&mine).into_iter().collect::<HashSet<_>>().len(), 70, "{}: none twice", test.name);
        assert!(in_list_order(&mine), "{}: due soonest first across pages", test.name);
        assert!(mine[0].next_due_on.is_some() && mine[69].next_due_on.is_none(), "{}", test.name);

        let scoped = walk(db, &caseworker, false).await;
        assert_eq!(scoped.len(), 71, "{}: the branch's cases and the one elsewhere they are on", test.name);
        assert_eq!(ids(&scoped).into_iter().collect::<HashSet<_>>(), opened.iter().copied().collect(), "{}", test.name);
        assert!(in_list_order(&scoped), "{}", test.name);
        assert!(walk(db, &caseworker, true).await.iter().all(|c| c.title == "Far 2"), "{}: mine is mine", test.name);

        let everything = walk(db, &admin, false).await;
        assert_eq!(everything.len(), 75, "{}", test.name);
        assert!(in_list_order(&everything), "{}", test.name);

        // The store's own pages, three cases at a time, agree with the use case's.
        let mut query = CaseQuery {
            scope: Scope::Branch(org.branch),
            viewer: caseworker.actor.user_id,
            team_only: false,
            status: Some("open"),
            case_type: None,
            limit: 3,
            after: None,
            offset: 0,
        };
        let mut small_pages = Vec::new();
        loop {
            let mut page = db.list_cases(&query).await.unwrap();
            let more = page.len() > 3;
            page.truncate(3);
            query.after = page.last().map(CaseCursor::after);
            small_pages.extend(page);
            if !more {
                break;
            }
        }
        assert_eq!(ids(&small_pages), ids(&scoped), "{}", test.name);

        // A cursor survives its trip through a link; anything else is refused.
        let cursor = CaseCursor::after(&mine[30]);
        assert_eq!(CaseCursor::from_token(&cursor.to_token()), Some(cursor));
        for bad in ["", "x", "20260101.1.0", "2026.1.1", "-.1.1.1", "-.abc.5"] {
            assert_eq!(CaseCursor::from_token(bad), None, "{bad}");
        }
        let refused = CaseListFilter { after: "nonsense".into(), ..CaseListFilter::default() };
        assert!(list_cases(db, &rep, &refused).await.is_err(), "{}", test.name);
    }
}

#[tokio::test]
async fn the_timeline_pages_newest_first_without_gaps_or_repeats() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let admin = context(Role::Admin, Scope::Union);
        steward_app::members::create_member(db, &admin, &member_draft(1, "Ada", "Quill", org.workplace)).await.unwrap();
        let rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep@example.org").await;
        let (case, _) = open_case(db, &rep, &case_form("T000001", "Long case")).await.unwrap();
        // 130 entries besides "opened": recorded in one order, happening in another, and in
        // fives at the very same moment.
        let start = Utc::now() - Duration::days(400);
        for n in 0..130i64 {
            let entry = NewTimelineEntry {
                kind: if n % 2 == 0 { EntryKind::Note } else { EntryKind::Call },
                author: Some(rep.actor.user_id),
                author_label: rep.actor_label.clone(),
                body: format!("Entry {n}"),
                minutes: None,
                corrects: None,
                occurred_at: start + Duration::days((n * 37) % 130 / 5),
            };
            let audit = rep.audit("case.entry", "case", Some(case.to_string()), String::new());
            db.add_timeline_entry(case, &entry, &audit).await.unwrap();
        }
        let mut seen = Vec::new();
        let mut before: Option<TimelineCursor> = None;
        for _ in 0..10 {
            let view = view_case_page(db, &rep, case, None, before).await.unwrap();
            assert!(view.timeline.len() <= ENTRIES_PER_PAGE as usize);
            seen.extend(view.timeline);
            before = view.older;
            if before.is_none() {
                break;
            }
        }
        assert_eq!(seen.len(), 131, "{}: every entry once", test.name);
        assert_eq!(seen.iter().map(|e| e.id).collect::<HashSet<_>>().len(), 131, "{}", test.name);
        assert!(
            seen.windows(2).all(|pair| (pair[0].occurred_at, pair[0].id) > (pair[1].occurred_at, pair[1].id)),
            "{}: newest first across pages",
            test.name
        );
        assert_eq!(
            seen[0].kind,
            EntryKind::Opened,
            "{}: the case was opened now, after all the backdated entries",
            test.name
        );

        // Filtered by kind, the pages hold only that kind, all of it.
        let mut calls = 0;
        let mut before = None;
        loop {
            let view = view_case_page(db, &rep, case, Some(EntryKind::Call), before).await.unwrap();
            assert!(view.timeline.iter().all(|e| e.kind == EntryKind::Call));
            calls += view.timeline.len();
            before = view.older;
            if before.is_none() {
                break;
            }
        }
        assert_eq!(calls, 65, "{}", test.name);

        // The store never reads more than it was asked for (and one to tell of more).
        assert_eq!(db.case_timeline(case, None, None, 7).await.unwrap().len(), 8, "{}", test.name);
        let cursor = TimelineCursor::after(&seen[60]);
        assert_eq!(TimelineCursor::from_token(&cursor.to_token()), Some(cursor));
        assert_eq!(TimelineCursor::from_token("12.x"), None);
    }
}

#[tokio::test]
async fn access_read_in_bulk_ends_with_an_external_lawyers_time_as_the_case_file_does() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let admin = context(Role::Admin, Scope::Union);
        let member = steward_app::members::create_member(db, &admin, &member_draft(1, "Ada", "Quill", org.workplace))
            .await
            .unwrap();
        let caseworker = user_context(db, Role::Caseworker, Scope::Branch(org.branch), "cw@example.org").await;
        let lawyer = user_context(db, Role::Lawyer, Scope::Union, "solicitor@example.org").await;
        let (current, _) = open_case(db, &caseworker, &case_form("T000001", "Current")).await.unwrap();
        let (lapsed, _) = open_case(db, &caseworker, &case_form("T000001", "Lapsed")).await.unwrap();
        for (case, until) in [(current, lawyer.now + Duration::days(30)), (lapsed, lawyer.now - Duration::minutes(1))] {
            let entry = NewTimelineEntry {
                kind: EntryKind::TeamChange,
                author: Some(caseworker.actor.user_id),
                author_label: caseworker.actor_label.clone(),
                body: "Lawyer Person joined".into(),
                minutes: None,
                corrects: None,
                occurred_at: caseworker.now,
            };
            let audit = caseworker.audit("case.team_add", "case", Some(case.to_string()), String::new());
            db.add_external_lawyer(case, lawyer.actor.user_id, until, &entry, &audit).await.unwrap();
        }
        let rows = db.case_access(&[current, lapsed, CaseId(999_999)], lawyer.actor.user_id).await.unwrap();
        assert_eq!(rows.len(), 2, "{}: a case that does not exist is left out", test.name);
        for row in &rows {
            let file = db.case_file(row.id).await.unwrap().unwrap();
            assert_eq!(row.path, file.summary.path, "{}", test.name);
            assert_eq!(
                row.team_role_at(lawyer.now),
                file.team_role_at(lawyer.actor.user_id, lawyer.now),
                "{}: the same part as the case file gives",
                test.name
            );
        }
        let seen = steward_app::cases::member_cases(db, &lawyer, member).await.unwrap();
        assert_eq!(seen.iter().map(|c| c.id).collect::<Vec<_>>(), [current], "{}: not the lapsed one", test.name);
        assert_eq!(steward_app::cases::member_cases(db, &caseworker, member).await.unwrap().len(), 2);
    }
}
