//! The enquiry queue (soonest due first, with filters) and one enquiry's thread with the
//! note form.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;
use steward_app::ports::{EnquiryDetail, EnquiryId, EnquiryQuery, EnquirySummary, QueueFilter};
use steward_app::AppError;
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::field_errors::FieldErrors;
use steward_domain::permissions::{authorize, Action, Target};

use super::{render, render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

/// The queue filters, as they appear in links.
const FILTERS: [(&str, &str); 5] = [
    ("open", "All open"),
    ("mine", "Mine"),
    ("unassigned", "Unassigned"),
    ("due-soon", "Due within 2 hours"),
    ("overdue", "Overdue"),
];

pub struct QueueRow {
    pub summary: EnquirySummary,
    pub due_label: String,
    pub overdue: bool,
}

#[derive(Template)]
#[template(path = "enquiries/queue.html")]
struct QueuePage {
    layout: Layout,
    filters: Vec<(&'static str, &'static str, bool)>,
    rows: Vec<QueueRow>,
}

#[derive(Deserialize, Default)]
pub struct QueueParams {
    #[serde(default)]
    filter: String,
}

/// A queue filter by name; `None` for a name that is not one.
pub fn queue_filter(name: &str, auth: &Auth, now: DateTime<Utc>) -> Option<QueueFilter> {
    Some(match name {
        "" | "open" => QueueFilter::AllOpen,
        "mine" => QueueFilter::Mine(auth.signed_in.actor.user_id),
        "unassigned" => QueueFilter::Unassigned,
        "due-soon" => QueueFilter::DueBefore(now + Duration::hours(2)),
        "overdue" => QueueFilter::DueBefore(now),
        _ => return None,
    })
}

pub async fn queue(State(state): State<AppState>, auth: Auth, Query(params): Query<QueueParams>) -> Response {
    let ctx = auth.context();
    let Some(filter) = queue_filter(&params.filter, &auth, ctx.now) else {
        return HtmlError(AppError::field("filter", "Choose one of the queue's filters")).into_response();
    };
    let query = EnquiryQuery { scope: ctx.actor.scope, filter, limit: 200 };
    let summaries = match steward_app::enquiries::enquiry_queue(state.store.as_ref(), &ctx, query).await {
        Ok(summaries) => summaries,
        Err(error) => return HtmlError(error).into_response(),
    };
    let rows = summaries
        .into_iter()
        .map(|summary| {
            let due = summary.due();
            QueueRow {
                due_label: due
                    .map_or_else(|| "answered".into(), |at| to_uk_local(at).format("%a %-d %b %H:%M").to_string()),
                overdue: due.is_some_and(|at| at < ctx.now),
                summary,
            }
        })
        .collect();
    let current = if params.filter.is_empty() { "open" } else { params.filter.as_str() };
    let filters = FILTERS.into_iter().map(|(value, label)| (value, label, value == current)).collect();
    render(&QueuePage { layout: Layout::new(&auth, "Enquiries", "/enquiries"), filters, rows })
}

#[derive(Template)]
#[template(path = "enquiries/detail.html")]
struct DetailPage {
    layout: Layout,
    detail: EnquiryDetail,
    due_label: String,
    can_work: bool,
    note: String,
    errors: FieldErrors,
}

impl DetailPage {
    fn local(&self, at: &DateTime<Utc>) -> String {
        to_uk_local(*at).format("%-d %b %Y %H:%M").to_string()
    }
}

fn parse_enquiry_id(raw: &str) -> Option<EnquiryId> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).map(EnquiryId)
}

pub async fn detail(State(state): State<AppState>, auth: Auth, Path(id): Path<String>) -> Response {
    let Some(id) = parse_enquiry_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    show(&state, &auth, id, String::new(), FieldErrors::new(), StatusCode::OK).await
}

async fn show(
    state: &AppState,
    auth: &Auth,
    id: EnquiryId,
    note: String,
    errors: FieldErrors,
    status: StatusCode,
) -> Response {
    let ctx = auth.context();
    let detail = match steward_app::enquiries::view_enquiry(state.store.as_ref(), &ctx, id).await {
        Ok(detail) => detail,
        Err(error) => return HtmlError(error).into_response(),
    };
    let due_label = detail
        .summary
        .due()
        .map_or_else(|| "nothing owed".into(), |at| to_uk_local(at).format("%A %-d %B at %H:%M").to_string());
    let can_work = authorize(&ctx.actor, Action::WorkOnEnquiry, Target::Any).is_allowed();
    let title = format!("{} {}", detail.summary.reference, detail.summary.subject);
    let page = DetailPage { layout: Layout::new(auth, title, "/enquiries"), detail, due_label, can_work, note, errors };
    render_with_status(status, &page)
}

#[derive(Deserialize)]
pub struct NoteForm {
    #[serde(default)]
    note: String,
}

pub async fn add_note(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<NoteForm>,
) -> Response {
    let Some(id) = parse_enquiry_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    match steward_app::enquiries::add_note(state.store.as_ref(), &auth.context(), id, &form.note).await {
        Ok(()) => Redirect::to(&format!("/enquiries/{id}")).into_response(),
        Err(AppError::Invalid(errors)) => {
            show(&state, &auth, id, form.note, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}
