//! `steward demo --scale`: the demo union at a national union's size, for benchmarks. After
//! the ordinary demo (organisation, members, the four demo accounts, a few worked cases) it
//! adds thousands of reps, caseworkers, officers and lawyers and a million plainly fictional
//! closed and open cases with their timelines, deadlines and teams, written in bulk by the
//! store (`Db::seed_scale`). The demo's own `rep@example.org` and `caseworker@example.org`
//! take their turn with everyone else, so they hold a realistic caseload to sign in as.

use std::time::Instant;

use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};
use steward_app::ports::{OrganisationStore, UserStore};
use steward_domain::case::kind::CaseType;
use steward_domain::case::procedure::stages;
use steward_domain::case::timeline::EntryKind;
use steward_domain::case::OUTCOMES;
use steward_domain::ids::UserId;
use steward_store::{Db, ScalePlan, ScaleUser};

use super::cli_context;
use super::demo::{DEMO_PASSWORD, FIRST_NAMES, LAST_NAMES};
use crate::exit::Failure;

pub const DEFAULT_CASES: u32 = 1_000_000;
pub const DEFAULT_ENTRIES_PER_CASE: u32 = 20;
pub const DEFAULT_USERS: u32 = 5_000;
/// Members for the scale demo unless `--members` says otherwise.
pub const DEFAULT_MEMBERS: u32 = 100_000;
/// Percent of the cases still open.
const OPEN_PERCENT: u32 = 8;

/// The size asked for, checked by clap's ranges.
pub struct Scale {
    pub cases: u32,
    pub entries_per_case: u32,
    pub users: u32,
}

const TITLES: [&str; 10] = [
    "Changes to shift pattern without consultation",
    "Alleged breach of the uniform policy",
    "Attendance review after a run of short absences",
    "Overtime not paid for three months",
    "Informal capability meeting about targets",
    "Grievance about a manager's conduct",
    "Restructure puts the member's post at risk",
    "Holiday pay after a transfer of employer",
    "Investigation into a missing stock delivery",
    "Return to work after an injury at the depot",
];

const BODIES: [&str; 8] = [
    "Spoke to the member; they will send the rota for the last six weeks.",
    "Letter from the employer received and scanned to the file.",
    "Wrote to HR asking for the investigation notes before the meeting.",
    "Member upset on the phone; agreed to meet before the hearing.",
    "Went through the policy with the member and what to expect.",
    "Employer offered a new meeting date within the five working days.",
    "Time spent drafting the member's statement.",
    "Checked the member's payslips against the overtime claimed.",
];

/// Adds the scale demo to a database the ordinary demo has just seeded.
pub async fn seed(db: &Db, scale: &Scale) -> Result<(), Failure> {
    let started = Instant::now();
    let plan = plan(db, scale).await?;
    let bar = ProgressBar::new(u64::from(scale.cases));
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} cases ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let progress_bar = bar.clone();
    let progress = move |done: u64| progress_bar.set_position(done);
    let ctx = cli_context();
    let audit = ctx.audit("demo.scale", "case", None, String::new());
    let report = db.seed_scale(&plan, &audit, &progress).await?;
    bar.finish_and_clear();
    let people = plan.reps.len() + plan.caseworkers.len() + plan.officers.len() + plan.lawyers.len();
    println!(
        "Scale demo: {} cases ({} open), {} timeline entries, {} deadlines and tasks, {} team places and {} \
         training records for {people} people, in {:.1} s.",
        report.cases,
        report.open_cases,
        report.entries,
        report.deadlines,
        report.team_rows,
        report.training_records,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The people (new accounts plus the demo's own) and the words the cases are made of.
async fn plan(db: &Db, scale: &Scale) -> Result<ScalePlan, Failure> {
    let users = scale.users;
    // Most people are reps; about one in six a caseworker; a few officers and lawyers.
    let caseworkers = (users / 6).max(2);
    let officers = (users / 50).max(2);
    let lawyers = (users / 200).max(2);
    let reps = users.saturating_sub(caseworkers + officers + lawyers).max(2);
    let organisation = db.organisation().await?;
    let workplaces: Vec<i64> = organisation.workplaces.iter().map(|w| w.id.0).collect();
    let branches: Vec<i64> = organisation.branches.iter().map(|b| b.id.0).collect();
    if workplaces.is_empty() || branches.is_empty() {
        return Err(Failure::Other("the demo organisation is missing".into()));
    }
    let mut new_users = Vec::new();
    let mut add = |role: &'static str, count: u32, scope: &dyn Fn(usize) -> String| {
        for k in 1..=count {
            let index = k as usize;
            let first = FIRST_NAMES[index % FIRST_NAMES.len()];
            let last = LAST_NAMES[(index / FIRST_NAMES.len() + index * 5) % LAST_NAMES.len()];
            new_users.push(ScaleUser {
                email: format!("{role}{k}@example.org"),
                name: format!("{first} {last} ({role} {k})"),
                role,
                scope: scope(index),
            });
        }
    };
    // The demo's own rep, caseworker and officer are one of each; it has no lawyer.
    add("rep", reps - 1, &|k| format!("workplace:{}", workplaces[k % workplaces.len()]));
    add("caseworker", caseworkers - 1, &|k| format!("branch:{}", branches[k % branches.len()]));
    add("officer", officers - 1, &|_| "union".to_owned());
    add("lawyer", lawyers, &|_| "union".to_owned());
    let hash = steward_app::secrets::hash_password(DEMO_PASSWORD).map_err(Failure::Other)?;
    let ids = db.insert_demo_users(&new_users, &hash).await?;
    let mut pools: [Vec<(UserId, String)>; 4] = Default::default();
    for (email, role) in
        [("rep@example.org", "rep"), ("caseworker@example.org", "caseworker"), ("officer@example.org", "officer")]
    {
        let user = db
            .user_by_email(email)
            .await?
            .ok_or_else(|| Failure::Other(format!("the demo user {email} is missing")))?;
        pools[pool_index(role)].push((user.id, email.to_owned()));
    }
    for (user, id) in new_users.iter().zip(ids) {
        pools[pool_index(user.role)].push((id, user.email.clone()));
    }
    let [reps, caseworkers, officers, lawyers] = pools;
    Ok(ScalePlan {
        cases: scale.cases,
        entries_per_case: scale.entries_per_case,
        open_percent: OPEN_PERCENT,
        reps,
        caseworkers,
        officers,
        lawyers,
        case_types: CaseType::ALL
            .into_iter()
            .map(|kind| (kind.as_str().to_owned(), stages(kind).iter().map(|stage| stage.code.to_owned()).collect()))
            .collect(),
        titles: TITLES.iter().map(|title| (*title).to_owned()).collect(),
        outcomes: OUTCOMES.iter().map(|(code, _)| (*code).to_owned()).collect(),
        entry_kinds: [
            EntryKind::Note,
            EntryKind::Call,
            EntryKind::EmailIn,
            EntryKind::EmailOut,
            EntryKind::Meeting,
            EntryKind::TimeSpent,
        ]
        .into_iter()
        .map(|kind| kind.as_str().to_owned())
        .collect(),
        bodies: BODIES.iter().map(|body| (*body).to_owned()).collect(),
        today: Utc::now().date_naive(),
    })
}

fn pool_index(role: &str) -> usize {
    match role {
        "rep" => 0,
        "caseworker" => 1,
        "officer" => 2,
        _ => 3,
    }
}
