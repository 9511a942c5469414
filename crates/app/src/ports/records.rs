//! Read models the stores return: shaped for screens and the API, not for tables.

use chrono::{DateTime, NaiveDate, Utc};
use steward_domain::ids::{BranchId, EmployerId, MemberId, RegionId, UserId, WorkplaceId};
use steward_domain::member::MemberStatus;
use steward_domain::organisation::{Nation, Scope};
use steward_domain::role::Role;

#[derive(Debug, Clone, PartialEq)]
pub struct Region {
    pub id: RegionId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Branch {
    pub id: BranchId,
    pub region: RegionId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Employer {
    pub id: EmployerId,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Workplace {
    pub id: WorkplaceId,
    pub branch: BranchId,
    pub employer: EmployerId,
    pub name: String,
    pub nation: Nation,
}

/// The whole organisation tree; small enough (hundreds of rows) to load at once.
#[derive(Debug, Clone, Default)]
pub struct Organisation {
    pub regions: Vec<Region>,
    pub branches: Vec<Branch>,
    pub employers: Vec<Employer>,
    pub workplaces: Vec<Workplace>,
}

impl Organisation {
    pub fn region(&self, id: RegionId) -> Option<&Region> {
        self.regions.iter().find(|r| r.id == id)
    }
    pub fn branch(&self, id: BranchId) -> Option<&Branch> {
        self.branches.iter().find(|b| b.id == id)
    }
    pub fn employer(&self, id: EmployerId) -> Option<&Employer> {
        self.employers.iter().find(|e| e.id == id)
    }
    pub fn workplace(&self, id: WorkplaceId) -> Option<&Workplace> {
        self.workplaces.iter().find(|w| w.id == id)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MemberRecord {
    pub id: MemberId,
    pub membership_number: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub workplace: WorkplaceId,
    pub workplace_name: String,
    pub employer_name: String,
    pub branch: BranchId,
    pub region: RegionId,
    pub job_title: Option<String>,
    pub joined_on: NaiveDate,
    pub status: MemberStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl MemberRecord {
    /// The names of the fields `new` would change. Used both to describe an edit in the audit
    /// log and to tell an import which rows are unchanged, so the two can never disagree.
    pub fn changed_fields(&self, new: &steward_domain::member::MemberDetails) -> Vec<&'static str> {
        let checks = [
            ("membership number", self.membership_number != new.membership_number.as_str()),
            ("first name", self.first_name != new.first_name.as_str()),
            ("last name", self.last_name != new.last_name.as_str()),
            ("email", self.email.as_deref() != new.email.as_ref().map(|e| e.as_str())),
            ("phone", self.phone.as_deref() != new.phone.as_ref().map(|p| p.as_str())),
            ("workplace", self.workplace != new.workplace_id),
            ("job title", self.job_title != new.job_title),
            ("joined on", self.joined_on != new.joined_on),
            ("status", self.status != new.status),
        ];
        checks.into_iter().filter(|(_, differs)| *differs).map(|(name, _)| name).collect()
    }
}

/// A member list request. `scope` is the asker's scope: the store filters by it, so a list
/// can never show a member the asker may not see.
#[derive(Debug, Clone)]
pub struct MemberQuery {
    pub scope: Scope,
    pub text: Option<String>,
    pub status: Option<MemberStatus>,
    pub workplace: Option<WorkplaceId>,
    pub branch: Option<BranchId>,
    pub employer: Option<EmployerId>,
    pub page: u32,
    pub per_page: u32,
}

#[derive(Debug, Clone)]
pub struct MemberPage {
    pub members: Vec<MemberRecord>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
}

impl MemberPage {
    pub fn page_count(&self) -> u32 {
        let per_page = i64::from(self.per_page.max(1));
        u32::try_from((self.total + per_page - 1) / per_page).unwrap_or(u32::MAX).max(1)
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportCounts {
    pub created: u64,
    pub updated: u64,
    pub unchanged: u64,
}

#[derive(Debug, Clone, PartialEq)]
pub struct UserRecord {
    pub id: UserId,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub scope: Scope,
    pub password_hash: String,
    pub active: bool,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SessionRecord {
    pub user: UserId,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

/// One append-only audit line: who did what to which record, when and from where.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub at: DateTime<Utc>,
    pub actor_user_id: Option<UserId>,
    pub actor_label: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<String>,
    pub detail: String,
    pub source: Option<String>,
}

#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub entity: Option<String>,
    pub entity_id: Option<String>,
    pub actor_label: Option<String>,
    /// Leave out entries with this action (e.g. `member.view` in a member's history).
    pub exclude_action: Option<String>,
    /// Entries with an id below this one (for "older" paging); newest first.
    pub before_id: Option<i64>,
    pub limit: u32,
}

#[derive(Debug, Clone)]
pub struct AuditPage {
    pub entries: Vec<(i64, AuditEntry)>,
    /// Pass as `before_id` to see older entries; `None` when this is the last page.
    pub next_before_id: Option<i64>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ExtraHoliday {
    pub id: i64,
    pub nation: Nation,
    pub date: NaiveDate,
    pub name: String,
}
