//! `/api/v1/organisation` and the routes that add regions, branches, employers and workplaces.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use steward_app::organisation::WorkplaceDraft;
use steward_domain::ids::RegionId;
use steward_domain::organisation::OrgUnit;

use super::{created, ApiJson, Created};
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct RegionOut {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct BranchOut {
    pub id: i64,
    pub region_id: i64,
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct EmployerOut {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct WorkplaceOut {
    pub id: i64,
    pub branch_id: i64,
    pub employer_id: i64,
    pub name: String,
    /// england-and-wales, scotland or northern-ireland.
    #[schema(value_type = super::schema_types::NationName)]
    pub nation: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OrganisationOut {
    pub regions: Vec<RegionOut>,
    pub branches: Vec<BranchOut>,
    pub employers: Vec<EmployerOut>,
    pub workplaces: Vec<WorkplaceOut>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NameInput {
    #[schema(min_length = 2, max_length = 120)]
    pub name: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BranchInput {
    #[schema(minimum = 1)]
    pub region_id: i64,
    #[schema(min_length = 2, max_length = 120)]
    pub name: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WorkplaceInput {
    #[schema(min_length = 2, max_length = 120)]
    pub name: String,
    #[schema(minimum = 1)]
    pub branch_id: i64,
    #[schema(minimum = 1)]
    pub employer_id: i64,
    /// england-and-wales, scotland or northern-ireland.
    #[schema(value_type = super::schema_types::NationName)]
    pub nation: String,
}

#[utoipa::path(get, path = "/api/v1/organisation", tag = "organisation",
    responses((status = 200, body = OrganisationOut), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn show(State(state): State<AppState>, auth: Auth) -> Result<Json<OrganisationOut>, ApiError> {
    let org = steward_app::organisation::view_organisation(state.store.as_ref(), &auth.context()).await?;
    Ok(Json(OrganisationOut {
        regions: org.regions.into_iter().map(|r| RegionOut { id: r.id.0, name: r.name }).collect(),
        branches: org
            .branches
            .into_iter()
            .map(|b| BranchOut { id: b.id.0, region_id: b.region.0, name: b.name })
            .collect(),
        employers: org.employers.into_iter().map(|e| EmployerOut { id: e.id.0, name: e.name }).collect(),
        workplaces: org
            .workplaces
            .into_iter()
            .map(|w| WorkplaceOut {
                id: w.id.0,
                branch_id: w.branch.0,
                employer_id: w.employer.0,
                name: w.name,
                nation: w.nation.as_str().into(),
            })
            .collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/regions", tag = "organisation", request_body = NameInput,
    responses((status = 201, body = Created), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create_region(State(state): State<AppState>, auth: Auth, ApiJson(input): ApiJson<NameInput>) -> Response {
    match steward_app::organisation::create_region(state.store.as_ref(), &auth.context(), &input.name).await {
        Ok(id) => created(id.0),
        Err(error) => ApiError(error).into_response(),
    }
}

#[utoipa::path(post, path = "/api/v1/branches", tag = "organisation", request_body = BranchInput,
    responses((status = 201, body = Created), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create_branch(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<BranchInput>,
) -> Response {
    let result = steward_app::organisation::create_branch(
        state.store.as_ref(),
        &auth.context(),
        RegionId(input.region_id),
        &input.name,
    )
    .await;
    match result {
        Ok(id) => created(id.0),
        Err(error) => ApiError(error).into_response(),
    }
}

#[utoipa::path(post, path = "/api/v1/employers", tag = "organisation", request_body = NameInput,
    responses((status = 201, body = Created), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create_employer(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<NameInput>,
) -> Response {
    match steward_app::organisation::create_employer(state.store.as_ref(), &auth.context(), &input.name).await {
        Ok(id) => created(id.0),
        Err(error) => ApiError(error).into_response(),
    }
}

#[utoipa::path(post, path = "/api/v1/workplaces", tag = "organisation", request_body = WorkplaceInput,
    responses((status = 201, body = Created), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create_workplace(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<WorkplaceInput>,
) -> Response {
    let draft = WorkplaceDraft {
        name: input.name,
        branch_id: Some(input.branch_id),
        employer_id: Some(input.employer_id),
        nation: input.nation,
    };
    match steward_app::organisation::create_workplace(state.store.as_ref(), &auth.context(), &draft).await {
        Ok(id) => created(id.0),
        Err(error) => ApiError(error).into_response(),
    }
}

/// A new name; for a workplace also its nation.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EditInput {
    #[schema(min_length = 2, max_length = 120)]
    pub name: String,
    /// Required for workplaces, refused for the others.
    #[serde(default)]
    #[schema(value_type = Option<super::schema_types::NationName>)]
    pub nation: Option<String>,
}

async fn edit(state: AppState, auth: Auth, unit: OrgUnit, id: String, input: EditInput) -> Response {
    let id = match super::parse_path_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    if unit != OrgUnit::Workplace && input.nation.is_some() {
        let message = format!("a {} has no nation", unit.singular());
        return ApiError(steward_app::AppError::field("nation", message)).into_response();
    }
    let nation = input.nation.as_deref();
    match steward_app::organisation::edit_unit(state.store.as_ref(), &auth.context(), unit, id, &input.name, nation)
        .await
    {
        Ok(()) => axum::http::StatusCode::NO_CONTENT.into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}

#[utoipa::path(put, path = "/api/v1/regions/{id}", tag = "organisation", request_body = EditInput,
    params(("id" = i64, Path, description = "Region id")),
    responses((status = 204, description = "Saved"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn edit_region(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<EditInput>,
) -> Response {
    edit(state, auth, OrgUnit::Region, id, input).await
}

#[utoipa::path(put, path = "/api/v1/branches/{id}", tag = "organisation", request_body = EditInput,
    params(("id" = i64, Path, description = "Branch id")),
    responses((status = 204, description = "Saved"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn edit_branch(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<EditInput>,
) -> Response {
    edit(state, auth, OrgUnit::Branch, id, input).await
}

#[utoipa::path(put, path = "/api/v1/employers/{id}", tag = "organisation", request_body = EditInput,
    params(("id" = i64, Path, description = "Employer id")),
    responses((status = 204, description = "Saved"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn edit_employer(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<EditInput>,
) -> Response {
    edit(state, auth, OrgUnit::Employer, id, input).await
}

#[utoipa::path(put, path = "/api/v1/workplaces/{id}", tag = "organisation", request_body = EditInput,
    params(("id" = i64, Path, description = "Workplace id")),
    responses((status = 204, description = "Saved"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn edit_workplace(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<EditInput>,
) -> Response {
    edit(state, auth, OrgUnit::Workplace, id, input).await
}
