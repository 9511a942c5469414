//! Member pages: the searchable list, one member with their history, and the add and edit
//! forms (errors shown beside each field, values kept).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::ports::{AuditEntry, CaseSummary, MemberPage, MemberQuery, MemberRecord, Organisation};
use steward_app::AppError;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::{BranchId, EmployerId, MemberId, WorkplaceId};
use steward_domain::member::{MemberDraft, MemberStatus};
use steward_domain::permissions::{authorize, Action, Target};

use super::{render, render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

const PER_PAGE: u32 = 25;

#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    workplace: String,
    #[serde(default)]
    branch: String,
    #[serde(default)]
    employer: String,
    #[serde(default)]
    page: String,
}

/// A choice in a filter or form select.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

#[derive(Template)]
#[template(path = "members/list.html")]
struct ListPage {
    layout: Layout,
    q: String,
    statuses: Vec<Choice>,
    workplaces: Vec<Choice>,
    branches: Vec<Choice>,
    employers: Vec<Choice>,
    page: MemberPage,
    page_count: u32,
    previous_link: Option<String>,
    next_link: Option<String>,
    can_create: bool,
    error: Option<String>,
    /// Filters never carry a field error; the select macro needs one to compare against.
    no_error: Option<&'static str>,
}

pub async fn list(State(state): State<AppState>, auth: Auth, Query(params): Query<ListParams>) -> Response {
    let ctx = auth.context();
    let organisation = match steward_app::organisation::view_organisation(state.store.as_ref(), &ctx).await {
        Ok(organisation) => organisation,
        Err(error) => return HtmlError(error).into_response(),
    };
    let mut errors = FieldErrors::new();
    let status = optional(&params.status).and_then(|raw| errors.take("status", MemberStatus::parse(raw)));
    let workplace =
        optional(&params.workplace).and_then(|raw| errors.take("workplace", parse_id(raw))).map(WorkplaceId);
    let branch = optional(&params.branch).and_then(|raw| errors.take("branch", parse_id(raw))).map(BranchId);
    let employer = optional(&params.employer).and_then(|raw| errors.take("employer", parse_id(raw))).map(EmployerId);
    let page_number = optional(&params.page).map_or(Some(1), |raw| errors.take("page", parse_page(raw))).unwrap_or(1);
    let query = MemberQuery {
        scope: ctx.actor.scope,
        text: optional(&params.q).map(str::to_owned),
        status,
        workplace,
        branch,
        employer,
        page: page_number,
        per_page: PER_PAGE,
    };
    let (page, mut error) = match steward_app::members::search_members(state.store.as_ref(), &ctx, query).await {
        Ok(page) => (page, None),
        Err(AppError::Invalid(problems)) => (empty_page(), Some(problems.summary())),
        Err(other) => return HtmlError(other).into_response(),
    };
    if !errors.is_empty() {
        error = Some(format!("Some filters were ignored: {}", errors.summary()));
    }
    let page_count = page.page_count();
    let link = |number: u32| {
        let mut pairs = vec![("q", params.q.as_str()), ("status", params.status.as_str())];
        pairs.extend([
            ("workplace", params.workplace.as_str()),
            ("branch", params.branch.as_str()),
            ("employer", params.employer.as_str()),
        ]);
        let mut query: Vec<(&str, String)> =
            pairs.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| (k, v.to_owned())).collect();
        query.push(("page", number.to_string()));
        format!("/members?{}", serde_urlencoded::to_string(&query).unwrap_or_default())
    };
    let previous_link = (page.page > 1).then(|| link(page.page - 1));
    let next_link = (page.page < page_count).then(|| link(page.page + 1));
    let can_create = authorize(&ctx.actor, Action::CreateMember, Target::Any).is_allowed();
    let selected = |value: &str, current: &str| value == current;
    let statuses = MemberStatus::ALL
        .into_iter()
        .map(|s| Choice {
            value: s.as_str().into(),
            label: s.label().into(),
            selected: selected(s.as_str(), &params.status),
        })
        .collect();
    let workplaces = workplace_choices(&organisation, &params.workplace);
    let branches = organisation
        .branches
        .iter()
        .map(|b| Choice {
            value: b.id.to_string(),
            label: b.name.clone(),
            selected: selected(&b.id.to_string(), &params.branch),
        })
        .collect();
    let employers = organisation
        .employers
        .iter()
        .map(|e| Choice {
            value: e.id.to_string(),
            label: e.name.clone(),
            selected: selected(&e.id.to_string(), &params.employer),
        })
        .collect();
    render(&ListPage {
        layout: Layout::new(&auth, "Members", "/members"),
        q: params.q.clone(),
        statuses,
        workplaces,
        branches,
        employers,
        page,
        page_count,
        previous_link,
        next_link,
        can_create,
        error,
        no_error: None,
    })
}

#[derive(Template)]
#[template(path = "members/detail.html")]
struct DetailPage {
    layout: Layout,
    member: MemberRecord,
    history: Vec<(i64, AuditEntry)>,
    /// The member's cases the viewer may open.
    cases: Vec<CaseSummary>,
    can_open_case: bool,
    can_edit: bool,
    saved: bool,
}

#[derive(Deserialize)]
pub struct DetailParams {
    #[serde(default)]
    saved: Option<String>,
}

pub async fn detail(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Query(params): Query<DetailParams>,
) -> Response {
    let ctx = auth.context();
    let Ok(id) = parse_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let member = match steward_app::members::view_member(state.store.as_ref(), &ctx, MemberId(id)).await {
        Ok(member) => member,
        Err(error) => return HtmlError(error).into_response(),
    };
    let history = match steward_app::members::member_history(state.store.as_ref(), &ctx, &member).await {
        Ok(page) => page.entries,
        Err(error) => return HtmlError(error).into_response(),
    };
    let cases = if authorize(&ctx.actor, Action::ListCases, Target::Any).is_allowed() {
        match steward_app::cases::member_cases(state.store.as_ref(), &ctx, member.id).await {
            Ok(cases) => cases,
            Err(error) => return HtmlError(error).into_response(),
        }
    } else {
        Vec::new()
    };
    let can_open_case = authorize(&ctx.actor, Action::OpenCase, Target::Any).is_allowed();
    let can_edit = authorize(&ctx.actor, Action::EditMember, Target::Any).is_allowed();
    let title = format!("{} {}", member.first_name, member.last_name);
    render(&DetailPage {
        layout: Layout::new(&auth, title, "/members"),
        member,
        history,
        cases,
        can_open_case,
        can_edit,
        saved: params.saved.is_some(),
    })
}

/// Form fields exactly as typed, so a rejected form comes back with the person's input.
#[derive(Deserialize, Default)]
pub struct MemberForm {
    #[serde(default)]
    membership_number: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    workplace_id: String,
    #[serde(default)]
    job_title: String,
    #[serde(default)]
    joined_on: String,
    #[serde(default)]
    status: String,
}

impl MemberForm {
    fn from_record(member: &MemberRecord) -> Self {
        Self {
            membership_number: member.membership_number.clone(),
            first_name: member.first_name.clone(),
            last_name: member.last_name.clone(),
            email: member.email.clone().unwrap_or_default(),
            phone: member.phone.clone().unwrap_or_default(),
            workplace_id: member.workplace.to_string(),
            job_title: member.job_title.clone().unwrap_or_default(),
            joined_on: member.joined_on.to_string(),
            status: member.status.as_str().into(),
        }
    }

    fn draft(&self) -> MemberDraft {
        MemberDraft {
            membership_number: self.membership_number.clone(),
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            email: self.email.clone(),
            phone: self.phone.clone(),
            workplace_id: self.workplace_id.trim().parse().ok(),
            job_title: self.job_title.clone(),
            joined_on: self.joined_on.clone(),
            status: self.status.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "members/form.html")]
struct FormPage {
    layout: Layout,
    heading: String,
    action: String,
    submit_label: &'static str,
    cancel_href: String,
    values: MemberForm,
    errors: FieldErrors,
    workplaces: Vec<Choice>,
    statuses: Vec<Choice>,
}

pub async fn new_form(State(state): State<AppState>, auth: Auth) -> Response {
    let values = MemberForm { status: "active".into(), ..MemberForm::default() };
    form_page(&state, &auth, None, values, FieldErrors::new(), StatusCode::OK).await
}

pub async fn create(State(state): State<AppState>, auth: Auth, CsrfForm(form): CsrfForm<MemberForm>) -> Response {
    match steward_app::members::create_member(state.store.as_ref(), &auth.context(), &form.draft()).await {
        Ok(id) => Redirect::to(&format!("/members/{id}?saved=1")).into_response(),
        Err(error) => form_error(&state, &auth, None, form, error).await,
    }
}

pub async fn edit_form(State(state): State<AppState>, auth: Auth, Path(id): Path<String>) -> Response {
    let Ok(id) = parse_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let member = match steward_app::members::view_member(state.store.as_ref(), &auth.context(), MemberId(id)).await {
        Ok(member) => member,
        Err(error) => return HtmlError(error).into_response(),
    };
    form_page(&state, &auth, Some(member.id), MemberForm::from_record(&member), FieldErrors::new(), StatusCode::OK)
        .await
}

pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<MemberForm>,
) -> Response {
    let Ok(id) = parse_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    match steward_app::members::update_member(state.store.as_ref(), &auth.context(), MemberId(id), &form.draft()).await
    {
        Ok(()) => Redirect::to(&format!("/members/{id}?saved=1")).into_response(),
        Err(error) => form_error(&state, &auth, Some(MemberId(id)), form, error).await,
    }
}

async fn form_error(
    state: &AppState,
    auth: &Auth,
    id: Option<MemberId>,
    form: MemberForm,
    error: AppError,
) -> Response {
    let errors = match error {
        AppError::Invalid(errors) => errors,
        AppError::Conflict { field, message } => {
            let mut errors = FieldErrors::new();
            errors.add(field, message);
            errors
        }
        other => return HtmlError(other).into_response(),
    };
    form_page(state, auth, id, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await
}

async fn form_page(
    state: &AppState,
    auth: &Auth,
    id: Option<MemberId>,
    values: MemberForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Response {
    let organisation = match steward_app::organisation::view_organisation(state.store.as_ref(), &auth.context()).await {
        Ok(organisation) => organisation,
        Err(error) => return HtmlError(error).into_response(),
    };
    let (heading, action, submit_label, cancel_href) = match id {
        Some(id) => ("Edit member".to_owned(), format!("/members/{id}"), "Save changes", format!("/members/{id}")),
        None => ("Add a member".to_owned(), "/members".to_owned(), "Add member", "/members".to_owned()),
    };
    let title = if errors.is_empty() { heading.clone() } else { format!("Error: {heading}") };
    let workplaces = workplace_choices(&organisation, &values.workplace_id);
    let statuses = MemberStatus::ALL
        .into_iter()
        .map(|s| Choice { value: s.as_str().into(), label: s.label().into(), selected: s.as_str() == values.status })
        .collect();
    let page = FormPage {
        layout: Layout::new(auth, title, "/members"),
        heading,
        action,
        submit_label,
        cancel_href,
        values,
        errors,
        workplaces,
        statuses,
    };
    render_with_status(status, &page)
}

fn workplace_choices(organisation: &Organisation, current: &str) -> Vec<Choice> {
    organisation
        .workplaces
        .iter()
        .map(|w| {
            let employer = organisation.employer(w.employer).map_or("", |e| e.name.as_str());
            Choice {
                value: w.id.to_string(),
                label: format!("{} ({employer})", w.name),
                selected: w.id.to_string() == current.trim(),
            }
        })
        .collect()
}

fn optional(raw: &str) -> Option<&str> {
    let raw = raw.trim();
    (!raw.is_empty()).then_some(raw)
}

fn parse_id(raw: &str) -> Result<i64, String> {
    raw.trim().parse::<i64>().ok().filter(|id| *id > 0).ok_or_else(|| format!("\"{raw}\" is not an id"))
}

fn parse_page(raw: &str) -> Result<u32, String> {
    raw.trim().parse::<u32>().ok().filter(|page| *page > 0).ok_or_else(|| format!("\"{raw}\" is not a page number"))
}

fn empty_page() -> MemberPage {
    MemberPage { members: Vec::new(), total: 0, page: 1, per_page: PER_PAGE }
}
