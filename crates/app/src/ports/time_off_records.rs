//! Time-off request records the store returns and accepts: what a rep asks the employer for,
//! the notice check kept from when it was submitted, and the manager's link and decision.

use chrono::{DateTime, NaiveDate, Utc};
use steward_domain::facility::category::TimeCategory;
use steward_domain::facility::time_off::{NoticeCheck, RequestStatus};
use steward_domain::ids::{EmployerId, UserId, WorkplaceId};
use steward_domain::organisation::Scope;

/// The parts of a request a rep writes (checked), for a new draft or a changed one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeOffFields {
    pub category: TimeCategory,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub minutes: u32,
    pub purpose: String,
    pub meeting: Option<i64>,
    pub course_name: Option<String>,
    pub syllabus: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTimeOffRequest {
    pub user: UserId,
    /// Whose agreement decides the notice: the rep's employer, from their profile or workplace.
    pub employer: Option<EmployerId>,
    /// The rep's workplace (from their scope), which places the request for officers and
    /// gives the nation for bank holidays.
    pub workplace: Option<WorkplaceId>,
    pub fields: TimeOffFields,
    pub created_at: DateTime<Utc>,
}

/// A request as pages and the API show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeOffRequest {
    pub id: i64,
    pub user: UserId,
    pub user_name: String,
    pub user_email: String,
    pub employer: Option<EmployerId>,
    pub employer_name: Option<String>,
    pub workplace: Option<WorkplaceId>,
    pub fields: TimeOffFields,
    pub status: RequestStatus,
    pub submitted_at: Option<DateTime<Utc>>,
    /// The notice check made when the request was submitted.
    pub notice: Option<NoticeCheck>,
    pub manager_name: Option<String>,
    pub manager_email: Option<String>,
    pub link_expires_at: Option<DateTime<Utc>>,
    pub link_sent_at: Option<DateTime<Utc>>,
    pub decided_at: Option<DateTime<Utc>>,
    /// Who decided (the manager's name, "via link"), or who withdrew it.
    pub decided_by: Option<String>,
    pub decision_note: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// Which requests a list holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeOffFilter {
    /// One person's own.
    Mine(UserId),
    /// Everyone's whose workplace the scope covers (requests with no workplace: union scope only).
    InScope(Scope),
}

/// The manager's link: who it goes to and the hash of its secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagerLink {
    pub manager_name: String,
    pub manager_email: String,
    pub token_hash: String,
    pub expires_at: DateTime<Utc>,
}

/// A decision by the manager through the link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeOffDecision {
    /// Approved or Refused.
    pub status: RequestStatus,
    pub note: Option<String>,
    pub decided_by: String,
    pub at: DateTime<Utc>,
}
