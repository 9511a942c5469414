//! Workload and wellbeing records the store returns and accepts.

use chrono::{DateTime, NaiveDate, Utc};
use steward_domain::ids::{BranchId, UserId};
use steward_domain::organisation::Scope;
use steward_domain::role::Role;
use steward_domain::workload::Capacity;

/// What the workload score reads for one person, as last computed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadSnapshot {
    pub user: UserId,
    pub open_cases: u32,
    /// Σ (complexity + emotional load) over open cases: twice the case points, kept whole.
    pub case_points_doubled: u64,
    pub deadlines_this_week: u32,
    pub minutes_this_week: u32,
}

/// A person on the workload dashboard: their account and their last snapshot, if any.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkloadPerson {
    pub user: UserId,
    pub name: String,
    pub role: Role,
    pub scope: Scope,
    pub snapshot: Option<WorkloadSnapshot>,
    pub facility_minutes_per_week: Option<u32>,
    pub computed_at: Option<DateTime<Utc>>,
    /// The branch the account sits in, when it sits in one.
    pub branch: Option<BranchId>,
    /// The score in tenths and the capacity, as worked out at the last refresh (or the last
    /// change of the branch's thresholds).
    pub score_tenths: Option<u32>,
    pub capacity: Option<Capacity>,
}

/// A page of the workload dashboard: people within `scope`, heaviest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkloadQuery {
    pub scope: Scope,
    pub capacity: Option<Capacity>,
    pub limit: u32,
    pub offset: u32,
}

/// A branch's workload thresholds, in tenths of a point (the store keeps whole numbers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BranchThresholds {
    pub branch: BranchId,
    pub near_tenths: u32,
    pub over_tenths: u32,
}

/// A private wellbeing record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WellbeingRecord {
    pub id: i64,
    pub user: UserId,
    pub user_name: String,
    /// check_in, supervision or debrief.
    pub kind: String,
    pub mood: Option<u8>,
    pub note: Option<String>,
    pub shared_with: Option<(UserId, String)>,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewWellbeingRecord {
    pub user: UserId,
    pub kind: &'static str,
    pub mood: Option<u8>,
    pub note: Option<String>,
    pub shared_with: Option<UserId>,
    pub created_at: DateTime<Utc>,
}

/// The week a snapshot is computed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WorkloadWeek {
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
}

/// A person's capacity as last placed, with the open cases it counted, for suggestions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacedCapacity {
    pub user: UserId,
    pub capacity: Capacity,
    pub open_cases: u32,
}
