//! `/api/v1/time-off`: one's own time-off requests to the employer, drafting and changing one,
//! submitting it (the notice check comes back with it), sending the manager's link and
//! withdrawing it. The manager's decision has no API: it is made through the link's page. Someone else's request reads as not found
//! unless the caller is an officer whose scope holds it.

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use steward_app::ports::TimeOffRequest;
use steward_app::time_off::{TimeOffDraft, TimeOffView};
use steward_app::AppError;
use steward_domain::facility::category::TimeCategory;
use steward_domain::facility::compensation::MAX_REQUEST_DAYS;
use steward_domain::field_errors::FieldErrors;
use steward_domain::member::parse_iso_date;

use super::{parse_path_id, ApiJson};
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

const MAX_MINUTES: u32 = MAX_REQUEST_DAYS as u32 * 24 * 60;

/// The kinds of union time (names for the document only).
#[allow(dead_code)]
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimeCategoryName {
    Duties,
    Activities,
    Training,
    HealthAndSafety,
    UnionLearning,
}

#[allow(dead_code)]
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimeOffStatusName {
    Draft,
    Submitted,
    Approved,
    Refused,
    Withdrawn,
}

/// The notice check made when the request was submitted.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NoticeOut {
    /// The last day the request could be made with full notice.
    #[schema(format = Date, value_type = String)]
    pub give_by: String,
    pub short: bool,
    /// Short notice to accompany a member at a hearing: the rep goes, and the request follows.
    pub after_the_event: bool,
    pub message: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TimeOffOut {
    pub id: i64,
    pub user_id: i64,
    pub user_name: String,
    #[schema(value_type = TimeCategoryName)]
    pub category: String,
    #[schema(format = Date, value_type = String)]
    pub starts_on: String,
    #[schema(format = Date, value_type = String)]
    pub ends_on: String,
    /// Minutes in all.
    pub minutes: u32,
    pub purpose: String,
    pub meeting_id: Option<i64>,
    pub course_name: Option<String>,
    pub syllabus: Option<String>,
    /// The syllabus file attached to a training request (shown on one request, not in lists).
    pub syllabus_file: Option<super::time_off_syllabus::SyllabusFileOut>,
    #[schema(value_type = TimeOffStatusName)]
    pub status: String,
    pub notice: Option<NoticeOut>,
    pub employer_name: Option<String>,
    pub manager_name: Option<String>,
    pub manager_email: Option<String>,
    #[schema(format = DateTime, value_type = Option<String>)]
    pub link_expires_at: Option<String>,
    #[schema(format = DateTime, value_type = Option<String>)]
    pub decided_at: Option<String>,
    pub decided_by: Option<String>,
    pub decision_note: Option<String>,
    /// For a part-time rep's training: minutes outside their contracted hours that the
    /// employer should compensate (shown on one request, not in lists).
    pub compensatory_minutes: Option<u32>,
    #[schema(format = DateTime, value_type = String)]
    pub created_at: String,
    #[schema(format = DateTime, value_type = String)]
    pub updated_at: String,
}

impl From<TimeOffRequest> for TimeOffOut {
    fn from(r: TimeOffRequest) -> Self {
        Self {
            id: r.id,
            user_id: r.user.0,
            user_name: r.user_name,
            category: r.fields.category.as_str().to_owned(),
            starts_on: r.fields.starts_on.to_string(),
            ends_on: r.fields.ends_on.to_string(),
            minutes: r.fields.minutes,
            purpose: r.fields.purpose,
            meeting_id: r.fields.meeting,
            course_name: r.fields.course_name,
            syllabus: r.fields.syllabus,
            syllabus_file: None,
            status: r.status.as_str().to_owned(),
            notice: r.notice.map(|n| NoticeOut {
                give_by: n.give_by.to_string(),
                short: n.short,
                after_the_event: n.after_the_event,
                message: n.message,
            }),
            employer_name: r.employer_name,
            manager_name: r.manager_name,
            manager_email: r.manager_email,
            link_expires_at: r.link_expires_at.map(|at| at.to_rfc3339()),
            decided_at: r.decided_at.map(|at| at.to_rfc3339()),
            decided_by: r.decided_by,
            decision_note: r.decision_note,
            compensatory_minutes: None,
            created_at: r.created_at.to_rfc3339(),
            updated_at: r.updated_at.to_rfc3339(),
        }
    }
}

fn view_out(view: TimeOffView) -> TimeOffOut {
    let compensatory = view.compensation.map(|c| c.compensatory_minutes);
    let syllabus_file = view.syllabus_file.map(super::time_off_syllabus::SyllabusFileOut::from);
    TimeOffOut { compensatory_minutes: compensatory, syllabus_file, ..TimeOffOut::from(view.request) }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TimeOffListOut {
    /// The caller's own requests, latest dates first.
    pub requests: Vec<TimeOffOut>,
}

/// A request to draft. Submit it to have its notice checked.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeOffInput {
    #[schema(value_type = TimeCategoryName)]
    pub category: String,
    #[schema(format = Date, value_type = String)]
    pub starts_on: String,
    /// The last day; absent for one day. At most 31 days after the first.
    #[serde(default)]
    #[schema(format = Date, value_type = Option<String>)]
    pub ends_on: Option<String>,
    /// Minutes in all, at most 24 hours for each day asked for.
    #[schema(minimum = 1, maximum = 44640)]
    pub minutes: i64,
    #[schema(min_length = 1, max_length = 2000)]
    pub purpose: String,
    /// A meeting on one of the caller's cases (a hearing gives the after-the-event route).
    #[serde(default)]
    #[schema(minimum = 1)]
    pub meeting_id: Option<i64>,
    /// For training: the course's name (needed to submit).
    #[serde(default)]
    #[schema(max_length = 200)]
    pub course_name: Option<String>,
    /// For training: the syllabus, as text or its web address (needed to submit).
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub syllabus: Option<String>,
}

fn request_id(raw: &str) -> Result<i64, ApiError> {
    parse_path_id(raw)
}

#[utoipa::path(get, path = "/api/v1/time-off", tag = "time-off",
    responses((status = 200, body = TimeOffListOut),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, auth: Auth) -> Result<Json<TimeOffListOut>, ApiError> {
    let list = steward_app::time_off::list_time_off(state.store.as_ref(), &auth.context()).await?;
    Ok(Json(TimeOffListOut { requests: list.mine.into_iter().map(TimeOffOut::from).collect() }))
}

#[utoipa::path(post, path = "/api/v1/time-off", tag = "time-off", request_body = TimeOffInput,
    responses((status = 201, body = TimeOffOut, description = "The draft was saved"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create(State(state): State<AppState>, auth: Auth, ApiJson(input): ApiJson<TimeOffInput>) -> Response {
    let draft = match draft_of(input) {
        Ok(draft) => draft,
        Err(error) => return error.into_response(),
    };
    let ctx = auth.context();
    let id = match steward_app::time_off::create_time_off(state.store.as_ref(), &ctx, &draft).await {
        Ok(id) => id,
        Err(error) => return ApiError(wire_fields(error)).into_response(),
    };
    match steward_app::time_off::view_time_off(state.store.as_ref(), &ctx, id).await {
        Ok(view) => (StatusCode::CREATED, Json(view_out(view))).into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}

#[utoipa::path(put, path = "/api/v1/time-off/{id}", tag = "time-off", operation_id = "edit_time_off_draft",
    params(("id" = i64, Path, description = "Request id")), request_body = TimeOffInput,
    responses((status = 200, body = TimeOffOut, description = "The draft was changed"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "No longer a draft"),
              (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn edit(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<TimeOffInput>,
) -> Result<Json<TimeOffOut>, ApiError> {
    let id = request_id(&id)?;
    let draft = draft_of(input)?;
    let ctx = auth.context();
    steward_app::time_off::edit_time_off(state.store.as_ref(), &ctx, id, &draft).await.map_err(wire_fields)?;
    let view = steward_app::time_off::view_time_off(state.store.as_ref(), &ctx, id).await?;
    Ok(Json(view_out(view)))
}

/// The wire's request as the form's draft, after the checks only the wire needs.
fn draft_of(input: TimeOffInput) -> Result<TimeOffDraft, ApiError> {
    let mut checks = FieldErrors::new();
    if !TimeCategory::ALL.iter().any(|c| c.as_str() == input.category) {
        checks.add("category", "Choose duties, activities, training, health_and_safety or union_learning");
    }
    if parse_iso_date(&input.starts_on).is_none() {
        checks.add("starts_on", "Give the date as YYYY-MM-DD");
    }
    if input.ends_on.as_deref().is_some_and(|raw| parse_iso_date(raw).is_none()) {
        checks.add("ends_on", "Give the date as YYYY-MM-DD");
    }
    let minutes = u32::try_from(input.minutes).ok().filter(|m| (1..=MAX_MINUTES).contains(m));
    if minutes.is_none() {
        checks.add("minutes", format!("Give the minutes in all, from 1 to {MAX_MINUTES}"));
    }
    if input.purpose.is_empty() || input.purpose.chars().count() > 2_000 {
        checks.add("purpose", "Say what the time off is for (up to 2000 characters)");
    }
    if input.meeting_id.is_some_and(|id| id < 1) {
        checks.add("meeting_id", "Give the id of a meeting (a whole number from 1)");
    }
    if input.course_name.as_deref().is_some_and(|text| text.chars().count() > 200) {
        checks.add("course_name", "Keep this to 200 characters");
    }
    if input.syllabus.as_deref().is_some_and(|text| text.chars().count() > 20_000) {
        checks.add("syllabus", "Keep this to 20000 characters");
    }
    let Some(minutes) = minutes.filter(|_| checks.is_empty()) else {
        return Err(ApiError(AppError::Invalid(checks)));
    };
    Ok(TimeOffDraft {
        category: input.category,
        starts_on: input.starts_on,
        ends_on: input.ends_on.unwrap_or_default(),
        // Up to a day in the forms' minutes; longer as decimal hours.
        hours: if minutes <= 24 * 60 { format!("{minutes}m") } else { format!("{}", f64::from(minutes) / 60.0) },
        purpose: input.purpose,
        meeting: input.meeting_id,
        course_name: input.course_name.unwrap_or_default(),
        syllabus: input.syllabus.unwrap_or_default(),
    })
}

/// The use case names the form's `hours` and `meeting`; the wire's are `minutes` and `meeting_id`.
fn wire_fields(error: AppError) -> AppError {
    let AppError::Invalid(errors) = error else { return error };
    let mut renamed = FieldErrors::new();
    for (field, message) in errors.iter() {
        let field = match field {
            "hours" => "minutes",
            "meeting" => "meeting_id",
            other => other,
        };
        renamed.add(field, message);
    }
    AppError::Invalid(renamed)
}

#[utoipa::path(get, path = "/api/v1/time-off/{id}", tag = "time-off", params(("id" = i64, Path, description = "Request id")),
    responses((status = 200, body = TimeOffOut),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<TimeOffOut>, ApiError> {
    let id = request_id(&id)?;
    let view = steward_app::time_off::view_time_off(state.store.as_ref(), &auth.context(), id).await?;
    Ok(Json(view_out(view)))
}

#[utoipa::path(post, path = "/api/v1/time-off/{id}/submit", tag = "time-off", params(("id" = i64, Path, description = "Request id")),
    responses((status = 200, body = TimeOffOut, description = "Submitted; `notice` says whether the notice was short"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn submit(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<TimeOffOut>, ApiError> {
    let id = request_id(&id)?;
    let ctx = auth.context();
    steward_app::time_off::submit_time_off(state.store.as_ref(), &ctx, id).await.map_err(wire_fields)?;
    let view = steward_app::time_off::view_time_off(state.store.as_ref(), &ctx, id).await?;
    Ok(Json(view_out(view)))
}

#[utoipa::path(post, path = "/api/v1/time-off/{id}/withdraw", tag = "time-off", params(("id" = i64, Path, description = "Request id")),
    responses((status = 200, body = TimeOffOut, description = "Withdrawn"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn withdraw(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<TimeOffOut>, ApiError> {
    let id = request_id(&id)?;
    let ctx = auth.context();
    steward_app::time_off::withdraw_time_off(state.store.as_ref(), &ctx, id).await?;
    let view = steward_app::time_off::view_time_off(state.store.as_ref(), &ctx, id).await?;
    Ok(Json(view_out(view)))
}

/// Whom to send the manager's link to.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ManagerLinkInput {
    #[schema(min_length = 1, max_length = 200)]
    pub manager_name: String,
    #[schema(format = Email, min_length = 3, max_length = 254)]
    pub manager_email: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct SentLinkOut {
    /// The manager's link, shown this once (only its hash is kept), to pass on another way too.
    pub url: String,
    #[schema(format = DateTime, value_type = String)]
    pub expires_at: String,
    pub request: TimeOffOut,
}

#[utoipa::path(post, path = "/api/v1/time-off/{id}/send", tag = "time-off", operation_id = "send_time_off_manager_link",
    params(("id" = i64, Path, description = "Request id")), request_body = ManagerLinkInput,
    responses((status = 200, body = SentLinkOut, description = "Mailed to the manager; an earlier link stops working"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "Not submitted, or decided"),
              (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn send_link(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ManagerLinkInput>,
) -> Result<Json<SentLinkOut>, ApiError> {
    let id = request_id(&id)?;
    let ctx = auth.context();
    let site = crate::html::time_off::site_of(&state, &headers);
    let sent = steward_app::time_off::send_manager_link(
        state.store.as_ref(),
        &ctx,
        id,
        &input.manager_name,
        &input.manager_email,
        &site,
    )
    .await?;
    let view = steward_app::time_off::view_time_off(state.store.as_ref(), &ctx, id).await?;
    Ok(Json(SentLinkOut { url: sent.url, expires_at: sent.expires_at.to_rfc3339(), request: view_out(view) }))
}
