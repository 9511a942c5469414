//! Enquiries: member e-mail taken in, threaded, matched to members, given response targets
//! and acknowledged; the queue and the thread for the people who answer.

mod branch_settings;
mod deliver_outbox;
mod escalate;
mod inbound;
mod log_phone_call;
mod queue;
mod receive_email;
mod reply;
mod reply_templates;
mod view_enquiry;
mod work;

pub use branch_settings::{
    branch_targets, save_branch_targets, BranchTargets, BranchTargetsDraft, DEFAULT_FIRST_RESPONSE_MINUTES,
    DEFAULT_NEXT_RESPONSE_MINUTES,
};
pub use deliver_outbox::{deliver_outbox, Delivered};
pub use escalate::escalate_overdue;
pub use inbound::{InboundAttachment, InboundEmail};
pub use log_phone_call::{log_phone_call, PhoneCallDraft};
pub use queue::enquiry_queue;
pub use receive_email::{receive_email, receive_email_as, IntakeSettings, Received};
pub use reply::{draft_from_template, reply_to_enquiry, ReplyDraft, MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES};
pub use reply_templates::{reply_template, reply_templates, save_reply_template};
pub use view_enquiry::{add_note, view_enquiry};
pub use work::{
    assign_enquiry_to, assignment_suggestions, close_enquiry, release_enquiry, take_enquiry, AssigneeSuggestion,
    OUTCOMES,
};

use steward_domain::permissions::Target;

use crate::ports::EnquirySummary;

/// What authorisation checks an enquiry against: its member's workplace, or nowhere yet.
pub fn target_of(summary: &EnquirySummary) -> Target {
    summary.path.map_or(Target::Unplaced, Target::At)
}
