//! Deadlines, tasks and meetings on a case's page: adding a deadline or task by hand, the
//! two-step calculated deadline (choose a calculator, then give its inputs), marking one
//! done, setting a meeting (with the companion's clashes and a hearing's postponement window
//! shown after the redirect) and recording how a meeting went. Each answers 303 back to the
//! case on success; a refused form shows the page again with the problem beside its field.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::NaiveDate;
use serde::Deserialize;
use steward_app::cases::{target_of, DeadlineDraft, MeetingDraft};
use steward_app::ports::{CaseFile, CaseId};
use steward_app::AppError;
use steward_domain::case::deadline::{case_deadline_rule, Urgency, CASE_DEADLINE_RULES};
use steward_domain::deadlines::{find_rule, RuleSpec};
use steward_domain::field_errors::FieldErrors;
use steward_domain::permissions::Action;

use super::calculator::{field, CalcField};
use super::case_detail::{show, DeadlineValues, Drafts, Failed, MeetingValues, OutcomeValues, ViewOptions};
use super::cases::parse_case_id;
use super::members::Choice;
use super::{render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

/// A due date as lists show it: the date, and how near it is in words (never by colour
/// alone).
pub struct Due {
    pub iso: String,
    pub date: String,
    pub label: &'static str,
    /// urgency-overdue, urgency-due_today, ...
    pub class: String,
    pub overdue: bool,
}

pub(super) fn due(on: NaiveDate, today: NaiveDate) -> Due {
    let urgency = Urgency::of(on, today);
    Due {
        iso: on.to_string(),
        date: on.format("%a %-d %b %Y").to_string(),
        label: urgency.label(),
        class: format!("urgency urgency-{}", urgency.as_str()),
        overdue: urgency == Urgency::Overdue,
    }
}

/// "Deadline" or "Task", for a stored kind.
pub(super) fn kind_label(kind: &str) -> &'static str {
    if kind == "task" {
        "Task"
    } else {
        "Deadline"
    }
}

/// The calculators a case can carry a date from, for a menu.
pub(super) fn rule_choices(current: &str) -> Vec<Choice> {
    let wanted = current.trim().replace('-', "_");
    CASE_DEADLINE_RULES
        .iter()
        .map(|rule| Choice { value: rule.rule.into(), label: rule.label.into(), selected: rule.rule == wanted })
        .collect()
}

fn back_to(id: CaseId, done: &str) -> Response {
    Redirect::to(&format!("/cases/{id}?done={done}")).into_response()
}

/// An optional id from a select: blank is none, anything not a number is the field's error.
fn optional_id(raw: &str, field: &str, message: &str, errors: &mut FieldErrors) -> Option<i64> {
    match raw.trim() {
        "" => None,
        raw => match raw.parse::<i64>() {
            Ok(id) if id > 0 => Some(id),
            _ => {
                errors.add(field, message);
                None
            }
        },
    }
}

/// A refused form on the case page: the case again with the problems beside `form`'s
/// fields, or the error page for anything that is not about the input.
async fn refused(
    state: &AppState,
    auth: &Auth,
    id: CaseId,
    form: &'static str,
    drafts: Drafts,
    error: AppError,
) -> Response {
    let (errors, status) = match error {
        AppError::Invalid(errors) => (errors, StatusCode::UNPROCESSABLE_ENTITY),
        AppError::Conflict { field, message } => {
            let mut errors = FieldErrors::new();
            errors.add(field, message);
            (errors, StatusCode::CONFLICT)
        }
        other => return HtmlError(other).into_response(),
    };
    show(state, auth, id, ViewOptions::default(), drafts, Failed { form, errors }, status).await
}

pub async fn add_deadline(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(values): CsrfForm<DeadlineValues>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let mut errors = FieldErrors::new();
    let owner = optional_id(&values.owner, "owner", "Choose someone on the case's team", &mut errors);
    let result = if errors.is_empty() {
        let draft = DeadlineDraft {
            kind: values.kind.clone(),
            title: values.title.clone(),
            due_on: values.due_on.clone(),
            // Only a task has an owner; a deadline is the team's.
            owner: owner.filter(|_| values.kind.trim() == "task"),
        };
        steward_app::cases::add_deadline(state.store.as_ref(), &auth.context(), id, &draft).await.map(|_| ())
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(()) => back_to(id, if values.kind.trim() == "task" { "task" } else { "deadline" }),
        Err(error) => {
            let drafts = Drafts { deadline: values, ..Drafts::default() };
            refused(&state, &auth, id, "deadline", drafts, error).await
        }
    }
}

#[derive(Deserialize)]
pub struct NoFields {}

pub async fn complete_deadline(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, deadline)): Path<(String, String)>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let Some(deadline) = deadline.trim().parse::<i64>().ok().filter(|d| *d > 0) else {
        return HtmlError(AppError::NotFound).into_response();
    };
    match steward_app::cases::complete_deadline(state.store.as_ref(), &auth.context(), id, deadline).await {
        Ok(()) => back_to(id, "done"),
        Err(error) => refused(&state, &auth, id, "deadline-done", Drafts::default(), error).await,
    }
}

pub async fn add_meeting(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(values): CsrfForm<MeetingValues>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let mut errors = FieldErrors::new();
    let member = optional_id(&values.member, "member", "Choose one of the case's members", &mut errors);
    let companion = optional_id(&values.companion, "companion", "Choose someone on the case's team", &mut errors);
    let result = if errors.is_empty() {
        let draft = MeetingDraft {
            meeting_type: values.meeting_type.clone(),
            starts_at: values.starts_at.clone(),
            minutes: values.minutes.clone(),
            place: values.place.clone(),
            video_link: values.video_link.clone(),
            member,
            companion,
            prep_notes: values.prep_notes.clone(),
        };
        steward_app::cases::schedule_meeting(state.store.as_ref(), &auth.context(), id, &draft).await
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(scheduled) => Redirect::to(&format!(
            "/cases/{id}?done=meeting&meeting={}&clashes={}#meeting-{}",
            scheduled.id,
            scheduled.clashes.len(),
            scheduled.id
        ))
        .into_response(),
        Err(error) => {
            let drafts = Drafts { meeting: values, ..Drafts::default() };
            refused(&state, &auth, id, "meeting", drafts, error).await
        }
    }
}

pub async fn meeting_outcome(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, meeting)): Path<(String, String)>,
    CsrfForm(values): CsrfForm<OutcomeValues>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let Some(meeting) = meeting.trim().parse::<i64>().ok().filter(|m| *m > 0) else {
        return HtmlError(AppError::NotFound).into_response();
    };
    let ctx = auth.context();
    match steward_app::cases::record_meeting_outcome(state.store.as_ref(), &ctx, id, meeting, &values.outcome).await {
        Ok(()) => back_to(id, "outcome"),
        Err(error) => {
            let drafts = Drafts { outcome: values, outcome_meeting: meeting, ..Drafts::default() };
            refused(&state, &auth, id, "outcome", drafts, error).await
        }
    }
}

/// Step 2 of a calculated deadline: the chosen calculator's inputs as fields.
#[derive(Template)]
#[template(path = "cases/calculate.html")]
struct CalculatePage {
    layout: Layout,
    file: CaseFile,
    rules: Vec<Choice>,
    rule: Option<&'static RuleSpec>,
    /// What the chosen calculator gives the case ("Internal appeal deadline").
    rule_label: &'static str,
    fields: Vec<CalcField>,
    rule_error: Option<String>,
    /// A problem with no one input of its own (the case is closed, no date came out).
    general_error: Option<String>,
    problems: Vec<(String, String)>,
}

#[derive(Deserialize, Default)]
pub struct CalculateParams {
    #[serde(default)]
    rule: String,
}

/// The case, if the asker may work on it (a case they may not see reads as not found).
async fn workable_case(state: &AppState, auth: &Auth, id: CaseId) -> Result<CaseFile, AppError> {
    let ctx = auth.context();
    let file = steward_app::cases::view_case(state.store.as_ref(), &ctx, id, None).await?.file;
    match ctx.require(Action::WorkOnCase, target_of(&file, &ctx)) {
        Ok(()) => Ok(file),
        Err(AppError::Forbidden) => Err(AppError::Forbidden),
        Err(_) => Err(AppError::NotFound),
    }
}

/// The nation of the case's workplace, for preselecting the calculator's `nation` input.
async fn case_nation(state: &AppState, auth: &Auth, file: &CaseFile) -> Option<&'static str> {
    let organisation =
        steward_app::organisation::view_organisation(state.store.as_ref(), &auth.context()).await.ok()?;
    organisation
        .workplaces
        .iter()
        .find(|place| place.id == file.summary.path.workplace)
        .map(|place| place.nation.as_str())
}

pub async fn calculate_form(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Query(params): Query<CalculateParams>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let file = match workable_case(&state, &auth, id).await {
        Ok(file) => file,
        Err(error) => return HtmlError(error).into_response(),
    };
    let mut errors = FieldErrors::new();
    if !params.rule.trim().is_empty() && case_deadline_rule(&params.rule).is_none() {
        errors.add("rule", "Choose a calculator from the list");
    }
    let mut values = BTreeMap::new();
    if let Some(nation) = case_nation(&state, &auth, &file).await {
        values.insert("nation".to_owned(), nation.to_owned());
    }
    calculate_page(&auth, file, &params.rule, &values, errors)
}

pub async fn calculate(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(mut values): CsrfForm<BTreeMap<String, String>>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    values.remove("csrf_token");
    let rule = values.remove("rule").unwrap_or_default();
    let inputs: BTreeMap<String, String> =
        values.iter().filter(|(_, value)| !value.trim().is_empty()).map(|(k, v)| (k.clone(), v.clone())).collect();
    let ctx = auth.context();
    match steward_app::cases::add_calculated_deadline(state.store.as_ref(), &ctx, id, &rule, &inputs).await {
        Ok(_) => back_to(id, "deadline"),
        Err(AppError::Invalid(errors)) => {
            let file = match workable_case(&state, &auth, id).await {
                Ok(file) => file,
                Err(error) => return HtmlError(error).into_response(),
            };
            calculate_page(&auth, file, &rule, &values, errors)
        }
        Err(error) => HtmlError(error).into_response(),
    }
}

fn calculate_page(
    auth: &Auth,
    file: CaseFile,
    rule: &str,
    values: &BTreeMap<String, String>,
    errors: FieldErrors,
) -> Response {
    let chosen = case_deadline_rule(rule);
    let spec = chosen.and_then(|chosen| find_rule(chosen.rule));
    let fields: Vec<CalcField> =
        spec.map(|spec| spec.inputs.iter().map(|input| field(input, values, &errors)).collect()).unwrap_or_default();
    let problems = errors
        .iter()
        .map(|(name, message)| {
            let href = if name == "rule" {
                "#calc-rule".to_owned()
            } else if fields.iter().any(|field| field.name == name) {
                format!("#calc-{name}")
            } else {
                "#calculate".to_owned()
            };
            (href, message.to_owned())
        })
        .collect();
    let general_error = errors
        .iter()
        .filter(|(name, _)| *name != "rule" && !fields.iter().any(|field| field.name == *name))
        .map(|(_, message)| message)
        .collect::<Vec<_>>()
        .join(". ");
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let title = format!(
        "{}Calculate a deadline for {}",
        if errors.is_empty() { "" } else { "Error: " },
        file.summary.reference
    );
    let page = CalculatePage {
        layout: Layout::new(auth, title, "/cases"),
        rules: rule_choices(rule),
        rule: spec,
        rule_label: chosen.map_or("", |chosen| chosen.label),
        fields,
        rule_error: errors.get("rule").map(str::to_owned),
        general_error: (!general_error.is_empty()).then_some(general_error),
        problems,
        file,
    };
    render_with_status(status, &page)
}
