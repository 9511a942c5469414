//! The employer's manager decides a time-off request through the link the rep sent: no
//! account and no session. The secret in the address is the credential (checked by its hash
//! and expiry in the use case), and it also stands in for a CSRF token: a form posted from
//! another site would have to know it, and the origin check refuses cross-site posts anyway.
//! An unknown link is 404; an expired one 410; a used or withdrawn one shows the outcome.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use steward_app::time_off::{closed_message, decide_by_link, syllabus_by_link, view_by_link, LinkState, ManagerView};
use steward_app::AppError;
use steward_domain::facility::category::hours_label;
use steward_domain::facility::time_off::RequestStatus;
use steward_domain::field_errors::FieldErrors;

use super::cases::local_time;
use super::time_off::{dates, RequestRow};
use super::time_off_syllabus::{syllabus_attachment, SyllabusRow};
use super::{render_with_status, HtmlError};
use crate::auth::client_address;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "time_off/approve.html")]
struct ApprovePage {
    title: String,
    token: String,
    view: ManagerView,
    row: RequestRow,
    open: bool,
    /// Why the link no longer decides anything, when it does not.
    closed: Option<&'static str>,
    outcome: Option<String>,
    link_until: Option<String>,
    compensatory: Option<String>,
    contracted: Option<String>,
    /// The syllabus file, offered while the link still works.
    syllabus: Option<SyllabusRow>,
    decision: String,
    note: String,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "time_off/no_link.html")]
struct NoLinkPage {}

#[derive(Template)]
#[template(path = "time_off/link_closed.html")]
struct LinkClosedPage {
    message: String,
}

#[derive(Deserialize, Default)]
pub struct DecisionForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    note: String,
}

pub async fn show(State(state): State<AppState>, parts: Parts, Path(token): Path<String>) -> Response {
    let source = client_address(&parts);
    match view_by_link(state.store.as_ref(), &token, source.as_deref(), Utc::now()).await {
        Ok(view) => page(token, view, DecisionForm::default(), FieldErrors::new(), None),
        Err(AppError::NotFound) => no_link(),
        Err(error) => HtmlError(error).into_response(),
    }
}

pub async fn decide(State(state): State<AppState>, parts: Parts, Path(token): Path<String>, body: Bytes) -> Response {
    let form = serde_urlencoded::from_bytes::<DecisionForm>(&body).unwrap_or_default();
    let source = client_address(&parts);
    let now = Utc::now();
    let result = decide_by_link(state.store.as_ref(), &token, &form.decision, &form.note, source.as_deref(), now).await;
    let (errors, conflict) = match result {
        Ok(_) => return Redirect::to(&format!("/time-off/approve/{token}")).into_response(),
        Err(AppError::NotFound) => return no_link(),
        Err(AppError::Invalid(errors)) => (errors, false),
        Err(AppError::Conflict { .. }) => (FieldErrors::new(), true),
        Err(error) => return HtmlError(error).into_response(),
    };
    match view_by_link(state.store.as_ref(), &token, source.as_deref(), now).await {
        Ok(view) => {
            // A used or withdrawn link is a conflict; an expired one is gone.
            let status = match (conflict, view.state) {
                (_, LinkState::Expired) => StatusCode::GONE,
                (true, _) => StatusCode::CONFLICT,
                (false, _) => StatusCode::UNPROCESSABLE_ENTITY,
            };
            page(token, view, form, errors, Some(status))
        }
        Err(AppError::NotFound) => no_link(),
        Err(error) => HtmlError(error).into_response(),
    }
}

fn page(
    token: String,
    view: ManagerView,
    form: DecisionForm,
    errors: FieldErrors,
    status: Option<StatusCode>,
) -> Response {
    let r = &view.request;
    let open = view.state == LinkState::Open;
    let status = status.unwrap_or(match view.state {
        LinkState::Expired => StatusCode::GONE,
        LinkState::Open | LinkState::Decided | LinkState::Withdrawn => StatusCode::OK,
    });
    let link_works = r.link_expires_at.is_some_and(|until| until > Utc::now());
    let syllabus = match view.state {
        LinkState::Open | LinkState::Decided if link_works => view.syllabus_file.as_ref().map(SyllabusRow::from),
        _ => None,
    };
    let outcome = match (r.status, r.decided_at) {
        (RequestStatus::Approved | RequestStatus::Refused, Some(at)) => Some(format!(
            "{} by {} on {}.",
            r.status.label(),
            r.decided_by.clone().unwrap_or_else(|| "the manager".into()),
            local_time(at)
        )),
        _ => None,
    };
    let title = format!(
        "{}Time-off request from {}: {}",
        if errors.is_empty() { "" } else { "Error: " },
        r.user_name,
        dates(r)
    );
    let page = ApprovePage {
        title,
        row: RequestRow::from(r),
        open,
        closed: (!open).then(|| closed_message(view.state)),
        outcome,
        link_until: r.link_expires_at.map(local_time),
        compensatory: view
            .compensation
            .filter(|c| c.compensatory_minutes > 0)
            .map(|c| hours_label(u64::from(c.compensatory_minutes))),
        contracted: view.compensation.map(|c| {
            format!(
                "{} a week, against a full-time week of {}",
                hours_label(u64::from(c.contracted_minutes_per_week)),
                hours_label(u64::from(c.full_time_minutes_per_week))
            )
        }),
        syllabus,
        decision: form.decision,
        note: form.note,
        errors,
        token,
        view,
    };
    render_with_status(status, &page)
}

/// The syllabus file of the link's request (and only that request's), while the link works.
/// An expired link is 410 and a withdrawn one 409, with a page that says which.
pub async fn syllabus(State(state): State<AppState>, parts: Parts, Path(token): Path<String>) -> Response {
    let source = client_address(&parts);
    match syllabus_by_link(state.store.as_ref(), state.files.as_ref(), &token, source.as_deref(), Utc::now()).await {
        Ok((file, bytes)) => syllabus_attachment(&file, bytes),
        Err(AppError::NotFound) => no_link(),
        Err(AppError::Conflict { message, .. }) => {
            let status =
                if message == closed_message(LinkState::Expired) { StatusCode::GONE } else { StatusCode::CONFLICT };
            render_with_status(status, &LinkClosedPage { message })
        }
        Err(error) => HtmlError(error).into_response(),
    }
}

fn no_link() -> Response {
    render_with_status(StatusCode::NOT_FOUND, &NoLinkPage {})
}
