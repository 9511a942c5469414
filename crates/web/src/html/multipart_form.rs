//! `CsrfMultipart`: a multipart form (one with file inputs) accepted only with the signed-in
//! session's CSRF token, like `CsrfForm` for URL-encoded forms. Text fields are collected by
//! name; files from any file input become attachments. An empty file input (nothing chosen)
//! is skipped, as browsers still send it.

use std::collections::HashMap;

use axum::extract::{FromRequest, Multipart, Request};
use axum::http::StatusCode;
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
        let mut multipart = Multipart::from_request(request, state).await.map_err(IntoResponse::into_response)?;
        let mut form = MultipartForm { fields: HashMap::new(), files: Vec::new() };
        while let Some(field) = multipart.next_field().await.map_err(|e| e.into_response())? {
            let name = field.name().unwrap_or_default().to_owned();
            match field.file_name().map(str::to_owned) {
                Some(file_name) => {
                    let content_type = field.content_type().unwrap_or("application/octet-stream").to_owned();
                    let bytes = field.bytes().await.map_err(|e| e.into_response())?;
                    if file_name.is_empty() && bytes.is_empty() {
                        continue;
                    }
                    form.files.push(InboundAttachment { name: file_name, content_type, bytes: bytes.to_vec() });
                }
                None => {
                    let bytes = field.bytes().await.map_err(|e| e.into_response())?;
                    if bytes.len() > MAX_TEXT_FIELD_BYTES {
                        return Err(unreadable(format!("the {name} field is too long")));
                    }
                    let text = String::from_utf8(bytes.to_vec())
                        .map_err(|_| unreadable(format!("the {name} field is not UTF-8 text")))?;
                    form.fields.insert(name, text);
                }
            }
        }
        let given = form.text("csrf_token");
        if expected.is_empty() || !constant_time_eq(given.as_bytes(), expected.as_bytes()) {
            return Err((
                StatusCode::FORBIDDEN,
                "This form has expired or did not come from Steward. Go back, reload the page and try again.",
            )
                .into_response());
        }
        Ok(Self(form))
    }
}
