//! Case records the store returns and accepts.

use chrono::{DateTime, NaiveDate, Utc};
use steward_domain::case::eligibility::{Eligibility, EligibilityRule};
use steward_domain::case::kind::{CaseRole, CaseType, EscalationLevel};
use steward_domain::case::rating::Rating;
use steward_domain::case::reference::CaseReference;
use steward_domain::case::timeline::EntryKind;
use steward_domain::enquiry::reference::EnquiryReference;
use steward_domain::ids::{MemberId, UserId, WorkplaceId};
use steward_domain::organisation::{OrgPath, Scope};

use super::EnquiryId;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseId(pub i64);

impl std::fmt::Display for CaseId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A case to open, checked.
#[derive(Debug, Clone)]
pub struct NewCase {
    pub year: i32,
    pub title: String,
    pub case_type: CaseType,
    pub lead_member: MemberId,
    /// Where the case sits for scopes: the lead member's workplace.
    pub workplace: WorkplaceId,
    /// Members besides the lead (a collective case).
    pub other_members: Vec<MemberId>,
    /// The collective case this individual case spun out of.
    pub parent: Option<CaseId>,
    /// The enquiry promoted to this case: it is closed as "case opened" in the same write.
    pub enquiry: Option<EnquiryId>,
    pub complexity: Rating,
    pub emotional_load: Rating,
    pub escalation_level: EscalationLevel,
    pub problem_arose_on: NaiveDate,
    pub eligibility: Eligibility,
    pub eligibility_reasons: Vec<String>,
    /// Why full representation was given against the rule, when it was.
    pub eligibility_override: Option<String>,
    pub team: Vec<(UserId, CaseRole)>,
    /// Documents the case opens with (a promoted enquiry's attachments), their bytes already
    /// in the file store: their rows are written in the same transaction as the case.
    pub documents: Vec<super::NewCaseDocument>,
    pub opened_at: DateTime<Utc>,
}

/// One line to append to a case's timeline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTimelineEntry {
    pub kind: EntryKind,
    pub author: Option<UserId>,
    pub author_label: String,
    pub body: String,
    pub minutes: Option<u32>,
    pub corrects: Option<i64>,
    /// When it happened (a call yesterday is recorded today).
    pub occurred_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseSummary {
    pub id: CaseId,
    pub reference: CaseReference,
    pub title: String,
    pub case_type: CaseType,
    pub stage: String,
    /// open or closed.
    pub status: String,
    pub lead_member: MemberId,
    pub lead_member_name: String,
    pub path: OrgPath,
    pub workplace_name: String,
    pub complexity: Rating,
    pub emotional_load: Rating,
    pub escalation_level: EscalationLevel,
    pub eligibility: Eligibility,
    pub outcome: Option<String>,
    /// The soonest open deadline or task.
    pub next_due_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl CaseSummary {
    pub fn is_open(&self) -> bool {
        self.status == "open"
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseMember {
    pub member: MemberId,
    pub name: String,
    pub membership_number: String,
    pub lead: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMember {
    pub user: UserId,
    pub name: String,
    pub email: String,
    pub role: CaseRole,
    pub added_at: DateTime<Utc>,
    /// When an external lawyer's time on the file ends; None for the union's own people.
    pub access_until: Option<DateTime<Utc>>,
}

impl TeamMember {
    /// Whether they still hold the file at `now` (an external lawyer's time may have run out
    /// before the minute's sweep takes them off).
    pub fn holds_file_at(&self, now: DateTime<Utc>) -> bool {
        self.access_until.is_none_or(|until| until > now)
    }
}

/// A case linked to this one (its collective parent, or the cases spun out of it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LinkedCase {
    pub id: CaseId,
    pub reference: CaseReference,
    pub title: String,
    pub status: String,
}

/// Everything on a case file except its timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct CaseFile {
    pub summary: CaseSummary,
    pub members: Vec<CaseMember>,
    pub team: Vec<TeamMember>,
    pub parent: Option<LinkedCase>,
    pub children: Vec<LinkedCase>,
    pub enquiry: Option<(EnquiryId, EnquiryReference)>,
    pub problem_arose_on: NaiveDate,
    pub eligibility_reasons: Vec<String>,
    pub eligibility_override: Option<String>,
    pub closed_at: Option<DateTime<Utc>>,
}

impl CaseFile {
    /// The part `user` plays on the team, if any.
    pub fn team_role_of(&self, user: UserId) -> Option<CaseRole> {
        self.team.iter().find(|member| member.user == user).map(|member| member.role)
    }

    /// The part `user` plays on the team at `now`: none once an external lawyer's time ends.
    pub fn team_role_at(&self, user: UserId, now: DateTime<Utc>) -> Option<CaseRole> {
        self.team.iter().find(|member| member.user == user && member.holds_file_at(now)).map(|member| member.role)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimelineEntry {
    pub id: i64,
    pub kind: EntryKind,
    pub author_label: String,
    pub body: String,
    pub minutes: Option<u32>,
    pub corrects: Option<i64>,
    pub occurred_at: DateTime<Utc>,
    pub created_at: DateTime<Utc>,
}

/// Which cases a list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseQuery {
    /// The asker's scope: cases outside it are left out, unless `viewer` is on their team.
    pub scope: Scope,
    pub viewer: UserId,
    /// Only the cases `viewer` is on (reps and lawyers always; anyone asking for "mine").
    pub team_only: bool,
    /// open, closed, or None for both.
    pub status: Option<&'static str>,
    pub case_type: Option<CaseType>,
    pub limit: u32,
    /// Keyset paging: only cases after this one in the list's order.
    pub after: Option<CaseCursor>,
    /// Rows to skip first; only for callers that still ask by page number without a cursor
    /// (the API's `page`). Pages use `after`.
    pub offset: u32,
}

/// Where a page of the case list ends, in the list's order: due soonest first (nothing due
/// last), then most recently changed, then newest id. Sent back as `after` for the next page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseCursor {
    /// The case's next due date, or `None` when nothing is due.
    pub due_on: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
    pub id: CaseId,
}

impl CaseCursor {
    /// The cursor just after `summary`.
    pub fn after(summary: &CaseSummary) -> Self {
        Self { due_on: summary.next_due_on, updated_at: summary.updated_at, id: summary.id }
    }

    /// As a URL-safe token: `20261231.1764643200123456.42` (date or `-`, microseconds, id).
    pub fn to_token(&self) -> String {
        let due = self.due_on.map_or_else(|| "-".to_owned(), |on| on.format("%Y%m%d").to_string());
        format!("{due}.{}.{}", self.updated_at.timestamp_micros(), self.id.0)
    }

    /// Reads a token made by `to_token`; `None` for anything else.
    pub fn from_token(raw: &str) -> Option<Self> {
        let mut parts = raw.trim().split('.');
        let (due, micros, id) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        let due_on = match due {
            "-" => None,
            digits if digits.len() == 8 => Some(NaiveDate::parse_from_str(digits, "%Y%m%d").ok()?),
            _ => return None,
        };
        let updated_at = DateTime::from_timestamp_micros(micros.parse().ok()?)?;
        let id = id.parse::<i64>().ok().filter(|id| *id > 0)?;
        Some(Self { due_on, updated_at, id: CaseId(id) })
    }
}

/// Where a page of a case's timeline ends (newest first): only older entries come next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimelineCursor {
    pub occurred_at: DateTime<Utc>,
    pub id: i64,
}

impl TimelineCursor {
    pub fn after(entry: &TimelineEntry) -> Self {
        Self { occurred_at: entry.occurred_at, id: entry.id }
    }

    /// As a URL-safe token: `1764643200123456.987` (microseconds, entry id).
    pub fn to_token(&self) -> String {
        format!("{}.{}", self.occurred_at.timestamp_micros(), self.id)
    }

    pub fn from_token(raw: &str) -> Option<Self> {
        let (micros, id) = raw.trim().split_once('.')?;
        let occurred_at = DateTime::from_timestamp_micros(micros.parse().ok()?)?;
        let id = id.parse::<i64>().ok().filter(|id| *id > 0)?;
        Some(Self { occurred_at, id })
    }
}

/// What authorisation needs to know of a case, read for many cases at once: where it sits
/// and the part one person plays on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseAccessRow {
    pub id: CaseId,
    pub path: OrgPath,
    pub team_role: Option<CaseRole>,
    /// When that person's time on the file ends (an external lawyer's), if it does.
    pub access_until: Option<DateTime<Utc>>,
}

impl CaseAccessRow {
    /// The part they play at `now`, as `CaseFile::team_role_at` decides it: none once an
    /// external lawyer's time ends.
    pub fn team_role_at(&self, now: DateTime<Utc>) -> Option<CaseRole> {
        self.team_role.filter(|_| self.access_until.is_none_or(|until| until > now))
    }
}

/// The change a status write makes, guarded so two people cannot both make it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseChange<'a> {
    /// Move the procedure on: only if the case is open and still at `from`.
    Stage {
        from: &'a str,
        to: &'a str,
    },
    /// Close with an outcome: only if the case is open.
    Close {
        outcome: &'a str,
    },
    /// Reopen: only if the case is closed.
    Reopen,
    /// Change the escalation level: only if the case is open and still at `from`.
    Escalation {
        from: EscalationLevel,
        to: EscalationLevel,
    },
    AddToTeam(UserId, CaseRole),
    RemoveFromTeam(UserId),
    /// Hand one person's part on an open case to another (who may be on the team already,
    /// in which case they keep their own part).
    Reallocate {
        from: UserId,
        to: UserId,
        role: CaseRole,
    },
}

/// The union's case rules, with when they were last set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseSettings {
    pub eligibility: EligibilityRule,
}

/// A deadline or task to add to a case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCaseDeadline {
    /// deadline or task.
    pub kind: &'static str,
    pub title: String,
    pub due_on: NaiveDate,
    /// The calculator it came from, with its inputs as JSON and its explanation.
    pub rule: Option<String>,
    pub inputs: Option<String>,
    pub explanation: Option<String>,
    pub owner: Option<UserId>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseDeadline {
    pub id: i64,
    pub case: CaseId,
    pub kind: String,
    pub title: String,
    pub due_on: NaiveDate,
    pub rule: Option<String>,
    pub explanation: Option<String>,
    pub owner: Option<UserId>,
    pub owner_name: Option<String>,
    pub created_by: String,
    pub done_at: Option<DateTime<Utc>>,
}

/// An open deadline or task, with the case it belongs to (for dashboards and reminders).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueItem {
    pub deadline: CaseDeadline,
    pub reference: CaseReference,
    pub case_title: String,
    /// Who hears about it: the team, and the task's owner (name, e-mail address); filled
    /// in for reminders only.
    pub recipients: Vec<(String, String)>,
}

/// A meeting to add to a case, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMeeting {
    pub meeting_type: steward_domain::case::meeting::MeetingType,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: Option<String>,
    pub video_link: Option<String>,
    pub member: Option<MemberId>,
    /// The rep or caseworker going with the member.
    pub companion: Option<UserId>,
    pub prep_notes: Option<String>,
    /// For a hearing with the right to be accompanied: the latest date it may be put off to.
    pub postponement_latest: Option<NaiveDate>,
    pub postponement_explanation: Option<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Meeting {
    pub id: i64,
    pub case: CaseId,
    pub case_reference: CaseReference,
    pub case_title: String,
    pub meeting_type: steward_domain::case::meeting::MeetingType,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub place: Option<String>,
    pub video_link: Option<String>,
    pub member: Option<(MemberId, String)>,
    pub companion: Option<(UserId, String)>,
    pub prep_notes: Option<String>,
    pub outcome: Option<String>,
    pub postponement_latest: Option<NaiveDate>,
    pub postponement_explanation: Option<String>,
    pub created_at: DateTime<Utc>,
}
