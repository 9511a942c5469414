//! Time-off request pages for reps: their requests (and, for officers, the submitted ones in
//! their scope), the form that drafts or changes one, the request itself with its notice
//! check and the buttons that move it on, and a printable request form. The manager's pages
//! (no account) are `time_off_approval.rs`.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::ports::TimeOffRequest;
use steward_app::time_off::{
    create_time_off, edit_time_off, list_time_off, meeting_choices, send_manager_link, submit_time_off, view_time_off,
    withdraw_time_off, TimeOffDraft, TimeOffView,
};
use steward_app::AppError;
use steward_domain::facility::category::{hours_label, TimeCategory};
use steward_domain::facility::time_off::RequestStatus;
use steward_domain::field_errors::FieldErrors;

use super::cases::local_time;
use super::members::Choice;
use super::time_off_syllabus::{SyllabusRow, FIELD as SYLLABUS_FIELD};
use super::{render, render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

/// A request id from a path; anything else reads as "not found".
pub(super) fn parse_id(raw: &str) -> Result<i64, HtmlError> {
    raw.trim().parse::<i64>().ok().filter(|id| *id > 0).ok_or(HtmlError(AppError::NotFound))
}

/// One request as lists and pages show it.
pub struct RequestRow {
    pub id: i64,
    pub who: String,
    pub category: &'static str,
    pub dates: String,
    pub hours: String,
    pub status: &'static str,
    pub short_notice: bool,
}

impl From<&TimeOffRequest> for RequestRow {
    fn from(r: &TimeOffRequest) -> Self {
        Self {
            id: r.id,
            who: r.user_name.clone(),
            category: r.fields.category.label(),
            dates: dates(r),
            hours: hours_label(u64::from(r.fields.minutes)),
            status: r.status.label(),
            short_notice: r.notice.as_ref().is_some_and(|notice| notice.short),
        }
    }
}

pub(super) fn dates(r: &TimeOffRequest) -> String {
    let (start, end) = (r.fields.starts_on, r.fields.ends_on);
    if start == end {
        start.format("%a %-d %b %Y").to_string()
    } else {
        format!("{} to {}", start.format("%a %-d %b %Y"), end.format("%a %-d %b %Y"))
    }
}

#[derive(Template)]
#[template(path = "time_off/list.html")]
struct ListPage {
    layout: Layout,
    mine: Vec<RequestRow>,
    in_scope: Option<Vec<RequestRow>>,
    /// Whether to link the employers' notice rules (`time_off_rules.rs`).
    can_manage_rules: bool,
}

pub async fn list(State(state): State<AppState>, auth: Auth) -> Response {
    match list_time_off(state.store.as_ref(), &auth.context()).await {
        Ok(list) => render(&ListPage {
            layout: Layout::new(&auth, "Time off", "/time-off"),
            mine: list.mine.iter().map(RequestRow::from).collect(),
            in_scope: list.in_scope.map(|rows| rows.iter().map(RequestRow::from).collect()),
            can_manage_rules: steward_domain::permissions::authorize(
                &auth.signed_in.actor,
                steward_domain::permissions::Action::ManageTimeOffRules,
                steward_domain::permissions::Target::Any,
            )
            .is_allowed(),
        }),
        Err(error) => HtmlError(error).into_response(),
    }
}

/// The request form exactly as typed, so a refused form comes back with the input.
#[derive(Deserialize, Default)]
pub struct RequestForm {
    #[serde(default)]
    category: String,
    #[serde(default)]
    starts_on: String,
    #[serde(default)]
    ends_on: String,
    #[serde(default)]
    hours: String,
    #[serde(default)]
    purpose: String,
    #[serde(default)]
    meeting: String,
    #[serde(default)]
    course_name: String,
    #[serde(default)]
    syllabus: String,
}

impl RequestForm {
    fn draft(&self, errors: &mut FieldErrors) -> TimeOffDraft {
        let meeting = match self.meeting.trim() {
            "" => None,
            raw => match raw.parse::<i64>() {
                Ok(id) if id > 0 => Some(id),
                _ => {
                    errors.add("meeting", "Choose a meeting from the list");
                    None
                }
            },
        };
        TimeOffDraft {
            category: self.category.clone(),
            starts_on: self.starts_on.clone(),
            ends_on: self.ends_on.clone(),
            hours: self.hours.clone(),
            purpose: self.purpose.clone(),
            meeting,
            course_name: self.course_name.clone(),
            syllabus: self.syllabus.clone(),
        }
    }

    fn from_request(r: &TimeOffRequest) -> Self {
        let f = &r.fields;
        Self {
            category: f.category.as_str().into(),
            starts_on: f.starts_on.to_string(),
            ends_on: f.ends_on.to_string(),
            hours: format!("{}", f64::from(f.minutes) / 60.0),
            purpose: f.purpose.clone(),
            meeting: f.meeting.map(|id| id.to_string()).unwrap_or_default(),
            course_name: f.course_name.clone().unwrap_or_default(),
            syllabus: f.syllabus.clone().unwrap_or_default(),
        }
    }
}

#[derive(Template)]
#[template(path = "time_off/form.html")]
struct FormPage {
    layout: Layout,
    /// Where the form posts: `/time-off` for a new draft, `/time-off/{id}` for a change.
    action: String,
    editing: bool,
    values: RequestForm,
    categories: Vec<Choice>,
    meetings: Vec<Choice>,
    /// The request page, where a draft's syllabus file is uploaded.
    request_page: Option<String>,
    errors: FieldErrors,
}

async fn form_page(
    state: &AppState,
    auth: &Auth,
    id: Option<i64>,
    values: RequestForm,
    errors: FieldErrors,
) -> Response {
    let meetings = match meeting_choices(state.store.as_ref(), &auth.context()).await {
        Ok(meetings) => meetings,
        Err(error) => return HtmlError(error).into_response(),
    };
    let categories = TimeCategory::ALL
        .into_iter()
        .map(|c| Choice { value: c.as_str().into(), label: c.label().into(), selected: c.as_str() == values.category })
        .collect();
    let meetings = meetings
        .into_iter()
        .map(|(id, label)| Choice { selected: id.to_string() == values.meeting.trim(), value: id.to_string(), label })
        .collect();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let title = match (id.is_some(), errors.is_empty()) {
        (false, true) => "Ask for time off",
        (false, false) => "Error: Ask for time off",
        (true, true) => "Change the request",
        (true, false) => "Error: Change the request",
    };
    let page = FormPage {
        layout: Layout::new(auth, title, "/time-off"),
        action: id.map_or_else(|| "/time-off".to_owned(), |id| format!("/time-off/{id}")),
        editing: id.is_some(),
        request_page: id.map(|id| format!("/time-off/{id}")),
        values,
        categories,
        meetings,
        errors,
    };
    render_with_status(status, &page)
}

pub async fn new_form(State(state): State<AppState>, auth: Auth) -> Response {
    let values = RequestForm { category: "duties".into(), ..RequestForm::default() };
    form_page(&state, &auth, None, values, FieldErrors::new()).await
}

pub async fn create(State(state): State<AppState>, auth: Auth, CsrfForm(form): CsrfForm<RequestForm>) -> Response {
    let mut errors = FieldErrors::new();
    let draft = form.draft(&mut errors);
    if !errors.is_empty() {
        return form_page(&state, &auth, None, form, errors).await;
    }
    match create_time_off(state.store.as_ref(), &auth.context(), &draft).await {
        Ok(id) => Redirect::to(&format!("/time-off/{id}")).into_response(),
        Err(AppError::Invalid(errors)) => form_page(&state, &auth, None, form, errors).await,
        Err(error) => HtmlError(error).into_response(),
    }
}

pub async fn edit_form(State(state): State<AppState>, auth: Auth, Path(id): Path<String>) -> Response {
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    match view_time_off(state.store.as_ref(), &auth.context(), id).await {
        Ok(view) if view.mine && view.request.status == RequestStatus::Draft => {
            form_page(&state, &auth, Some(id), RequestForm::from_request(&view.request), FieldErrors::new()).await
        }
        Ok(_) => Redirect::to(&format!("/time-off/{id}")).into_response(),
        Err(error) => HtmlError(error).into_response(),
    }
}

pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<RequestForm>,
) -> Response {
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    let mut errors = FieldErrors::new();
    let draft = form.draft(&mut errors);
    if !errors.is_empty() {
        return form_page(&state, &auth, Some(id), form, errors).await;
    }
    match edit_time_off(state.store.as_ref(), &auth.context(), id, &draft).await {
        Ok(()) => Redirect::to(&format!("/time-off/{id}")).into_response(),
        Err(AppError::Invalid(errors)) => form_page(&state, &auth, Some(id), form, errors).await,
        Err(error) => HtmlError(error).into_response(),
    }
}

#[derive(Template)]
#[template(path = "time_off/detail.html")]
struct DetailPage {
    layout: Layout,
    view: TimeOffView,
    row: RequestRow,
    draft: bool,
    submitted: bool,
    /// The manager's link just made, shown this once.
    sent_link: Option<String>,
    sent_until: String,
    manager_name: String,
    manager_email: String,
    link_until: Option<String>,
    decided_at: Option<String>,
    compensatory: Option<String>,
    /// "22 h 30 min a week, against a full-time week of 37 h 30 min", for a part-time rep.
    part_time: Option<String>,
    syllabus: Option<SyllabusRow>,
    /// Whether the syllabus file may be attached, replaced or removed: the rep's training draft.
    syllabus_editable: bool,
    syllabus_error: Option<String>,
    max_size: String,
    accepted: &'static str,
    errors: FieldErrors,
}

/// What the page shows beside the request: the link just sent, the manager form as typed,
/// and its problems.
#[derive(Default)]
pub(super) struct DetailExtras {
    pub sent: Option<(String, String)>,
    pub manager_name: String,
    pub manager_email: String,
    pub errors: FieldErrors,
    /// The status to answer with, when not 200 (or 422 for errors).
    pub status: Option<StatusCode>,
}

pub(super) async fn detail_page(state: &AppState, auth: &Auth, id: i64, mut extras: DetailExtras) -> Response {
    let view = match view_time_off(state.store.as_ref(), &auth.context(), id).await {
        Ok(view) => view,
        Err(error) => return HtmlError(error).into_response(),
    };
    let status = extras.status.unwrap_or(if extras.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    });
    // The file's problem is shown beside its input, not with the manager's form.
    let syllabus_error = extras.errors.get(SYLLABUS_FIELD).map(str::to_owned);
    if syllabus_error.is_some() {
        extras.errors = FieldErrors::new();
    }
    let r = &view.request;
    let failed = !extras.errors.is_empty() || syllabus_error.is_some();
    let title = format!("{}Time off: {}", if failed { "Error: " } else { "" }, dates(r));
    let page = DetailPage {
        layout: Layout::new(auth, title, "/time-off"),
        row: RequestRow::from(r),
        draft: view.mine && r.status == RequestStatus::Draft,
        syllabus: view.syllabus_file.as_ref().map(SyllabusRow::from),
        syllabus_editable: view.mine && r.status == RequestStatus::Draft && r.fields.category == TimeCategory::Training,
        syllabus_error,
        max_size: steward_domain::case::document::size_label(state.config.max_document_bytes as u64),
        accepted: steward_app::time_off::SYLLABUS_ACCEPTED,
        submitted: view.mine && r.status == RequestStatus::Submitted,
        manager_name: if extras.manager_name.is_empty() {
            r.manager_name.clone().unwrap_or_default()
        } else {
            extras.manager_name
        },
        manager_email: if extras.manager_email.is_empty() {
            r.manager_email.clone().unwrap_or_default()
        } else {
            extras.manager_email
        },
        link_until: r.link_expires_at.map(local_time),
        decided_at: r.decided_at.map(local_time),
        compensatory: view
            .compensation
            .filter(|c| c.compensatory_minutes > 0)
            .map(|c| hours_label(u64::from(c.compensatory_minutes))),
        part_time: view.compensation.map(|c| {
            format!(
                "{} a week, against a full-time week of {}",
                hours_label(u64::from(c.contracted_minutes_per_week)),
                hours_label(u64::from(c.full_time_minutes_per_week))
            )
        }),
        sent_until: extras.sent.as_ref().map(|(_, until)| until.clone()).unwrap_or_default(),
        sent_link: extras.sent.map(|(url, _)| url),
        errors: extras.errors,
        view,
    };
    render_with_status(status, &page)
}

pub async fn detail(State(state): State<AppState>, auth: Auth, Path(id): Path<String>) -> Response {
    match parse_id(&id) {
        Ok(id) => detail_page(&state, &auth, id, DetailExtras::default()).await,
        Err(error) => error.into_response(),
    }
}

/// Buttons that carry nothing but the CSRF token.
#[derive(Deserialize, Default)]
pub struct ButtonForm {}

pub async fn submit(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(ButtonForm {}): CsrfForm<ButtonForm>,
) -> Response {
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    match submit_time_off(state.store.as_ref(), &auth.context(), id).await {
        Ok(_) => Redirect::to(&format!("/time-off/{id}")).into_response(),
        Err(AppError::Invalid(errors)) => {
            // Training without its syllabus: the form, with the fields to fill in.
            let values = match view_time_off(state.store.as_ref(), &auth.context(), id).await {
                Ok(view) => RequestForm::from_request(&view.request),
                Err(error) => return HtmlError(error).into_response(),
            };
            form_page(&state, &auth, Some(id), values, errors).await
        }
        Err(error) => HtmlError(error).into_response(),
    }
}

pub async fn withdraw(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(ButtonForm {}): CsrfForm<ButtonForm>,
) -> Response {
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    match withdraw_time_off(state.store.as_ref(), &auth.context(), id).await {
        Ok(()) => Redirect::to(&format!("/time-off/{id}")).into_response(),
        Err(error) => HtmlError(error).into_response(),
    }
}

#[derive(Deserialize, Default)]
pub struct ManagerForm {
    #[serde(default)]
    manager_name: String,
    #[serde(default)]
    manager_email: String,
}

/// Sends the manager's link and shows it once (it is kept only as a hash), as the calendar
/// feed page does; a refused form comes back with its errors (422).
pub async fn send_link(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ManagerForm>,
) -> Response {
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    let site = site_of(&state, &headers);
    let ctx = auth.context();
    match send_manager_link(state.store.as_ref(), &ctx, id, &form.manager_name, &form.manager_email, &site).await {
        Ok(sent) => {
            let extras =
                DetailExtras { sent: Some((sent.url, local_time(sent.expires_at))), ..DetailExtras::default() };
            detail_page(&state, &auth, id, extras).await
        }
        Err(AppError::Invalid(errors)) => {
            let extras = DetailExtras {
                manager_name: form.manager_name,
                manager_email: form.manager_email,
                errors,
                ..DetailExtras::default()
            };
            detail_page(&state, &auth, id, extras).await
        }
        Err(error) => HtmlError(error).into_response(),
    }
}

/// Where the server is reached from: the request's host (checked to be a plain host name),
/// https when cookies are marked secure.
pub(crate) fn site_of(state: &AppState, headers: &HeaderMap) -> String {
    match super::calendar_routes::public_host(headers) {
        Some(host) => {
            let scheme = if state.config.secure_cookies { "https" } else { "http" };
            format!("{scheme}://{host}")
        }
        None => String::new(),
    }
}

#[derive(Template)]
#[template(path = "time_off/print.html")]
struct PrintPage {
    title: String,
    view: TimeOffView,
    row: RequestRow,
    employer: String,
    submitted_on: Option<String>,
    contracted: Option<String>,
    full_time: Option<String>,
    compensatory: Option<String>,
    syllabus: Option<SyllabusRow>,
}

pub async fn print(State(state): State<AppState>, auth: Auth, Path(id): Path<String>) -> Response {
    let id = match parse_id(&id) {
        Ok(id) => id,
        Err(error) => return error.into_response(),
    };
    let view = match view_time_off(state.store.as_ref(), &auth.context(), id).await {
        Ok(view) => view,
        Err(error) => return HtmlError(error).into_response(),
    };
    let r = &view.request;
    let page = PrintPage {
        title: format!("Time-off request: {}", dates(r)),
        row: RequestRow::from(r),
        syllabus: view.syllabus_file.as_ref().map(SyllabusRow::from),
        employer: r.employer_name.clone().unwrap_or_else(|| "the employer".into()),
        submitted_on: r.submitted_at.map(local_time),
        contracted: view.compensation.map(|c| hours_label(u64::from(c.contracted_minutes_per_week))),
        full_time: view.compensation.map(|c| hours_label(u64::from(c.full_time_minutes_per_week))),
        compensatory: view
            .compensation
            .filter(|c| c.compensatory_minutes > 0)
            .map(|c| hours_label(u64::from(c.compensatory_minutes))),
        view,
    };
    render(&page)
}
