//! Case pages: the list of cases (a rep's or a lawyer's own, others' by scope), the form that
//! opens a case, and promoting an enquiry from its page. The case file itself is
//! `case_detail.rs`, the forms on it post to `case_actions.rs`, and the union's case rules
//! are `case_settings.rs`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use steward_app::cases::{CaseListFilter, OpenCaseForm, PromoteForm};
use steward_app::ports::{CaseId, CaseSummary};
use steward_app::AppError;
use steward_domain::case::kind::CaseType;
use steward_domain::case::procedure::find_stage;
use steward_domain::case::rating::Rating;
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::field_errors::FieldErrors;
use steward_domain::permissions::{authorize, Action, Actor, Target};

use super::members::Choice;
use super::{render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

/// A case id from a path; anything else reads as "not found".
pub(super) fn parse_case_id(raw: &str) -> Option<CaseId> {
    raw.trim().parse::<i64>().ok().filter(|id| *id > 0).map(CaseId)
}

/// UK local time, as the pages show it.
pub(super) fn local_time(at: DateTime<Utc>) -> String {
    to_uk_local(at).format("%-d %b %Y %H:%M").to_string()
}

/// The label of a case's stage in its type's procedure.
pub(super) fn stage_label(summary: &CaseSummary) -> String {
    find_stage(summary.case_type, &summary.stage).map_or_else(|| summary.stage.clone(), |stage| stage.label.to_owned())
}

pub(super) fn case_type_choices(current: &str) -> Vec<Choice> {
    CaseType::ALL
        .into_iter()
        .map(|kind| Choice {
            value: kind.as_str().into(),
            label: kind.label().into(),
            selected: kind.as_str() == current.trim(),
        })
        .collect()
}

pub(super) fn rating_choices(current: &str) -> Vec<Choice> {
    (Rating::MIN..=Rating::MAX)
        .filter_map(Rating::new)
        .map(|rating| Choice {
            value: rating.value().to_string(),
            label: rating.label().into(),
            selected: rating.value().to_string() == current.trim(),
        })
        .collect()
}

/// Field problems as one sentence, for a page-level message.
fn sentence(errors: &FieldErrors) -> String {
    errors.iter().map(|(_, message)| message).collect::<Vec<_>>().join(". ")
}

pub struct CaseRow {
    pub summary: CaseSummary,
    pub stage_label: String,
    pub updated: String,
    /// The soonest open deadline or task, with how near it is.
    pub next_due: Option<super::case_schedule::Due>,
}

#[derive(Template)]
#[template(path = "cases/list.html")]
struct ListPage {
    layout: Layout,
    rows: Vec<CaseRow>,
    mine: bool,
    /// The list is the viewer's own cases whatever they ask (reps and lawyers).
    only_ever_mine: bool,
    statuses: Vec<Choice>,
    types: Vec<Choice>,
    error: Option<String>,
    page: u32,
    /// Pages follow on from where the last one ended, so the way back is to the first.
    first_link: Option<String>,
    next_link: Option<String>,
    can_open: bool,
    can_manage_settings: bool,
    /// Filters carry no field error; the select macro needs one to compare against.
    no_error: Option<&'static str>,
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    mine: String,
    #[serde(default)]
    status: String,
    #[serde(default, rename = "type")]
    case_type: String,
    #[serde(default)]
    page: String,
    /// Where the previous page ended (keyset paging).
    #[serde(default)]
    after: String,
}

pub async fn list(State(state): State<AppState>, auth: Auth, Query(params): Query<ListParams>) -> Response {
    let ctx = auth.context();
    let mine = matches!(params.mine.trim(), "1" | "on" | "yes" | "true");
    let page = match params.page.trim() {
        "" => Some(1),
        raw => raw.parse::<u32>().ok().filter(|page| *page >= 1),
    };
    let filter = CaseListFilter {
        mine,
        status: params.status.clone(),
        case_type: params.case_type.clone(),
        page: page.unwrap_or(1),
        after: params.after.clone(),
    };
    let (list, mut error) = match steward_app::cases::list_cases(state.store.as_ref(), &ctx, &filter).await {
        Ok(list) => (Some(list), None),
        Err(AppError::Invalid(errors)) => (None, Some(sentence(&errors))),
        Err(other) => return HtmlError(other).into_response(),
    };
    if page.is_none() {
        error = Some("Choose a page number from the links".into());
    }
    let status = if error.is_some() { StatusCode::UNPROCESSABLE_ENTITY } else { StatusCode::OK };
    let link = |number: u32, after: Option<String>| {
        let mut query: Vec<(&str, String)> = Vec::new();
        if mine {
            query.push(("mine", "1".into()));
        }
        for (key, value) in [("status", &params.status), ("type", &params.case_type)] {
            if !value.trim().is_empty() {
                query.push((key, value.trim().to_owned()));
            }
        }
        if let Some(after) = after {
            query.push(("page", number.to_string()));
            query.push(("after", after));
        }
        format!("/cases?{}", serde_urlencoded::to_string(&query).unwrap_or_default())
    };
    let today = to_uk_local(ctx.now).date();
    let (rows, page, next, only_mine) = match list {
        Some(list) => {
            let rows = list
                .cases
                .into_iter()
                .map(|summary| CaseRow {
                    stage_label: stage_label(&summary),
                    updated: local_time(summary.updated_at),
                    next_due: summary.next_due_on.map(|on| super::case_schedule::due(on, today)),
                    summary,
                })
                .collect();
            (rows, list.page, list.next, list.only_mine)
        }
        None => (Vec::new(), 1, None, mine),
    };
    let current_status = if params.status.trim().is_empty() { "open" } else { params.status.trim() };
    let statuses = [("open", "Open"), ("closed", "Closed"), ("all", "Open and closed")]
        .into_iter()
        .map(|(value, label)| Choice { value: value.into(), label: label.into(), selected: value == current_status })
        .collect();
    let page_page = ListPage {
        layout: Layout::new(&auth, "Cases", "/cases"),
        rows,
        mine,
        only_ever_mine: only_mine && !mine,
        statuses,
        types: case_type_choices(&params.case_type),
        error,
        page,
        first_link: (page > 1).then(|| link(1, None)),
        next_link: next.map(|next| link(page + 1, Some(next.to_token()))),
        can_open: authorize(&ctx.actor, Action::OpenCase, Target::Any).is_allowed(),
        can_manage_settings: authorize(&ctx.actor, Action::ManageCaseSettings, Target::Any).is_allowed(),
        no_error: None,
    };
    render_with_status(status, &page_page)
}

/// The open-case form exactly as typed, so a refused form comes back with the input.
#[derive(Deserialize, Default)]
pub struct CaseFormValues {
    #[serde(default)]
    title: String,
    #[serde(default)]
    case_type: String,
    #[serde(default)]
    membership_number: String,
    #[serde(default)]
    other_members: String,
    #[serde(default)]
    problem_arose_on: String,
    #[serde(default)]
    complexity: String,
    #[serde(default)]
    emotional_load: String,
    #[serde(default)]
    override_reason: String,
    #[serde(default)]
    parent_case: String,
}

#[derive(Template)]
#[template(path = "cases/form.html")]
struct FormPage {
    layout: Layout,
    values: CaseFormValues,
    errors: FieldErrors,
    case_types: Vec<Choice>,
    complexity: Vec<Choice>,
    emotional_load: Vec<Choice>,
    can_override: bool,
}

#[derive(Deserialize, Default)]
pub struct NewParams {
    #[serde(default)]
    membership_number: String,
    #[serde(default)]
    parent_case: String,
}

pub async fn new_form(auth: Auth, Query(params): Query<NewParams>) -> Response {
    let values = CaseFormValues {
        membership_number: params.membership_number,
        parent_case: params.parent_case,
        complexity: "2".into(),
        emotional_load: "2".into(),
        ..CaseFormValues::default()
    };
    form_page(&auth, values, FieldErrors::new(), StatusCode::OK)
}

pub async fn create(State(state): State<AppState>, auth: Auth, CsrfForm(values): CsrfForm<CaseFormValues>) -> Response {
    let parent_case = match values.parent_case.trim() {
        "" => None,
        raw => match parse_case_id(raw) {
            Some(id) => Some(id.0),
            None => {
                let mut errors = FieldErrors::new();
                errors.add("parent_case", "Open the linked case from the collective case's page");
                return form_page(&auth, values, errors, StatusCode::UNPROCESSABLE_ENTITY);
            }
        },
    };
    let form = OpenCaseForm {
        title: values.title.clone(),
        case_type: values.case_type.clone(),
        membership_number: values.membership_number.clone(),
        other_members: values.other_members.clone(),
        problem_arose_on: values.problem_arose_on.clone(),
        complexity: values.complexity.clone(),
        emotional_load: values.emotional_load.clone(),
        override_reason: values.override_reason.clone(),
        parent_case,
    };
    match steward_app::cases::open_case(state.store.as_ref(), &auth.context(), &form).await {
        Ok((id, _)) => Redirect::to(&format!("/cases/{id}")).into_response(),
        Err(AppError::Invalid(errors)) => form_page(&auth, values, errors, StatusCode::UNPROCESSABLE_ENTITY),
        Err(other) => HtmlError(other).into_response(),
    }
}

fn form_page(auth: &Auth, values: CaseFormValues, errors: FieldErrors, status: StatusCode) -> Response {
    let title = if errors.is_empty() { "Open a case" } else { "Error: Open a case" };
    let page = FormPage {
        layout: Layout::new(auth, title, "/cases"),
        case_types: case_type_choices(&values.case_type),
        complexity: rating_choices(&values.complexity),
        emotional_load: rating_choices(&values.emotional_load),
        can_override: authorize(&auth.signed_in.actor, Action::OverrideEligibility, Target::Any).is_allowed(),
        values,
        errors,
    };
    render_with_status(status, &page)
}

/// The promote form on an enquiry's page, as typed.
#[derive(Deserialize, Default, Clone)]
pub struct PromoteValues {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub case_type: String,
    #[serde(default)]
    pub problem_arose_on: String,
    #[serde(default)]
    pub complexity: String,
    #[serde(default)]
    pub emotional_load: String,
    #[serde(default)]
    pub override_reason: String,
}

/// What the enquiry page needs to show the promote form.
pub struct PromoteSection {
    pub values: PromoteValues,
    pub case_types: Vec<Choice>,
    pub complexity: Vec<Choice>,
    pub emotional_load: Vec<Choice>,
    pub can_override: bool,
}

/// The promote form, with what was typed or the defaults.
pub(super) fn promote_section(actor: &Actor, values: Option<PromoteValues>) -> PromoteSection {
    let values = values.unwrap_or_else(|| PromoteValues {
        complexity: "2".into(),
        emotional_load: "2".into(),
        ..PromoteValues::default()
    });
    PromoteSection {
        case_types: case_type_choices(&values.case_type),
        complexity: rating_choices(&values.complexity),
        emotional_load: rating_choices(&values.emotional_load),
        can_override: authorize(actor, Action::OverrideEligibility, Target::Any).is_allowed(),
        values,
    }
}

pub async fn promote(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(values): CsrfForm<PromoteValues>,
) -> Response {
    let Some(id) = super::enquiries::parse_enquiry_id(&id) else {
        return HtmlError(AppError::NotFound).into_response();
    };
    let form = PromoteForm {
        title: values.title.clone(),
        case_type: values.case_type.clone(),
        problem_arose_on: values.problem_arose_on.clone(),
        complexity: values.complexity.clone(),
        emotional_load: values.emotional_load.clone(),
        override_reason: values.override_reason.clone(),
    };
    let (files, max) = (state.files.as_ref(), state.config.max_document_bytes);
    match steward_app::cases::promote_enquiry(state.store.as_ref(), files, &auth.context(), id, &form, max).await {
        Ok((case, _)) => Redirect::to(&format!("/cases/{case}")).into_response(),
        Err(AppError::Invalid(errors)) => {
            let drafts = super::enquiries::Drafts { promote: Some(values), ..Default::default() };
            super::enquiries::show(&state, &auth, id, drafts, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}
