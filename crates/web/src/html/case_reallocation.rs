//! Handing on a person's cases when they stand down: the list of their open cases and one
//! form choosing who takes them (`steward_app::cases::reallocate_cases`).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::ports::{CaseSummary, UserRecord};
use steward_app::AppError;
use steward_domain::case::kind::CaseRole;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::UserId;

use super::members::Choice;
use super::{render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "cases/reallocate.html")]
struct ReallocatePage {
    layout: Layout,
    person: UserRecord,
    cases: Vec<(CaseSummary, CaseRole)>,
    takers: Vec<Choice>,
    reason: String,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
pub struct ReallocateForm {
    #[serde(default)]
    to: String,
    #[serde(default)]
    reason: String,
}

fn user_id(raw: &str) -> Option<UserId> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).map(UserId)
}

async fn page(state: &AppState, auth: &Auth, person: UserId, form: ReallocateForm, errors: FieldErrors) -> Response {
    let ctx = auth.context();
    let store = state.store.as_ref();
    let (person, cases) = match steward_app::cases::cases_to_reallocate(store, &ctx, person).await {
        Ok(found) => found,
        Err(error) => return HtmlError(error).into_response(),
    };
    let users = match steward_app::cases::reallocation_candidates(store, &ctx, person.id).await {
        Ok(users) => users,
        Err(error) => return HtmlError(error).into_response(),
    };
    let takers = users
        .into_iter()
        .map(|user| Choice { selected: form.to == user.id.to_string(), value: user.id.to_string(), label: user.name })
        .collect();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let title = format!("{}Hand on cases", if errors.is_empty() { "" } else { "Error: " });
    let page = ReallocatePage {
        layout: Layout::new(auth, &title, "/cases"),
        person,
        cases,
        takers,
        reason: form.reason,
        errors,
    };
    render_with_status(status, &page)
}

pub async fn show(State(state): State<AppState>, auth: Auth, Path(id): Path<String>) -> Response {
    let Some(person) = user_id(&id) else {
        return HtmlError(AppError::NotFound).into_response();
    };
    page(&state, &auth, person, ReallocateForm::default(), FieldErrors::new()).await
}

pub async fn submit(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ReallocateForm>,
) -> Response {
    let Some(person) = user_id(&id) else {
        return HtmlError(AppError::NotFound).into_response();
    };
    let Some(to) = user_id(form.to.trim()) else {
        let mut errors = FieldErrors::new();
        errors.add("to", "Choose who takes the cases");
        return page(&state, &auth, person, form, errors).await;
    };
    let ctx = auth.context();
    match steward_app::cases::reallocate_cases(state.store.as_ref(), &ctx, person, to, &form.reason).await {
        Ok(_) => Redirect::to(&format!("/admin/users/{}/cases", person)).into_response(),
        Err(AppError::Invalid(errors)) => page(&state, &auth, person, form, errors).await,
        Err(error) => HtmlError(error).into_response(),
    }
}
