//! `/api/v1/users`: list accounts and add one (administrators).

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use steward_app::users::UserDraft;
use steward_domain::ids::UserId;

use super::{created, ApiJson, Created};
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct UserOut {
    pub id: i64,
    pub email: String,
    pub name: String,
    /// admin, officer, caseworker, staff, rep or lawyer.
    pub role: String,
    /// union, region:ID, branch:ID or workplace:ID.
    pub scope: String,
    pub active: bool,
    #[schema(format = DateTime, value_type = String)]
    pub created_at: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct UserInput {
    /// An email address such as name@example.org.
    pub email: String,
    #[schema(min_length = 1, max_length = 100)]
    pub name: String,
    #[schema(value_type = super::schema_types::RoleName)]
    pub role: String,
    /// union (default), region:ID, branch:ID or workplace:ID.
    #[serde(default)]
    pub scope: Option<String>,
    /// 12 to 256 characters.
    #[schema(min_length = 12, max_length = 256)]
    pub password: String,
}

#[utoipa::path(get, path = "/api/v1/users", tag = "users",
    responses((status = 200, body = Vec<UserOut>), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, auth: Auth) -> Result<Json<Vec<UserOut>>, ApiError> {
    let users = steward_app::users::list_users(state.store.as_ref(), &auth.context()).await?;
    Ok(Json(
        users
            .into_iter()
            .map(|u| UserOut {
                id: u.id.0,
                email: u.email,
                name: u.name,
                role: u.role.as_str().into(),
                scope: u.scope.to_text(),
                active: u.active,
                created_at: u.created_at.to_rfc3339(),
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = UserInput,
    responses((status = 201, body = Created), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create(State(state): State<AppState>, auth: Auth, ApiJson(input): ApiJson<UserInput>) -> Response {
    let draft = UserDraft {
        email: input.email,
        name: input.name,
        role: input.role,
        scope: input.scope.unwrap_or_default(),
        password: input.password,
    };
    match steward_app::users::create_user(state.store.as_ref(), &auth.context(), &draft).await {
        Ok(id) => created(id.0),
        Err(error) => ApiError(error).into_response(),
    }
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActiveInput {
    pub active: bool,
}

#[utoipa::path(put, path = "/api/v1/users/{id}/active", tag = "users", request_body = ActiveInput,
    params(("id" = i64, Path, description = "User id")),
    responses((status = 204, description = "Saved"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn set_active(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ActiveInput>,
) -> Response {
    let id = match super::parse_path_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    match steward_app::users::set_user_active(state.store.as_ref(), &auth.context(), UserId(id), input.active).await {
        Ok(()) => axum::http::StatusCode::NO_CONTENT.into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}
