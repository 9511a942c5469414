//! Enquiry records the store returns and accepts.

use chrono::{DateTime, Utc};
use steward_domain::enquiry::reference::EnquiryReference;
use steward_domain::ids::{BranchId, MemberId, UserId, WorkplaceId};
use steward_domain::organisation::{Nation, OrgPath, Scope};

use crate::enquiries::InboundAttachment;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnquiryId(pub i64);

impl std::fmt::Display for EnquiryId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// The member an e-mail address belongs to, with where they work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberMatch {
    pub member: MemberId,
    pub workplace: WorkplaceId,
    pub nation: Nation,
}

#[derive(Debug, Clone)]
pub struct NewEnquiry {
    pub year: i32,
    pub subject: String,
    /// email, web, phone or api.
    pub channel: &'static str,
    pub member: Option<MemberId>,
    pub workplace: Option<WorkplaceId>,
    pub sender_address: Option<String>,
    pub sender_name: Option<String>,
    pub first_response_due: DateTime<Utc>,
    /// Kept but needs a person to look at it (unreadable, no sender ...).
    pub flagged: Option<String>,
    pub received_at: DateTime<Utc>,
}

#[derive(Debug, Clone)]
pub struct NewEnquiryMessage {
    /// in, out or note.
    pub direction: &'static str,
    pub message_id: Option<String>,
    pub author: String,
    pub subject: String,
    pub body: String,
    pub raw: Option<Vec<u8>>,
    pub attachments: Vec<InboundAttachment>,
    pub at: DateTime<Utc>,
}

/// A stored message found by its Message-ID: what intake compares a new arrival with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KnownMessage {
    /// in, out or note.
    pub direction: String,
    pub author: String,
    pub subject: String,
    pub body: String,
}

/// An e-mail waiting to be sent (acknowledgements, replies).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxMail {
    pub to: String,
    pub subject: String,
    pub body: String,
    pub in_reply_to: Option<String>,
    /// The Message-ID to send under, so the member's answer threads back; None lets the
    /// sender make one up.
    pub message_id: Option<String>,
    /// Sent without a person (acknowledgements): marked `Auto-Submitted` so that other
    /// automatic mail does not answer it. A person's reply is not.
    pub automatic: bool,
    pub attachments: Vec<InboundAttachment>,
}

/// A reusable reply with `{{merge fields}}`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReplyTemplate {
    pub id: i64,
    pub name: String,
    pub body: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnquirySummary {
    pub id: EnquiryId,
    pub reference: EnquiryReference,
    pub subject: String,
    pub channel: String,
    /// open, answered or closed.
    pub status: String,
    pub member: Option<MemberId>,
    pub member_name: Option<String>,
    pub sender_address: Option<String>,
    pub sender_name: Option<String>,
    pub path: Option<OrgPath>,
    pub assigned_to: Option<UserId>,
    pub assigned_name: Option<String>,
    pub outcome: Option<String>,
    /// When the missed target was escalated, if it was.
    pub escalated_at: Option<DateTime<Utc>>,
    pub first_response_due: DateTime<Utc>,
    pub next_response_due: Option<DateTime<Utc>>,
    pub flagged: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// The named queue it waits in, if a rule (or a person) put it in one.
    pub queue: Option<(i64, String)>,
}

impl EnquirySummary {
    /// When the next answer is owed, if one is.
    pub fn due(&self) -> Option<DateTime<Utc>> {
        match self.status.as_str() {
            "closed" | "answered" => None,
            _ => self.next_response_due.or(Some(self.first_response_due)),
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnquiryMessage {
    pub id: i64,
    pub direction: String,
    /// The e-mail Message-ID, for mail in and out.
    pub message_id: Option<String>,
    pub author: String,
    pub subject: String,
    pub body: String,
    pub attachments: Vec<EnquiryAttachmentInfo>,
    /// Whether the message as it arrived (the raw e-mail) is kept and can be downloaded.
    pub has_original: bool,
    pub at: DateTime<Utc>,
}

/// An attachment as the thread lists it: enough to name it and link to it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnquiryAttachmentInfo {
    pub id: i64,
    /// The name the sender gave it (not safe for a download as it is).
    pub name: String,
    pub size_bytes: u64,
}

/// An attachment with its bytes, as the sender sent them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnquiryAttachment {
    pub id: i64,
    /// The message of the thread it came with.
    pub message: i64,
    pub name: String,
    /// What the sender said it was: never trusted for a download.
    pub claimed_type: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct EnquiryDetail {
    pub summary: EnquirySummary,
    pub messages: Vec<EnquiryMessage>,
    /// Acknowledgements and replies still waiting to be sent.
    pub queued_mail: Vec<OutboxMail>,
}

/// Which part of the queue to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueueFilter {
    AllOpen,
    Mine(UserId),
    Unassigned,
    /// Open and due before this instant.
    DueBefore(DateTime<Utc>),
    /// Open and waiting in this named queue.
    InQueue(i64),
}

#[derive(Debug, Clone)]
pub struct EnquiryQuery {
    /// The asker's scope: the store returns only enquiries it covers (unplaced ones only to
    /// union-wide scopes).
    pub scope: Scope,
    pub filter: QueueFilter,
    pub limit: u32,
    /// How many to skip, for later pages.
    pub offset: u32,
}

/// A branch's response targets and who hears when one is missed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchEnquirySettings {
    pub branch: BranchId,
    pub first_response_minutes: u32,
    pub next_response_minutes: u32,
    pub escalate_to: Option<UserId>,
}

/// An open enquiry past its target and not yet escalated, with its branch's contact.
#[derive(Debug, Clone, PartialEq)]
pub struct OverdueEnquiry {
    pub summary: EnquirySummary,
    /// Name and e-mail address of the branch's escalation contact, if one is set.
    pub contact: Option<(UserId, String, String)>,
}

/// A routing rule: enquiries matching its conditions go to its target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoutingRule {
    pub id: i64,
    pub position: i64,
    pub conditions: steward_domain::enquiry::routing::RuleConditions,
    pub target: RuleTarget,
}

/// Where a rule sends an enquiry: to a person, who then holds it, or to a named queue, where
/// it waits for whoever works that queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleTarget {
    Person { user: UserId, name: String },
    Queue { queue: i64, name: String },
}

/// A named queue enquiries wait in, with how many open ones it holds (in every scope).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnquiryQueue {
    pub id: i64,
    pub name: String,
    pub open_enquiries: u32,
}

/// Where a new enquiry sits, for routing: its workplace's branch and employer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RoutingPlace {
    pub branch: Option<BranchId>,
    pub employer: Option<i64>,
    pub workplace: Option<WorkplaceId>,
}
