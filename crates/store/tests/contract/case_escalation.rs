//! Escalation on both backends: the seeded guidance rules and the admin's own, a case's
//! assessed stakes, legal referrals decided in one guarded write that also moves the case to
//! legal level, and external lawyers whose place on the team ends with their access.

use chrono::{DateTime, Duration, TimeZone, Utc};
use steward_app::cases::{close_case, open_case, OpenCaseForm};
use steward_app::ports::{
    AssessedRisk, AuditEntry, AuditLog, AuditQuery, CaseChange, CaseEscalationStore, CaseId, CaseStore, NewReferral,
    NewTimelineEntry, ReferralDecision, StoreError,
};
use steward_app::RequestContext;
use steward_domain::case::escalation::{GuidanceRule, RiskAssessment, TribunalRisk};
use steward_domain::case::kind::{CaseRole, CaseType, EscalationLevel};
use steward_domain::case::rating::Rating;
use steward_domain::case::referral::{ChecklistItem, ReferralStatus};
use steward_domain::case::timeline::EntryKind;
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_store::Db;
use steward_test_support::{backends, context, member_draft, seed_org, user_context, Org};

/// A fixed moment with whole microseconds, so stored times must round-trip exactly.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).unwrap() + Duration::microseconds(123_456)
}

/// Creates member `n` and opens a case for them as `ctx`.
async fn open(db: &Db, ctx: &RequestContext, org: &Org, n: u32) -> CaseId {
    let admin = context(Role::Admin, Scope::Union);
    steward_app::members::create_member(db, &admin, &member_draft(n, "Ada", "Quill", org.workplace)).await.unwrap();
    let form = OpenCaseForm {
        title: "Dismissal for gross misconduct".into(),
        case_type: "disciplinary".into(),
        membership_number: format!("T{n:06}"),
        problem_arose_on: "2025-01-01".into(),
        complexity: "3".into(),
        emotional_load: "3".into(),
        ..OpenCaseForm::default()
    };
    open_case(db, ctx, &form).await.unwrap().0
}

fn entry(ctx: &RequestContext, kind: EntryKind, body: &str, at: DateTime<Utc>) -> NewTimelineEntry {
    NewTimelineEntry {
        kind,
        author: Some(ctx.actor.user_id),
        author_label: ctx.actor_label.clone(),
        body: body.into(),
        minutes: None,
        corrects: None,
        occurred_at: at,
    }
}

fn audit(ctx: &RequestContext, action: &str, entity: &str, at: DateTime<Utc>) -> AuditEntry {
    AuditEntry { at, ..ctx.audit(action, entity, None, String::new()) }
}

/// The bodies of the case's timeline entries of one kind, newest first.
async fn bodies(db: &Db, case: CaseId, kind: EntryKind) -> Vec<String> {
    db.case_timeline(case, Some(kind), None, 100).await.unwrap().into_iter().map(|entry| entry.body).collect()
}

async fn audit_actions(db: &Db, entity: &str, entity_id: String) -> Vec<String> {
    let page = db
        .audit_entries(&AuditQuery {
            entity: Some(entity.into()),
            entity_id: Some(entity_id),
            limit: 100,
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    page.entries.into_iter().map(|(_, entry)| entry.action).collect()
}

#[tokio::test]
async fn guidance_rules_are_seeded_added_and_deleted_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let admin = user_context(db, Role::Admin, Scope::Union, "admin@example.org").await;

        let seeded = db.guidance_rules().await.unwrap();
        assert_eq!(seeded.len(), 4, "{}: the migration seeds four rules", test.name);
        let rules: Vec<&GuidanceRule> = seeded.iter().map(|stored| &stored.rule).collect();
        assert_eq!(
            (rules[0].case_type, rules[0].level),
            (Some(CaseType::TribunalReferral), EscalationLevel::Officer),
            "{}",
            test.name
        );
        assert_eq!(
            (rules[1].min_tribunal_risk, rules[1].level),
            (Some(TribunalRisk::Likely), EscalationLevel::Officer)
        );
        assert_eq!((rules[2].min_complexity, rules[2].level), (Rating::new(4), EscalationLevel::Caseworker));
        assert_eq!((rules[3].min_value_pounds, rules[3].level), (Some(10_000), EscalationLevel::Officer));
        assert!(rules.iter().all(|rule| !rule.reason.is_empty()));

        let rule = GuidanceRule {
            case_type: Some(CaseType::Redundancy),
            min_complexity: Rating::new(3),
            min_tribunal_risk: Some(TribunalRisk::Possible),
            min_value_pounds: Some(25_000),
            level: EscalationLevel::Legal,
            reason: "Collective redundancies with money at stake go to the lawyers.".into(),
        };
        let id = db.add_guidance_rule(&rule, &audit(&admin, "guidance.add", "guidance_rule", t0())).await.unwrap();
        let after_add = db.guidance_rules().await.unwrap();
        assert_eq!(after_add.len(), 5, "{}", test.name);
        let stored = after_add.iter().find(|stored| stored.id == id).expect("the new rule is listed");
        assert_eq!(stored.rule, rule, "{}: every condition round-trips", test.name);
        assert_eq!(after_add.last().map(|stored| stored.id), Some(id), "{}: listed after the seeded rules", test.name);

        db.delete_guidance_rule(id, &audit(&admin, "guidance.delete", "guidance_rule", t0())).await.unwrap();
        let after_delete = db.guidance_rules().await.unwrap();
        assert_eq!(after_delete, seeded, "{}: back to the seeded four", test.name);
        let again = db.delete_guidance_rule(id, &audit(&admin, "guidance.delete", "guidance_rule", t0())).await;
        assert!(matches!(again, Err(StoreError::NotFound)), "{}: {again:?}", test.name);
        let missing = db.delete_guidance_rule(987_654, &audit(&admin, "guidance.delete", "guidance_rule", t0())).await;
        assert!(matches!(missing, Err(StoreError::NotFound)), "{}: {missing:?}", test.name);

        // Each write is audited against the rule; the failed deletes leave nothing behind.
        let mut actions = audit_actions(db, "guidance_rule", id.to_string()).await;
        actions.sort();
        assert_eq!(actions, ["guidance.add", "guidance.delete"], "{}", test.name);
        assert!(audit_actions(db, "guidance_rule", "987654".into()).await.is_empty(), "{}", test.name);
    }
}

#[tokio::test]
async fn a_case_risk_is_stored_replaced_and_refused_once_closed_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let caseworker = user_context(db, Role::Caseworker, Scope::Branch(org.branch), "cw@example.org").await;
        let case = open(db, &caseworker, &org, 1).await;
        assert_eq!(db.case_risk(case).await.unwrap(), None, "{}: nobody has assessed it yet", test.name);
        let notes_before = bodies(db, case, EntryKind::Note).await;

        let first = AssessedRisk {
            risk: RiskAssessment { tribunal_risk: TribunalRisk::Possible, value_pounds: Some(12_500) },
            assessed_by: "cw@example.org".into(),
            assessed_at: t0(),
        };
        db.set_case_risk(
            case,
            &first,
            &entry(&caseworker, EntryKind::Note, "Stakes assessed: possible, £12500", t0()),
            &audit(&caseworker, "case.risk_assess", "case", t0()),
        )
        .await
        .unwrap();
        assert_eq!(db.case_risk(case).await.unwrap(), Some(first.clone()), "{}", test.name);

        let later = t0() + Duration::hours(3);
        let second = AssessedRisk {
            risk: RiskAssessment { tribunal_risk: TribunalRisk::Likely, value_pounds: None },
            assessed_by: "officer@example.org".into(),
            assessed_at: later,
        };
        db.set_case_risk(
            case,
            &second,
            &entry(&caseworker, EntryKind::Note, "Stakes assessed: likely, no value", later),
            &audit(&caseworker, "case.risk_assess", "case", later),
        )
        .await
        .unwrap();
        assert_eq!(
            db.case_risk(case).await.unwrap(),
            Some(second.clone()),
            "{}: the new view replaces the old",
            test.name
        );
        let notes = bodies(db, case, EntryKind::Note).await;
        assert_eq!(notes.len(), notes_before.len() + 2, "{}: one entry per assessment", test.name);
        assert_eq!(notes[..2], ["Stakes assessed: likely, no value", "Stakes assessed: possible, £12500"]);
        let actions = audit_actions(db, "case", case.to_string()).await;
        assert_eq!(actions.iter().filter(|action| *action == "case.risk_assess").count(), 2, "{}", test.name);

        close_case(db, &caseworker, case, "withdrawn", "").await.unwrap();
        let closed = AssessedRisk { assessed_at: later + Duration::hours(1), ..first.clone() };
        let refused = db
            .set_case_risk(
                case,
                &closed,
                &entry(&caseworker, EntryKind::Note, "too late", closed.assessed_at),
                &audit(&caseworker, "case.risk_assess", "case", closed.assessed_at),
            )
            .await;
        assert!(matches!(refused, Err(StoreError::Stale)), "{}: {refused:?}", test.name);
        assert_eq!(db.case_risk(case).await.unwrap(), Some(second), "{}: nothing written", test.name);
        assert_eq!(bodies(db, case, EntryKind::Note).await, notes, "{}", test.name);
    }
}

#[tokio::test]
async fn a_referral_is_asked_for_once_and_decided_in_one_guarded_write_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let caseworker = user_context(db, Role::Caseworker, Scope::Branch(org.branch), "cw@example.org").await;
        let officer = user_context(db, Role::Officer, Scope::Region(org.region), "officer@example.org").await;
        let case = open(db, &caseworker, &org, 1).await;
        let other = open(db, &caseworker, &org, 2).await;
        let start = db.case_file(case).await.unwrap().unwrap().summary.escalation_level;
        assert_ne!(start, EscalationLevel::Legal);
        let wrong =
            EscalationLevel::ALL.into_iter().find(|level| *level != start && *level != EscalationLevel::Legal).unwrap();

        // Asked for: summary and checklist kept, in the order given.
        let checklist = vec![ChecklistItem::MemberConsent, ChecklistItem::Chronology, ChecklistItem::KeyDocuments];
        let new = NewReferral {
            summary: "Summary dismissal; unfair dismissal claim likely.".into(),
            checklist: checklist.clone(),
            requested_by: Some(caseworker.actor.user_id),
            requested_by_label: "cw@example.org".into(),
            requested_at: t0(),
        };
        let ask = |at: DateTime<Utc>| {
            (
                entry(&caseworker, EntryKind::TeamChange, "Legal referral requested", at),
                audit(&caseworker, "case.referral_request", "case", at),
            )
        };
        let (e, a) = ask(t0());
        let first = db.request_referral(case, &new, &e, &a).await.unwrap();
        let listed = db.referrals(case).await.unwrap();
        assert_eq!(listed.len(), 1, "{}", test.name);
        let waiting = &listed[0];
        assert_eq!((waiting.id, waiting.case, waiting.status), (first, case, ReferralStatus::Requested));
        assert_eq!(waiting.summary, new.summary, "{}", test.name);
        assert_eq!(waiting.checklist, checklist, "{}: the checklist round-trips in order", test.name);
        assert_eq!((waiting.requested_by.as_str(), waiting.requested_at), ("cw@example.org", t0()));
        assert_eq!((&waiting.decided_by, waiting.decided_at, &waiting.decision_note), (&None, None, &None));
        assert!(db.referrals(other).await.unwrap().is_empty(), "{}: referrals belong to their case", test.name);

        // One waits at a time.
        let (e, a) = ask(t0() + Duration::minutes(1));
        let twice = db.request_referral(case, &new, &e, &a).await;
        assert!(matches!(twice, Err(StoreError::Duplicate { field: "referral" })), "{}: {twice:?}", test.name);
        assert_eq!(db.referrals(case).await.unwrap().len(), 1, "{}", test.name);

        let decide_at = t0() + Duration::hours(2);
        let decided_entry = entry(&officer, EntryKind::TeamChange, "Legal referral approved", decide_at);
        let decided_audit = audit(&officer, "case.referral_approve", "case", decide_at);
        let team_changes = bodies(db, case, EntryKind::TeamChange).await;

        // Approving from a level the case is not at is stale, and the whole write is undone.
        let stale = db
            .decide_referral(case, first, ReferralDecision::Approve { from: wrong }, &decided_entry, &decided_audit)
            .await;
        assert!(matches!(stale, Err(StoreError::Stale)), "{}: {stale:?}", test.name);
        let still = &db.referrals(case).await.unwrap()[0];
        assert_eq!((still.status, still.decided_at, &still.decided_by), (ReferralStatus::Requested, None, &None));
        assert_eq!(db.case_file(case).await.unwrap().unwrap().summary.escalation_level, start, "{}", test.name);
        assert_eq!(bodies(db, case, EntryKind::TeamChange).await, team_changes, "{}: no entry", test.name);
        // Nor can another case's decision reach it.
        let elsewhere = db
            .decide_referral(other, first, ReferralDecision::Approve { from: start }, &decided_entry, &decided_audit)
            .await;
        assert!(matches!(elsewhere, Err(StoreError::Stale)), "{}: {elsewhere:?}", test.name);

        // Approved: the referral and the case's level change together.
        db.decide_referral(case, first, ReferralDecision::Approve { from: start }, &decided_entry, &decided_audit)
            .await
            .unwrap();
        let approved = &db.referrals(case).await.unwrap()[0];
        assert_eq!(approved.status, ReferralStatus::Approved, "{}", test.name);
        assert_eq!(
            (approved.decided_by.as_deref(), approved.decided_at, approved.decision_note.as_deref()),
            (Some("officer@example.org"), Some(decide_at), None),
            "{}",
            test.name
        );
        let file = db.case_file(case).await.unwrap().unwrap();
        assert_eq!(file.summary.escalation_level, EscalationLevel::Legal, "{}: moved in the same write", test.name);
        assert_eq!(bodies(db, case, EntryKind::TeamChange).await[0], "Legal referral approved");
        let again = db
            .decide_referral(case, first, ReferralDecision::Approve { from: start }, &decided_entry, &decided_audit)
            .await;
        assert!(matches!(again, Err(StoreError::Stale)), "{}: decided already: {again:?}", test.name);
        let decline_late = db
            .decide_referral(case, first, ReferralDecision::Decline { reason: "late" }, &decided_entry, &decided_audit)
            .await;
        assert!(matches!(decline_late, Err(StoreError::Stale)), "{}: {decline_late:?}", test.name);
        assert_eq!(db.referrals(case).await.unwrap()[0].decision_note, None, "{}", test.name);

        // Declined: the note is kept, the level stays, and the team may ask again.
        let other_start = db.case_file(other).await.unwrap().unwrap().summary.escalation_level;
        let (e, a) = ask(t0());
        let declined = db.request_referral(other, &new, &e, &a).await.unwrap();
        let reason = "The member's statement contradicts the chronology; fix the file first.";
        db.decide_referral(
            other,
            declined,
            ReferralDecision::Decline { reason },
            &entry(&officer, EntryKind::TeamChange, "Legal referral declined", decide_at),
            &audit(&officer, "case.referral_decline", "case", decide_at),
        )
        .await
        .unwrap();
        let after = &db.referrals(other).await.unwrap()[0];
        assert_eq!((after.id, after.status), (declined, ReferralStatus::Declined), "{}", test.name);
        assert_eq!(
            (after.decision_note.as_deref(), after.decided_by.as_deref(), after.decided_at),
            (Some(reason), Some("officer@example.org"), Some(decide_at))
        );
        assert_eq!(db.case_file(other).await.unwrap().unwrap().summary.escalation_level, other_start, "{}", test.name);
        let (e, a) = ask(decide_at + Duration::days(1));
        let renewed = db.request_referral(other, &new, &e, &a).await.unwrap();
        let history: Vec<(i64, ReferralStatus)> =
            db.referrals(other).await.unwrap().iter().map(|referral| (referral.id, referral.status)).collect();
        assert_eq!(
            history,
            [(renewed, ReferralStatus::Requested), (declined, ReferralStatus::Declined)],
            "{}: newest first",
            test.name
        );

        // A closed case takes no referral and no decision.
        close_case(db, &caseworker, other, "withdrawn", "").await.unwrap();
        let closed = db
            .decide_referral(
                other,
                renewed,
                ReferralDecision::Decline { reason: "closed" },
                &decided_entry,
                &decided_audit,
            )
            .await;
        assert!(matches!(closed, Err(StoreError::Stale)), "{}: {closed:?}", test.name);
        assert_eq!(db.referrals(other).await.unwrap()[0].status, ReferralStatus::Requested, "{}", test.name);
        let actions = audit_actions(db, "case", case.to_string()).await;
        assert_eq!(actions.iter().filter(|action| *action == "case.referral_approve").count(), 1, "{}", test.name);
    }
}

#[tokio::test]
async fn an_external_lawyer_holds_the_file_until_their_access_ends_on_both_backends() {
    for test in backends().await {
        let db = &test.db;
        let org = seed_org(db).await;
        let caseworker = user_context(db, Role::Caseworker, Scope::Branch(org.branch), "cw@example.org").await;
        let lawyer = user_context(db, Role::Lawyer, Scope::Union, "solicitor@example.org").await;
        let lawyer_id = lawyer.actor.user_id;
        let case = open(db, &caseworker, &org, 1).await;
        let until = t0() + Duration::days(30);
        let join = |at: DateTime<Utc>| {
            (
                entry(&caseworker, EntryKind::TeamChange, "Lawyer Person joined", at),
                audit(&caseworker, "case.team_add", "case", at),
            )
        };

        let (e, a) = join(t0());
        db.add_external_lawyer(case, lawyer_id, until, &e, &a).await.unwrap();
        let team = db.case_file(case).await.unwrap().unwrap().team;
        let on_team = team.iter().find(|member| member.user == lawyer_id).expect("the lawyer is on the team");
        assert_eq!((on_team.role, on_team.access_until), (CaseRole::Lawyer, Some(until)), "{}", test.name);
        let own = team.iter().find(|member| member.user == caseworker.actor.user_id).expect("the opener");
        assert_eq!(own.access_until, None, "{}: the union's own people have no end date", test.name);
        let joined = bodies(db, case, EntryKind::TeamChange).await;
        assert_eq!(joined[0], "Lawyer Person joined", "{}", test.name);

        let (e, a) = join(t0() + Duration::minutes(5));
        let twice = db.add_external_lawyer(case, lawyer_id, until + Duration::days(30), &e, &a).await;
        assert!(matches!(twice, Err(StoreError::Duplicate { field: "team_member" })), "{}: {twice:?}", test.name);
        let team = db.case_file(case).await.unwrap().unwrap().team;
        let still = team.iter().find(|member| member.user == lawyer_id).unwrap();
        assert_eq!(still.access_until, Some(until), "{}: the failed add changed nothing", test.name);
        assert_eq!(bodies(db, case, EntryKind::TeamChange).await, joined, "{}", test.name);

        // Listed only once `now` reaches the end.
        assert!(db.expired_access(until - Duration::seconds(1), 100).await.unwrap().is_empty(), "{}", test.name);
        let expired = db.expired_access(until + Duration::seconds(1), 100).await.unwrap();
        assert_eq!(expired.len(), 1, "{}", test.name);
        let access = &expired[0];
        assert_eq!(
            (access.case, access.user, access.name.as_str(), access.expired_at),
            (case, lawyer_id, "Lawyer Person", until),
            "{}",
            test.name
        );

        let ended_at = until + Duration::minutes(1);
        let ending = entry(&caseworker, EntryKind::TeamChange, "Lawyer Person's access to the file ended.", until);
        let ending_audit = audit(&caseworker, "case.team_access_expired", "case", ended_at);
        assert!(db.end_external_access(access, &ending, &ending_audit).await.unwrap(), "{}", test.name);
        let file = db.case_file(case).await.unwrap().unwrap();
        assert_eq!(file.team_role_of(lawyer_id), None, "{}: off the team", test.name);
        let after = bodies(db, case, EntryKind::TeamChange).await;
        assert_eq!(after.len(), joined.len() + 1, "{}", test.name);
        assert!(after.contains(&"Lawyer Person's access to the file ended.".to_string()), "{}", test.name);
        assert!(db.expired_access(ended_at, 100).await.unwrap().is_empty(), "{}", test.name);
        assert!(!db.end_external_access(access, &ending, &ending_audit).await.unwrap(), "{}: once", test.name);
        assert_eq!(bodies(db, case, EntryKind::TeamChange).await, after, "{}: nothing more written", test.name);

        // Taken off by hand, the lawyer's access limit goes with them.
        let second_until = t0() + Duration::days(60);
        let (e, a) = join(ended_at);
        db.add_external_lawyer(case, lawyer_id, second_until, &e, &a).await.unwrap();
        let team = db.case_file(case).await.unwrap().unwrap().team;
        assert_eq!(
            team.iter().find(|member| member.user == lawyer_id).and_then(|member| member.access_until),
            Some(second_until),
            "{}: back on with the new end",
            test.name
        );
        db.change_case(
            case,
            CaseChange::RemoveFromTeam(lawyer_id),
            &entry(&caseworker, EntryKind::TeamChange, "Lawyer Person left the team", ended_at),
            &audit(&caseworker, "case.team_remove", "case", ended_at),
        )
        .await
        .unwrap();
        assert_eq!(db.case_file(case).await.unwrap().unwrap().team_role_of(lawyer_id), None, "{}", test.name);
        assert!(
            db.expired_access(second_until + Duration::days(1), 100).await.unwrap().is_empty(),
            "{}: no limit left to expire",
            test.name
        );

        // A closed case takes no lawyer.
        close_case(db, &caseworker, case, "withdrawn", "").await.unwrap();
        let (e, a) = join(ended_at);
        let closed = db.add_external_lawyer(case, lawyer_id, second_until, &e, &a).await;
        assert!(matches!(closed, Err(StoreError::Stale)), "{}: {closed:?}", test.name);
        assert_eq!(db.case_file(case).await.unwrap().unwrap().team_role_of(lawyer_id), None, "{}", test.name);
    }
}
