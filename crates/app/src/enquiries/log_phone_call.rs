//! A phone call logged by staff becomes an enquiry like an e-mail does, with the same
//! response target; the caller is matched to a member by membership number when given.

use chrono::Datelike;
use steward_domain::field_errors::FieldErrors;
use steward_domain::member::MembershipNumber;
use steward_domain::organisation::Nation;
use steward_domain::permissions::{Action, Target};

use super::receive_email::due_after;
use super::IntakeSettings;
use crate::deadlines::calendar;
use crate::ports::{EnquiryId, NewEnquiry, NewEnquiryMessage, Store};
use crate::{AppError, RequestContext};

#[derive(Debug, Clone, Default)]
pub struct PhoneCallDraft {
    pub membership_number: String,
    pub caller_name: String,
    pub subject: String,
    pub notes: String,
}

pub async fn log_phone_call(
    store: &dyn Store,
    ctx: &RequestContext,
    draft: &PhoneCallDraft,
    settings: &IntakeSettings,
) -> Result<EnquiryId, AppError> {
    ctx.require(Action::WorkOnEnquiry, Target::Any)?;
    let mut errors = FieldErrors::new();
    let printable = |text: &str| !text.chars().any(|c| c.is_control() && c != '\n' && c != '\r' && c != '\t');
    let subject = draft.subject.trim();
    if subject.is_empty() || subject.chars().count() > 200 || !printable(subject) {
        errors.add("subject", "Say in a few words what the call was about (up to 200 characters)");
    }
    let notes = draft.notes.trim();
    if notes.is_empty() || notes.chars().count() > 20_000 || !printable(notes) {
        errors.add("notes", "Write what the caller said (up to 20,000 characters)");
    }
    let caller = draft.caller_name.trim();
    if caller.chars().count() > 100 || !printable(caller) {
        errors.add("caller_name", "The caller's name must be 100 characters or fewer");
    }
    let number = draft.membership_number.trim();
    let member = if number.is_empty() {
        None
    } else {
        match MembershipNumber::parse(number) {
            Err(message) => {
                errors.add("membership_number", message);
                None
            }
            Ok(number) => {
                let found = store.members_by_number(&[number.as_str()]).await?.into_iter().next();
                match found {
                    Some(member) => {
                        let path = store.workplace_path(member.workplace).await?;
                        if path.is_some_and(|path| ctx.require(Action::WorkOnEnquiry, Target::At(path)).is_ok()) {
                            Some(member)
                        } else {
                            errors.add("membership_number", "No member with that number that you look after");
                            None
                        }
                    }
                    None => {
                        errors.add(
                            "membership_number",
                            "No member has that number; leave it empty if the caller is not a member",
                        );
                        None
                    }
                }
            }
        }
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let nation = match &member {
        Some(member) => {
            store.organisation().await?.workplace(member.workplace).map_or(Nation::EnglandAndWales, |w| w.nation)
        }
        None => Nation::EnglandAndWales,
    };
    let calendar = calendar(store).await?;
    let (first_minutes, _) =
        super::branch_settings::targets_for(store, settings, member.as_ref().map(|m| m.workplace)).await?;
    let due = due_after(ctx.now, first_minutes, settings, &calendar, nation)?;
    let caller_label = match (&member, caller.is_empty()) {
        (Some(member), _) => format!("{} {}", member.first_name, member.last_name),
        (None, false) => caller.to_owned(),
        (None, true) => "unnamed caller".to_owned(),
    };
    let new = NewEnquiry {
        year: ctx.now.year(),
        subject: subject.to_owned(),
        channel: "phone",
        member: member.as_ref().map(|m| m.id),
        workplace: member.as_ref().map(|m| m.workplace),
        sender_address: None,
        sender_name: Some(caller_label.clone()),
        first_response_due: due,
        flagged: None,
        received_at: ctx.now,
    };
    let message = NewEnquiryMessage {
        direction: "in",
        message_id: None,
        author: format!("Phone call from {caller_label}, logged by {}", ctx.actor_label),
        subject: subject.to_owned(),
        body: notes.to_owned(),
        raw: None,
        attachments: Vec::new(),
        at: ctx.now,
    };
    let audit = ctx.audit("enquiry.open", "enquiry", None, format!("phone call from {caller_label}"));
    let (id, _) = store.open_enquiry(&new, &message, None, &audit).await?;
    let facts =
        super::NewEnquiryFacts { id, workplace: new.workplace, channel: new.channel, subject, text: &message.body };
    super::route_new_enquiry(store, facts, ctx.now).await?;
    Ok(id)
}
