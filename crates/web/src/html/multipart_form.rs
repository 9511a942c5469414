//! `CsrfMultipart`: a multipart form (one with file inputs) accepted only with the signed-in
//! session's CSRF token, like `CsrfForm` for URL-encoded forms. Text fields are collected by
//! name; files from any file input become attachments. An empty file input (nothing chosen)
//! is skipped, as browsers still send it.
//!
//! `read_upload` reads the same kind of body for a route whose size limit is set at run time
//! (documents on cases): its route turns the fixed body limit off, and the body is cut off
//! at the configured size, each file as soon as it passes it, so an oversized upload is
//! never held in memory whole.

use std::collections::HashMap;

use axum::body::Body;
use axum::extract::{FromRequest, Multipart, Request};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use steward_app::enquiries::InboundAttachment;

use super::form::constant_time_eq;
use crate::auth::Auth;

/// Text fields bigger than this are refused (replies are capped at 50,000 characters).
const MAX_TEXT_FIELD_BYTES: usize = 256 * 1024;

pub struct MultipartForm {
    fields: HashMap<String, String>,
    pub files: Vec<InboundAttachment>,
}

impl MultipartForm {
    pub fn text(&self, name: &str) -> String {
        self.fields.get(name).cloned().unwrap_or_default()
    }
}

pub struct CsrfMultipart(pub MultipartForm);

impl<S: Send + Sync> FromRequest<S> for CsrfMultipart {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = request.extensions().get::<Auth>().map(|auth| auth.csrf_token().to_owned()).unwrap_or_default();
        let unreadable =
            |detail: String| (StatusCode::BAD_REQUEST, format!("The form could not be read: {detail}")).into_response();
        let multipart = Multipart::from_request(request, state).await.map_err(IntoResponse::into_response)?;
        let form = read_fields(multipart, usize::MAX, None).await.map_err(|problem| match problem {
            MultipartProblem::Unreadable(detail) => unreadable(detail),
            other => (other.status(), other.detail()).into_response(),
        })?;
        if !csrf_matches(&form, &expected) {
            return Err(expired_form());
        }
        Ok(Self(form))
    }
}

/// Whether the form carries the session's CSRF token.
pub fn csrf_matches(form: &MultipartForm, expected: &str) -> bool {
    let given = form.text("csrf_token");
    !expected.is_empty() && constant_time_eq(given.as_bytes(), expected.as_bytes())
}

pub fn expired_form() -> Response {
    (
        StatusCode::FORBIDDEN,
        "This form has expired or did not come from Steward. Go back, reload the page and try again.",
    )
        .into_response()
}

/// Why a multipart body was not read.
#[derive(Debug)]
pub enum MultipartProblem {
    /// A file, or the whole body, is larger than the route accepts.
    TooLarge,
    /// The body is not `multipart/form-data`.
    NotMultipart,
    Unreadable(String),
}

impl MultipartProblem {
    pub fn status(&self) -> StatusCode {
        match self {
            Self::TooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Self::NotMultipart => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            Self::Unreadable(_) => StatusCode::BAD_REQUEST,
        }
    }

    pub fn detail(&self) -> String {
        match self {
            Self::TooLarge => "The upload is larger than this server accepts".into(),
            Self::NotMultipart => "Send the file as multipart/form-data".into(),
            Self::Unreadable(detail) => format!("The form could not be read: {detail}"),
        }
    }
}

/// Room for the form's other fields and the multipart framing, besides the file itself.
const FORM_OVERHEAD_BYTES: usize = 64 * 1024;

/// Reads a multipart upload of files of at most `max_file_bytes` each, for a route with
/// `DefaultBodyLimit::disable()`. A field named `file_field` is a file even when the client
/// gives it no file name.
pub async fn read_upload(
    request: Request,
    max_file_bytes: usize,
    file_field: &str,
) -> Result<MultipartForm, MultipartProblem> {
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"));
    if !is_multipart {
        return Err(MultipartProblem::NotMultipart);
    }
    let body_limit = max_file_bytes.saturating_add(FORM_OVERHEAD_BYTES);
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_some_and(|length| length > body_limit as u64) {
        return Err(MultipartProblem::TooLarge);
    }
    let request = request.map(|body| Body::new(http_body_util::Limited::new(body, body_limit)));
    let multipart = Multipart::from_request(request, &())
        .await
        .map_err(|rejection| MultipartProblem::Unreadable(rejection.body_text()))?;
    read_fields(multipart, max_file_bytes, Some(file_field)).await
}

async fn read_fields(
    mut multipart: Multipart,
    max_file_bytes: usize,
    file_field: Option<&str>,
) -> Result<MultipartForm, MultipartProblem> {
    let failed = |error: axum::extract::multipart::MultipartError| {
        if error.status() == StatusCode::PAYLOAD_TOO_LARGE {
            MultipartProblem::TooLarge
        } else {
            MultipartProblem::Unreadable(error.body_text())
        }
    };
    let mut form = MultipartForm { fields: HashMap::new(), files: Vec::new() };
    while let Some(mut field) = multipart.next_field().await.map_err(failed)? {
        let name = field.name().unwrap_or_default().to_owned();
        let file_name =
            field.file_name().map(str::to_owned).or_else(|| (file_field == Some(name.as_str())).then(String::new));
        match file_name {
            Some(file_name) => {
                let content_type = field.content_type().unwrap_or("application/octet-stream").to_owned();
                let mut bytes = Vec::new();
                while let Some(chunk) = field.chunk().await.map_err(failed)? {
                    if bytes.len() + chunk.len() > max_file_bytes {
                        return Err(MultipartProblem::TooLarge);
                    }
                    bytes.extend_from_slice(&chunk);
                }
                if file_name.is_empty() && bytes.is_empty() {
                    continue;
                }
                form.files.push(InboundAttachment { name: file_name, content_type, bytes });
            }
            None => {
                let bytes = field.bytes().await.map_err(failed)?;
                if bytes.len() > MAX_TEXT_FIELD_BYTES {
                    return Err(MultipartProblem::Unreadable(format!("the {name} field is too long")));
                }
                let text = String::from_utf8(bytes.to_vec())
                    .map_err(|_| MultipartProblem::Unreadable(format!("the {name} field is not UTF-8 text")))?;
                form.fields.insert(name, text);
            }
        }
    }
    Ok(form)
}
