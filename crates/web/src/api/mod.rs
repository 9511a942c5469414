//! The JSON API, version 1. Handlers call the same use cases as the pages; wire types are
//! separate from storage records; every error is problem+json with a stable code.

pub mod audit;
pub mod calculate;
pub mod case_documents;
pub mod case_escalation;
pub mod case_schedule;
pub mod cases;
pub mod enquiries;
pub mod enquiry_record;
pub mod enquiry_settings;
pub mod facility_time;
mod file_upload;
pub mod holidays;
pub mod members;
pub mod organisation;
pub mod replies;
pub mod routing;
pub mod schema_types;
pub mod time_entries;
pub mod time_off;
pub mod time_off_rule;
pub mod time_off_syllabus;
pub mod training;
pub mod users;
mod wire_checks;
pub mod workload;

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::de::DeserializeOwned;
use serde::Serialize;

use steward_app::AppError;

use crate::problem::{ApiError, Problem};

/// A JSON body whose every rejection (wrong content type, bad syntax, wrong types, unknown or
/// missing fields, too large) becomes a specific problem+json.
pub struct ApiJson<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for ApiJson<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(json_problem(&rejection).into_response()),
        }
    }
}

fn json_problem(rejection: &JsonRejection) -> Problem {
    let (status, code) = match rejection {
        JsonRejection::JsonDataError(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid_body"),
        JsonRejection::JsonSyntaxError(_) => (StatusCode::BAD_REQUEST, "malformed_json"),
        JsonRejection::MissingJsonContentType(_) => (StatusCode::UNSUPPORTED_MEDIA_TYPE, "json_required"),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => (StatusCode::PAYLOAD_TOO_LARGE, "body_too_large"),
        other => (other.status(), "unreadable_body"),
    };
    Problem::new(status, code, rejection.body_text())
}

/// Query parameters with problem+json rejections.
pub struct ApiQuery<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Self(value)),
            Err(rejection) => Err(query_problem(&rejection).into_response()),
        }
    }
}

fn query_problem(rejection: &QueryRejection) -> Problem {
    Problem::new(StatusCode::BAD_REQUEST, "invalid_query", rejection.body_text())
}

/// A positive integer id from the path; anything else names no record (404).
pub fn parse_path_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or(ApiError(AppError::NotFound))
}

/// `201 Created` with the new record's id.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Created {
    pub id: i64,
}

pub fn created(id: i64) -> Response {
    (StatusCode::CREATED, Json(Created { id })).into_response()
}

pub async fn openapi_json() -> Response {
    Json(crate::openapi::openapi_document()).into_response()
}
