//! Working on an enquiry: taking it (so colleagues see who is answering and nobody answers
//! twice by accident), letting it go, and closing it with an outcome.

use steward_domain::ids::UserId;
use steward_domain::permissions::{Action, Target};

use crate::ports::{EnquiryId, Store};
use crate::{AppError, RequestContext};

/// How an enquiry can end.
pub const OUTCOMES: [(&str, &str); 5] = [
    ("answered", "Answered"),
    ("case_opened", "A case was opened"),
    ("referred", "Referred elsewhere"),
    ("no_action", "No action needed"),
    ("duplicate_or_spam", "Duplicate or spam"),
];

async fn check(
    store: &dyn Store,
    ctx: &RequestContext,
    id: EnquiryId,
) -> Result<crate::ports::EnquiryDetail, AppError> {
    ctx.require(Action::WorkOnEnquiry, Target::Any)?;
    let detail = store.enquiry(id).await?.ok_or(AppError::NotFound)?;
    ctx.require(Action::WorkOnEnquiry, super::target_of(&detail.summary))?;
    Ok(detail)
}

/// The asker takes the enquiry. Taking one someone else holds needs `take_over`, so two
/// people do not end up answering the same member without knowing.
pub async fn take_enquiry(
    store: &dyn Store,
    ctx: &RequestContext,
    id: EnquiryId,
    take_over: bool,
) -> Result<(), AppError> {
    let detail = check(store, ctx, id).await?;
    if let (Some(holder), false) = (detail.summary.assigned_to, take_over) {
        if holder != ctx.actor.user_id {
            let name = detail.summary.assigned_name.unwrap_or_else(|| "someone else".into());
            return Err(AppError::Conflict {
                field: "assigned_to",
                message: format!("{name} is already working on this"),
            });
        }
    }
    let audit = ctx.audit("enquiry.take", "enquiry", Some(id.to_string()), String::new());
    Ok(store.assign_enquiry(id, Some(ctx.actor.user_id), &audit).await?)
}

pub async fn release_enquiry(store: &dyn Store, ctx: &RequestContext, id: EnquiryId) -> Result<(), AppError> {
    check(store, ctx, id).await?;
    let audit = ctx.audit("enquiry.release", "enquiry", Some(id.to_string()), String::new());
    Ok(store.assign_enquiry(id, None::<UserId>, &audit).await?)
}

pub async fn close_enquiry(
    store: &dyn Store,
    ctx: &RequestContext,
    id: EnquiryId,
    outcome: &str,
) -> Result<(), AppError> {
    let detail = check(store, ctx, id).await?;
    if detail.summary.status == "closed" {
        return Err(AppError::field("outcome", "This enquiry is already closed"));
    }
    let Some((code, _)) = OUTCOMES.iter().find(|(code, _)| *code == outcome) else {
        return Err(AppError::field("outcome", "Choose how the enquiry ended"));
    };
    let audit = ctx.audit("enquiry.close", "enquiry", Some(id.to_string()), (*code).to_owned());
    Ok(store.close_enquiry(id, code, ctx.now, &audit).await?)
}
