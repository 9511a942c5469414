//! `/api/v1/holidays`: extra bank holidays counted by every calculation.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use steward_app::deadlines::HolidayDraft;

use super::{created, ApiJson, Created};
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct HolidayOut {
    pub id: i64,
    /// england-and-wales, scotland or northern-ireland.
    pub nation: String,
    #[schema(format = Date, value_type = String)]
    pub date: String,
    pub name: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HolidayInput {
    #[schema(value_type = super::schema_types::NationName)]
    pub nation: String,
    #[schema(format = Date, value_type = String)]
    pub date: String,
    #[schema(min_length = 2, max_length = 120)]
    pub name: String,
}

#[utoipa::path(get, path = "/api/v1/holidays", tag = "deadlines",
    responses((status = 200, body = Vec<HolidayOut>), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list(State(state): State<AppState>, auth: Auth) -> Result<Json<Vec<HolidayOut>>, ApiError> {
    let holidays = steward_app::deadlines::list_extra_holidays(state.store.as_ref(), &auth.context()).await?;
    Ok(Json(
        holidays
            .into_iter()
            .map(|h| HolidayOut { id: h.id, nation: h.nation.as_str().into(), date: h.date.to_string(), name: h.name })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/holidays", tag = "deadlines", request_body = HolidayInput,
    responses((status = 201, body = Created), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create(State(state): State<AppState>, auth: Auth, ApiJson(input): ApiJson<HolidayInput>) -> Response {
    let draft = HolidayDraft { nation: input.nation, date: input.date, name: input.name };
    match steward_app::deadlines::add_extra_holiday(state.store.as_ref(), &auth.context(), &draft).await {
        Ok(id) => created(id),
        Err(error) => ApiError(error).into_response(),
    }
}
