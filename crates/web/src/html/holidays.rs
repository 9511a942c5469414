//! Extra bank holidays: the list everyone's calculations use, and the form administrators
//! use to add a newly proclaimed one.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::deadlines::HolidayDraft;
use steward_app::ports::ExtraHoliday;
use steward_app::AppError;
use steward_domain::field_errors::FieldErrors;
use steward_domain::organisation::Nation;
use steward_domain::permissions::{authorize, Action, Target};

use super::members::Choice;
use super::{render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "admin/holidays.html")]
struct HolidaysPage {
    layout: Layout,
    holidays: Vec<ExtraHoliday>,
    can_manage: bool,
    nations: Vec<Choice>,
    values: HolidayForm,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
pub struct HolidayForm {
    #[serde(default)]
    nation: String,
    #[serde(default)]
    date: String,
    #[serde(default)]
    name: String,
}

pub async fn page(State(state): State<AppState>, auth: Auth) -> Response {
    show(&state, &auth, StatusCode::OK, HolidayForm::default(), FieldErrors::new()).await
}

pub async fn add(State(state): State<AppState>, auth: Auth, CsrfForm(form): CsrfForm<HolidayForm>) -> Response {
    let draft = HolidayDraft { nation: form.nation.clone(), date: form.date.clone(), name: form.name.clone() };
    match steward_app::deadlines::add_extra_holiday(state.store.as_ref(), &auth.context(), &draft).await {
        Ok(_) => Redirect::to("/admin/holidays").into_response(),
        Err(AppError::Invalid(errors)) => show(&state, &auth, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await,
        Err(other) => HtmlError(other).into_response(),
    }
}

async fn show(state: &AppState, auth: &Auth, status: StatusCode, values: HolidayForm, errors: FieldErrors) -> Response {
    let ctx = auth.context();
    let holidays = match steward_app::deadlines::list_extra_holidays(state.store.as_ref(), &ctx).await {
        Ok(holidays) => holidays,
        Err(error) => return HtmlError(error).into_response(),
    };
    let can_manage = authorize(&ctx.actor, Action::ManageCalendar, Target::Any).is_allowed();
    let nations = Nation::ALL
        .into_iter()
        .map(|n| Choice { value: n.as_str().into(), label: n.label().into(), selected: n.as_str() == values.nation })
        .collect();
    let title = if errors.is_empty() { "Extra bank holidays" } else { "Error: Extra bank holidays" };
    let page =
        HolidaysPage { layout: Layout::new(auth, title, "/calculator"), holidays, can_manage, nations, values, errors };
    render_with_status(status, &page)
}
