//! Promoting an enquiry to a case: the case opens with the enquiry's member, the whole
//! conversation is copied onto the timeline (with the times it happened), and the enquiry is
//! closed as "case opened" and linked, in one write. Someone working on the enquiry joins
//! the case's team.

use steward_domain::case::reference::CaseReference;
use steward_domain::case::timeline::EntryKind;
use steward_domain::field_errors::FieldErrors;
use steward_domain::permissions::{Action, Target};

use super::case_role_for;
use super::open_case::{check_basics, path_of, prepare};
use crate::enquiries::target_of as enquiry_target;
use crate::ports::{CaseId, EnquiryId, NewTimelineEntry, Store};
use crate::{AppError, RequestContext};

#[derive(Debug, Clone, Default)]
pub struct PromoteForm {
    /// Blank takes the enquiry's subject.
    pub title: String,
    pub case_type: String,
    pub problem_arose_on: String,
    pub complexity: String,
    pub emotional_load: String,
    pub override_reason: String,
}

pub async fn promote_enquiry(
    store: &dyn Store,
    ctx: &RequestContext,
    enquiry: EnquiryId,
    form: &PromoteForm,
) -> Result<(CaseId, CaseReference), AppError> {
    ctx.require(Action::OpenCase, Target::Any)?;
    ctx.require(Action::WorkOnEnquiry, Target::Any)?;
    let detail = store.enquiry(enquiry).await?.ok_or(AppError::NotFound)?;
    ctx.require(Action::WorkOnEnquiry, enquiry_target(&detail.summary))?;
    if detail.summary.status == "closed" {
        return Err(AppError::field("enquiry", "This enquiry is closed; a closed enquiry cannot become a case"));
    }
    let Some(member_id) = detail.summary.member else {
        return Err(AppError::field("enquiry", "Link the enquiry to a member first: a case is always for a member"));
    };
    let lead = store.member(member_id).await?.ok_or(AppError::NotFound)?;
    ctx.require(Action::OpenCase, Target::At(path_of(&lead)))?;
    let title = if form.title.trim().is_empty() { detail.summary.subject.as_str() } else { form.title.as_str() };
    let title: String = title.chars().filter(|c| !c.is_control()).take(200).collect();
    let title = if title.trim().is_empty() { format!("Enquiry {}", detail.summary.reference) } else { title };
    let mut errors = FieldErrors::new();
    let basics = check_basics(
        ctx,
        &title,
        &form.case_type,
        &form.problem_arose_on,
        &form.complexity,
        &form.emotional_load,
        &form.override_reason,
        &mut errors,
    );
    let (Some(basics), true) = (basics, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let (mut new, mut entries) = prepare(store, ctx, basics, &lead, &[], None, Some(enquiry)).await?;
    entries[0].body = format!("Promoted from enquiry {}. {}", detail.summary.reference, entries[0].body);
    for message in &detail.messages {
        let kind = match message.direction.as_str() {
            "in" => EntryKind::EmailIn,
            "out" => EntryKind::EmailOut,
            _ => EntryKind::Note,
        };
        let mut body = if message.subject.is_empty() {
            message.body.clone()
        } else {
            format!("{}\n\n{}", message.subject, message.body)
        };
        if !message.attachment_names.is_empty() {
            body.push_str(&format!("\n\nAttachments (kept on the enquiry): {}", message.attachment_names.join(", ")));
        }
        entries.push(NewTimelineEntry {
            kind,
            author: None,
            author_label: message.author.clone(),
            body,
            minutes: None,
            corrects: None,
            occurred_at: message.at,
        });
    }
    if let Some(holder) = detail.summary.assigned_to.filter(|holder| new.team.iter().all(|(user, _)| user != holder)) {
        if let Some(role) =
            store.user(holder).await?.filter(|user| user.active).and_then(|user| case_role_for(user.role))
        {
            new.team.push((holder, role));
        }
    }
    let audit = ctx.audit(
        "case.open",
        "case",
        None,
        format!("{} promoted from enquiry {}", new.case_type.as_str(), detail.summary.reference),
    );
    Ok(store.open_case(&new, &entries, &audit).await?)
}
