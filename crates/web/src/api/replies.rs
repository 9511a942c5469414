//! `/api/v1/enquiries/{id}/replies` (answer a member by e-mail, attachments as base64) and
//! `/api/v1/reply-templates` (the texts replies start from).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde::{Deserialize, Serialize};
use steward_app::enquiries::{InboundAttachment, ReplyDraft};
use steward_app::ports::{EnquiryId, ReplyTemplate};
use steward_app::AppError;

use super::ApiJson;
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

/// Large enough for 15 MB of attachments once base64 has added its third.
pub const REPLY_BODY_LIMIT: usize = 21 * 1024 * 1024;

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AttachmentInput {
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    /// e.g. application/pdf; anything unusable is sent as application/octet-stream.
    #[serde(default)]
    pub content_type: Option<String>,
    /// The file, base64-encoded (standard alphabet, with padding).
    pub content_base64: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyInput {
    /// The reply; `{{merge_fields}}` are filled in (see the reply templates).
    #[schema(min_length = 1, max_length = 50000)]
    pub body: String,
    #[serde(default)]
    #[schema(max_items = 10)]
    pub attachments: Vec<AttachmentInput>,
}

#[utoipa::path(post, path = "/api/v1/enquiries/{id}/replies", tag = "enquiries", params(("id" = i64, Path, description = "Enquiry id")),
    request_body = ReplyInput,
    responses((status = 204, description = "Recorded in the thread and queued to be sent"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn reply(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ReplyInput>,
) -> Response {
    let id = match super::parse_path_id(&id) {
        Ok(id) => EnquiryId(id),
        Err(error) => return error.into_response(),
    };
    let mut attachments = Vec::with_capacity(input.attachments.len());
    for file in input.attachments {
        let Ok(bytes) = STANDARD.decode(file.content_base64.as_bytes()) else {
            let message = format!("{} is not valid base64", file.name);
            return ApiError(AppError::field("attachments", message)).into_response();
        };
        let content_type = file.content_type.unwrap_or_else(|| "application/octet-stream".into());
        attachments.push(InboundAttachment { name: file.name, content_type, bytes });
    }
    let draft = ReplyDraft { body: input.body, attachments };
    let own_address = state.config.mail_address.clone();
    match steward_app::enquiries::reply_to_enquiry(state.store.as_ref(), &auth.context(), id, &draft, &own_address)
        .await
    {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ReplyTemplateOut {
    pub id: i64,
    pub name: String,
    pub body: String,
}

impl From<ReplyTemplate> for ReplyTemplateOut {
    fn from(t: ReplyTemplate) -> Self {
        Self { id: t.id, name: t.name, body: t.body }
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReplyTemplateInput {
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    #[schema(min_length = 1, max_length = 20000)]
    pub body: String,
}

#[utoipa::path(get, path = "/api/v1/reply-templates", tag = "enquiries",
    responses((status = 200, body = [ReplyTemplateOut]), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list_templates(State(state): State<AppState>, auth: Auth) -> Response {
    match steward_app::enquiries::reply_templates(state.store.as_ref(), &auth.context()).await {
        Ok(templates) => Json(templates.into_iter().map(ReplyTemplateOut::from).collect::<Vec<_>>()).into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}

#[utoipa::path(get, path = "/api/v1/reply-templates/{id}", tag = "enquiries", params(("id" = i64, Path, description = "Template id")),
    responses((status = 200, body = ReplyTemplateOut), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn show_template(State(state): State<AppState>, auth: Auth, Path(id): Path<String>) -> Response {
    let id = match super::parse_path_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    match steward_app::enquiries::reply_template(state.store.as_ref(), &auth.context(), id).await {
        Ok(template) => Json(ReplyTemplateOut::from(template)).into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}

#[utoipa::path(post, path = "/api/v1/reply-templates", tag = "enquiries", request_body = ReplyTemplateInput,
    responses((status = 201, body = ReplyTemplateOut), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create_template(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<ReplyTemplateInput>,
) -> Response {
    save(&state, &auth, None, input, StatusCode::CREATED).await
}

#[utoipa::path(put, path = "/api/v1/reply-templates/{id}", tag = "enquiries", params(("id" = i64, Path, description = "Template id")),
    request_body = ReplyTemplateInput,
    responses((status = 200, body = ReplyTemplateOut), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn update_template(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ReplyTemplateInput>,
) -> Response {
    let id = match super::parse_path_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    save(&state, &auth, Some(id), input, StatusCode::OK).await
}

async fn save(
    state: &AppState,
    auth: &Auth,
    id: Option<i64>,
    input: ReplyTemplateInput,
    status: StatusCode,
) -> Response {
    let ctx = auth.context();
    let saved = steward_app::enquiries::save_reply_template(state.store.as_ref(), &ctx, id, &input.name, &input.body);
    let template = match saved.await {
        Ok(id) => steward_app::enquiries::reply_template(state.store.as_ref(), &ctx, id).await,
        Err(error) => Err(error),
    };
    match template {
        Ok(template) => (status, Json(ReplyTemplateOut::from(template))).into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}
