//! The one file of an API upload: a multipart/form-data body with exactly one file in its
//! `file` field, at most the server's document size. Case documents and syllabus files share it.

use axum::extract::Request;
use axum::response::{IntoResponse, Response};
use steward_app::cases::{too_large_message, DocumentUpload};
use steward_app::AppError;

use crate::html::multipart_form::{read_upload, MultipartProblem};
use crate::problem::{ApiError, Problem};

/// The file, or the problem response to send as is. `what` names it in the messages
/// ("the document", "the syllabus").
pub(crate) async fn single_file(request: Request, max: usize, what: &str) -> Result<DocumentUpload, Response> {
    let form = match read_upload(request, max, "file").await {
        Ok(form) => form,
        Err(problem) => {
            let (code, detail) = match &problem {
                MultipartProblem::TooLarge => ("body_too_large", too_large_message(max)),
                MultipartProblem::NotMultipart => ("multipart_required", problem.detail()),
                MultipartProblem::Unreadable(_) => ("unreadable_body", problem.detail()),
            };
            return Err(Problem::new(problem.status(), code, detail).into_response());
        }
    };
    let mut files = form.files.into_iter();
    match (files.next(), files.next()) {
        (Some(file), None) => Ok(DocumentUpload { filename: file.name, bytes: file.bytes }),
        (None, _) => {
            Err(ApiError(AppError::field("file", format!("Send {what} as a file in the `file` field"))).into_response())
        }
        (Some(_), Some(_)) => Err(ApiError(AppError::field("file", "Send one file at a time")).into_response()),
    }
}
