//! Enquiries: member e-mail and the public contact form taken in, threaded, matched to
//! members, given response targets and acknowledged; the queue and the thread for the people
//! who answer.

mod branch_settings;
mod deliver_outbox;
mod enquiry_files;
mod escalate;
mod form_token;
mod inbound;
mod link_member;
mod log_phone_call;
mod queue;
mod receive_email;
mod reply;
mod reply_templates;
mod routing;
mod submit_web_enquiry;
mod view_enquiry;
mod work;

pub use branch_settings::{
    branch_targets, save_branch_targets, BranchTargets, BranchTargetsDraft, DEFAULT_FIRST_RESPONSE_MINUTES,
    DEFAULT_NEXT_RESPONSE_MINUTES,
};
pub use deliver_outbox::{deliver_outbox, Delivered};
pub use enquiry_files::{download_attachment, download_original, EnquiryFile};
pub use escalate::escalate_overdue;
pub use form_token::{
    check_form_token, form_secret, issue_form_token, FormSecret, TokenProblem, MAX_FORM_AGE_SECS, MIN_FORM_AGE_SECS,
};
pub use inbound::{storable_message_id, InboundAttachment, InboundEmail, MAX_MESSAGE_ID_BYTES};
pub use link_member::{link_member, member_choices, MEMBER_CHOICES};
pub use log_phone_call::{log_phone_call, PhoneCallDraft};
pub use queue::enquiry_queue;
pub use receive_email::{receive_email, receive_email_as, IntakeSettings, Received};
pub use reply::{draft_from_template, reply_to_enquiry, ReplyDraft, MAX_ATTACHMENTS, MAX_ATTACHMENT_BYTES};
pub use reply_templates::{reply_template, reply_templates, save_reply_template};
pub use routing::{
    add_enquiry_queue, add_routing_rule, delete_enquiry_queue, delete_routing_rule, enquiry_queues, route_new_enquiry,
    routing_rules, NewEnquiryFacts, RoutingRuleDraft, CHANNELS, MAX_QUEUE_NAME_CHARS,
};
pub use submit_web_enquiry::{
    submit_web_enquiry, WebEnquiryForm, WebEnquiryOutcome, MAX_WEB_ENQUIRIES, WEB_ENQUIRY_WINDOW_MINUTES,
};
pub use view_enquiry::{add_note, view_enquiry};
pub use work::{
    assign_enquiry_to, assignment_suggestions, close_enquiry, release_enquiry, take_enquiry, AssigneeSuggestion,
    AssigneeSuggestions, OUTCOMES,
};

use steward_domain::permissions::{Action, Target};

use crate::ports::{EnquiryDetail, EnquiryId, EnquirySummary, Store};
use crate::{AppError, RequestContext};

/// What authorisation checks an enquiry against: its member's workplace, or nowhere yet.
pub fn target_of(summary: &EnquirySummary) -> Target {
    summary.path.map_or(Target::Unplaced, Target::At)
}

/// The enquiry, when the asker may do `action` on it: a role that may not is refused (403)
/// before anything is read; an enquiry outside the asker's scope is "not found".
async fn load(
    store: &dyn Store,
    ctx: &RequestContext,
    id: EnquiryId,
    action: Action,
) -> Result<EnquiryDetail, AppError> {
    ctx.require(action, Target::Any)?;
    let detail = store.enquiry(id).await?.ok_or(AppError::NotFound)?;
    ctx.require(action, target_of(&detail.summary))?;
    Ok(detail)
}
