//! `/api/v1/enquiries`: the queue, one enquiry with its thread, notes, and the intake route
//! a mail gateway posts raw messages to.

use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use steward_app::enquiries::{IntakeSettings, Received};
use steward_app::ports::{EnquiryId, EnquiryQuery, EnquirySummary, QueueFilter};
use steward_app::AppError;

use super::{ApiJson, ApiQuery};
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct EnquiryOut {
    pub id: i64,
    /// ENQ-YYYY-NNNNNN
    pub reference: String,
    pub subject: String,
    /// email, web, phone or api.
    pub channel: String,
    /// open, answered or closed.
    pub status: String,
    pub member_id: Option<i64>,
    pub member_name: Option<String>,
    pub sender_address: Option<String>,
    /// When the next answer is owed (absent when none is).
    #[schema(format = DateTime, value_type = Option<String>)]
    pub due: Option<String>,
    /// Why the message needs a person to check it, if it does.
    pub flagged: Option<String>,
    /// The named queue it waits in, if any.
    pub queue_id: Option<i64>,
    pub queue_name: Option<String>,
    #[schema(format = DateTime, value_type = String)]
    pub created_at: String,
}

impl From<EnquirySummary> for EnquiryOut {
    fn from(e: EnquirySummary) -> Self {
        Self {
            id: e.id.0,
            reference: e.reference.to_string(),
            due: e.due().map(|at| at.to_rfc3339()),
            subject: e.subject,
            channel: e.channel,
            status: e.status,
            member_id: e.member.map(|m| m.0),
            member_name: e.member_name,
            sender_address: e.sender_address,
            flagged: e.flagged,
            queue_id: e.queue.as_ref().map(|(id, _)| *id),
            queue_name: e.queue.map(|(_, name)| name),
            created_at: e.created_at.to_rfc3339(),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MessageOut {
    pub id: i64,
    /// in, out or note.
    pub direction: String,
    pub author: String,
    pub subject: String,
    pub body: String,
    /// The attachments' names, as the sender gave them.
    pub attachments: Vec<String>,
    /// The same attachments with their ids, for `GET /api/v1/enquiries/{id}/attachments/{attachment_id}`.
    pub attachment_files: Vec<AttachmentOut>,
    /// Whether the message as it arrived can be downloaded
    /// (`GET /api/v1/enquiries/{id}/messages/{message_id}/original`).
    pub has_original: bool,
    #[schema(format = DateTime, value_type = String)]
    pub at: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AttachmentOut {
    pub id: i64,
    pub name: String,
    pub size_bytes: u64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct EnquiryDetailOut {
    pub enquiry: EnquiryOut,
    pub messages: Vec<MessageOut>,
    /// Mail to the member still waiting to be sent.
    pub queued_mail: usize,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct QueueParams {
    /// open (default), mine, unassigned, due-soon or overdue.
    #[param(value_type = Option<QueueFilterName>)]
    pub filter: Option<String>,
    /// 1 (default) and up.
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<u32>,
    /// 1 to 200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u32>,
    /// Only the open enquiries waiting in this named queue (with `filter` absent or open).
    #[param(minimum = 1)]
    pub queue_id: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)] // describes the filter parameter in the OpenAPI document only
pub enum QueueFilterName {
    Open,
    Mine,
    Unassigned,
    DueSoon,
    Overdue,
}

#[utoipa::path(get, path = "/api/v1/enquiries", tag = "enquiries", params(QueueParams),
    responses((status = 200, body = Vec<EnquiryOut>), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(params): ApiQuery<QueueParams>,
) -> Result<Json<Vec<EnquiryOut>>, ApiError> {
    let ctx = auth.context();
    // Absent is open; an empty value is not one of the documented words (the pages allow it).
    let name = params.filter.as_deref().unwrap_or("open");
    let filter = Some(name)
        .filter(|name| !name.is_empty())
        .and_then(|name| crate::html::enquiries::queue_filter(name, &auth, ctx.now))
        .filter(|filter| !matches!(filter, QueueFilter::InQueue(_)))
        .ok_or_else(|| AppError::field("filter", "Use open, mine, unassigned, due-soon or overdue"))?;
    let filter = match (params.queue_id, filter) {
        (None, filter) => filter,
        (Some(queue), QueueFilter::AllOpen) if queue > 0 => QueueFilter::InQueue(queue),
        (Some(queue), QueueFilter::AllOpen) => {
            return Err(AppError::field("queue_id", format!("{queue} is not a queue's id")).into())
        }
        (Some(_), _) => {
            return Err(AppError::field("queue_id", "A queue lists its open enquiries: leave filter out").into())
        }
    };
    let page = params.page.unwrap_or(1);
    let per_page = params.per_page.unwrap_or(50);
    if !(1..=10_000).contains(&page) {
        return Err(AppError::field("page", "Use a page from 1 to 10000").into());
    }
    if !(1..=200).contains(&per_page) {
        return Err(AppError::field("per_page", "Use 1 to 200 per page").into());
    }
    let query = EnquiryQuery { scope: ctx.actor.scope, filter, limit: per_page, offset: (page - 1) * per_page };
    let queue = steward_app::enquiries::enquiry_queue(state.store.as_ref(), &ctx, query).await?;
    Ok(Json(queue.into_iter().map(EnquiryOut::from).collect()))
}

fn enquiry_id(raw: &str) -> Result<EnquiryId, ApiError> {
    super::parse_path_id(raw).map(EnquiryId)
}

#[utoipa::path(get, path = "/api/v1/enquiries/{id}", tag = "enquiries", params(("id" = i64, Path, description = "Enquiry id")),
    responses((status = 200, body = EnquiryDetailOut), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<EnquiryDetailOut>, ApiError> {
    let detail = steward_app::enquiries::view_enquiry(state.store.as_ref(), &auth.context(), enquiry_id(&id)?).await?;
    Ok(Json(EnquiryDetailOut {
        queued_mail: detail.queued_mail.len(),
        messages: detail
            .messages
            .into_iter()
            .map(|m| MessageOut {
                id: m.id,
                direction: m.direction,
                author: m.author,
                subject: m.subject,
                body: m.body,
                attachments: m.attachments.iter().map(|a| a.name.clone()).collect(),
                attachment_files: m
                    .attachments
                    .into_iter()
                    .map(|a| AttachmentOut { id: a.id, name: a.name, size_bytes: a.size_bytes })
                    .collect(),
                has_original: m.has_original,
                at: m.at.to_rfc3339(),
            })
            .collect(),
        enquiry: EnquiryOut::from(detail.summary),
    }))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoteInput {
    #[schema(min_length = 1, max_length = 20000)]
    pub note: String,
}

#[utoipa::path(post, path = "/api/v1/enquiries/{id}/notes", tag = "enquiries", params(("id" = i64, Path, description = "Enquiry id")),
    request_body = NoteInput,
    responses((status = 204, description = "Added"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn add_note(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<NoteInput>,
) -> Response {
    let id = match enquiry_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    match steward_app::enquiries::add_note(state.store.as_ref(), &auth.context(), id, &input.note).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct InboundOut {
    /// opened, replied or duplicate.
    pub outcome: String,
    pub enquiry_id: Option<i64>,
    pub reference: Option<String>,
    /// Whether an acknowledgement was queued for the sender.
    pub acknowledged: bool,
}

/// Raw messages may carry attachments, so this route takes up to 25 MiB.
pub const INBOUND_BODY_LIMIT: usize = 25 * 1024 * 1024;

#[utoipa::path(post, path = "/api/v1/enquiries/inbound", tag = "enquiries",
    request_body(content = inline(String), content_type = "message/rfc822", description = "One raw RFC 5322 message"),
    responses((status = 201, body = InboundOut, description = "A new enquiry was opened"),
              (status = 200, body = InboundOut, description = "A reply was added, or the message was already taken in"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn inbound(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(body) => body,
        Err(rejection) => {
            let code =
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE { "body_too_large" } else { "unreadable_body" };
            return Problem::new(rejection.status(), code, rejection.body_text()).into_response();
        }
    };
    let content_type = headers.get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default();
    if !content_type.trim().to_ascii_lowercase().starts_with("message/rfc822") {
        return Problem::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "rfc822_required",
            "Send one raw message as message/rfc822",
        )
        .into_response();
    }
    if body.is_empty() {
        return ApiError(AppError::field("body", "The message is empty")).into_response();
    }
    let email = steward_mail::parse_email(&body);
    let settings = IntakeSettings::standard(&state.config.mail_address);
    let out = |status: StatusCode, out: InboundOut| (status, Json(out)).into_response();
    match steward_app::enquiries::receive_email_as(state.store.as_ref(), &auth.context(), email, &settings).await {
        Ok(Received::Opened { id, reference, acknowledged }) => out(
            StatusCode::CREATED,
            InboundOut {
                outcome: "opened".into(),
                enquiry_id: Some(id.0),
                reference: Some(reference.to_string()),
                acknowledged,
            },
        ),
        Ok(Received::Replied { id }) => out(
            StatusCode::OK,
            InboundOut { outcome: "replied".into(), enquiry_id: Some(id.0), reference: None, acknowledged: false },
        ),
        Ok(Received::Duplicate) => out(
            StatusCode::OK,
            InboundOut { outcome: "duplicate".into(), enquiry_id: None, reference: None, acknowledged: false },
        ),
        Err(error) => ApiError(error).into_response(),
    }
}

/// Who answers: `take: true` takes the enquiry (`take_over` when a colleague holds it),
/// `take: false` lets it go.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssigneeInput {
    pub take: bool,
    #[serde(default)]
    pub take_over: bool,
}

#[utoipa::path(put, path = "/api/v1/enquiries/{id}/assignee", tag = "enquiries", params(("id" = i64, Path, description = "Enquiry id")),
    request_body = AssigneeInput,
    responses((status = 204, description = "Saved"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn assignee(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AssigneeInput>,
) -> Response {
    let id = match enquiry_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    let ctx = auth.context();
    let result = if input.take {
        steward_app::enquiries::take_enquiry(state.store.as_ref(), &ctx, id, input.take_over).await
    } else {
        steward_app::enquiries::release_enquiry(state.store.as_ref(), &ctx, id).await
    };
    match result {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CloseInput {
    /// answered, case_opened, referred, no_action or duplicate_or_spam.
    pub outcome: String,
}

#[utoipa::path(post, path = "/api/v1/enquiries/{id}/close", tag = "enquiries", params(("id" = i64, Path, description = "Enquiry id")),
    request_body = CloseInput,
    responses((status = 204, description = "Closed"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn close(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CloseInput>,
) -> Response {
    let id = match enquiry_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    match steward_app::enquiries::close_enquiry(state.store.as_ref(), &auth.context(), id, &input.outcome).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhoneCallInput {
    /// The caller's membership number, if a member.
    #[serde(default)]
    pub membership_number: Option<String>,
    /// The caller's name, if not a member.
    #[serde(default)]
    pub caller_name: Option<String>,
    #[schema(min_length = 1, max_length = 200)]
    pub subject: String,
    #[schema(min_length = 1, max_length = 20000)]
    pub notes: String,
}

#[utoipa::path(post, path = "/api/v1/enquiries/phone", tag = "enquiries", request_body = PhoneCallInput,
    responses((status = 201, body = super::Created), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn phone(State(state): State<AppState>, auth: Auth, ApiJson(input): ApiJson<PhoneCallInput>) -> Response {
    let draft = steward_app::enquiries::PhoneCallDraft {
        membership_number: input.membership_number.unwrap_or_default(),
        caller_name: input.caller_name.unwrap_or_default(),
        subject: input.subject,
        notes: input.notes,
    };
    let settings = IntakeSettings::standard(&state.config.mail_address);
    match steward_app::enquiries::log_phone_call(state.store.as_ref(), &auth.context(), &draft, &settings).await {
        Ok(id) => super::created(id.0),
        Err(error) => ApiError(error).into_response(),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SuggestionOut {
    pub user_id: i64,
    pub name: String,
    /// Open enquiries this person holds now.
    pub open_enquiries: u32,
    /// Their workload against their branch's thresholds (null until first computed, or for
    /// people who carry no cases).
    pub capacity: Option<crate::api::workload::CapacityName>,
    /// Whether they hold current training in what the enquiry seems to be about.
    pub trained: bool,
}

#[utoipa::path(get, path = "/api/v1/enquiries/{id}/suggested-assignees", tag = "enquiries", params(("id" = i64, Path, description = "Enquiry id")),
    responses((status = 200, body = [SuggestionOut], description = "Colleagues who may answer: trained for what the member wrote about and with capacity first, anyone over capacity last, then fewest open enquiries"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn suggested_assignees(State(state): State<AppState>, auth: Auth, Path(id): Path<String>) -> Response {
    let id = match enquiry_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    match steward_app::enquiries::assignment_suggestions(state.store.as_ref(), &auth.context(), id).await {
        Ok(suggestions) => Json(
            suggestions
                .people
                .into_iter()
                .map(|s| SuggestionOut {
                    user_id: s.user.0,
                    name: s.name,
                    open_enquiries: s.open_enquiries,
                    capacity: s.capacity.map(Into::into),
                    trained: s.trained,
                })
                .collect::<Vec<_>>(),
        )
        .into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AssignInput {
    /// A colleague from the suggested assignees.
    pub user_id: i64,
}

#[utoipa::path(post, path = "/api/v1/enquiries/{id}/assign", tag = "enquiries", params(("id" = i64, Path, description = "Enquiry id")),
    request_body = AssignInput,
    responses((status = 204, description = "Passed on"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn assign(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<AssignInput>,
) -> Response {
    let id = match enquiry_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    let user = steward_domain::ids::UserId(input.user_id);
    match steward_app::enquiries::assign_enquiry_to(state.store.as_ref(), &auth.context(), id, user).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}
