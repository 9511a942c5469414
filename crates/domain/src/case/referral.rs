//! Referring a case to the union's lawyers. The referral is a step that needs named people:
//! whoever asks attests to the full file checklist, a regional officer approves (or declines
//! with a reason), and only then may the case go to legal level. An external lawyer joins for
//! a fixed period; when it ends they lose the file.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

/// What the file must hold before the lawyers are asked to look at it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistItem {
    Chronology,
    MemberStatement,
    KeyDocuments,
    ProcedureRecord,
    DeadlinesCalculated,
    EligibilityConfirmed,
    MemberConsent,
}

impl ChecklistItem {
    pub const ALL: [ChecklistItem; 7] = [
        Self::Chronology,
        Self::MemberStatement,
        Self::KeyDocuments,
        Self::ProcedureRecord,
        Self::DeadlinesCalculated,
        Self::EligibilityConfirmed,
        Self::MemberConsent,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Chronology => "chronology",
            Self::MemberStatement => "member_statement",
            Self::KeyDocuments => "key_documents",
            Self::ProcedureRecord => "procedure_record",
            Self::DeadlinesCalculated => "deadlines_calculated",
            Self::EligibilityConfirmed => "eligibility_confirmed",
            Self::MemberConsent => "member_consent",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Chronology => "A dated chronology of events is on the timeline",
            Self::MemberStatement => "The member's own signed statement is on file",
            Self::KeyDocuments => "Contract, policies, letters and notes of meetings are on file",
            Self::ProcedureRecord => "Each procedure stage and its outcome is recorded",
            Self::DeadlinesCalculated => "Tribunal time limits (with early conciliation) are calculated on the case",
            Self::EligibilityConfirmed => "Membership and arrears are confirmed for legal assistance",
            Self::MemberConsent => "The member consents to the file going to the union's solicitors",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|item| item.as_str() == raw.trim())
            .ok_or_else(|| format!("There is no checklist item called \u{201c}{}\u{201d}", raw.trim()))
    }

    /// The items of the full checklist not in `ticked`, in checklist order.
    pub fn missing(ticked: &[ChecklistItem]) -> Vec<ChecklistItem> {
        Self::ALL.into_iter().filter(|item| !ticked.contains(item)).collect()
    }
}

/// Where a referral stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatus {
    Requested,
    Approved,
    Declined,
}

impl ReferralStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Approved => "approved",
            Self::Declined => "declined",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Requested => "Waiting for an officer",
            Self::Approved => "Approved",
            Self::Declined => "Declined",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        [Self::Requested, Self::Approved, Self::Declined]
            .into_iter()
            .find(|status| status.as_str() == raw)
            .ok_or_else(|| format!("unknown referral status {raw}"))
    }
}

/// The longest an external lawyer may hold a file before someone renews it.
pub const MAX_EXTERNAL_ACCESS_DAYS: i64 = 366;

/// Checks when an external lawyer's access should end: after now, within a year.
pub fn check_access_until(until: DateTime<Utc>, now: DateTime<Utc>) -> Result<DateTime<Utc>, String> {
    if until <= now {
        return Err("Access must end in the future".into());
    }
    if until > now + Duration::days(MAX_EXTERNAL_ACCESS_DAYS) {
        return Err(format!(
            "Give access for at most {MAX_EXTERNAL_ACCESS_DAYS} days; renew it when the case needs more"
        ));
    }
    Ok(until)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_item_parses_back_and_missing_ones_come_in_checklist_order() {
        for item in ChecklistItem::ALL {
            assert_eq!(ChecklistItem::parse(item.as_str()), Ok(item));
        }
        assert!(ChecklistItem::parse("vibes").unwrap_err().contains("vibes"));
        let ticked = [ChecklistItem::MemberConsent, ChecklistItem::Chronology];
        let missing = ChecklistItem::missing(&ticked);
        assert_eq!(missing.len(), 5);
        assert_eq!(missing[0], ChecklistItem::MemberStatement);
        assert!(ChecklistItem::missing(&ChecklistItem::ALL).is_empty());
    }

    #[test]
    fn external_access_ends_in_the_future_and_within_a_year() {
        let now = DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z").unwrap().with_timezone(&Utc);
        assert!(check_access_until(now, now).is_err());
        assert!(check_access_until(now + Duration::days(367), now).unwrap_err().contains("366"));
        assert_eq!(check_access_until(now + Duration::days(90), now), Ok(now + Duration::days(90)));
    }
}
