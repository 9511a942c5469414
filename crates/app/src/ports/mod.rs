//! The ports use cases need. `steward-store` implements them for SQLite and PostgreSQL with
//! one set of queries; tests use the same implementation on a throw-away SQLite file.
//!
//! Each trait is narrow (one area); [`Store`] gathers them for wiring.

mod case_records;
mod document_records;
mod enquiry_records;
mod escalation_records;
mod facility_records;
mod records;
mod syllabus_records;
mod time_off_records;
mod time_records;
mod training_records;
mod workload_records;

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use steward_domain::case::escalation::GuidanceRule;
use steward_domain::case::reference::CaseReference;
use steward_domain::enquiry::reference::EnquiryReference;
use steward_domain::ids::{BranchId, EmployerId, MemberId, RegionId, UserId, WorkplaceId};
use steward_domain::member::MemberDetails;
use steward_domain::organisation::{Nation, OrgPath, OrgUnit, Scope};
use steward_domain::role::Role;

pub use crate::error::StoreError;
pub use case_records::*;
pub use document_records::*;
pub use enquiry_records::*;
pub use escalation_records::*;
pub use facility_records::*;
pub use records::*;
pub use syllabus_records::*;
pub use time_off_records::*;
pub use time_records::*;
pub use training_records::*;
pub use workload_records::*;

pub type StoreResult<T> = Result<T, StoreError>;

#[async_trait]
pub trait OrganisationStore: Send + Sync {
    async fn create_region(&self, name: &str, audit: &AuditEntry) -> StoreResult<RegionId>;
    async fn create_branch(&self, region: RegionId, name: &str, audit: &AuditEntry) -> StoreResult<BranchId>;
    async fn create_employer(&self, name: &str, audit: &AuditEntry) -> StoreResult<EmployerId>;
    async fn create_workplace(&self, new: &NewWorkplace, audit: &AuditEntry) -> StoreResult<WorkplaceId>;
    /// Renames a region, branch, employer or workplace; a workplace may also change nation.
    /// `NotFound` when there is no such record.
    async fn edit_org_unit(
        &self,
        unit: OrgUnit,
        id: i64,
        name: &str,
        nation: Option<Nation>,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    async fn organisation(&self) -> StoreResult<Organisation>;
    async fn workplace_path(&self, id: WorkplaceId) -> StoreResult<Option<OrgPath>>;
}

#[async_trait]
pub trait MemberStore: Send + Sync {
    async fn create_member(&self, details: &MemberDetails, audit: &AuditEntry) -> StoreResult<MemberId>;
    async fn update_member(&self, id: MemberId, details: &MemberDetails, audit: &AuditEntry) -> StoreResult<()>;
    async fn member(&self, id: MemberId) -> StoreResult<Option<MemberRecord>>;
    async fn search_members(&self, query: &MemberQuery) -> StoreResult<MemberPage>;
    /// The members with these membership numbers (those that exist).
    async fn members_by_number(&self, numbers: &[&str]) -> StoreResult<Vec<MemberRecord>>;
    /// Creates new members and updates changed ones by membership number, in one transaction
    /// per batch; identical rows are left alone so re-running an import changes nothing.
    async fn import_members(&self, batch: &[MemberDetails], audit: &AuditEntry) -> StoreResult<ImportCounts>;
}

#[async_trait]
pub trait UserStore: Send + Sync {
    async fn create_user(&self, new: &NewUser, audit: &AuditEntry) -> StoreResult<UserId>;
    async fn user_by_email(&self, email: &str) -> StoreResult<Option<UserRecord>>;
    async fn user(&self, id: UserId) -> StoreResult<Option<UserRecord>>;
    async fn list_users(&self) -> StoreResult<Vec<UserRecord>>;
    /// Active users whose own scope covers `path` (its workplace, branch, region, or the whole
    /// union), by name: the colleagues who could work a case there.
    async fn active_users_covering(&self, path: OrgPath) -> StoreResult<Vec<UserRecord>>;
    /// Turns an account off (ending its sessions) or back on. `NotFound` when there is none.
    async fn set_user_active(&self, id: UserId, active: bool, audit: &AuditEntry) -> StoreResult<()>;
    async fn count_users(&self) -> StoreResult<i64>;
}

#[async_trait]
pub trait SessionStore: Send + Sync {
    async fn create_session(&self, session: &NewSession, audit: &AuditEntry) -> StoreResult<()>;
    /// The session and its user, if the session exists, has not expired and the user is active.
    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<(SessionRecord, UserRecord)>>;
    async fn delete_session(&self, token_hash: &str, audit: &AuditEntry) -> StoreResult<()>;
    async fn delete_user_sessions(&self, user: UserId, audit: &AuditEntry) -> StoreResult<u64>;
    async fn create_api_token(&self, user: UserId, name: &str, token_hash: &str, audit: &AuditEntry)
        -> StoreResult<()>;
    async fn user_by_api_token(&self, token_hash: &str) -> StoreResult<Option<UserRecord>>;
}

/// Failed sign-in counting, kept in the database so limits hold across instances.
#[async_trait]
pub trait ThrottleStore: Send + Sync {
    /// Failures recorded for `key` at or after `since`.
    async fn failures_since(&self, key: &str, since: DateTime<Utc>) -> StoreResult<i64>;
    /// Records a failure (or an attempt not yet judged) and returns its row id.
    async fn record_failure(&self, key: &str, at: DateTime<Utc>) -> StoreResult<i64>;
    /// Removes one recorded attempt (it turned out to succeed).
    async fn forget_failure(&self, id: i64) -> StoreResult<()>;
    async fn clear_failures(&self, key: &str) -> StoreResult<()>;
}

/// Secrets the server makes for itself, kept in the database so every instance uses the same.
#[async_trait]
pub trait ServerSecretStore: Send + Sync {
    /// The secret stored under `name`; if there is none yet, `candidate` is stored and
    /// returned (unless another instance stored one first, which is then returned).
    async fn server_secret(&self, name: &str, candidate: &str, now: DateTime<Utc>) -> StoreResult<String>;
}

#[async_trait]
pub trait AuditLog: Send + Sync {
    async fn record(&self, entry: &AuditEntry) -> StoreResult<()>;
    async fn audit_entries(&self, query: &AuditQuery) -> StoreResult<AuditPage>;
}

/// Bank holidays added by an administrator after the compiled-in list was made.
#[async_trait]
pub trait HolidayStore: Send + Sync {
    async fn extra_holidays(&self) -> StoreResult<Vec<ExtraHoliday>>;
    async fn add_extra_holiday(&self, holiday: &NewHoliday, audit: &AuditEntry) -> StoreResult<i64>;
}

/// Enquiries and their messages. Each write records its audit entry in the same transaction.
#[async_trait]
pub trait EnquiryStore: Send + Sync {
    /// The enquiry a reply belongs to: by the reference in its subject, else by the
    /// Message-IDs it answers.
    async fn enquiry_for_reply(
        &self,
        reference: Option<EnquiryReference>,
        message_ids: &[String],
    ) -> StoreResult<Option<EnquiryId>>;
    /// The stored message with this Message-ID, if there is one (so re-importing is harmless,
    /// and a different message reusing the ID can be told apart).
    async fn known_message(&self, message_id: &str) -> StoreResult<Option<KnownMessage>>;
    async fn member_by_email(&self, email: &str) -> StoreResult<Option<MemberMatch>>;
    /// Opens an enquiry with its first message and, optionally, an acknowledgement to send.
    async fn open_enquiry(
        &self,
        new: &NewEnquiry,
        first: &NewEnquiryMessage,
        acknowledgement: Option<&OutboxMail>,
        audit: &AuditEntry,
    ) -> StoreResult<(EnquiryId, EnquiryReference)>;
    /// Adds a message; `next_response_due` reopens the enquiry with a new target, which can be
    /// escalated again if it is missed. `flag` marks the enquiry for a person to look at.
    async fn add_enquiry_message(
        &self,
        enquiry: EnquiryId,
        message: &NewEnquiryMessage,
        next_response_due: Option<DateTime<Utc>>,
        flag: Option<&str>,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    async fn enquiry(&self, id: EnquiryId) -> StoreResult<Option<EnquiryDetail>>;
    /// Sets (or clears) who is working on an enquiry, guarded: `Stale` when it is no longer
    /// held by `from` (someone took it meanwhile), `NotFound` when there is no such enquiry.
    async fn assign_enquiry(
        &self,
        id: EnquiryId,
        from: Option<UserId>,
        to: Option<UserId>,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Closes an enquiry with its outcome.
    async fn close_enquiry(
        &self,
        id: EnquiryId,
        outcome: &str,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Open enquiries in the query's scope matching the filter, soonest due first.
    async fn enquiry_queue(&self, query: &EnquiryQuery) -> StoreResult<Vec<EnquirySummary>>;
    /// How many open enquiries each user holds (users holding none are left out).
    async fn open_enquiries_held(&self) -> StoreResult<Vec<(UserId, u32)>>;
    /// Records a reply (with its attachments) and queues it to be sent, in one transaction:
    /// the enquiry becomes answered, and `replier` holds it if nobody did. `Stale` (nothing
    /// written, nothing sent) when someone else holds it by then.
    async fn record_reply(
        &self,
        enquiry: EnquiryId,
        reply: &NewEnquiryMessage,
        mail: &OutboxMail,
        replier: UserId,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Links an enquiry to a member (it then sits at `workplace`, the member's), guarded:
    /// `Stale` when its member is no longer `from` or it was closed meanwhile, `NotFound`
    /// when there is no such enquiry.
    async fn link_enquiry_member(
        &self,
        id: EnquiryId,
        from: Option<MemberId>,
        to: MemberId,
        workplace: WorkplaceId,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// One attachment with its bytes, if it came with a message of enquiry `id`.
    async fn enquiry_attachment(&self, id: EnquiryId, attachment: i64) -> StoreResult<Option<EnquiryAttachment>>;
    /// Every attachment of the enquiry's messages with its bytes, in the order they came.
    async fn enquiry_attachments(&self, id: EnquiryId) -> StoreResult<Vec<EnquiryAttachment>>;
    /// The message as it arrived (raw bytes), if `message` is one of enquiry `id`'s and kept one.
    async fn enquiry_message_original(&self, id: EnquiryId, message: i64) -> StoreResult<Option<Vec<u8>>>;
}

/// Response targets and escalation per branch, and the escalation of missed targets.
#[async_trait]
pub trait EnquirySettingsStore: Send + Sync {
    /// The branches that have their own settings.
    async fn branch_enquiry_settings(&self) -> StoreResult<Vec<BranchEnquirySettings>>;
    /// The settings of the branch a workplace belongs to, if it has its own.
    async fn enquiry_settings_for_workplace(
        &self,
        workplace: WorkplaceId,
    ) -> StoreResult<Option<BranchEnquirySettings>>;
    async fn save_branch_enquiry_settings(
        &self,
        settings: &BranchEnquirySettings,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Open enquiries whose answer was owed before `now` and that were not escalated yet.
    async fn overdue_unescalated(&self, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<OverdueEnquiry>>;
    /// Marks the enquiry escalated with a note (and mail to the contact); false when another
    /// server escalated it first, in which case nothing is written.
    async fn mark_escalated(
        &self,
        enquiry: EnquiryId,
        note: &NewEnquiryMessage,
        mail: Option<&OutboxMail>,
        audit: &AuditEntry,
    ) -> StoreResult<bool>;
}

/// Routing rules for new enquiries.
#[async_trait]
pub trait RoutingStore: Send + Sync {
    /// All rules, in the order they are tried.
    async fn routing_rules(&self) -> StoreResult<Vec<RoutingRule>>;
    /// Adds a rule after the others, sending enquiries to a person or a queue (the target's
    /// name is not read); returns its id.
    async fn add_routing_rule(
        &self,
        conditions: &steward_domain::enquiry::routing::RuleConditions,
        target: &RuleTarget,
        audit: &AuditEntry,
    ) -> StoreResult<i64>;
    async fn delete_routing_rule(&self, id: i64, audit: &AuditEntry) -> StoreResult<()>;
    /// The named queues, by name, with their open enquiries.
    async fn enquiry_queues(&self) -> StoreResult<Vec<EnquiryQueue>>;
    /// Adds a queue; `Duplicate { field: "name" }` when one has that name in any case.
    async fn add_enquiry_queue(&self, name: &str, audit: &AuditEntry) -> StoreResult<i64>;
    /// Removes a queue that no rule sends to; its open enquiries go back to the general queue.
    /// `Stale` when a rule still names it.
    async fn delete_enquiry_queue(&self, id: i64, audit: &AuditEntry) -> StoreResult<()>;
    /// Puts an enquiry in a queue (or takes it out with `None`).
    async fn set_enquiry_queue(&self, enquiry: EnquiryId, queue: Option<i64>, audit: &AuditEntry) -> StoreResult<()>;
    /// The branch and employer of a workplace.
    async fn routing_place(&self, workplace: WorkplaceId) -> StoreResult<RoutingPlace>;
}

/// Reply templates with merge fields.
#[async_trait]
pub trait ReplyTemplateStore: Send + Sync {
    async fn reply_templates(&self) -> StoreResult<Vec<ReplyTemplate>>;
    async fn reply_template(&self, id: i64) -> StoreResult<Option<ReplyTemplate>>;
    /// Creates (`id` None) or changes a template; names are unique.
    async fn save_reply_template(
        &self,
        id: Option<i64>,
        name: &str,
        body: &str,
        audit: &AuditEntry,
    ) -> StoreResult<i64>;
}

/// Cases, their members, team and timeline. Each write appends its timeline entries and
/// records its audit entry in the same transaction.
#[async_trait]
pub trait CaseStore: Send + Sync {
    /// Opens a case with its first timeline entries; when `new.enquiry` is set, that enquiry
    /// is closed as "case opened" and linked, or `Conflict` if it was closed or promoted first.
    async fn open_case(
        &self,
        new: &NewCase,
        entries: &[NewTimelineEntry],
        audit: &AuditEntry,
    ) -> StoreResult<(CaseId, steward_domain::case::reference::CaseReference)>;
    async fn case_file(&self, id: CaseId) -> StoreResult<Option<CaseFile>>;
    /// The case with this reference, if there is one (access is the caller's to check).
    async fn case_id_by_reference(&self, reference: CaseReference) -> StoreResult<Option<CaseId>>;
    /// A page of the timeline, newest first (by when each entry happened): at most
    /// `limit + 1` entries older than `before` (one more tells of an older page); only
    /// entries of `kind` when it is given.
    async fn case_timeline(
        &self,
        id: CaseId,
        kind: Option<steward_domain::case::timeline::EntryKind>,
        before: Option<TimelineCursor>,
        limit: u32,
    ) -> StoreResult<Vec<TimelineEntry>>;
    /// Where each of these cases sits and the part `viewer` plays on it, in one read (for
    /// checking many linked or listed cases at once); cases that do not exist are left out.
    async fn case_access(&self, ids: &[CaseId], viewer: UserId) -> StoreResult<Vec<CaseAccessRow>>;
    /// Whether entry `entry` is on case `id`'s timeline.
    async fn timeline_entry_on_case(&self, id: CaseId, entry: i64) -> StoreResult<bool>;
    /// Appends one entry; returns its id.
    async fn add_timeline_entry(&self, id: CaseId, entry: &NewTimelineEntry, audit: &AuditEntry) -> StoreResult<i64>;
    /// Makes a guarded change with the entry that records it; `StoreError::Stale` when the
    /// case is no longer in the state the change expects (someone else changed it first).
    async fn change_case(
        &self,
        id: CaseId,
        change: CaseChange<'_>,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// A page of cases, due soonest first (nothing due last), then most recently changed;
    /// one more than `limit` tells of a next page.
    async fn list_cases(&self, query: &CaseQuery) -> StoreResult<Vec<CaseSummary>>;
    /// Cases with this status (open or closed) whose team `user` is on, with their part, newest first.
    async fn cases_held_by(
        &self,
        user: UserId,
        status: &'static str,
    ) -> StoreResult<Vec<(CaseSummary, steward_domain::case::kind::CaseRole)>>;
    /// The cases a member is on, newest first.
    async fn member_cases(&self, member: MemberId) -> StoreResult<Vec<CaseSummary>>;
    /// Adds a deadline or task with the entry recording it; returns its id.
    async fn add_case_deadline(
        &self,
        id: CaseId,
        deadline: &NewCaseDeadline,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<i64>;
    /// Marks a deadline or task done; `Stale` when it was done already or is not this case's.
    async fn complete_case_deadline(
        &self,
        id: CaseId,
        deadline: i64,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// The case's deadlines and tasks, open ones first, soonest first.
    async fn case_deadlines(&self, id: CaseId) -> StoreResult<Vec<CaseDeadline>>;
    /// Open deadlines and tasks on open cases whose team `user` is on now, due on or before `until`.
    async fn due_for_user(&self, user: UserId, until: chrono::NaiveDate, limit: u32) -> StoreResult<Vec<DueItem>>;
    /// Open deadlines and tasks on open cases, due on or before `until`, not yet reminded of.
    async fn deadlines_to_remind(&self, until: chrono::NaiveDate, limit: u32) -> StoreResult<Vec<DueItem>>;
    /// Queues the reminder mail and marks the deadline reminded; false (nothing written) when
    /// another server did it first.
    async fn mark_reminded(&self, deadline: i64, mails: &[OutboxMail], audit: &AuditEntry) -> StoreResult<bool>;
    /// Adds a meeting with the entry recording it; returns its id.
    async fn add_meeting(
        &self,
        id: CaseId,
        meeting: &NewMeeting,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<i64>;
    /// Records how a meeting went; `NotFound` when it is not this case's.
    async fn set_meeting_outcome(
        &self,
        id: CaseId,
        meeting: i64,
        outcome: &str,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    async fn case_meetings(&self, id: CaseId) -> StoreResult<Vec<Meeting>>;
    async fn meeting(&self, meeting: i64) -> StoreResult<Option<Meeting>>;
    /// Meetings `user` goes to as companion that overlap `from`..`to`.
    async fn companion_meetings(
        &self,
        user: UserId,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> StoreResult<Vec<Meeting>>;
    /// Meetings from `from` on cases whose team `user` is on now, soonest first.
    async fn meetings_for_user(&self, user: UserId, from: DateTime<Utc>, limit: u32) -> StoreResult<Vec<Meeting>>;
    /// Sets (or replaces) the user's private calendar feed address, by its hash.
    async fn set_calendar_feed(&self, user: UserId, token_hash: &str, audit: &AuditEntry) -> StoreResult<()>;
    /// The active user whose calendar feed address has this hash.
    async fn user_by_calendar_feed(&self, token_hash: &str) -> StoreResult<Option<UserRecord>>;
    async fn case_settings(&self) -> StoreResult<CaseSettings>;
    async fn save_case_settings(&self, settings: &CaseSettings, audit: &AuditEntry) -> StoreResult<()>;
}

/// A case's stakes, the union's escalation guidance, legal referrals and external lawyers'
/// time-bound places on a file.
#[async_trait]
pub trait CaseEscalationStore: Send + Sync {
    async fn case_risk(&self, id: CaseId) -> StoreResult<Option<AssessedRisk>>;
    /// Records the team's view of the stakes, with its timeline entry.
    async fn set_case_risk(
        &self,
        id: CaseId,
        risk: &AssessedRisk,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    async fn guidance_rules(&self) -> StoreResult<Vec<StoredGuidanceRule>>;
    async fn add_guidance_rule(&self, rule: &GuidanceRule, audit: &AuditEntry) -> StoreResult<i64>;
    async fn delete_guidance_rule(&self, id: i64, audit: &AuditEntry) -> StoreResult<()>;
    /// A case's referrals, newest first.
    async fn referrals(&self, id: CaseId) -> StoreResult<Vec<Referral>>;
    /// Asks for a referral on an open case; `Duplicate { field: "referral" }` while one waits.
    async fn request_referral(
        &self,
        id: CaseId,
        referral: &NewReferral,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<i64>;
    /// Decides a waiting referral; `Stale` if it was decided meanwhile or the case moved.
    async fn decide_referral(
        &self,
        id: CaseId,
        referral: i64,
        decision: ReferralDecision<'_>,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Puts an external lawyer on an open case until `until`.
    async fn add_external_lawyer(
        &self,
        id: CaseId,
        user: UserId,
        until: DateTime<Utc>,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    async fn expired_access(&self, now: DateTime<Utc>, limit: u32) -> StoreResult<Vec<ExpiredAccess>>;
    /// Takes an expired lawyer off the case; false if someone else already did.
    async fn end_external_access(
        &self,
        access: &ExpiredAccess,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<bool>;
}

/// Union time logged, and the profiles it is measured against.
#[async_trait]
pub trait TimeStore: Send + Sync {
    /// Logs time; with `timeline`, also appends that entry to the entry's (open) case in the
    /// same write.
    async fn add_time_entry(
        &self,
        entry: &NewTimeEntry,
        timeline: Option<&NewTimelineEntry>,
        audit: &AuditEntry,
    ) -> StoreResult<i64>;
    /// A person's entries worked on `from..=to`, newest first, at most `limit`.
    async fn time_entries(
        &self,
        user: UserId,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        limit: u32,
    ) -> StoreResult<Vec<TimeEntry>>;
    /// Deletes one of a person's own entries (a slip of the thumb); NotFound if not theirs.
    async fn delete_time_entry(&self, user: UserId, id: i64, audit: &AuditEntry) -> StoreResult<()>;
    /// Facility time per person at an employer over `from..=to`.
    async fn facility_time_by_official(
        &self,
        employer: EmployerId,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> StoreResult<Vec<OfficialTime>>;
    async fn rep_profile(&self, user: UserId) -> StoreResult<RepProfile>;
    async fn save_rep_profile(&self, user: UserId, profile: &RepProfile, audit: &AuditEntry) -> StoreResult<()>;
}

/// Training and accreditation records.
#[async_trait]
pub trait TrainingStore: Send + Sync {
    /// A person's records, most recently completed first.
    async fn training_records(&self, user: UserId) -> StoreResult<Vec<TrainingRecord>>;
    async fn add_training_record(&self, record: &NewTrainingRecord, audit: &AuditEntry) -> StoreResult<i64>;
    /// Deletes one of the person's records (recorded by mistake); NotFound if not theirs.
    async fn remove_training_record(&self, user: UserId, id: i64, audit: &AuditEntry) -> StoreResult<()>;
    /// Everyone holding `competence` on `day`: completed by then and not lapsed.
    async fn trained_in(
        &self,
        competence: steward_domain::training::Competence,
        day: chrono::NaiveDate,
    ) -> StoreResult<Vec<UserId>>;
}

/// Time-off requests to the employer, and each employer's notice rule. Status changes are
/// guarded updates on the status the change expects, so a double click or two managers
/// cannot both decide.
#[async_trait]
pub trait TimeOffStore: Send + Sync {
    /// The employer's notice rule, or `NoticeRule::DEFAULT` when it has none.
    async fn time_off_rule(&self, employer: EmployerId) -> StoreResult<steward_domain::facility::time_off::NoticeRule>;
    async fn save_time_off_rule(
        &self,
        employer: EmployerId,
        rule: steward_domain::facility::time_off::NoticeRule,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Saves a new draft; returns its id.
    async fn create_time_off_request(&self, new: &NewTimeOffRequest, audit: &AuditEntry) -> StoreResult<i64>;
    /// Changes one of `user`'s drafts; `NotFound` when it is not theirs, `Stale` when it is
    /// no longer a draft.
    async fn update_time_off_draft(
        &self,
        id: i64,
        user: UserId,
        fields: &TimeOffFields,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    async fn time_off_request(&self, id: i64) -> StoreResult<Option<TimeOffRequest>>;
    /// The request whose manager's link has this hash (expired or not: the caller says why
    /// it is refused).
    async fn time_off_request_by_link(&self, token_hash: &str) -> StoreResult<Option<TimeOffRequest>>;
    /// Requests in the filter, soonest time off last-first (newest dates first), at most `limit`.
    async fn time_off_requests(&self, filter: TimeOffFilter, limit: u32) -> StoreResult<Vec<TimeOffRequest>>;
    /// Draft to submitted, keeping the notice check; `Stale` when it is no longer a draft or
    /// was changed (edited, its syllabus file attached or removed) after `read_at`, the
    /// `updated_at` the notice was checked against.
    async fn submit_time_off(
        &self,
        id: i64,
        read_at: DateTime<Utc>,
        notice: &steward_domain::facility::time_off::NoticeCheck,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Draft or submitted (`from`) to withdrawn; `Stale` when it is no longer `from`. The
    /// manager's link then only says the request was withdrawn.
    async fn withdraw_time_off(
        &self,
        id: i64,
        from: steward_domain::facility::time_off::RequestStatus,
        by: &str,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Gives a submitted request a manager's link (replacing any earlier one) and queues the
    /// mail that carries it, in one write; `Stale` when it is not waiting for the manager.
    async fn set_time_off_link(
        &self,
        id: i64,
        link: &ManagerLink,
        mail: &OutboxMail,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
    /// Decides a submitted request through its link; `Stale` (nothing written) when it was
    /// decided or withdrawn meanwhile, or the link expired or was replaced.
    async fn decide_time_off(
        &self,
        id: i64,
        token_hash: &str,
        decision: &TimeOffDecision,
        audit: &AuditEntry,
    ) -> StoreResult<()>;
}

/// Workload snapshots, branch thresholds and private wellbeing records.
#[async_trait]
pub trait WorkloadStore: Send + Sync {
    /// Computes every active rep's, caseworker's and officer's snapshot for `week` (reading),
    /// then writes them in one short transaction. Returns how many people it covered.
    async fn refresh_workload(&self, week: WorkloadWeek, now: DateTime<Utc>) -> StoreResult<u32>;
    /// When the newest snapshot was computed, by any server.
    async fn workload_computed_at(&self) -> StoreResult<Option<DateTime<Utc>>>;
    /// Active reps, caseworkers and officers with their snapshots (at most `limit`).
    async fn workload_people(&self, limit: u32) -> StoreResult<Vec<WorkloadPerson>>;
    /// A page of people with snapshots within the query's scope, heaviest first.
    async fn workload_page(&self, query: &WorkloadQuery) -> StoreResult<Vec<WorkloadPerson>>;
    /// The last placed capacity and open cases of the active accounts whose scope covers
    /// `path` (the same people `UserStore::active_users_covering` lists).
    async fn capacities_covering(&self, path: OrgPath) -> StoreResult<Vec<PlacedCapacity>>;
    /// How many people with snapshots within `scope` are under, near and over capacity.
    async fn workload_counts(&self, scope: Scope) -> StoreResult<[u32; 3]>;
    async fn branch_thresholds(&self) -> StoreResult<Vec<BranchThresholds>>;
    /// Saves a branch's thresholds and re-places its people's snapshots against them.
    async fn save_branch_thresholds(&self, thresholds: &BranchThresholds, audit: &AuditEntry) -> StoreResult<()>;
    /// The emotional load of the last `count` cases `user` joined, newest first.
    async fn recent_emotional_loads(&self, user: UserId, count: u32) -> StoreResult<Vec<u8>>;
    async fn add_wellbeing_record(&self, record: &NewWellbeingRecord, audit: &AuditEntry) -> StoreResult<i64>;
    /// Records `user` made, and records others shared with `user`, newest first.
    async fn wellbeing_records(&self, user: UserId, limit: u32) -> StoreResult<Vec<WellbeingRecord>>;
}

/// Mail waiting to be sent, claimed by one sender at a time.
#[async_trait]
pub trait OutboxStore: Send + Sync {
    /// Claims up to `limit` unsent messages for `worker` until `lease_until`; messages another
    /// worker holds an unexpired claim on are left alone.
    async fn claim_outbox(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<(i64, OutboxMail)>>;
    async fn mark_sent(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()>;
    /// Records a failed attempt; the message is tried again after `retry_at`.
    async fn mark_failed(&self, id: i64, error: &str, retry_at: DateTime<Utc>) -> StoreResult<()>;
}

/// Sends one message (SMTP in production).
#[async_trait]
pub trait MailSender: Send + Sync {
    async fn send(&self, mail: &OutboxMail) -> Result<(), String>;
}

#[async_trait]
pub trait Health: Send + Sync {
    async fn ping(&self) -> StoreResult<()>;
}

pub trait Store:
    OrganisationStore
    + MemberStore
    + UserStore
    + SessionStore
    + ThrottleStore
    + ServerSecretStore
    + AuditLog
    + HolidayStore
    + EnquiryStore
    + ReplyTemplateStore
    + EnquirySettingsStore
    + RoutingStore
    + CaseStore
    + CaseDocumentStore
    + CaseEscalationStore
    + TimeStore
    + FacilityReportStore
    + TimeOffStore
    + TimeOffSyllabusStore
    + WorkloadStore
    + TrainingStore
    + OutboxStore
    + Health
{
}
impl<T> Store for T where
    T: OrganisationStore
        + MemberStore
        + UserStore
        + SessionStore
        + ThrottleStore
        + ServerSecretStore
        + AuditLog
        + HolidayStore
        + EnquiryStore
        + ReplyTemplateStore
        + EnquirySettingsStore
        + RoutingStore
        + CaseStore
        + CaseDocumentStore
        + CaseEscalationStore
        + TimeStore
        + FacilityReportStore
        + TimeOffStore
        + TimeOffSyllabusStore
        + WorkloadStore
        + TrainingStore
        + OutboxStore
        + Health
{
}

/// What a new workplace needs.
#[derive(Debug, Clone)]
pub struct NewWorkplace {
    pub name: String,
    pub branch: BranchId,
    pub employer: EmployerId,
    pub nation: Nation,
}

#[derive(Debug, Clone)]
pub struct NewUser {
    pub email: String,
    pub name: String,
    pub role: Role,
    pub scope: Scope,
    pub password_hash: String,
}

#[derive(Debug, Clone)]
pub struct NewSession {
    pub token_hash: String,
    pub user: UserId,
    pub csrf_token: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewHoliday {
    pub nation: Nation,
    pub date: chrono::NaiveDate,
    pub name: String,
}
