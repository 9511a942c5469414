//! Documents on a case's page: the list (the `cases/documents.html` partial of the case
//! page, with the upload form and the letters that can be written), uploading one as a
//! multipart form, and downloading one. A refused upload shows the case page again with the
//! problem beside the file input; nothing is written.

use axum::extract::{Path, Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use steward_app::cases::{too_large_message, DocumentUpload};
use steward_app::ports::{CaseDocument, CaseId};
use steward_app::{AppError, RequestContext};
use steward_domain::case::document::{size_label, ACCEPTED};
use steward_domain::field_errors::FieldErrors;

use super::case_detail::{show, Drafts, Failed, ViewOptions};
use super::cases::{local_time, parse_case_id};
use super::multipart_form::{csrf_matches, expired_form, read_upload, MultipartProblem};
use super::HtmlError;
use crate::auth::Auth;
use crate::state::AppState;

/// One row of the documents table.
pub struct DocumentRow {
    pub id: i64,
    pub filename: String,
    pub type_label: &'static str,
    pub size: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
    pub uploaded_iso: String,
}

/// What the case page's documents section shows.
pub struct DocumentsSection {
    pub rows: Vec<DocumentRow>,
    /// "10.0 MB".
    pub max_size: String,
    pub accepted: &'static str,
}

/// The documents section for the case page (reading it is audited as a documents view).
pub(super) async fn section(state: &AppState, ctx: &RequestContext, id: CaseId) -> Result<DocumentsSection, AppError> {
    let documents = steward_app::cases::case_documents(state.store.as_ref(), ctx, id).await?;
    Ok(DocumentsSection {
        rows: documents.into_iter().map(row).collect(),
        max_size: size_label(state.config.max_document_bytes as u64),
        accepted: ACCEPTED,
    })
}

fn row(document: CaseDocument) -> DocumentRow {
    DocumentRow {
        id: document.id,
        type_label: document.doc_type.label(),
        size: size_label(document.size_bytes),
        uploaded_by: document.uploaded_by_label,
        uploaded_at: local_time(document.uploaded_at),
        uploaded_iso: document.uploaded_at.to_rfc3339(),
        filename: document.filename,
    }
}

/// The problem with the file, on the case page beside the upload form.
async fn refused(state: &AppState, auth: &Auth, id: CaseId, status: StatusCode, message: String) -> Response {
    let mut errors = FieldErrors::new();
    errors.add("file", message);
    show(state, auth, id, ViewOptions::default(), Drafts::default(), Failed { form: "document", errors }, status).await
}

pub async fn upload(State(state): State<AppState>, auth: Auth, Path(id): Path<String>, request: Request) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let max = state.config.max_document_bytes;
    let form = match read_upload(request, max, "file").await {
        Ok(form) => form,
        Err(MultipartProblem::TooLarge) => {
            return refused(&state, &auth, id, StatusCode::PAYLOAD_TOO_LARGE, too_large_message(max)).await;
        }
        Err(problem) => return (problem.status(), problem.detail()).into_response(),
    };
    if !csrf_matches(&form, auth.csrf_token()) {
        return expired_form();
    }
    let mut files = form.files.into_iter();
    let (Some(file), None) = (files.next(), files.next()) else {
        return refused(&state, &auth, id, StatusCode::UNPROCESSABLE_ENTITY, "Choose one file to upload".into()).await;
    };
    let upload = DocumentUpload { filename: file.name, bytes: file.bytes };
    let ctx = auth.context();
    match steward_app::cases::upload_document(state.store.as_ref(), state.files.as_ref(), &ctx, id, &upload, max).await
    {
        Ok(_) => Redirect::to(&format!("/cases/{id}?done=document#documents")).into_response(),
        Err(AppError::Invalid(errors)) => {
            let message = errors.get("file").or_else(|| errors.get("status")).unwrap_or("Check the file").to_owned();
            refused(&state, &auth, id, StatusCode::UNPROCESSABLE_ENTITY, message).await
        }
        Err(AppError::Conflict { message, .. }) => refused(&state, &auth, id, StatusCode::CONFLICT, message).await,
        Err(error) => HtmlError(error).into_response(),
    }
}

pub async fn download(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, document)): Path<(String, String)>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let Some(document) = document.parse::<i64>().ok().filter(|n| *n > 0) else {
        return HtmlError(AppError::NotFound).into_response();
    };
    let ctx = auth.context();
    match steward_app::cases::download_document(state.store.as_ref(), state.files.as_ref(), &ctx, id, document).await {
        Ok((found, bytes)) => attachment(&found, bytes),
        Err(error) => HtmlError(error).into_response(),
    }
}

/// A stored document as a download: its real type, never shown in the browser, never kept
/// in a cache.
pub fn attachment(document: &CaseDocument, bytes: Vec<u8>) -> Response {
    file_response(document.doc_type.mime(), &document.filename, bytes)
}

/// Bytes as a download named `filename`.
pub fn file_response(mime: &'static str, filename: &str, bytes: Vec<u8>) -> Response {
    let disposition = HeaderValue::from_str(&content_disposition(filename))
        .unwrap_or_else(|_| HeaderValue::from_static("attachment"));
    (
        [
            (header::CONTENT_TYPE, HeaderValue::from_static(mime)),
            (header::CONTENT_DISPOSITION, disposition),
            (header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff")),
            (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        ],
        bytes,
    )
        .into_response()
}

/// `attachment; filename="plain"; filename*=UTF-8''encoded` (RFC 6266): an ASCII name for old
/// clients and the exact one for the rest.
fn content_disposition(filename: &str) -> String {
    let plain: String = filename
        .chars()
        .map(|c| if (c.is_ascii_graphic() && c != '"' && c != '\\') || c == ' ' { c } else { '_' })
        .collect();
    let encoded: String = filename
        .bytes()
        .map(|byte| match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'.' | b'-' | b'_' => (byte as char).to_string(),
            other => format!("%{other:02X}"),
        })
        .collect();
    format!("attachment; filename=\"{plain}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    use super::content_disposition;

    #[test]
    fn download_names_are_quoted_and_encoded() {
        assert_eq!(
            content_disposition("Zoë notes.txt"),
            "attachment; filename=\"Zo_ notes.txt\"; filename*=UTF-8''Zo%C3%AB%20notes.txt"
        );
    }
}
