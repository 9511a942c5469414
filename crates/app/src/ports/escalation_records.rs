//! Escalation records the store returns and accepts: a case's assessed stakes, the union's
//! guidance rules, and legal referrals.

use chrono::{DateTime, Utc};
use steward_domain::case::escalation::{GuidanceRule, RiskAssessment};
use steward_domain::case::kind::EscalationLevel;
use steward_domain::case::referral::{ChecklistItem, ReferralStatus};
use steward_domain::ids::UserId;

use super::CaseId;

/// The team's latest view of a case's stakes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssessedRisk {
    pub risk: RiskAssessment,
    pub assessed_by: String,
    pub assessed_at: DateTime<Utc>,
}

/// A guidance rule as the union keeps it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredGuidanceRule {
    pub id: i64,
    pub rule: GuidanceRule,
}

/// A referral to the union's lawyers, asked for with the checklist and decided by an officer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Referral {
    pub id: i64,
    pub case: CaseId,
    pub status: ReferralStatus,
    pub summary: String,
    pub checklist: Vec<ChecklistItem>,
    pub requested_by: String,
    pub requested_at: DateTime<Utc>,
    pub decided_by: Option<String>,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReferral {
    pub summary: String,
    pub checklist: Vec<ChecklistItem>,
    pub requested_by: Option<UserId>,
    pub requested_by_label: String,
    pub requested_at: DateTime<Utc>,
}

/// An officer's decision on a waiting referral.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReferralDecision<'a> {
    /// Approve, and move the case from `from` to legal level in the same write.
    Approve {
        from: EscalationLevel,
    },
    Decline {
        reason: &'a str,
    },
}

/// An external lawyer whose time on a file has run out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpiredAccess {
    pub case: CaseId,
    pub user: UserId,
    pub name: String,
    pub expired_at: DateTime<Utc>,
}
