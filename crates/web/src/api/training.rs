//! `/api/v1/users/{id}/training` and `/api/v1/me/training`: the courses people completed and
//! the competences they give, which assignment suggestions read. Officers and administrators
//! keep the records of the people within their scope; everyone reads their own.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use steward_app::ports::TrainingRecord;
use steward_app::training::{PersonTraining, TrainingDraft};
use steward_domain::ids::UserId;
use steward_domain::training::Competence;

use super::wire_checks::WireChecks;
use super::{parse_path_id, ApiJson, Created};
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

const COURSE_CHARS: usize = 200;

/// The areas of representation a course can qualify someone for.
#[allow(dead_code)] // never constructed: it describes a field in the schema
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CompetenceName {
    Accompanying,
    SicknessAndDisability,
    RedundancyAndConsultation,
    PayAndContracts,
    HealthAndSafety,
    EqualityAndDiscrimination,
    TribunalAndLegal,
    UnionLearning,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TrainingRecordOut {
    pub id: i64,
    #[schema(value_type = CompetenceName)]
    pub competence: &'static str,
    pub competence_label: &'static str,
    pub course: String,
    #[schema(format = Date, value_type = String)]
    pub completed_on: String,
    /// When a refresher is due; null for training that does not lapse.
    #[schema(format = Date, value_type = Option<String>)]
    pub expires_on: Option<String>,
    /// Whether it counts today (completed and not lapsed).
    pub current: bool,
    pub recorded_by: Option<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TrainingOut {
    pub user_id: i64,
    pub name: String,
    /// Most recently completed first.
    pub records: Vec<TrainingRecordOut>,
}

impl From<PersonTraining> for TrainingOut {
    fn from(person: PersonTraining) -> Self {
        let record_out = |(record, current): (TrainingRecord, bool)| TrainingRecordOut {
            id: record.id,
            competence: record.competence.as_str(),
            competence_label: record.competence.label(),
            course: record.course,
            completed_on: record.completed_on.to_string(),
            expires_on: record.expires_on.map(|day| day.to_string()),
            current,
            recorded_by: record.recorded_by,
        };
        TrainingOut {
            user_id: person.user.id.0,
            name: person.user.name,
            records: person.records.into_iter().map(record_out).collect(),
        }
    }
}

/// A completed course to record.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TrainingInput {
    #[schema(value_type = CompetenceName)]
    pub competence: String,
    #[schema(min_length = 1, max_length = 200)]
    pub course: String,
    /// Not in the future.
    #[schema(format = Date, value_type = String)]
    pub completed_on: String,
    /// After the completion date; absent or null for training that does not lapse.
    #[serde(default)]
    #[schema(format = Date, value_type = Option<String>)]
    pub expires_on: Option<String>,
}

impl WireChecks {
    fn training(&mut self, input: &TrainingInput) {
        let names: Vec<&str> = Competence::ALL.iter().map(|competence| competence.as_str()).collect();
        self.word("competence", &input.competence, &names, || "Give one of the listed competences".into());
        self.required("course", input.course.trim(), "Give the course's name");
        self.length("course", &input.course, COURSE_CHARS);
        self.date("completed_on", &input.completed_on);
        if let Some(expires) = input.expires_on.as_deref() {
            self.date("expires_on", expires);
        }
    }
}

#[utoipa::path(get, path = "/api/v1/me/training", operation_id = "my_training", tag = "training",
    responses((status = 200, body = TrainingOut), (status = 401, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn mine(State(state): State<AppState>, auth: Auth) -> Result<Json<TrainingOut>, ApiError> {
    let person = steward_app::training::my_training(state.store.as_ref(), &auth.context()).await?;
    Ok(Json(person.into()))
}

#[utoipa::path(get, path = "/api/v1/users/{id}/training", operation_id = "list_training", tag = "training", params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = TrainingOut), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "No such person within the caller's scope")),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<TrainingOut>, ApiError> {
    let user = UserId(parse_path_id(&id)?);
    let person = steward_app::training::person_training(state.store.as_ref(), &auth.context(), user).await?;
    Ok(Json(person.into()))
}

#[utoipa::path(post, path = "/api/v1/users/{id}/training", operation_id = "record_training", tag = "training", params(("id" = i64, Path, description = "User id")),
    request_body = TrainingInput,
    responses((status = 201, body = Created, description = "Recorded; `id` is the training record's"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "The caller's own record: someone else records it"),
              (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json", description = "Invalid, completed in the future, or a refresher date not after completion")),
    security(("bearer" = [])))]
pub async fn record(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<TrainingInput>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let user = UserId(parse_path_id(&id)?);
    let mut checks = WireChecks::default();
    checks.training(&input);
    checks.finish()?;
    let draft = TrainingDraft {
        competence: input.competence,
        course: input.course,
        completed_on: input.completed_on,
        expires_on: input.expires_on.unwrap_or_default(),
    };
    let id = steward_app::training::record_training(state.store.as_ref(), &auth.context(), user, &draft).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[utoipa::path(delete, path = "/api/v1/users/{id}/training/{record_id}", operation_id = "remove_training", tag = "training",
    params(("id" = i64, Path, description = "User id"), ("record_id" = i64, Path, description = "One of that person's training records")),
    responses((status = 204, description = "Removed"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "No such record of that person's"),
              (status = 409, body = Problem, content_type = "application/problem+json", description = "The caller's own record: someone else removes it")),
    security(("bearer" = [])))]
pub async fn remove(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, record)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let user = UserId(parse_path_id(&id)?);
    let record = parse_path_id(&record)?;
    steward_app::training::remove_training(state.store.as_ref(), &auth.context(), user, record).await?;
    Ok(StatusCode::NO_CONTENT)
}
