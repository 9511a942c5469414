//! `/api/v1/cases/{id}/documents`: a case's documents, uploading one (multipart/form-data,
//! the file in the `file` field, at most the server's configured size) and downloading one.
//! The file's kind is decided from its bytes, never from its name or the declared type; the
//! use cases are the pages' own. A case the caller may not see reads as not found.

use axum::extract::{Path, Request, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use steward_app::ports::{CaseDocument, CaseId};

use super::case_schedule::NoParams;
use super::file_upload::single_file;
use super::{parse_path_id, ApiQuery};
use crate::auth::Auth;
use crate::html::case_documents::attachment;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

/// The kinds of file a case keeps, as found from the bytes.
#[allow(dead_code)] // never constructed: it describes a field in the document
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DocumentTypeName {
    Pdf,
    Docx,
    Odt,
    Xlsx,
    Png,
    Jpeg,
    Gif,
    Heic,
    Text,
    Email,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DocumentOut {
    pub id: i64,
    pub case_id: i64,
    /// The name it is listed and downloaded under (made safe from the uploaded one).
    pub filename: String,
    #[schema(value_type = DocumentTypeName)]
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

impl From<CaseDocument> for DocumentOut {
    fn from(document: CaseDocument) -> Self {
        Self {
            download_path: format!("/api/v1/cases/{}/documents/{}", document.case, document.id),
            id: document.id,
            case_id: document.case.0,
            filename: document.filename,
            doc_type: document.doc_type.as_str().to_owned(),
            media_type: document.doc_type.mime().to_owned(),
            size_bytes: document.size_bytes,
            sha256: document.sha256,
            uploaded_by: document.uploaded_by_label,
            uploaded_at: document.uploaded_at.to_rfc3339(),
        }
    }
}

/// A case's documents, newest first.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DocumentListOut {
    pub documents: Vec<DocumentOut>,
}

/// The upload form: one file.
#[allow(dead_code)] // never constructed: it describes the multipart body in the document
#[derive(utoipa::ToSchema)]
pub struct DocumentUploadForm {
    /// The file: PDF, Word (.docx), OpenDocument text, Excel (.xlsx), PNG, JPEG, GIF or HEIC,
    /// plain text, or an e-mail (.eml). Programs, scripts, HTML, SVG and archives are
    /// refused, whatever the file is called.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

fn case_id(raw: &str) -> Result<CaseId, ApiError> {
    parse_path_id(raw).map(CaseId)
}

#[utoipa::path(get, path = "/api/v1/cases/{id}/documents", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = DocumentListOut), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 503, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiQuery(NoParams {}): ApiQuery<NoParams>,
) -> Result<Json<DocumentListOut>, ApiError> {
    let id = case_id(&id)?;
    let documents = steward_app::cases::case_documents(state.store.as_ref(), &auth.context(), id).await?;
    Ok(Json(DocumentListOut { documents: documents.into_iter().map(DocumentOut::from).collect() }))
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/documents", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    request_body(content = DocumentUploadForm, content_type = "multipart/form-data"),
    responses((status = 201, body = DocumentOut, description = "Kept on the case, with a Document entry on its timeline"),
              (status = 400, body = Problem, content_type = "application/problem+json", description = "The multipart body cannot be read"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "The case was closed meanwhile"),
              (status = 413, body = Problem, content_type = "application/problem+json", description = "The file is larger than the server accepts (10 MiB unless configured)"),
              (status = 415, body = Problem, content_type = "application/problem+json", description = "The body is not multipart/form-data"),
              (status = 422, body = Problem, content_type = "application/problem+json", description = "No file, more than one, an empty file, a kind of file Steward does not keep, or a closed case"),
              (status = 503, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn upload(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    request: Request,
) -> Result<Response, ApiError> {
    let id = case_id(&id)?;
    let max = state.config.max_document_bytes;
    let upload = match single_file(request, max, "the document").await {
        Ok(upload) => upload,
        Err(problem) => return Ok(problem),
    };
    let ctx = auth.context();
    let document =
        steward_app::cases::upload_document(state.store.as_ref(), state.files.as_ref(), &ctx, id, &upload, max).await?;
    Ok((StatusCode::CREATED, Json(DocumentOut::from(document))).into_response())
}

#[utoipa::path(get, path = "/api/v1/cases/{id}/documents/{document_id}", tag = "cases",
    params(("id" = i64, Path, description = "Case id"), ("document_id" = i64, Path, description = "Document id")),
    responses((status = 200, description = "The file, as an attachment, with the type found when it was uploaded",
               content(("application/pdf"), ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                       ("application/vnd.oasis.opendocument.text"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                       ("image/png"), ("image/jpeg"), ("image/gif"), ("image/heic"), ("text/plain"), ("message/rfc822"))),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 503, body = Problem, content_type = "application/problem+json", description = "The stored file is missing or damaged")),
    security(("bearer" = [])))]
pub async fn download(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, document)): Path<(String, String)>,
    ApiQuery(NoParams {}): ApiQuery<NoParams>,
) -> Result<Response, ApiError> {
    let id = case_id(&id)?;
    let document = parse_path_id(&document)?;
    let ctx = auth.context();
    let (found, bytes) =
        steward_app::cases::download_document(state.store.as_ref(), state.files.as_ref(), &ctx, id, document).await?;
    Ok(attachment(&found, bytes))
}
