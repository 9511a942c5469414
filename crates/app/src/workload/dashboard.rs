//! The workload dashboard: the people in the viewer's scope, heaviest first a page at a time,
//! with their score, what makes it up, and whether they are over, near or under their
//! branch's thresholds; and how many are in each band. The store keeps each person's score,
//! capacity and place in the organisation with their snapshot, so a union of thousands reads
//! one page, not everyone.

use std::collections::HashMap;

use chrono::{DateTime, Days, Utc};
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::ids::{BranchId, UserId};
use steward_domain::organisation::Scope;
use steward_domain::permissions::{Action, Target};
use steward_domain::workload::{
    case_points_from_rating_sum, score, Capacity, Thresholds, WorkloadInputs, WorkloadScore,
};

use crate::ports::{BranchThresholds, Store, WorkloadPerson, WorkloadQuery, WorkloadWeek};
use crate::time::week_start;
use crate::{AppError, RequestContext};

/// People per dashboard page.
pub const PAGE_SIZE: u32 = 50;
/// The most people whose capacity assignment suggestions read at once.
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
    /// This page, heaviest first.
    pub people: Vec<PersonLoad>,
    /// The band shown, or every band.
    pub capacity: Option<Capacity>,
    pub page: u32,
    pub has_next: bool,
    pub over: usize,
    pub near: usize,
    pub under: usize,
    /// The oldest snapshot on the page, so the page can say how fresh the figures are.
    pub computed_at: Option<DateTime<Utc>>,
    /// The branches in the viewer's scope with their thresholds.
    pub branches: Vec<(BranchId, String, Thresholds)>,
}

/// Recomputes everyone's snapshot for the current UK week (`serve` through
/// `refresh_workload_if_due`, the CLI and tests directly).
pub async fn refresh_workload(store: &dyn Store, now: DateTime<Utc>) -> Result<u32, AppError> {
    let starts_on = week_start(to_uk_local(now).date());
    let ends_on = starts_on.checked_add_days(Days::new(6)).unwrap_or(starts_on);
    Ok(store.refresh_workload(WorkloadWeek { starts_on, ends_on }, now).await?)
}

/// How often servers refresh the snapshots. At a million cases a refresh reads for about a
/// third of a second; every five minutes keeps the dashboard fresh enough to act on without a
/// busy server paying for it each minute.
pub const REFRESH_EVERY_MINUTES: i64 = 5;

/// Refreshes the snapshots unless any server did so within `REFRESH_EVERY_MINUTES`; run each
/// minute by `serve`, so however many servers there are the work is done about once.
pub async fn refresh_workload_if_due(store: &dyn Store, now: DateTime<Utc>) -> Result<Option<u32>, AppError> {
    let fresh = store
        .workload_computed_at()
        .await?
        .is_some_and(|at| now - at < chrono::Duration::minutes(REFRESH_EVERY_MINUTES));
    if fresh {
        return Ok(None);
    }
    refresh_workload(store, now).await.map(Some)
}

/// Each carrying person's score and capacity as last placed, for assignment suggestions (no
/// authorisation: the caller has decided who may be suggested). People with no snapshot yet
/// are left out (their workload is unknown).
pub async fn capacity_by_person(store: &dyn Store) -> Result<HashMap<UserId, (f64, Capacity)>, AppError> {
    Ok(store
        .workload_people(MAX_PEOPLE)
        .await?
        .iter()
        .filter_map(|person| {
            let capacity = person.capacity?;
            Some((person.user, (f64::from(person.score_tenths.unwrap_or(0)) / 10.0, capacity)))
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

/// One page (from 1) of the dashboard, optionally only one band.
pub async fn workload_dashboard(
    store: &dyn Store,
    ctx: &RequestContext,
    capacity: Option<Capacity>,
    page: u32,
) -> Result<WorkloadDashboard, AppError> {
    ctx.require(Action::ViewWorkload, Target::Any)?;
    if page == 0 || page > 10_000 {
        return Err(AppError::field("page", "Choose a page from 1"));
    }
    let viewer = ctx.actor.scope;
    let org = store.organisation().await?;
    let saved = store.branch_thresholds().await?;
    let query = WorkloadQuery { scope: viewer, capacity, limit: PAGE_SIZE + 1, offset: (page - 1) * PAGE_SIZE };
    let mut rows = store.workload_page(&query).await?;
    let has_next = rows.len() > PAGE_SIZE as usize;
    rows.truncate(PAGE_SIZE as usize);
    let people: Vec<PersonLoad> = rows
        .into_iter()
        .map(|person| {
            let thresholds = thresholds_for(person.branch, &saved);
            let score = score_of(&person);
            PersonLoad {
                branch_name: person
                    .branch
                    .and_then(|id| org.branch(id))
                    .map_or_else(|| "Union-wide".to_string(), |b| b.name.clone()),
                capacity: person.capacity.unwrap_or_else(|| Capacity::of(score.total, thresholds)),
                branch: person.branch,
                score,
                thresholds,
                person,
            }
        })
        .collect();
    let [under, near, over] = store.workload_counts(viewer).await?;
    let branches = org
        .branches
        .iter()
        .filter(|branch| match viewer {
            Scope::Union => true,
            Scope::Region(region) => branch.region == region,
            Scope::Branch(id) => branch.id == id,
            Scope::Workplace(_) => false,
        })
        .map(|branch| (branch.id, branch.name.clone(), thresholds_for(Some(branch.id), &saved)))
        .collect();
    Ok(WorkloadDashboard {
        over: over as usize,
        near: near as usize,
        under: under as usize,
        computed_at: people.iter().filter_map(|load| load.person.computed_at).min(),
        capacity,
        page,
        has_next,
        people,
        branches,
    })
}

/// A snapshot's score parts (no snapshot yet: nothing open, nothing logged).
fn score_of(person: &WorkloadPerson) -> WorkloadScore {
    let snapshot = person.snapshot.as_ref();
    score(&WorkloadInputs {
        case_points: case_points_from_rating_sum(snapshot.map_or(0, |s| s.case_points_doubled)),
        deadlines_this_week: snapshot.map_or(0, |s| s.deadlines_this_week),
        minutes_logged_this_week: snapshot.map_or(0, |s| s.minutes_this_week),
        facility_minutes_per_week: person.facility_minutes_per_week,
    })
}
