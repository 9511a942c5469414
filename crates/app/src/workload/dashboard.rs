//! The workload dashboard: each person in the viewer's scope with their score, what makes it
//! up, and whether they are over, near or under their branch's thresholds.

use chrono::{DateTime, Days, Utc};
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::ids::BranchId;
use steward_domain::organisation::Scope;
use steward_domain::permissions::{Action, Target};
use steward_domain::workload::{
    case_points_from_rating_sum, score, Capacity, Thresholds, WorkloadInputs, WorkloadScore,
};

use std::collections::HashMap;

use steward_domain::ids::UserId;

use crate::organisation::people::{branch_of, person_within};
use crate::ports::{BranchThresholds, Store, WorkloadPerson, WorkloadWeek};
use crate::time::week_start;
use crate::{AppError, RequestContext};

/// The most people one dashboard lists: a union of several thousand reps is read whole (the
/// snapshot table is small); beyond this the store stops.
const MAX_PEOPLE: u32 = 20_000;

#[derive(Debug, Clone)]
pub struct PersonLoad {
    pub person: WorkloadPerson,
    pub branch: Option<BranchId>,
    pub branch_name: String,
    pub score: WorkloadScore,
    pub capacity: Capacity,
    pub thresholds: Thresholds,
}

#[derive(Debug, Clone)]
pub struct WorkloadDashboard {
    /// Heaviest first.
    pub people: Vec<PersonLoad>,
    pub over: usize,
    pub near: usize,
    pub under: usize,
    /// The oldest snapshot shown, so the page can say how fresh the figures are.
    pub computed_at: Option<DateTime<Utc>>,
    /// The branches in the viewer's scope with their thresholds.
    pub branches: Vec<(BranchId, String, Thresholds)>,
}

/// Recomputes everyone's snapshot for the current UK week; run each minute by `serve`.
pub async fn refresh_workload(store: &dyn Store, now: DateTime<Utc>) -> Result<u32, AppError> {
    let starts_on = week_start(to_uk_local(now).date());
    let ends_on = starts_on.checked_add_days(Days::new(6)).unwrap_or(starts_on);
    Ok(store.refresh_workload(WorkloadWeek { starts_on, ends_on }, now).await?)
}

/// Each carrying person's score and capacity against their branch's thresholds, for
/// assignment suggestions (no authorisation: the caller has decided who may be suggested).
pub async fn capacity_by_person(store: &dyn Store) -> Result<HashMap<UserId, (f64, Capacity)>, AppError> {
    let org = store.organisation().await?;
    let saved = store.branch_thresholds().await?;
    Ok(store
        .workload_people(MAX_PEOPLE)
        .await?
        .iter()
        .map(|person| {
            let total = score_of(person).total;
            (person.user, (total, Capacity::of(total, thresholds_for(branch_of(person.scope, &org), &saved))))
        })
        .collect())
}

/// A branch's thresholds, or the defaults when it has set none.
fn thresholds_for(branch: Option<BranchId>, saved: &[BranchThresholds]) -> Thresholds {
    branch
        .and_then(|branch| saved.iter().find(|saved| saved.branch == branch))
        .and_then(|saved| {
            Thresholds::new(f64::from(saved.near_tenths) / 10.0, f64::from(saved.over_tenths) / 10.0).ok()
        })
        .unwrap_or(Thresholds::DEFAULT)
}

pub async fn workload_dashboard(store: &dyn Store, ctx: &RequestContext) -> Result<WorkloadDashboard, AppError> {
    ctx.require(Action::ViewWorkload, Target::Any)?;
    let org = store.organisation().await?;
    let saved = store.branch_thresholds().await?;
    let thresholds_of = |branch: Option<BranchId>| thresholds_for(branch, &saved);
    let viewer = ctx.actor.scope;
    let mut people: Vec<PersonLoad> = store
        .workload_people(MAX_PEOPLE)
        .await?
        .into_iter()
        .filter(|person| person_within(person.scope, viewer, &org))
        .map(|person| {
            let branch = branch_of(person.scope, &org);
            let thresholds = thresholds_of(branch);
            let score = score_of(&person);
            PersonLoad {
                branch_name: branch
                    .and_then(|id| org.branch(id))
                    .map_or_else(|| "Union-wide".to_string(), |b| b.name.clone()),
                capacity: Capacity::of(score.total, thresholds),
                branch,
                score,
                thresholds,
                person,
            }
        })
        .collect();
    people.sort_by(|a, b| b.score.total.total_cmp(&a.score.total).then_with(|| a.person.name.cmp(&b.person.name)));
    let count = |capacity: Capacity| people.iter().filter(|load| load.capacity == capacity).count();
    let branches = org
        .branches
        .iter()
        .filter(|branch| match viewer {
            Scope::Union => true,
            Scope::Region(region) => branch.region == region,
            Scope::Branch(id) => branch.id == id,
            Scope::Workplace(_) => false,
        })
        .map(|branch| (branch.id, branch.name.clone(), thresholds_of(Some(branch.id))))
        .collect();
    Ok(WorkloadDashboard {
        over: count(Capacity::Over),
        near: count(Capacity::Near),
        under: count(Capacity::Under),
        computed_at: people.iter().filter_map(|load| load.person.computed_at).min(),
        people,
        branches,
    })
}

/// A snapshot's score (no snapshot yet: nothing open, nothing logged).
fn score_of(person: &WorkloadPerson) -> WorkloadScore {
    let snapshot = person.snapshot.as_ref();
    score(&WorkloadInputs {
        case_points: case_points_from_rating_sum(snapshot.map_or(0, |s| s.case_points_doubled)),
        deadlines_this_week: snapshot.map_or(0, |s| s.deadlines_this_week),
        minutes_logged_this_week: snapshot.map_or(0, |s| s.minutes_this_week),
        facility_minutes_per_week: person.facility_minutes_per_week,
    })
}
