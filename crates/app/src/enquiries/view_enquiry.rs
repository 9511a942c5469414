use steward_domain::permissions::Action;

use crate::ports::{EnquiryDetail, EnquiryId, NewEnquiryMessage, Store};
use crate::{AppError, RequestContext};

/// One enquiry with its whole thread; every view is audited (it is member data).
pub async fn view_enquiry(store: &dyn Store, ctx: &RequestContext, id: EnquiryId) -> Result<EnquiryDetail, AppError> {
    ctx.require(Action::ViewEnquiries, steward_domain::permissions::Target::Any)?;
    let detail = store.enquiry(id).await?.ok_or(AppError::NotFound)?;
    ctx.require(Action::ViewEnquiries, super::target_of(&detail.summary))?;
    store.record(&ctx.audit("enquiry.view", "enquiry", Some(id.to_string()), String::new())).await?;
    Ok(detail)
}

/// An internal note: seen by colleagues, never sent to the member.
pub async fn add_note(store: &dyn Store, ctx: &RequestContext, id: EnquiryId, text: &str) -> Result<(), AppError> {
    ctx.require(Action::WorkOnEnquiry, steward_domain::permissions::Target::Any)?;
    let detail = store.enquiry(id).await?.ok_or(AppError::NotFound)?;
    ctx.require(Action::WorkOnEnquiry, super::target_of(&detail.summary))?;
    let text = text.trim();
    if text.is_empty() {
        return Err(AppError::field("note", "Write the note first"));
    }
    if text.contains('\0') {
        return Err(AppError::field("note", "The note contains characters that cannot be stored"));
    }
    if text.chars().count() > 20_000 {
        return Err(AppError::field("note", "A note can be at most 20,000 characters"));
    }
    let note = NewEnquiryMessage {
        direction: "note",
        message_id: None,
        author: ctx.actor_label.clone(),
        subject: String::new(),
        body: text.to_owned(),
        raw: None,
        attachments: Vec::new(),
        at: ctx.now,
    };
    let audit = ctx.audit("enquiry.note", "enquiry", Some(id.to_string()), String::new());
    Ok(store.add_enquiry_message(id, &note, None, None, &audit).await?)
}
