//! Training and accreditation pages: `/training` shows one's own records; officers and
//! administrators keep a person's records at `/admin/users/{id}/training` (linked from the
//! users page), which assignment suggestions read.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::training::{PersonTraining, TrainingDraft};
use steward_app::AppError;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::UserId;
use steward_domain::training::Competence;

use super::members::Choice;
use super::{render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct TrainingValues {
    #[serde(default)]
    pub competence: String,
    #[serde(default)]
    pub course: String,
    #[serde(default)]
    pub completed_on: String,
    #[serde(default)]
    pub expires_on: String,
}

/// One record as the page lists it.
struct RecordRow {
    id: i64,
    course: String,
    competence: &'static str,
    completed: String,
    expires: Option<String>,
    current: bool,
    recorded_by: Option<String>,
}

#[derive(Template)]
#[template(path = "training/records.html")]
struct TrainingPage {
    layout: Layout,
    /// Whose records: the viewer's own (`None`), or the person an officer keeps.
    kept_user: Option<i64>,
    /// An officer looking at their own records through the keeping page may not change them.
    own: bool,
    name: String,
    records: Vec<RecordRow>,
    competences: Vec<Choice>,
    values: TrainingValues,
    errors: FieldErrors,
    notice: Option<&'static str>,
}

impl TrainingPage {
    fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

#[derive(Deserialize, Default)]
pub struct DoneParams {
    #[serde(default)]
    done: String,
}

fn notice(done: &str) -> Option<&'static str> {
    match done {
        "recorded" => Some("The training is recorded."),
        "removed" => Some("The record is removed."),
        _ => None,
    }
}

fn user_id(raw: &str) -> Option<UserId> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).map(UserId)
}

pub async fn mine(State(state): State<AppState>, auth: Auth) -> Response {
    match steward_app::training::my_training(state.store.as_ref(), &auth.context()).await {
        Ok(person) => page_of(&auth, person, None, None, TrainingValues::default(), FieldErrors::new(), StatusCode::OK),
        Err(error) => HtmlError(error).into_response(),
    }
}

pub async fn page(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Query(params): Query<DoneParams>,
) -> Response {
    let Some(id) = user_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    kept(&state, &auth, id, notice(&params.done), TrainingValues::default(), FieldErrors::new(), StatusCode::OK).await
}

pub async fn record(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(values): CsrfForm<TrainingValues>,
) -> Response {
    let Some(id) = user_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let draft = TrainingDraft {
        competence: values.competence.clone(),
        course: values.course.clone(),
        completed_on: values.completed_on.clone(),
        expires_on: values.expires_on.clone(),
    };
    match steward_app::training::record_training(state.store.as_ref(), &auth.context(), id, &draft).await {
        Ok(_) => Redirect::to(&format!("/admin/users/{id}/training?done=recorded")).into_response(),
        Err(AppError::Invalid(errors)) => {
            kept(&state, &auth, id, None, values, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error) => HtmlError(error).into_response(),
    }
}

#[derive(Deserialize, Default)]
pub struct RemoveValues {}

pub async fn remove(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, record)): Path<(String, String)>,
    CsrfForm(_): CsrfForm<RemoveValues>,
) -> Response {
    let (Some(id), Some(record)) = (user_id(&id), record.parse::<i64>().ok().filter(|id| *id > 0)) else {
        return HtmlError(AppError::NotFound).into_response();
    };
    match steward_app::training::remove_training(state.store.as_ref(), &auth.context(), id, record).await {
        Ok(()) => Redirect::to(&format!("/admin/users/{id}/training?done=removed")).into_response(),
        Err(error) => HtmlError(error).into_response(),
    }
}

async fn kept(
    state: &AppState,
    auth: &Auth,
    id: UserId,
    notice: Option<&'static str>,
    values: TrainingValues,
    errors: FieldErrors,
    status: StatusCode,
) -> Response {
    match steward_app::training::person_training(state.store.as_ref(), &auth.context(), id).await {
        Ok(person) => page_of(auth, person, Some(id), notice, values, errors, status),
        Err(error) => HtmlError(error).into_response(),
    }
}

fn page_of(
    auth: &Auth,
    person: PersonTraining,
    kept_user: Option<UserId>,
    notice: Option<&'static str>,
    values: TrainingValues,
    errors: FieldErrors,
    status: StatusCode,
) -> Response {
    let long_date = |day: chrono::NaiveDate| day.format("%-d %B %Y").to_string();
    let records = person
        .records
        .into_iter()
        .map(|(record, current)| RecordRow {
            id: record.id,
            competence: record.competence.label(),
            completed: long_date(record.completed_on),
            expires: record.expires_on.map(long_date),
            current,
            recorded_by: record.recorded_by,
            course: record.course,
        })
        .collect();
    let competences = Competence::ALL
        .into_iter()
        .map(|competence| Choice {
            value: competence.as_str().into(),
            label: competence.label().into(),
            selected: competence.as_str() == values.competence.trim(),
        })
        .collect();
    let heading = match kept_user {
        Some(_) => format!("Training: {}", person.user.name),
        None => "My training".to_owned(),
    };
    let title = format!("{}{heading}", if errors.is_empty() { "" } else { "Error: " });
    let current = if kept_user.is_some() { "/admin/users" } else { "/training" };
    let page = TrainingPage {
        layout: Layout::new(auth, title, current),
        kept_user: kept_user.map(|id| id.0),
        own: person.user.id == auth.signed_in.actor.user_id,
        name: person.user.name,
        records,
        competences,
        values,
        errors,
        notice,
    };
    render_with_status(status, &page)
}
