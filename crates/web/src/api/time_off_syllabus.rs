//! `/api/v1/time-off/{id}/syllabus`: the syllabus file of a training request. `PUT` attaches
//! or replaces it (multipart/form-data, the file in the `file` field, at most the server's
//! document size) while the request is the caller's draft, `DELETE` removes it, `GET`
//! downloads it (the caller's own request, or an officer's in scope). The kind is decided from
//! the bytes; the use cases are the pages' own.

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use steward_app::ports::SyllabusFile;

use super::case_schedule::NoParams;
use super::file_upload::single_file;
use super::{parse_path_id, ApiQuery};
use crate::auth::Auth;
use crate::html::time_off_syllabus::syllabus_attachment;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

/// The kinds of file a syllabus may be, as found from the bytes.
#[allow(dead_code)] // never constructed: it describes a field in the document
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SyllabusTypeName {
    Pdf,
    Docx,
    Odt,
    Text,
    Png,
    Jpeg,
    Gif,
    Heic,
}

/// The syllabus file attached to a training request.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SyllabusFileOut {
    /// The name it is shown and downloaded under (made safe from the uploaded one).
    pub filename: String,
    #[schema(value_type = SyllabusTypeName)]
    pub doc_type: String,
    /// The type a download is sent with.
    pub media_type: String,
    pub size_bytes: u64,
    /// SHA-256 of the bytes, lowercase hexadecimal.
    pub sha256: String,
    /// Who uploaded it.
    pub uploaded_by: String,
    #[schema(format = DateTime, value_type = String)]
    pub uploaded_at: String,
    /// Where to download it (with the same bearer token).
    pub download_path: String,
}

impl From<SyllabusFile> for SyllabusFileOut {
    fn from(file: SyllabusFile) -> Self {
        Self {
            download_path: format!("/api/v1/time-off/{}/syllabus", file.request),
            filename: file.filename,
            doc_type: file.doc_type.as_str().to_owned(),
            media_type: file.doc_type.mime().to_owned(),
            size_bytes: file.size_bytes,
            sha256: file.sha256,
            uploaded_by: file.uploaded_by_label,
            uploaded_at: file.uploaded_at.to_rfc3339(),
        }
    }
}

/// The upload form: one file.
#[allow(dead_code)] // never constructed: it describes the multipart body in the document
#[derive(utoipa::ToSchema)]
pub struct SyllabusUploadForm {
    /// The syllabus: PDF, Word (.docx), OpenDocument text (.odt), plain text, or a PNG, JPEG,
    /// GIF or HEIC image. Anything else is refused, whatever the file is called.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

#[utoipa::path(put, path = "/api/v1/time-off/{id}/syllabus", operation_id = "upload_syllabus", tag = "time-off", params(("id" = i64, Path, description = "Request id")),
    request_body(content = SyllabusUploadForm, content_type = "multipart/form-data"),
    responses((status = 200, body = SyllabusFileOut, description = "Attached to the request, replacing any earlier syllabus file"),
              (status = 400, body = Problem, content_type = "application/problem+json", description = "The multipart body cannot be read"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "No such request of the caller's"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "The request is no longer a draft"),
              (status = 413, body = Problem, content_type = "application/problem+json", description = "The file is larger than the server accepts (10 MiB unless configured)"),
              (status = 415, body = Problem, content_type = "application/problem+json", description = "The body is not multipart/form-data"),
              (status = 422, body = Problem, content_type = "application/problem+json", description = "No file, more than one, an empty file, a kind of file a syllabus is not kept as, or a request that is not for training"),
              (status = 503, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn upload(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let id = parse_path_id(&id)?;
    let max = state.config.max_document_bytes;
    let upload = match single_file(request, max, "the syllabus").await {
        Ok(upload) => upload,
        Err(problem) => return Ok(problem),
    };
    let ctx = auth.context();
    let stored =
        steward_app::time_off::attach_syllabus(state.store.as_ref(), state.files.as_ref(), &ctx, id, &upload, max)
            .await?;
    Ok((StatusCode::OK, Json(SyllabusFileOut::from(stored))).into_response())
}

#[utoipa::path(get, path = "/api/v1/time-off/{id}/syllabus", operation_id = "download_syllabus", tag = "time-off", params(("id" = i64, Path, description = "Request id")),
    responses((status = 200, description = "The syllabus file, as an attachment, with the type found when it was uploaded",
               content(("application/pdf"), ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                       ("application/vnd.oasis.opendocument.text"), ("text/plain"),
                       ("image/png"), ("image/jpeg"), ("image/gif"), ("image/heic"))),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "No such request the caller may see, or it has no syllabus file"),
              (status = 503, body = Problem, content_type = "application/problem+json", description = "The stored file is missing or damaged")),
    security(("bearer" = [])))]
pub async fn download(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiQuery(NoParams {}): ApiQuery<NoParams>,
) -> Result<Response, ApiError> {
    let id = parse_path_id(&id)?;
    let ctx = auth.context();
    let (file, bytes) =
        steward_app::time_off::download_syllabus(state.store.as_ref(), state.files.as_ref(), &ctx, id).await?;
    Ok(syllabus_attachment(&file, bytes))
}

#[utoipa::path(delete, path = "/api/v1/time-off/{id}/syllabus", operation_id = "remove_syllabus", tag = "time-off", params(("id" = i64, Path, description = "Request id")),
    responses((status = 204, description = "Removed"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "No such request of the caller's, or it has no syllabus file"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "The request is no longer a draft"),
              (status = 503, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn remove(State(state): State<AppState>, auth: Auth, Path(id): Path<String>) -> Result<StatusCode, ApiError> {
    let id = parse_path_id(&id)?;
    let ctx = auth.context();
    steward_app::time_off::remove_syllabus(state.store.as_ref(), state.files.as_ref(), &ctx, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
