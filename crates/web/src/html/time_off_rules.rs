//! `/time-off/notice-rule`: the notice each employer's facility-time agreement asks for
//! before time off (working days for duties and activities, weeks for training), shown with
//! whether it is the default, and the form an officer saves a new rule with. Requests
//! submitted afterwards are checked against it. Linked from the time-off list for those who
//! may keep it; the same over the API is `api/time_off_rule.rs`.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::ports::Employer;
use steward_app::time_off::{NoticeRuleDraft, NoticeRuleView, MAX_DUTIES_WORKING_DAYS, MAX_TRAINING_WEEKS};
use steward_app::AppError;
use steward_domain::facility::time_off::NoticeRule;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::EmployerId;

use super::members::Choice;
use super::{render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

const PATH: &str = "/time-off/notice-rule";

#[derive(Template)]
#[template(path = "time_off/notice_rule.html")]
struct RulePage {
    layout: Layout,
    employers: Vec<Choice>,
    /// The employer shown, with its rule; `None` when there is no employer to show.
    current: Option<NoticeRuleView>,
    default_rule: NoticeRule,
    duties_hint: String,
    training_hint: String,
    values: RuleForm,
    errors: FieldErrors,
    notice: Option<&'static str>,
}

#[derive(Deserialize, Default)]
pub struct RuleParams {
    #[serde(default)]
    employer_id: Option<String>,
    #[serde(default)]
    done: Option<String>,
}

/// The form as typed, kept when it is refused.
#[derive(Deserialize, Default)]
pub struct RuleForm {
    #[serde(default)]
    employer_id: String,
    #[serde(default)]
    duties_working_days: String,
    #[serde(default)]
    training_weeks: String,
}

/// An employer id from the address or the form; anything else names no employer (404).
fn employer_id(raw: &str) -> Result<EmployerId, AppError> {
    raw.trim().parse::<i64>().ok().filter(|id| *id > 0).map(EmployerId).ok_or(AppError::NotFound)
}

pub async fn page(State(state): State<AppState>, auth: Auth, Query(params): Query<RuleParams>) -> Response {
    let chosen = match params.employer_id.as_deref().map(str::trim).filter(|raw| !raw.is_empty()) {
        Some(raw) => match employer_id(raw) {
            Ok(id) => Some(id),
            Err(error) => return HtmlError(error).into_response(),
        },
        None => None,
    };
    let notice = (params.done.as_deref() == Some("saved")).then_some("The notice rule is saved.");
    show(&state, &auth, chosen, RuleForm::default(), FieldErrors::new(), notice, StatusCode::OK).await
}

pub async fn save(State(state): State<AppState>, auth: Auth, CsrfForm(form): CsrfForm<RuleForm>) -> Response {
    let employer = match employer_id(&form.employer_id) {
        Ok(id) => id,
        Err(error) => return HtmlError(error).into_response(),
    };
    let draft = NoticeRuleDraft {
        duties_working_days: form.duties_working_days.clone(),
        training_weeks: form.training_weeks.clone(),
    };
    match steward_app::time_off::save_notice_rule(state.store.as_ref(), &auth.context(), employer, &draft).await {
        Ok(saved) => Redirect::to(&format!("{PATH}?employer_id={}&done=saved", saved.employer.id.0)).into_response(),
        Err(AppError::Invalid(errors)) => {
            show(&state, &auth, Some(employer), form, errors, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error) => HtmlError(error).into_response(),
    }
}

async fn show(
    state: &AppState,
    auth: &Auth,
    chosen: Option<EmployerId>,
    mut values: RuleForm,
    errors: FieldErrors,
    notice: Option<&'static str>,
    status: StatusCode,
) -> Response {
    let ctx = auth.context();
    let employers: Vec<Employer> = match steward_app::time_off::notice_rule_employers(state.store.as_ref(), &ctx).await
    {
        Ok(employers) => employers,
        Err(error) => return HtmlError(error).into_response(),
    };
    let current = match chosen.or_else(|| employers.first().map(|employer| employer.id)) {
        Some(employer) => match steward_app::time_off::view_notice_rule(state.store.as_ref(), &ctx, employer).await {
            Ok(view) => Some(view),
            Err(error) => return HtmlError(error).into_response(),
        },
        None => None,
    };
    if let Some(view) = current.as_ref().filter(|_| errors.is_empty()) {
        values = RuleForm {
            employer_id: view.employer.id.0.to_string(),
            duties_working_days: view.rule.duties_working_days.to_string(),
            training_weeks: view.rule.training_weeks.to_string(),
        };
    }
    let shown = current.as_ref().map(|view| view.employer.id);
    let choices = employers
        .iter()
        .map(|e| Choice { value: e.id.0.to_string(), label: e.name.clone(), selected: Some(e.id) == shown })
        .collect();
    let title = if errors.is_empty() { "Notice for time off" } else { "Error: Notice for time off" };
    let page = RulePage {
        layout: Layout::new(auth, title, "/time-off"),
        employers: choices,
        current,
        default_rule: NoticeRule::DEFAULT,
        duties_hint: format!(
            "Working days before the first day, from 0 to {MAX_DUTIES_WORKING_DAYS} (weekends and the workplace's \
             bank holidays do not count)"
        ),
        training_hint: format!("Weeks before the course starts, from 0 to {MAX_TRAINING_WEEKS}"),
        values,
        errors,
        notice,
    };
    render_with_status(status, &page)
}
