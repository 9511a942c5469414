//! `/api/v1/enquiry-settings`: response targets and escalation contacts per branch.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use steward_app::enquiries::{BranchTargets, BranchTargetsDraft};
use steward_domain::ids::BranchId;

use super::ApiJson;
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct BranchTargetsOut {
    pub branch_id: i64,
    pub branch_name: String,
    /// Working minutes allowed for the first answer.
    pub first_response_minutes: u32,
    /// Working minutes allowed after the member writes again.
    pub next_response_minutes: u32,
    /// Who is told when a target is missed.
    pub escalate_to: Option<i64>,
    /// False when the branch uses the defaults.
    pub own_settings: bool,
}

impl From<BranchTargets> for BranchTargetsOut {
    fn from(b: BranchTargets) -> Self {
        Self {
            branch_id: b.branch.0,
            branch_name: b.branch_name,
            first_response_minutes: b.settings.first_response_minutes,
            next_response_minutes: b.settings.next_response_minutes,
            escalate_to: b.settings.escalate_to.map(|u| u.0),
            own_settings: b.own_settings,
        }
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BranchTargetsInput {
    /// Working hours for the first answer (0.25 to 80).
    #[schema(minimum = 0.25, maximum = 80.0)]
    pub first_response_hours: f64,
    /// Working hours after the member writes again (0.25 to 80).
    #[schema(minimum = 0.25, maximum = 80.0)]
    pub next_response_hours: f64,
    /// A user who can open the branch's enquiries, or null for nobody.
    #[serde(default)]
    pub escalate_to: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/enquiry-settings", tag = "enquiries",
    responses((status = 200, body = [BranchTargetsOut]), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, auth: Auth) -> Response {
    match steward_app::enquiries::branch_targets(state.store.as_ref(), &auth.context()).await {
        Ok(branches) => Json(branches.into_iter().map(BranchTargetsOut::from).collect::<Vec<_>>()).into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}

#[utoipa::path(put, path = "/api/v1/enquiry-settings/{id}", tag = "enquiries", params(("id" = i64, Path, description = "Branch id")),
    request_body = BranchTargetsInput,
    responses((status = 204, description = "Saved"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn save(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<BranchTargetsInput>,
) -> Response {
    let branch = match super::parse_path_id(&id) {
        Ok(id) => BranchId(id),
        Err(error) => return error.into_response(),
    };
    let draft = BranchTargetsDraft {
        first_response_hours: input.first_response_hours.to_string(),
        next_response_hours: input.next_response_hours.to_string(),
        escalate_to: input.escalate_to.map(|id| id.to_string()).unwrap_or_default(),
    };
    match steward_app::enquiries::save_branch_targets(state.store.as_ref(), &auth.context(), branch, &draft).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}
