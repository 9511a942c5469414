//! `/api/v1/enquiries/{id}/member`, `.../attachments/{attachment_id}` and
//! `.../messages/{message_id}/original`: linking an enquiry to its member, and downloading
//! what the sender sent (the same use cases as the enquiry page, `html/enquiry_record.rs`).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use steward_app::enquiries::EnquiryFile;
use steward_app::ports::EnquiryId;

use super::case_schedule::NoParams;
use super::{parse_path_id, ApiJson, ApiQuery};
use crate::auth::Auth;
use crate::html::case_documents::file_response;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberLinkInput {
    /// A member the caller may see (find one with `GET /api/v1/members?q=`).
    #[schema(minimum = 1)]
    pub member_id: i64,
}

#[utoipa::path(put, path = "/api/v1/enquiries/{id}/member", tag = "enquiries", operation_id = "link_enquiry_member",
    params(("id" = i64, Path, description = "Enquiry id")),
    request_body = MemberLinkInput,
    responses((status = 204, description = "Linked (or already linked to that member)"),
              (status = 400, body = Problem, content_type = "application/problem+json", description = "The body is not JSON"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "No enquiry the caller may see has this id"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "Someone changed the enquiry's member or closed it meanwhile"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json", description = "No member the caller may see has this id, or the enquiry is closed")),
    security(("bearer" = [])))]
pub async fn link_member(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MemberLinkInput>,
) -> Result<StatusCode, ApiError> {
    let id = EnquiryId(parse_path_id(&id)?);
    steward_app::enquiries::link_member(state.store.as_ref(), &auth.context(), id, input.member_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/enquiries/{id}/attachments/{attachment_id}", tag = "enquiries",
    operation_id = "download_enquiry_attachment",
    params(("id" = i64, Path, description = "Enquiry id"), ("attachment_id" = i64, Path, description = "Attachment id, from the enquiry's messages")),
    responses((status = 200, description = "The file as an attachment, typed by what its bytes are (application/octet-stream for kinds case documents do not keep)",
               content(("application/octet-stream"), ("application/pdf"), ("application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
                       ("application/vnd.oasis.opendocument.text"), ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
                       ("image/png"), ("image/jpeg"), ("image/gif"), ("image/heic"), ("text/plain"), ("message/rfc822"))),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "No such enquiry the caller may see, or no such attachment on it")),
    security(("bearer" = [])))]
pub async fn download_attachment(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, attachment)): Path<(String, String)>,
    ApiQuery(NoParams {}): ApiQuery<NoParams>,
) -> Result<Response, ApiError> {
    let id = EnquiryId(parse_path_id(&id)?);
    let attachment = parse_path_id(&attachment)?;
    let file =
        steward_app::enquiries::download_attachment(state.store.as_ref(), &auth.context(), id, attachment).await?;
    Ok(download(file))
}

#[utoipa::path(get, path = "/api/v1/enquiries/{id}/messages/{message_id}/original", tag = "enquiries",
    operation_id = "download_enquiry_message_original",
    params(("id" = i64, Path, description = "Enquiry id"), ("message_id" = i64, Path, description = "Message id, from the enquiry's thread")),
    responses((status = 200, description = "The message exactly as it arrived, as an attachment", content(("message/rfc822"))),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "No such enquiry the caller may see, or no kept original of that message on it")),
    security(("bearer" = [])))]
pub async fn download_original(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, message)): Path<(String, String)>,
    ApiQuery(NoParams {}): ApiQuery<NoParams>,
) -> Result<Response, ApiError> {
    let id = EnquiryId(parse_path_id(&id)?);
    let message = parse_path_id(&message)?;
    let file = steward_app::enquiries::download_original(state.store.as_ref(), &auth.context(), id, message).await?;
    Ok(download(file))
}

/// A sender's file as a download: attachment, nosniff, not cached.
pub fn download(file: EnquiryFile) -> Response {
    file_response(file.mime, &file.filename, file.bytes)
}
