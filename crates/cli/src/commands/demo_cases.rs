//! Demo cases: a few files at different stages, opened and worked through the real use cases
//! by the demo's own people, so the case pages have something to show for every role.

use chrono::{Duration, NaiveDate, Utc};
use steward_app::cases::{
    add_to_team, change_stage, close_case, open_case, record_entry, set_escalation, EntryDraft, OpenCaseForm, StageForm,
};
use steward_app::training::{record_training, TrainingDraft};
use steward_app::{RequestContext, Store};
use steward_domain::permissions::Actor;

use crate::exit::Failure;

/// One demo case: who opens it, for which demo member (by index), and how far it has got.
struct DemoCase {
    opener: &'static str,
    member: u32,
    case_type: &'static str,
    title: &'static str,
    stages: &'static [&'static str],
    note: &'static str,
    outcome: Option<&'static str>,
}

// Members 0 (at the rep's workplace, in arrears), 5, 14, 28, 37 and 51 all work in the first
// branch, which the demo caseworker covers.
const CASES: [DemoCase; 5] = [
    DemoCase {
        opener: "caseworker@example.org",
        member: 37,
        case_type: "disciplinary",
        title: "Alleged misuse of the staff car park permit",
        stages: &["investigation"],
        note: "Investigation meeting on Monday; member has a written statement ready.",
        outcome: None,
    },
    DemoCase {
        opener: "caseworker@example.org",
        member: 14,
        case_type: "grievance",
        title: "Rota changes made without consultation",
        stages: &["raised"],
        note: "Grievance letter sent to the head teacher; acknowledgement received.",
        outcome: None,
    },
    DemoCase {
        opener: "rep@example.org",
        member: 0,
        case_type: "capability",
        title: "Informal capability meeting about lesson observations",
        stages: &["informal"],
        note: "Member is anxious; agreed to talk through the support plan before the next observation.",
        outcome: None,
    },
    DemoCase {
        opener: "officer@example.org",
        member: 51,
        case_type: "tribunal_referral",
        title: "Unpaid holiday pay after TUPE transfer",
        stages: &["legal_assessment", "early_conciliation"],
        note: "ACAS early conciliation notification made; certificate expected within six weeks.",
        outcome: None,
    },
    DemoCase {
        opener: "caseworker@example.org",
        member: 28,
        case_type: "sickness_absence",
        title: "Attendance review after back injury",
        stages: &["occupational_health"],
        note: "Occupational health recommended a phased return; employer agreed.",
        outcome: Some("resolved_informally"),
    },
];

/// Opens the demo cases when the union has enough members for them; returns how many.
pub async fn seed_cases(store: &dyn Store, members: u32, today: NaiveDate) -> Result<usize, Failure> {
    let mut opened = 0;
    for (index, demo) in CASES.iter().enumerate().filter(|(_, demo)| demo.member < members) {
        let ctx = person(store, demo.opener).await?;
        let form = OpenCaseForm {
            title: demo.title.into(),
            case_type: demo.case_type.into(),
            membership_number: format!("DM{:07}", demo.member + 1),
            problem_arose_on: (today - Duration::days(20 + 9 * i64::try_from(index).unwrap_or(0))).to_string(),
            complexity: (2 + index % 3).to_string(),
            emotional_load: (3 + index % 3).to_string(),
            ..OpenCaseForm::default()
        };
        let (case, _) = open_case(store, &ctx, &form).await?;
        for stage in demo.stages {
            change_stage(store, &ctx, case, &StageForm { to: (*stage).into(), ..StageForm::default() }).await?;
        }
        let entry =
            EntryDraft { kind: "note".into(), body: demo.note.into(), minutes: "30".into(), ..EntryDraft::default() };
        record_entry(store, &ctx, case, &entry).await?;
        if demo.opener == "caseworker@example.org" && index == 0 {
            let rep = person(store, "rep@example.org").await?;
            add_to_team(store, &ctx, case, rep.actor.user_id, "rep").await?;
            set_escalation(store, &ctx, case, "officer", "Possible dismissal: the officer should see the file.")
                .await?;
        }
        if let Some(outcome) = demo.outcome {
            close_case(store, &ctx, case, outcome, "").await?;
        }
        opened += 1;
    }
    Ok(opened)
}

/// Demo training, recorded by the demo officer: so suggestions for a disciplinary, a sickness
/// case or a pay question have someone trained to offer first.
const TRAINING: [(&str, &str, &str, &str, Option<&str>); 3] = [
    ("caseworker@example.org", "accompanying", "Reps stage 1: representing members", "2024-03-14", None),
    (
        "caseworker@example.org",
        "sickness_and_disability",
        "Sickness absence and reasonable adjustments",
        "2025-05-20",
        Some("2028-05-20"),
    ),
    ("rep@example.org", "pay_and_contracts", "Pay, contracts and holiday pay", "2025-10-02", None),
];

pub async fn seed_training(store: &dyn Store) -> Result<usize, Failure> {
    let officer = person(store, "officer@example.org").await?;
    for (email, competence, course, completed_on, expires_on) in TRAINING {
        let trained = person(store, email).await?;
        let draft = TrainingDraft {
            competence: competence.into(),
            course: course.into(),
            completed_on: completed_on.into(),
            expires_on: expires_on.unwrap_or_default().into(),
        };
        record_training(store, &officer, trained.actor.user_id, &draft).await?;
    }
    Ok(TRAINING.len())
}

/// A request context acting as one of the demo's people.
async fn person(store: &dyn Store, email: &str) -> Result<RequestContext, Failure> {
    let user =
        store.user_by_email(email).await?.ok_or_else(|| Failure::Other(format!("the demo user {email} is missing")))?;
    Ok(RequestContext {
        actor: Actor { user_id: user.id, role: user.role, scope: user.scope },
        actor_label: user.email,
        source: None,
        now: Utc::now(),
    })
}
