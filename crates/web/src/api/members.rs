//! `/api/v1/members`: list with search, filters and paging; create; read; replace.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use steward_app::ports::{MemberQuery, MemberRecord};
use steward_app::AppError;
use steward_domain::ids::{BranchId, EmployerId, MemberId, WorkplaceId};
use steward_domain::member::{MemberDraft, MemberStatus};

use super::{created, parse_path_id, ApiJson, ApiQuery, Created};
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct Member {
    pub id: i64,
    pub membership_number: String,
    pub first_name: String,
    pub last_name: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub workplace_id: i64,
    pub workplace_name: String,
    pub employer_name: String,
    pub branch_id: i64,
    pub region_id: i64,
    pub job_title: Option<String>,
    #[schema(format = Date, value_type = String)]
    pub joined_on: String,
    /// One of active, arrears, lapsed, resigned.
    pub status: String,
    #[schema(format = DateTime, value_type = String)]
    pub created_at: String,
    #[schema(format = DateTime, value_type = String)]
    pub updated_at: String,
}

impl From<MemberRecord> for Member {
    fn from(m: MemberRecord) -> Self {
        Self {
            id: m.id.0,
            membership_number: m.membership_number,
            first_name: m.first_name,
            last_name: m.last_name,
            email: m.email,
            phone: m.phone,
            workplace_id: m.workplace.0,
            workplace_name: m.workplace_name,
            employer_name: m.employer_name,
            branch_id: m.branch.0,
            region_id: m.region.0,
            job_title: m.job_title,
            joined_on: m.joined_on.to_string(),
            status: m.status.as_str().to_owned(),
            created_at: m.created_at.to_rfc3339(),
            updated_at: m.updated_at.to_rfc3339(),
        }
    }
}

/// A member's details to create or replace. Unknown fields are refused.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MemberInput {
    /// 3 to 20 letters, digits or hyphens (stored upper-case; surrounding spaces are ignored).
    #[schema(pattern = r"^\s*[A-Za-z0-9-]{3,20}\s*$")]
    pub membership_number: String,
    #[schema(min_length = 1, max_length = 100)]
    pub first_name: String,
    #[schema(min_length = 1, max_length = 100)]
    pub last_name: String,
    /// An email address such as name@example.org; empty or absent when not given.
    #[serde(default)]
    pub email: Option<String>,
    /// 10 to 15 digits with spaces, brackets, hyphens and a leading +; empty or absent when not given.
    #[serde(default)]
    pub phone: Option<String>,
    #[schema(minimum = 1)]
    pub workplace_id: i64,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub job_title: Option<String>,
    /// ISO date, e.g. 2024-03-31; not in the future.
    #[schema(format = Date, value_type = String)]
    pub joined_on: String,
    /// active (default), arrears, lapsed or resigned.
    #[serde(default)]
    #[schema(value_type = Option<super::schema_types::MemberStatusName>)]
    pub status: Option<String>,
}

impl MemberInput {
    fn draft(self) -> MemberDraft {
        MemberDraft {
            membership_number: self.membership_number,
            first_name: self.first_name,
            last_name: self.last_name,
            email: self.email.unwrap_or_default(),
            phone: self.phone.unwrap_or_default(),
            workplace_id: Some(self.workplace_id),
            job_title: self.job_title.unwrap_or_default(),
            joined_on: self.joined_on,
            status: self.status.unwrap_or_else(|| "active".into()),
        }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MemberListParams {
    /// Words to find at the start of names, membership numbers or email addresses.
    #[param(max_length = 100)]
    pub q: Option<String>,
    /// active, arrears, lapsed or resigned.
    #[param(value_type = Option<super::schema_types::MemberStatusName>)]
    pub status: Option<String>,
    #[param(minimum = 1)]
    pub workplace_id: Option<i64>,
    #[param(minimum = 1)]
    pub branch_id: Option<i64>,
    #[param(minimum = 1)]
    pub employer_id: Option<i64>,
    /// Page number, from 1 (default 1) to 1000000.
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u32>,
    /// Members per page, 1 to 100 (default 25).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MemberList {
    pub members: Vec<Member>,
    pub total: i64,
    pub page: u32,
    pub per_page: u32,
    pub page_count: u32,
}

#[utoipa::path(get, path = "/api/v1/members", tag = "members", params(MemberListParams),
    responses((status = 200, body = MemberList), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(params): ApiQuery<MemberListParams>,
) -> Result<Json<MemberList>, ApiError> {
    let status =
        params.status.as_deref().map(MemberStatus::parse).transpose().map_err(|m| AppError::field("status", m))?;
    let query = MemberQuery {
        scope: auth.signed_in.actor.scope,
        text: params.q,
        status,
        workplace: params.workplace_id.map(WorkplaceId),
        branch: params.branch_id.map(BranchId),
        employer: params.employer_id.map(EmployerId),
        page: params.page.unwrap_or(1),
        per_page: params.per_page.unwrap_or(25),
    };
    let page = steward_app::members::search_members(state.store.as_ref(), &auth.context(), query).await?;
    let page_count = page.page_count();
    Ok(Json(MemberList {
        total: page.total,
        page: page.page,
        per_page: page.per_page,
        page_count,
        members: page.members.into_iter().map(Member::from).collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/members", tag = "members", request_body = MemberInput,
    responses((status = 201, body = Created), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create(State(state): State<AppState>, auth: Auth, ApiJson(input): ApiJson<MemberInput>) -> Response {
    match steward_app::members::create_member(state.store.as_ref(), &auth.context(), &input.draft()).await {
        Ok(id) => created(id.0),
        Err(error) => ApiError(error).into_response(),
    }
}

#[utoipa::path(get, path = "/api/v1/members/{id}", tag = "members", params(("id" = i64, Path, description = "Member id")),
    responses((status = 200, body = Member), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn show(State(state): State<AppState>, auth: Auth, Path(id): Path<String>) -> Response {
    let id = match parse_path_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    match steward_app::members::view_member(state.store.as_ref(), &auth.context(), MemberId(id)).await {
        Ok(member) => Json(Member::from(member)).into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}

#[utoipa::path(put, path = "/api/v1/members/{id}", tag = "members", params(("id" = i64, Path, description = "Member id")),
    request_body = MemberInput,
    responses((status = 204, description = "Saved"), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MemberInput>,
) -> Response {
    let id = match parse_path_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    match steward_app::members::update_member(state.store.as_ref(), &auth.context(), MemberId(id), &input.draft()).await
    {
        Ok(()) => axum::http::StatusCode::NO_CONTENT.into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}
