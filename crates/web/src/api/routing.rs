//! `/api/v1/routing-rules`: where new enquiries go (a person or a named queue), and
//! `/api/v1/enquiry-queues`: the named queues.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use steward_app::enquiries::RoutingRuleDraft;
use steward_app::ports::{EnquiryQueue, RoutingRule, RuleTarget};

use super::ApiJson;
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct RoutingRuleOut {
    pub id: i64,
    /// Rules are tried in ascending position.
    pub position: i64,
    pub branch_id: Option<i64>,
    pub keyword: Option<String>,
    pub employer_id: Option<i64>,
    pub workplace_id: Option<i64>,
    /// email, web, phone or api.
    pub channel: Option<String>,
    /// The person enquiries go to (absent when the rule names a queue).
    pub assign_to: Option<i64>,
    pub assign_to_name: Option<String>,
    /// The queue enquiries wait in (absent when the rule names a person).
    pub queue_id: Option<i64>,
    pub queue_name: Option<String>,
}

impl From<RoutingRule> for RoutingRuleOut {
    fn from(r: RoutingRule) -> Self {
        let (assign_to, assign_to_name, queue_id, queue_name) = match r.target {
            RuleTarget::Person { user, name } => (Some(user.0), Some(name), None, None),
            RuleTarget::Queue { queue, name } => (None, None, Some(queue), Some(name)),
        };
        Self {
            id: r.id,
            position: r.position,
            branch_id: r.conditions.branch,
            keyword: r.conditions.keyword,
            employer_id: r.conditions.employer,
            workplace_id: r.conditions.workplace,
            channel: r.conditions.channel,
            assign_to,
            assign_to_name,
            queue_id,
            queue_name,
        }
    }
}

/// Conditions left out always hold. Give `assign_to` (someone who can answer in the branch)
/// or `queue_id`, not both.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RoutingRuleInput {
    #[serde(default)]
    pub branch_id: Option<i64>,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub keyword: Option<String>,
    #[serde(default)]
    pub employer_id: Option<i64>,
    #[serde(default)]
    pub workplace_id: Option<i64>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub assign_to: Option<i64>,
    #[serde(default)]
    pub queue_id: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/routing-rules", tag = "enquiries",
    responses((status = 200, body = [RoutingRuleOut]), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, auth: Auth) -> Response {
    match steward_app::enquiries::routing_rules(state.store.as_ref(), &auth.context()).await {
        Ok(rules) => Json(rules.into_iter().map(RoutingRuleOut::from).collect::<Vec<_>>()).into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CreatedRule {
    pub id: i64,
}

#[utoipa::path(post, path = "/api/v1/routing-rules", tag = "enquiries", request_body = RoutingRuleInput,
    responses((status = 201, body = CreatedRule), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create(State(state): State<AppState>, auth: Auth, ApiJson(input): ApiJson<RoutingRuleInput>) -> Response {
    let text = |id: Option<i64>| id.map(|id| id.to_string()).unwrap_or_default();
    let draft = RoutingRuleDraft {
        branch: text(input.branch_id),
        keyword: input.keyword.unwrap_or_default(),
        employer: text(input.employer_id),
        workplace: text(input.workplace_id),
        channel: input.channel.unwrap_or_default(),
        assign_to: text(input.assign_to),
        queue: text(input.queue_id),
    };
    match steward_app::enquiries::add_routing_rule(state.store.as_ref(), &auth.context(), &draft).await {
        Ok(id) => (StatusCode::CREATED, Json(CreatedRule { id })).into_response(),
        Err(error) => ApiError(wire_fields(error)).into_response(),
    }
}

/// The use case names the form's fields; the wire's ids end in `_id`.
fn wire_fields(error: steward_app::AppError) -> steward_app::AppError {
    let steward_app::AppError::Invalid(errors) = error else { return error };
    let mut renamed = steward_domain::field_errors::FieldErrors::new();
    for (field, message) in errors.iter() {
        let field = match field {
            "branch" => "branch_id",
            "employer" => "employer_id",
            "workplace" => "workplace_id",
            "queue" => "queue_id",
            other => other,
        };
        renamed.add(field, message);
    }
    steward_app::AppError::Invalid(renamed)
}

#[utoipa::path(delete, path = "/api/v1/routing-rules/{id}", tag = "enquiries", params(("id" = i64, Path, description = "Rule id")),
    responses((status = 204, description = "Removed"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn delete(State(state): State<AppState>, auth: Auth, Path(id): Path<String>) -> Response {
    let id = match super::parse_path_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    match steward_app::enquiries::delete_routing_rule(state.store.as_ref(), &auth.context(), id).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct EnquiryQueueOut {
    pub id: i64,
    pub name: String,
    /// Open enquiries waiting in it, in every scope.
    pub open_enquiries: u32,
}

impl From<EnquiryQueue> for EnquiryQueueOut {
    fn from(q: EnquiryQueue) -> Self {
        Self { id: q.id, name: q.name, open_enquiries: q.open_enquiries }
    }
}

#[utoipa::path(get, path = "/api/v1/enquiry-queues", tag = "enquiries", operation_id = "list_enquiry_queues",
    responses((status = 200, body = [EnquiryQueueOut]), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn queues(State(state): State<AppState>, auth: Auth) -> Result<Json<Vec<EnquiryQueueOut>>, ApiError> {
    let queues = steward_app::enquiries::enquiry_queues(state.store.as_ref(), &auth.context()).await?;
    Ok(Json(queues.into_iter().map(EnquiryQueueOut::from).collect()))
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EnquiryQueueInput {
    /// Unique whatever its case.
    #[schema(min_length = 1, max_length = 60)]
    pub name: String,
}

#[utoipa::path(post, path = "/api/v1/enquiry-queues", tag = "enquiries", operation_id = "create_enquiry_queue",
    request_body = EnquiryQueueInput,
    responses((status = 201, body = CreatedRule, description = "The new queue's id"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create_queue(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<EnquiryQueueInput>,
) -> Result<(StatusCode, Json<CreatedRule>), ApiError> {
    let id = steward_app::enquiries::add_enquiry_queue(state.store.as_ref(), &auth.context(), &input.name).await?;
    Ok((StatusCode::CREATED, Json(CreatedRule { id })))
}

#[utoipa::path(delete, path = "/api/v1/enquiry-queues/{id}", tag = "enquiries", operation_id = "delete_enquiry_queue",
    params(("id" = i64, Path, description = "Queue id")),
    responses((status = 204, description = "Removed; its enquiries are back in the general list"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "A routing rule still sends to it")),
    security(("bearer" = [])))]
pub async fn delete_queue(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<StatusCode, ApiError> {
    let id = super::parse_path_id(&id)?;
    steward_app::enquiries::delete_enquiry_queue(state.store.as_ref(), &auth.context(), id).await?;
    Ok(StatusCode::NO_CONTENT)
}
