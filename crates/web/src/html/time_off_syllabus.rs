//! The syllabus file on a training request's page: uploading one (a multipart form, held to
//! the documents' size limit while it streams in), removing it, and downloading it. A refused
//! upload shows the request page again with the problem beside the file input (413 when too
//! large, 422 for a file Steward will not keep, 409 when the request is no longer a draft);
//! nothing is written. The manager's download is `time_off_approval::syllabus`.

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use steward_app::cases::{too_large_message, DocumentUpload};
use steward_app::ports::SyllabusFile;
use steward_app::time_off::{attach_syllabus, download_syllabus, remove_syllabus};
use steward_app::AppError;
use steward_domain::case::document::size_label;
use steward_domain::field_errors::FieldErrors;

use super::case_documents::file_response;
use super::cases::local_time;
use super::multipart_form::{csrf_matches, expired_form, read_upload, MultipartProblem};
use super::time_off::{detail_page, parse_id, ButtonForm, DetailExtras};
use super::{CsrfForm, HtmlError};
use crate::auth::Auth;
use crate::state::AppState;

/// The field the page's file input (and its error) is named by.
pub const FIELD: &str = "syllabus_file";

/// The syllabus file as pages show it.
pub struct SyllabusRow {
    pub filename: String,
    pub type_label: &'static str,
    pub size: String,
    pub uploaded_at: String,
}

impl From<&SyllabusFile> for SyllabusRow {
    fn from(file: &SyllabusFile) -> Self {
        Self {
            filename: file.filename.clone(),
            type_label: file.doc_type.label(),
            size: size_label(file.size_bytes),
            uploaded_at: local_time(file.uploaded_at),
        }
    }
}

/// A stored syllabus file as a download (its real type, never shown inline, never cached).
pub fn syllabus_attachment(file: &SyllabusFile, bytes: Vec<u8>) -> Response {
    file_response(file.doc_type.mime(), &file.filename, bytes)
}

async fn refused(state: &AppState, auth: &Auth, id: i64, status: StatusCode, message: String) -> Response {
    let mut errors = FieldErrors::new();
    errors.add(FIELD, message);
    detail_page(state, auth, id, DetailExtras { errors, status: Some(status), ..DetailExtras::default() }).await
}

pub async fn upload(State(state): State<AppState>, auth: Auth, Path(id): Path<String>, request: Request) -> Response {
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
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
        let message = "Choose one file: the course's syllabus".to_owned();
        return refused(&state, &auth, id, StatusCode::UNPROCESSABLE_ENTITY, message).await;
    };
    let upload = DocumentUpload { filename: file.name, bytes: file.bytes };
    let ctx = auth.context();
    match attach_syllabus(state.store.as_ref(), state.files.as_ref(), &ctx, id, &upload, max).await {
        Ok(_) => Redirect::to(&format!("/time-off/{id}#syllabus-file")).into_response(),
        Err(AppError::Invalid(errors)) => {
            let message = errors.get("file").unwrap_or("Check the file").to_owned();
            refused(&state, &auth, id, StatusCode::UNPROCESSABLE_ENTITY, message).await
        }
        Err(AppError::Conflict { message, .. }) => refused(&state, &auth, id, StatusCode::CONFLICT, message).await,
        Err(error) => HtmlError(error).into_response(),
    }
}

pub async fn remove(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(ButtonForm {}): CsrfForm<ButtonForm>,
) -> Response {
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    match remove_syllabus(state.store.as_ref(), state.files.as_ref(), &auth.context(), id).await {
        Ok(()) => Redirect::to(&format!("/time-off/{id}#syllabus-file")).into_response(),
        Err(AppError::Conflict { message, .. }) => refused(&state, &auth, id, StatusCode::CONFLICT, message).await,
        Err(error) => HtmlError(error).into_response(),
    }
}

pub async fn download(State(state): State<AppState>, auth: Auth, Path(id): Path<String>) -> Response {
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    match download_syllabus(state.store.as_ref(), state.files.as_ref(), &auth.context(), id).await {
        Ok((file, bytes)) => syllabus_attachment(&file, bytes),
        Err(error) => HtmlError(error).into_response(),
    }
}
