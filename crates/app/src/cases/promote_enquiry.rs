//! Promoting an enquiry to a case: the case opens with the enquiry's member, the whole
//! conversation is copied onto the timeline (with the times it happened), the attachments
//! case documents can hold become the case's documents, and the enquiry is closed as "case
//! opened" and linked, in one write. Someone working on the enquiry joins the case's team.
//!
//! Attachments of a kind case documents refuse (programs, archives, web pages ...) or over
//! the size limit stay on the enquiry, and the timeline names them. The documents' bytes go
//! to the file store before the one transaction that writes the case and their rows; if
//! anything fails, the bytes written are removed again, so no case is half-made and no file
//! is left that no row names.

use steward_domain::case::document::size_label;
use steward_domain::case::reference::CaseReference;
use steward_domain::case::timeline::EntryKind;
use steward_domain::field_errors::FieldErrors;
use steward_domain::permissions::{Action, Target};

use super::documents::{describe, described};
use super::open_case::{check_basics, path_of, prepare};
use super::{case_role_for, system_entry};
use crate::enquiries::target_of as enquiry_target;
use crate::ports::{
    CaseId, EnquiryAttachment, EnquiryId, FileKey, FileStore, NewCaseDocument, NewTimelineEntry, Store,
};
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
    files: &dyn FileStore,
    ctx: &RequestContext,
    enquiry: EnquiryId,
    form: &PromoteForm,
    max_document_bytes: usize,
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
        if !message.attachments.is_empty() {
            let names: Vec<&str> = message.attachments.iter().map(|a| a.name.as_str()).collect();
            body.push_str(&format!("\n\nAttachments: {}", names.join(", ")));
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
    let attachments = store.enquiry_attachments(enquiry).await?;
    let (kept, left) = sort_attachments(ctx, &attachments, max_document_bytes);
    let reference = &detail.summary.reference;
    for (document, _) in &kept {
        let body = format!("Document added from enquiry {reference}: {}.", described(document));
        entries.push(system_entry(ctx, EntryKind::Document, body));
    }
    if !left.is_empty() {
        let body =
            format!("Attachments kept on enquiry {reference}, not added to the case's documents: {}.", left.join("; "));
        entries.push(system_entry(ctx, EntryKind::Document, body));
    }
    let audit = ctx.audit(
        "case.open",
        "case",
        None,
        format!(
            "{} promoted from enquiry {reference}, {} of {} attachments kept as documents",
            new.case_type.as_str(),
            kept.len(),
            attachments.len()
        ),
    );
    let mut written = Vec::with_capacity(kept.len());
    for (document, bytes) in &kept {
        if let Err(error) = files.put(&document.file_key, bytes).await {
            remove_files(files, &written).await;
            return Err(error.into());
        }
        written.push(document.file_key.clone());
    }
    new.documents = kept.into_iter().map(|(document, _)| document).collect();
    match store.open_case(&new, &entries, &audit).await {
        Ok(opened) => Ok(opened),
        Err(error) => {
            remove_files(files, &written).await;
            Err(error.into())
        }
    }
}

/// The attachments case documents can hold, described, with their bytes; and the others
/// by name with the reason they stay on the enquiry.
fn sort_attachments<'a>(
    ctx: &RequestContext,
    attachments: &'a [EnquiryAttachment],
    max_bytes: usize,
) -> (Vec<(NewCaseDocument, &'a [u8])>, Vec<String>) {
    let mut kept = Vec::new();
    let mut left = Vec::new();
    for attachment in attachments {
        let name = || display_name(&attachment.name);
        if attachment.bytes.len() > max_bytes {
            left.push(format!("{} (larger than {})", name(), size_label(max_bytes as u64)));
            continue;
        }
        match describe(ctx, &attachment.name, &attachment.bytes) {
            Ok(document) => kept.push((document, attachment.bytes.as_slice())),
            Err(_) => left.push(format!("{} (not a kind of file case documents take)", name())),
        }
    }
    (kept, left)
}

/// A sender's file name as the timeline shows it: one line, at most 120 characters.
fn display_name(raw: &str) -> String {
    let name: String = raw.chars().map(|c| if c.is_control() { ' ' } else { c }).take(120).collect();
    if name.trim().is_empty() {
        "(no name)".into()
    } else {
        name.trim().to_owned()
    }
}

/// Removes bytes no row will name. A failure here leaves an unreachable file (no row names
/// its key); the error that stopped the promotion is the one to report.
async fn remove_files(files: &dyn FileStore, keys: &[FileKey]) {
    for key in keys {
        let _ = files.delete(key).await;
    }
}
