//! The union's case rules: the eligibility qualifying period, whether members in arrears are
//! represented, and the escalation guidance (which cases must go up a level). Administrators
//! keep them; new cases are checked against the first two, every case page reads the third.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::ports::StoredGuidanceRule;
use steward_app::AppError;
use steward_domain::case::escalation::{GuidanceDraft, TribunalRisk};
use steward_domain::case::kind::{CaseType, EscalationLevel};
use steward_domain::field_errors::FieldErrors;

use super::members::Choice;
use super::{render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "cases/settings.html")]
struct SettingsPage {
    layout: Layout,
    qualifying_weeks: String,
    represent_in_arrears: bool,
    errors: FieldErrors,
    notice: Option<&'static str>,
    rules: Vec<StoredGuidanceRule>,
    rule: RuleForm,
    rule_errors: FieldErrors,
    case_types: Vec<Choice>,
    risks: Vec<Choice>,
    levels: Vec<Choice>,
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

#[derive(Deserialize, Default, Clone)]
pub struct RuleForm {
    #[serde(default)]
    case_type: String,
    #[serde(default)]
    min_complexity: String,
    #[serde(default)]
    min_tribunal_risk: String,
    #[serde(default)]
    min_value_pounds: String,
    #[serde(default)]
    level: String,
    #[serde(default)]
    reason: String,
}

/// What the page shows besides the rules themselves.
#[derive(Default)]
struct Shown {
    weeks: Option<String>,
    in_arrears: Option<bool>,
    errors: FieldErrors,
    rule: RuleForm,
    rule_errors: FieldErrors,
    notice: Option<&'static str>,
}

async fn page_with(state: &AppState, auth: &Auth, shown: Shown, status: StatusCode) -> Response {
    let ctx = auth.context();
    let store = state.store.as_ref();
    let (settings, rules) = match (
        steward_app::cases::case_settings(store, &ctx).await,
        steward_app::cases::guidance_rules(store, &ctx).await,
    ) {
        (Ok(settings), Ok(rules)) => (settings, rules),
        (Err(error), _) | (_, Err(error)) => return HtmlError(error).into_response(),
    };
    let failed = !shown.errors.is_empty() || !shown.rule_errors.is_empty();
    let rule = shown.rule;
    let choice = |value: &str, label: &str, current: &str| Choice {
        value: value.into(),
        label: label.into(),
        selected: value == current.trim(),
    };
    let page = SettingsPage {
        layout: Layout::new(auth, if failed { "Error: Case rules" } else { "Case rules" }, "/cases"),
        qualifying_weeks: shown.weeks.unwrap_or_else(|| settings.eligibility.qualifying_weeks.to_string()),
        represent_in_arrears: shown.in_arrears.unwrap_or(settings.eligibility.represent_in_arrears),
        errors: shown.errors,
        notice: shown.notice,
        rules,
        case_types: CaseType::ALL
            .into_iter()
            .map(|kind| choice(kind.as_str(), kind.label(), &rule.case_type))
            .collect(),
        risks: TribunalRisk::ALL
            .into_iter()
            .map(|risk| choice(risk.as_str(), risk.label(), &rule.min_tribunal_risk))
            .collect(),
        levels: EscalationLevel::ALL
            .into_iter()
            .filter(|level| *level != EscalationLevel::Rep)
            .map(|level| choice(level.as_str(), level.label(), &rule.level))
            .collect(),
        rule,
        rule_errors: shown.rule_errors,
    };
    render_with_status(status, &page)
}

pub async fn page(State(state): State<AppState>, auth: Auth, Query(params): Query<SettingsParams>) -> Response {
    let notice = match params.saved.as_deref() {
        Some("rule") => Some("The guidance rule is added."),
        Some("deleted") => Some("The guidance rule is deleted."),
        Some(_) => Some("Saved."),
        None => None,
    };
    page_with(&state, &auth, Shown { notice, ..Shown::default() }, StatusCode::OK).await
}

pub async fn save(State(state): State<AppState>, auth: Auth, CsrfForm(form): CsrfForm<SettingsForm>) -> Response {
    let in_arrears = form.represent_in_arrears.is_some();
    let ctx = auth.context();
    match steward_app::cases::save_case_settings(state.store.as_ref(), &ctx, &form.qualifying_weeks, in_arrears).await {
        Ok(_) => Redirect::to("/admin/case-settings?saved=1").into_response(),
        Err(AppError::Invalid(errors)) => {
            let shown =
                Shown { weeks: Some(form.qualifying_weeks), in_arrears: Some(in_arrears), errors, ..Shown::default() };
            page_with(&state, &auth, shown, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

pub async fn add_rule(State(state): State<AppState>, auth: Auth, CsrfForm(form): CsrfForm<RuleForm>) -> Response {
    let draft = GuidanceDraft {
        case_type: &form.case_type,
        min_complexity: &form.min_complexity,
        min_tribunal_risk: &form.min_tribunal_risk,
        min_value_pounds: &form.min_value_pounds,
        level: &form.level,
        reason: &form.reason,
    };
    match steward_app::cases::add_guidance_rule(state.store.as_ref(), &auth.context(), &draft).await {
        Ok(_) => Redirect::to("/admin/case-settings?saved=rule#guidance").into_response(),
        Err(AppError::Invalid(rule_errors)) => {
            let shown = Shown { rule: form, rule_errors, ..Shown::default() };
            page_with(&state, &auth, shown, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

pub async fn delete_rule(
    State(state): State<AppState>,
    auth: Auth,
    Path(rule): Path<String>,
    CsrfForm(_): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Ok(rule) = rule.parse::<i64>() else { return HtmlError(AppError::NotFound).into_response() };
    match steward_app::cases::delete_guidance_rule(state.store.as_ref(), &auth.context(), rule).await {
        Ok(()) => Redirect::to("/admin/case-settings?saved=deleted#guidance").into_response(),
        Err(error) => HtmlError(error).into_response(),
    }
}
