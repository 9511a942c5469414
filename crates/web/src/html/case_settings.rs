//! The union's case rules: the eligibility qualifying period and whether members in arrears
//! are represented. Administrators keep them; new cases are checked against them.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::AppError;
use steward_domain::field_errors::FieldErrors;

use super::{render, render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "cases/settings.html")]
struct SettingsPage {
    layout: Layout,
    qualifying_weeks: String,
    represent_in_arrears: bool,
    errors: FieldErrors,
    saved: bool,
}

#[derive(Deserialize, Default)]
pub struct SettingsParams {
    #[serde(default)]
    saved: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct SettingsForm {
    #[serde(default)]
    qualifying_weeks: String,
    #[serde(default)]
    represent_in_arrears: Option<String>,
}

pub async fn page(State(state): State<AppState>, auth: Auth, Query(params): Query<SettingsParams>) -> Response {
    let settings = match steward_app::cases::case_settings(state.store.as_ref(), &auth.context()).await {
        Ok(settings) => settings,
        Err(error) => return HtmlError(error).into_response(),
    };
    render(&SettingsPage {
        layout: Layout::new(&auth, "Case rules", "/cases"),
        qualifying_weeks: settings.eligibility.qualifying_weeks.to_string(),
        represent_in_arrears: settings.eligibility.represent_in_arrears,
        errors: FieldErrors::new(),
        saved: params.saved.is_some(),
    })
}

pub async fn save(State(state): State<AppState>, auth: Auth, CsrfForm(form): CsrfForm<SettingsForm>) -> Response {
    let in_arrears = form.represent_in_arrears.is_some();
    let ctx = auth.context();
    match steward_app::cases::save_case_settings(state.store.as_ref(), &ctx, &form.qualifying_weeks, in_arrears).await {
        Ok(_) => Redirect::to("/admin/case-settings?saved=1").into_response(),
        Err(AppError::Invalid(errors)) => {
            let page = SettingsPage {
                layout: Layout::new(&auth, "Error: Case rules", "/cases"),
                qualifying_weeks: form.qualifying_weeks,
                represent_in_arrears: in_arrears,
                errors,
                saved: false,
            };
            render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => HtmlError(other).into_response(),
    }
}
