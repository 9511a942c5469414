//! `/api/v1/routing-rules`: who new enquiries go to.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use steward_app::enquiries::RoutingRuleDraft;
use steward_app::ports::RoutingRule;

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
    pub assign_to: i64,
    pub assign_to_name: String,
}

impl From<RoutingRule> for RoutingRuleOut {
    fn from(r: RoutingRule) -> Self {
        Self {
            id: r.id,
            position: r.position,
            branch_id: r.conditions.branch,
            keyword: r.conditions.keyword,
            employer_id: r.conditions.employer,
            workplace_id: r.conditions.workplace,
            channel: r.conditions.channel,
            assign_to: r.assign_to.0,
            assign_to_name: r.assign_to_name,
        }
    }
}

/// Conditions left out always hold; `assign_to` must be able to answer in the branch.
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
    pub assign_to: i64,
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
        assign_to: input.assign_to.to_string(),
    };
    match steward_app::enquiries::add_routing_rule(state.store.as_ref(), &auth.context(), &draft).await {
        Ok(id) => (StatusCode::CREATED, Json(CreatedRule { id })).into_response(),
        Err(error) => ApiError(error).into_response(),
    }
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
