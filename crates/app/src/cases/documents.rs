//! Documents on a case: uploading one (its kind decided from the bytes, its name made safe,
//! its size held to the union's limit), listing them and downloading one. The bytes go to
//! the file store first and the row (with its timeline entry and audit entry) second, in one
//! transaction; if the row cannot be written the bytes are removed again, so nothing is left
//! half-done. Every list and every download is audited, as every upload is.

use sha2::{Digest, Sha256};
use steward_domain::case::document::{sanitise_filename, size_label, sniff};
use steward_domain::case::timeline::EntryKind;
use steward_domain::permissions::Action;

use super::system_entry;
use crate::ports::{CaseDocument, CaseId, FileKey, FileStore, NewCaseDocument, Store};
use crate::{AppError, RequestContext};

/// A file as it arrived: the name the uploader's computer gave it and its bytes.
#[derive(Debug, Clone)]
pub struct DocumentUpload {
    pub filename: String,
    pub bytes: Vec<u8>,
}

/// The problem an upload larger than `max_bytes` gets, under the `file` field.
pub fn too_large_message(max_bytes: usize) -> String {
    format!("The file is larger than {}: upload a smaller one", size_label(max_bytes as u64))
}

pub async fn upload_document(
    store: &dyn Store,
    files: &dyn FileStore,
    ctx: &RequestContext,
    id: CaseId,
    upload: &DocumentUpload,
    max_bytes: usize,
) -> Result<CaseDocument, AppError> {
    super::load_open(store, ctx, id, Action::WorkOnCase).await?;
    if upload.bytes.len() > max_bytes {
        return Err(AppError::field("file", too_large_message(max_bytes)));
    }
    let new = describe(ctx, &upload.filename, &upload.bytes).map_err(|message| AppError::field("file", message))?;
    let entry = system_entry(ctx, EntryKind::Document, format!("Document added: {}.", described(&new)));
    let audit = ctx.audit(
        "case.document_add",
        "case",
        Some(id.to_string()),
        format!("{} ({}, {} bytes, sha256 {})", new.filename, new.doc_type.as_str(), new.size_bytes, new.sha256),
    );
    files.put(&new.file_key, &upload.bytes).await?;
    match store.add_case_document(id, &new, &entry, &audit).await {
        Ok(document) => Ok(CaseDocument {
            id: document,
            case: id,
            filename: new.filename,
            doc_type: new.doc_type,
            size_bytes: new.size_bytes,
            sha256: new.sha256,
            file_key: new.file_key,
            uploaded_by: new.uploaded_by,
            uploaded_by_label: new.uploaded_by_label,
            uploaded_at: new.uploaded_at,
        }),
        Err(error) => {
            // The row is not there, so the bytes must not be either. If removing them fails
            // too, they are unreachable (no row names their key) and the original error is
            // the one to report.
            let _ = files.delete(&new.file_key).await;
            Err(error.into())
        }
    }
}

/// A file described for keeping as a case document, added by the asker now: its kind
/// decided from its bytes, its name made safe, its hash and a new file key; or why Steward
/// will not keep it (the size limit is the caller's to check).
pub(super) fn describe(ctx: &RequestContext, filename: &str, bytes: &[u8]) -> Result<NewCaseDocument, String> {
    let doc_type = sniff(bytes)?;
    Ok(NewCaseDocument {
        filename: sanitise_filename(filename, doc_type),
        doc_type,
        size_bytes: bytes.len() as u64,
        sha256: hex_sha256(bytes),
        file_key: FileKey::random(),
        uploaded_by: Some(ctx.actor.user_id).filter(|user| user.0 > 0),
        uploaded_by_label: ctx.actor_label.clone(),
        uploaded_at: ctx.now,
    })
}

/// "name.pdf (PDF, 14 KB)", as the timeline names a document.
pub(super) fn described(document: &NewCaseDocument) -> String {
    format!("{} ({}, {})", document.filename, document.doc_type.label(), size_label(document.size_bytes))
}

/// The case's documents, newest first.
pub async fn case_documents(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
) -> Result<Vec<CaseDocument>, AppError> {
    super::load(store, ctx, id, Action::ViewCase).await?;
    let documents = store.case_documents(id).await?;
    store.record(&ctx.audit("case.documents_view", "case", Some(id.to_string()), String::new())).await?;
    Ok(documents)
}

/// One document with its bytes, checked against the hash taken when it was uploaded.
pub async fn download_document(
    store: &dyn Store,
    files: &dyn FileStore,
    ctx: &RequestContext,
    id: CaseId,
    document: i64,
) -> Result<(CaseDocument, Vec<u8>), AppError> {
    super::load(store, ctx, id, Action::ViewCase).await?;
    let found = store.case_document(id, document).await?.ok_or(AppError::NotFound)?;
    let bytes = files
        .get(&found.file_key)
        .await?
        .ok_or_else(|| AppError::Storage(format!("the file of document {document} is missing")))?;
    if hex_sha256(&bytes) != found.sha256 {
        return Err(AppError::Storage(format!("the file of document {document} has changed since it was uploaded")));
    }
    store
        .record(&ctx.audit(
            "case.document_download",
            "case",
            Some(id.to_string()),
            format!("document {document}: {}", found.filename),
        ))
        .await?;
    Ok((found, bytes))
}

fn hex_sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|byte| format!("{byte:02x}")).collect()
}
