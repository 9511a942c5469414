//! What the facility-time publication figures read and keep besides time entries: each
//! employer's pay bill per reporting period, and the profiles of the people who count as its
//! relevant union officials.

use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use steward_domain::ids::{EmployerId, UserId};

use super::{AuditEntry, RepProfile, StoreResult};

/// An employer's total pay bill for one April-to-March reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PayBill {
    pub employer: EmployerId,
    /// 1 April of the period.
    pub period_start: NaiveDate,
    /// Gross pay, employer's National Insurance and pension for all employees.
    pub pay_bill_pence: u64,
    /// Months of the period with more than 49 employees throughout, when known.
    pub months_over_49_employees: Option<u32>,
}

/// A pay bill as stored, with when it was last changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredPayBill {
    pub bill: PayBill,
    pub updated_at: DateTime<Utc>,
}

/// What saving a batch of pay bills did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PayBillCounts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

/// Someone who may be one of an employer's relevant union officials, with their profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FacilityOfficial {
    pub user: UserId,
    pub name: String,
    pub active: bool,
    pub profile: RepProfile,
}

#[async_trait]
pub trait FacilityReportStore: Send + Sync {
    async fn pay_bill(&self, employer: EmployerId, period_start: NaiveDate) -> StoreResult<Option<StoredPayBill>>;
    /// Creates or replaces each employer's pay bill for its period, in one transaction; rows
    /// identical to what is stored are left alone (so re-running an import changes nothing).
    /// `MissingReference` when an employer does not exist.
    async fn save_pay_bills(&self, bills: &[PayBill], audit: &AuditEntry) -> StoreResult<PayBillCounts>;
    /// The people among `users`, and everyone whose profile names `employer` as theirs, with
    /// their profiles (default when they have none), in user id order.
    async fn facility_officials(&self, employer: EmployerId, users: &[UserId]) -> StoreResult<Vec<FacilityOfficial>>;
}
