//! The syllabus file of a training request: the rep attaches one (a PDF, a Word or
//! OpenDocument text, plain text or an image), replaces it or removes it while the request is
//! a draft, and it is shown with the request, on the printable form and on the manager's link
//! page, which may download it. The file goes through the case documents' checks (its kind
//! from its bytes, its name made safe, the same size limit) and their `FileStore`: bytes
//! first, then the row and its audit entry in one transaction; if the row fails the bytes are
//! removed, and a replaced or removed file's bytes go once the row no longer names them.
//! Every download checks the SHA-256 kept in the row and is audited.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use steward_domain::case::document::{sanitise_filename, sniff, DocumentType};
use steward_domain::facility::category::TimeCategory;
use steward_domain::facility::time_off::RequestStatus;

use super::by_link::{audit as link_audit, closed, find, state_of, LinkState};
use super::{load_own, load_visible};
use crate::cases::{too_large_message, DocumentUpload};
use crate::ports::{FileKey, FileStore, Store, SyllabusFile, TimeOffRequest};
use crate::{AppError, RequestContext};

/// The kinds of file a syllabus may be.
pub const SYLLABUS_TYPES: [DocumentType; 8] = [
    DocumentType::Pdf,
    DocumentType::Docx,
    DocumentType::Odt,
    DocumentType::Text,
    DocumentType::Png,
    DocumentType::Jpeg,
    DocumentType::Gif,
    DocumentType::Heic,
];

/// The accepted kinds, for hints and messages.
pub const SYLLABUS_ACCEPTED: &str =
    "PDF, Word (.docx), OpenDocument text (.odt), plain text, or a PNG, JPEG, GIF or HEIC image";

/// Attaches the syllabus file to one of the asker's training drafts, replacing any earlier one.
pub async fn attach_syllabus(
    store: &dyn Store,
    files: &dyn FileStore,
    ctx: &RequestContext,
    id: i64,
    upload: &DocumentUpload,
    max_bytes: usize,
) -> Result<SyllabusFile, AppError> {
    let request = load_own(store, ctx, id).await?;
    still_draft(&request)?;
    if request.fields.category != TimeCategory::Training {
        return Err(AppError::field(
            "file",
            "A syllabus file goes with a training request: change the kind of time to training first",
        ));
    }
    if upload.bytes.len() > max_bytes {
        return Err(AppError::field("file", too_large_message(max_bytes)));
    }
    let doc_type = sniff(&upload.bytes).map_err(|message| AppError::field("file", message))?;
    if !SYLLABUS_TYPES.contains(&doc_type) {
        return Err(AppError::field(
            "file",
            format!(
                "This file is {} ({}); a syllabus is kept as {SYLLABUS_ACCEPTED}",
                article(doc_type),
                doc_type.label()
            ),
        ));
    }
    let file = SyllabusFile {
        request: id,
        filename: sanitise_filename(&upload.filename, doc_type),
        doc_type,
        size_bytes: upload.bytes.len() as u64,
        sha256: hex_sha256(&upload.bytes),
        file_key: FileKey::random(),
        uploaded_by: Some(ctx.actor.user_id).filter(|user| user.0 > 0),
        uploaded_by_label: ctx.actor_label.clone(),
        uploaded_at: ctx.now,
    };
    let action = match store.time_off_syllabus(id).await? {
        Some(_) => "time_off.syllabus_replace",
        None => "time_off.syllabus_add",
    };
    let audit = ctx.audit(
        action,
        "time_off_request",
        Some(id.to_string()),
        format!("{} ({}, {} bytes, sha256 {})", file.filename, doc_type.as_str(), file.size_bytes, file.sha256),
    );
    files.put(&file.file_key, &upload.bytes).await?;
    match store.set_time_off_syllabus(ctx.actor.user_id, &file, &audit).await {
        Ok(replaced) => {
            if let Some(old) = replaced {
                // No row names the old key any more; if removing it fails it is only unreachable.
                let _ = files.delete(&old).await;
            }
            Ok(file)
        }
        Err(error) => {
            // The row is not there, so the bytes must not be either.
            let _ = files.delete(&file.file_key).await;
            Err(error.into())
        }
    }
}

/// Removes the syllabus file from one of the asker's drafts; `NotFound` when it has none.
pub async fn remove_syllabus(
    store: &dyn Store,
    files: &dyn FileStore,
    ctx: &RequestContext,
    id: i64,
) -> Result<(), AppError> {
    let request = load_own(store, ctx, id).await?;
    still_draft(&request)?;
    let Some(current) = store.time_off_syllabus(id).await? else { return Err(AppError::NotFound) };
    let audit = ctx.audit("time_off.syllabus_remove", "time_off_request", Some(id.to_string()), current.filename);
    let removed = store.remove_time_off_syllabus(id, ctx.actor.user_id, ctx.now, &audit).await?;
    let Some(key) = removed else { return Err(AppError::NotFound) };
    let _ = files.delete(&key).await;
    Ok(())
}

/// The syllabus file of a request the asker may see, with its bytes.
pub async fn download_syllabus(
    store: &dyn Store,
    files: &dyn FileStore,
    ctx: &RequestContext,
    id: i64,
) -> Result<(SyllabusFile, Vec<u8>), AppError> {
    load_visible(store, ctx, id).await?;
    let found = store.time_off_syllabus(id).await?.ok_or(AppError::NotFound)?;
    let bytes = checked_bytes(files, &found).await?;
    store
        .record(&ctx.audit(
            "time_off.syllabus_download",
            "time_off_request",
            Some(id.to_string()),
            found.filename.clone(),
        ))
        .await?;
    Ok((found, bytes))
}

/// The syllabus file through the manager's link: only that request's, only while the link
/// works (waiting for the decision, or decided and not yet expired).
pub async fn syllabus_by_link(
    store: &dyn Store,
    files: &dyn FileStore,
    token: &str,
    source: Option<&str>,
    now: DateTime<Utc>,
) -> Result<(SyllabusFile, Vec<u8>), AppError> {
    let request = find(store, token).await?;
    match state_of(&request, now) {
        LinkState::Open => {}
        LinkState::Decided if request.link_expires_at.is_some_and(|until| until > now) => {}
        LinkState::Decided => return Err(closed(LinkState::Expired)),
        other => return Err(closed(other)),
    }
    let found = store.time_off_syllabus(request.id).await?.ok_or(AppError::NotFound)?;
    let bytes = checked_bytes(files, &found).await?;
    store.record(&link_audit(&request, "time_off.syllabus_link_download", source, now, found.filename.clone())).await?;
    Ok((found, bytes))
}

fn still_draft(request: &TimeOffRequest) -> Result<(), AppError> {
    if request.status == RequestStatus::Draft {
        return Ok(());
    }
    Err(AppError::Conflict {
        field: "status",
        message: "The syllabus can be changed only while the request is a draft; withdraw it and make a new one".into(),
    })
}

async fn checked_bytes(files: &dyn FileStore, file: &SyllabusFile) -> Result<Vec<u8>, AppError> {
    let request = file.request;
    let bytes = files
        .get(&file.file_key)
        .await?
        .ok_or_else(|| AppError::Storage(format!("the syllabus file of time-off request {request} is missing")))?;
    if hex_sha256(&bytes) != file.sha256 {
        return Err(AppError::Storage(format!(
            "the syllabus file of time-off request {request} has changed since it was uploaded"
        )));
    }
    Ok(bytes)
}

fn article(kind: DocumentType) -> &'static str {
    match kind {
        DocumentType::Xlsx => "a spreadsheet",
        DocumentType::Email => "an e-mail",
        DocumentType::Pdf
        | DocumentType::Docx
        | DocumentType::Odt
        | DocumentType::Png
        | DocumentType::Jpeg
        | DocumentType::Gif
        | DocumentType::Heic
        | DocumentType::Text => "a document",
    }
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syllabus_kinds_are_documents_and_images_only() {
        for kind in DocumentType::ALL {
            let allowed = SYLLABUS_TYPES.contains(&kind);
            assert_eq!(allowed, !matches!(kind, DocumentType::Xlsx | DocumentType::Email), "{kind:?}");
        }
    }
}
