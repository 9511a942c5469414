//! Time records the store returns and accepts: union time logged, and each person's profile
//! (employer, contracted hours, facility time, cost) that the figures and workload read.

use chrono::{DateTime, NaiveDate, Utc};
use steward_domain::facility::category::TimeCategory;
use steward_domain::ids::{EmployerId, UserId};

use super::{CaseId, EnquiryId};

/// Time to log, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTimeEntry {
    pub user: UserId,
    /// Whose facility time it is: the person's employer, from their profile or workplace.
    pub employer: Option<EmployerId>,
    pub category: TimeCategory,
    /// Union activities the employer agreed to pay for (they then count as facility time).
    pub employer_paid: bool,
    pub worked_on: NaiveDate,
    pub minutes: u32,
    pub case: Option<CaseId>,
    pub enquiry: Option<EnquiryId>,
    pub meeting: Option<i64>,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// Logged time as lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeEntry {
    pub id: i64,
    pub user: UserId,
    pub employer: Option<EmployerId>,
    pub category: TimeCategory,
    pub employer_paid: bool,
    pub worked_on: NaiveDate,
    pub minutes: u32,
    pub case: Option<CaseId>,
    /// The case's reference, for the link, when the entry is against a case.
    pub case_reference: Option<String>,
    pub enquiry: Option<EnquiryId>,
    pub meeting: Option<i64>,
    pub note: Option<String>,
    pub created_at: DateTime<Utc>,
}

/// One person's facility time at an employer over a period, for the publication figures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficialTime {
    pub user: UserId,
    pub facility_minutes: u64,
    pub paid_activity_minutes: u64,
    /// Minutes of every kind, paid or not.
    pub all_minutes: u64,
}

/// What a person's union work is measured against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RepProfile {
    pub employer: Option<EmployerId>,
    pub contracted_minutes_per_week: Option<u32>,
    pub full_time_minutes_per_week: Option<u32>,
    pub facility_minutes_per_week: Option<u32>,
    pub hourly_cost_pence: Option<u64>,
}
