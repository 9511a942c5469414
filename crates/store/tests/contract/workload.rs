//! Workload and wellbeing on both backends: the snapshot refresh (open cases the person is on
//! and their weight, open deadlines due by the week's end, union time logged in the week; only
//! active reps, caseworkers and officers; an upsert, and a deactivated person's snapshot
//! goes), the people the dashboard reads, branch thresholds, the recent emotional loads the
//! debrief prompt reads, and private wellbeing records seen only by their author and whom
//! they share them with.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use steward_app::cases::{
    add_deadline, add_to_team, close_case, complete_deadline, open_case, DeadlineDraft, OpenCaseForm,
};
use steward_app::ports::{
    AuditEntry, AuditLog, AuditQuery, BranchThresholds, CaseChange, CaseId, CaseStore, NewTimeEntry, NewTimelineEntry,
    NewWellbeingRecord, RepProfile, StoreError, TimeStore, UserStore, WellbeingRecord, WorkloadPerson,
    WorkloadSnapshot, WorkloadStore, WorkloadWeek,
};
use steward_app::RequestContext;
use steward_domain::case::kind::CaseRole;
use steward_domain::case::timeline::EntryKind;
use steward_domain::facility::category::TimeCategory;
use steward_domain::ids::{BranchId, UserId};
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_store::Db;
use steward_test_support::{backends, context, member_draft, seed_org, user_context, Org};

/// A Wednesday morning with whole microseconds, so stored times must round-trip exactly.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).unwrap() + Duration::microseconds(123_456)
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Monday 30 November to Sunday 6 December 2026: the week around `t0`.
fn week() -> WorkloadWeek {
    WorkloadWeek { starts_on: day(2026, 11, 30), ends_on: day(2026, 12, 6) }
}

fn at(ctx: &RequestContext, now: DateTime<Utc>) -> RequestContext {
    RequestContext { now, ..ctx.clone() }
}

fn audit(ctx: &RequestContext, action: &str, entity: &str, at: DateTime<Utc>) -> AuditEntry {
    AuditEntry { at, ..ctx.audit(action, entity, None, String::new()) }
}

/// Creates member `n` and opens a case for them as `ctx`, with these ratings.
async fn open(db: &Db, ctx: &RequestContext, org: &Org, n: u32, complexity: u8, emotional_load: u8) -> CaseId {
    let admin = context(Role::Admin, Scope::Union);
    steward_app::members::create_member(db, &admin, &member_draft(n, "Ada", "Quill", org.workplace)).await.unwrap();
    let form = OpenCaseForm {
        title: format!("Case {n}"),
        case_type: "grievance".into(),
        membership_number: format!("T{n:06}"),
        problem_arose_on: "2025-01-01".into(),
        complexity: complexity.to_string(),
        emotional_load: emotional_load.to_string(),
        ..OpenCaseForm::default()
    };
    open_case(db, ctx, &form).await.unwrap().0
}

async fn deadline(db: &Db, ctx: &RequestContext, case: CaseId, kind: &str, title: &str, due: NaiveDate) -> i64 {
    let draft = DeadlineDraft { kind: kind.into(), title: title.into(), due_on: due.to_string(), owner: None };
    add_deadline(db, ctx, case, &draft).await.unwrap()
}

async fn log(db: &Db, ctx: &RequestContext, on: NaiveDate, minutes: u32) {
    let entry = NewTimeEntry {
        user: ctx.actor.user_id,
        employer: None,
        category: TimeCategory::Duties,
        employer_paid: false,
        worked_on: on,
        minutes,
        case: None,
        enquiry: None,
        meeting: None,
        note: None,
        created_at: t0(),
    };
    db.add_time_entry(&entry, None, &audit(ctx, "time.log", "time_entry", t0())).await.unwrap();
}

/// Puts someone on a case's team straight through the store (the use case would refuse
/// admins, staff and lawyers some parts; the snapshot must skip them whatever their part).
async fn join(db: &Db, ctx: &RequestContext, case: CaseId, user: UserId, part: CaseRole, when: DateTime<Utc>) {
    let entry = NewTimelineEntry {
        kind: EntryKind::TeamChange,
        author: None,
        author_label: "test".into(),
        body: "joined".into(),
        minutes: None,
        corrects: None,
        occurred_at: when,
    };
    db.change_case(case, CaseChange::AddToTeam(user, part), &entry, &audit(ctx, "case.team_add", "case", when))
        .await
        .unwrap();
}

fn snapshot(user: UserId, open_cases: u32, doubled: u64, deadlines: u32, minutes: u32) -> Option<WorkloadSnapshot> {
    Some(WorkloadSnapshot {
        user,
        open_cases,
        case_points_doubled: doubled,
        deadlines_this_week: deadlines,
        minutes_this_week: minutes,
    })
}

fn person(people: &[WorkloadPerson], user: UserId) -> &WorkloadPerson {
    people.iter().find(|person| person.user == user).unwrap_or_else(|| panic!("user {user} is not listed"))
}

#[tokio::test]
async fn the_refresh_counts_open_cases_deadlines_and_time_for_carrying_roles_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let name = test.name;
        let org = seed_org(db).await;
        let caseworker = user_context(db, Role::Caseworker, Scope::Branch(org.branch), "cw@example.org").await;
        let caseworker = at(&caseworker, t0());
        let rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep@example.org").await;
        let officer = user_context(db, Role::Officer, Scope::Region(org.region), "officer@example.org").await;
        let admin = user_context(db, Role::Admin, Scope::Union, "admin@example.org").await;
        let staff = user_context(db, Role::Staff, Scope::Branch(org.branch), "staff@example.org").await;
        let lawyer = user_context(db, Role::Lawyer, Scope::Union, "lawyer@example.org").await;
        let (cw, rep_id, officer_id) = (caseworker.actor.user_id, rep.actor.user_id, officer.actor.user_id);

        // Three open cases the caseworker opened (and so is on): 3+4, 2+5 and 5+5.
        let a = open(db, &caseworker, &org, 1, 3, 4).await;
        let b = open(db, &caseworker, &org, 2, 2, 5).await;
        let c = open(db, &caseworker, &org, 3, 5, 5).await;
        add_to_team(db, &caseworker, a, rep_id, "rep").await.unwrap();
        // Roles that carry no workload are on a case too; they get no snapshot.
        join(db, &caseworker, a, admin.actor.user_id, CaseRole::Caseworker, t0()).await;
        join(db, &caseworker, a, staff.actor.user_id, CaseRole::Caseworker, t0()).await;
        join(db, &caseworker, a, lawyer.actor.user_id, CaseRole::Lawyer, t0()).await;

        // Due by the week's end (overdue ones still press); not later ones, not done ones.
        deadline(db, &caseworker, a, "deadline", "Appeal by Sunday", day(2026, 12, 6)).await;
        deadline(db, &caseworker, a, "deadline", "Overdue reply", day(2026, 11, 20)).await;
        deadline(db, &caseworker, a, "deadline", "Next Monday", day(2026, 12, 7)).await;
        let done = deadline(db, &caseworker, a, "deadline", "Already done", day(2026, 12, 1)).await;
        complete_deadline(db, &caseworker, a, done).await.unwrap();
        deadline(db, &caseworker, b, "task", "Call the member", day(2026, 12, 4)).await;
        deadline(db, &caseworker, c, "deadline", "On the case that closes", day(2026, 12, 3)).await;

        // Time in the week counts; the Sunday before and the Monday after do not.
        log(db, &caseworker, day(2026, 11, 30), 90).await;
        log(db, &caseworker, day(2026, 12, 6), 60).await;
        log(db, &caseworker, day(2026, 11, 29), 30).await;
        log(db, &caseworker, day(2026, 12, 7), 30).await;
        log(db, &rep, day(2026, 12, 1), 45).await;
        log(db, &admin, day(2026, 12, 1), 600).await;

        let profile = RepProfile { facility_minutes_per_week: Some(450), ..RepProfile::default() };
        db.save_rep_profile(rep_id, &profile, &audit(&admin, "profile.save", "user", t0())).await.unwrap();

        let first = t0() + Duration::minutes(1);
        assert_eq!(db.refresh_workload(week(), first).await.unwrap(), 3, "{name}: the rep, caseworker and officer");
        let people = db.workload_people(100).await.unwrap();
        let listed: Vec<UserId> = people.iter().map(|person| person.user).collect();
        // By name: Caseworker Person, Officer Person, Rep Person.
        assert_eq!(listed, [cw, officer_id, rep_id], "{name}: only carrying roles, by name");
        let cw_row = person(&people, cw);
        assert_eq!(cw_row.snapshot, snapshot(cw, 3, 7 + 7 + 10, 4, 150), "{name}");
        assert_eq!((cw_row.role, cw_row.scope), (Role::Caseworker, Scope::Branch(org.branch)), "{name}");
        assert_eq!(cw_row.name, "Caseworker Person");
        assert_eq!(cw_row.computed_at, Some(first), "{name}: the time round-trips exactly");
        assert_eq!(cw_row.facility_minutes_per_week, None, "{name}: no profile");
        let rep_row = person(&people, rep_id);
        assert_eq!(rep_row.snapshot, snapshot(rep_id, 1, 7, 2, 45), "{name}");
        assert_eq!(rep_row.facility_minutes_per_week, Some(450), "{name}: the profile's facility time");
        assert_eq!(person(&people, officer_id).snapshot, snapshot(officer_id, 0, 0, 0, 0), "{name}: nothing yet");
        assert_eq!(db.workload_people(1).await.unwrap().len(), 1, "{name}: the limit holds");

        // A closed case drops out (with its deadline); new time is counted; rows are updated.
        close_case(db, &caseworker, c, "withdrawn", "").await.unwrap();
        log(db, &rep, day(2026, 12, 5), 30).await;
        let second = first + Duration::minutes(1);
        assert_eq!(db.refresh_workload(week(), second).await.unwrap(), 3, "{name}");
        let people = db.workload_people(100).await.unwrap();
        assert_eq!(people.len(), 3, "{name}: updated, not duplicated");
        assert_eq!(person(&people, cw).snapshot, snapshot(cw, 2, 14, 3, 150), "{name}: the closed case is gone");
        assert_eq!(person(&people, rep_id).snapshot, snapshot(rep_id, 1, 7, 2, 75), "{name}");
        assert!(people.iter().all(|person| person.computed_at == Some(second)), "{name}: {people:?}");

        // Deactivated between refreshes: the next refresh removes their snapshot, so were
        // they let back in, they would show nothing stale until the refresh after.
        let admin_audit = |action: &str| audit(&admin, action, "user", second);
        db.set_user_active(rep_id, false, &admin_audit("user.deactivate")).await.unwrap();
        let third = second + Duration::minutes(1);
        assert_eq!(db.refresh_workload(week(), third).await.unwrap(), 2, "{name}: the inactive rep is skipped");
        assert!(db.workload_people(100).await.unwrap().iter().all(|p| p.user != rep_id), "{name}");
        db.set_user_active(rep_id, true, &admin_audit("user.reactivate")).await.unwrap();
        let people = db.workload_people(100).await.unwrap();
        let back = person(&people, rep_id);
        assert_eq!((&back.snapshot, back.computed_at), (&None, None), "{name}: the old snapshot was removed");
        assert_eq!(back.facility_minutes_per_week, Some(450), "{name}: the profile stays");
        assert_eq!(person(&people, cw).computed_at, Some(third), "{name}");
    }
}

#[tokio::test]
async fn branch_thresholds_are_saved_replaced_and_listed_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let name = test.name;
        let org = seed_org(db).await;
        let officer = user_context(db, Role::Officer, Scope::Union, "officer@example.org").await;
        let save =
            |branch: BranchId, near: u32, over: u32| BranchThresholds { branch, near_tenths: near, over_tenths: over };
        let write_audit = audit(&officer, "workload.thresholds_save", "branch", t0());
        assert!(db.branch_thresholds().await.unwrap().is_empty(), "{name}: every branch starts on the defaults");

        db.save_branch_thresholds(&save(org.branch, 200, 300), &write_audit).await.unwrap();
        db.save_branch_thresholds(&save(org.other_branch, 150, 250), &write_audit).await.unwrap();
        db.save_branch_thresholds(&save(org.branch, 125, 180), &write_audit).await.unwrap();
        let saved = db.branch_thresholds().await.unwrap();
        assert_eq!(saved, [save(org.branch, 125, 180), save(org.other_branch, 150, 250)], "{name}: one row a branch");

        // The database refuses what the domain would never send, and keeps what it had.
        let inverted = db.save_branch_thresholds(&save(org.branch, 300, 200), &write_audit).await;
        assert!(inverted.is_err(), "{name}: over must exceed near");
        let unknown = db.save_branch_thresholds(&save(BranchId(987_654), 100, 200), &write_audit).await;
        assert!(matches!(unknown, Err(StoreError::MissingReference)), "{name}: {unknown:?}");
        assert_eq!(db.branch_thresholds().await.unwrap(), saved, "{name}: nothing changed");

        let page = db
            .audit_entries(&AuditQuery {
                entity: Some("branch".into()),
                entity_id: Some(org.branch.to_string()),
                limit: 100,
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        let saves = page.entries.iter().filter(|(_, entry)| entry.action == "workload.thresholds_save").count();
        assert_eq!(saves, 2, "{name}: each save is audited, the refused one not");
    }
}

#[tokio::test]
async fn recent_emotional_loads_are_the_cases_last_joined_newest_first_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let name = test.name;
        let org = seed_org(db).await;
        let caseworker = user_context(db, Role::Caseworker, Scope::Branch(org.branch), "cw@example.org").await;
        let rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep@example.org").await;
        let officer = user_context(db, Role::Officer, Scope::Region(org.region), "officer@example.org").await;
        let opening = at(&caseworker, t0());
        let mut cases = Vec::new();
        for (n, load) in [(1, 1), (2, 5), (3, 2), (4, 4), (5, 3), (6, 5)] {
            cases.push(open(db, &opening, &org, n, 2, load).await);
        }
        // The rep joins them in an order unlike the cases' own: by the hour after t0 given.
        for (case, hours) in cases.iter().zip([5, 1, 3, 0, 4, 2]) {
            let joining = at(&caseworker, t0() + Duration::hours(hours));
            add_to_team(db, &joining, *case, rep.actor.user_id, "rep").await.unwrap();
        }
        close_case(db, &caseworker, cases[4], "withdrawn", "").await.unwrap();

        let rep_id = rep.actor.user_id;
        assert_eq!(
            db.recent_emotional_loads(rep_id, 5).await.unwrap(),
            [1, 3, 2, 5, 5],
            "{name}: by joining, closed too"
        );
        assert_eq!(db.recent_emotional_loads(rep_id, 2).await.unwrap(), [1, 3], "{name}: the limit holds");
        assert_eq!(db.recent_emotional_loads(rep_id, 10).await.unwrap().len(), 6, "{name}");
        // Joined all at once: the later case first.
        let cw_loads = db.recent_emotional_loads(caseworker.actor.user_id, 5).await.unwrap();
        assert_eq!(cw_loads, [5, 3, 4, 2, 5], "{name}");
        assert!(db.recent_emotional_loads(officer.actor.user_id, 5).await.unwrap().is_empty(), "{name}: on no case");
    }
}

#[tokio::test]
async fn wellbeing_records_reach_only_their_author_and_whom_they_share_with_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let name = test.name;
        let org = seed_org(db).await;
        let author = user_context(db, Role::Caseworker, Scope::Branch(org.branch), "cw@example.org").await;
        let officer = user_context(db, Role::Officer, Scope::Region(org.region), "officer@example.org").await;
        let rep = user_context(db, Role::Rep, Scope::Workplace(org.workplace), "rep@example.org").await;
        let colleague = user_context(db, Role::Caseworker, Scope::Branch(org.branch), "cw2@example.org").await;
        let (me, officer_id, rep_id, colleague_id) =
            (author.actor.user_id, officer.actor.user_id, rep.actor.user_id, colleague.actor.user_id);
        let record = |user: UserId,
                      kind: &'static str,
                      mood: Option<u8>,
                      note: Option<&str>,
                      shared: Option<UserId>,
                      hours: i64| {
            NewWellbeingRecord {
                user,
                kind,
                mood,
                note: note.map(str::to_owned),
                shared_with: shared,
                created_at: t0() + Duration::hours(hours),
            }
        };
        let add = |new: NewWellbeingRecord| async move {
            let ctx = context(Role::Admin, Scope::Union);
            db.add_wellbeing_record(&new, &audit(&ctx, "wellbeing.record", "wellbeing", new.created_at)).await
        };
        let private = add(record(me, "check_in", Some(4), Some("Only for me"), None, 0)).await.unwrap();
        let to_officer = add(record(me, "supervision", None, None, Some(officer_id), 1)).await.unwrap();
        let reps_own = add(record(rep_id, "check_in", Some(3), Some("The rep's own"), None, 2)).await.unwrap();
        let to_me = add(record(colleague_id, "debrief", Some(2), Some("Shared with cw"), Some(me), 3)).await.unwrap();
        let officers_own = add(record(officer_id, "check_in", Some(5), None, None, 4)).await.unwrap();

        let mine = db.wellbeing_records(me, 100).await.unwrap();
        assert_eq!(mine.iter().map(|r| r.id).collect::<Vec<_>>(), [to_me, to_officer, private], "{name}: newest first");
        assert_eq!(
            mine[2],
            WellbeingRecord {
                id: private,
                user: me,
                user_name: "Caseworker Person".into(),
                kind: "check_in".into(),
                mood: Some(4),
                note: Some("Only for me".into()),
                shared_with: None,
                created_at: t0(),
            },
            "{name}: every field round-trips"
        );
        assert_eq!(mine[1].shared_with, Some((officer_id, "Officer Person".into())), "{name}");
        assert_eq!((mine[1].mood, &mine[1].note), (None, &None), "{name}");
        assert_eq!((mine[0].user, mine[0].kind.as_str()), (colleague_id, "debrief"), "{name}");
        assert_eq!(db.wellbeing_records(me, 1).await.unwrap()[0].id, to_me, "{name}: the limit holds");

        let officers = db.wellbeing_records(officer_id, 100).await.unwrap();
        assert_eq!(officers.iter().map(|r| r.id).collect::<Vec<_>>(), [officers_own, to_officer], "{name}");
        let reps = db.wellbeing_records(rep_id, 100).await.unwrap();
        assert_eq!(reps.iter().map(|r| r.id).collect::<Vec<_>>(), [reps_own], "{name}: nobody shared with the rep");
        for (user, records) in [(me, &mine), (officer_id, &officers), (rep_id, &reps)] {
            for seen in records.iter() {
                let reachable = seen.user == user || seen.shared_with.as_ref().is_some_and(|(id, _)| *id == user);
                assert!(reachable, "{name}: user {user} saw someone else's record {seen:?}");
            }
        }

        // The schema refuses what the use case would never send; nothing is half-written.
        assert!(add(record(me, "gossip", None, None, None, 5)).await.is_err(), "{name}: unknown kind");
        assert!(add(record(me, "check_in", Some(9), None, None, 5)).await.is_err(), "{name}: mood beyond 5");
        let nobody = add(record(me, "check_in", None, None, Some(UserId(987_654)), 5)).await;
        assert!(matches!(nobody, Err(StoreError::MissingReference)), "{name}: {nobody:?}");
        assert_eq!(db.wellbeing_records(me, 100).await.unwrap(), mine, "{name}");

        let page = db
            .audit_entries(&AuditQuery {
                entity: Some("wellbeing".into()),
                entity_id: Some(to_officer.to_string()),
                limit: 10,
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        assert_eq!(page.entries.len(), 1, "{name}: the write is audited against the record");
    }
}
