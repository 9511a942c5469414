//! The case page's quick "Log time" form (the `cases/time.html` partial): time against the
//! case, or one of its meetings, which also goes on the timeline as time spent. A refused
//! form shows the case again with the problem beside its field.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use steward_app::ports::{CaseFile, CaseId};
use steward_app::{AppError, RequestContext};
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::field_errors::FieldErrors;
use steward_domain::permissions::{authorize, Action, Target};

use super::case_detail::{show, Drafts, Failed, MeetingRow, ViewOptions};
use super::cases::parse_case_id;
use super::members::Choice;
use super::time_entries::{category_choices, TimeValues};
use super::{CsrfForm, HtmlError};
use crate::auth::Auth;
use crate::state::AppState;

/// What the partial shows.
pub struct TimeSection {
    /// Whether the viewer may log time here: works on the open case and logs union time.
    pub can_log: bool,
    pub categories: Vec<Choice>,
    pub meetings: Vec<Choice>,
    pub values: TimeValues,
}

/// The section for a case already loaded for viewing; `target` is the case's.
pub(super) fn section(
    ctx: &RequestContext,
    file: &CaseFile,
    target: Target,
    meetings: &[MeetingRow],
    drafts: &TimeValues,
) -> TimeSection {
    let can_log = file.summary.is_open()
        && authorize(&ctx.actor, Action::LogTime, Target::Any).is_allowed()
        && authorize(&ctx.actor, Action::WorkOnCase, target).is_allowed();
    let mut values = drafts.clone();
    if values.worked_on.trim().is_empty() {
        values.worked_on = to_uk_local(ctx.now).date().to_string();
    }
    TimeSection {
        can_log,
        categories: category_choices(&values.category),
        meetings: meetings
            .iter()
            .map(|row| Choice {
                value: row.meeting.id.to_string(),
                label: format!("{}, {}", row.meeting.meeting_type.label(), row.when),
                selected: row.meeting.id.to_string() == values.meeting.trim(),
            })
            .collect(),
        values,
    }
}

pub async fn log(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(values): CsrfForm<TimeValues>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let mut draft = values.draft();
    draft.case = Some(id);
    match values.meeting.trim() {
        "" => {}
        raw => match raw.parse::<i64>() {
            Ok(meeting) if meeting > 0 => draft.meeting = Some(meeting),
            _ => {
                let mut errors = FieldErrors::new();
                errors.add("meeting", "Choose one of the case's meetings, or none");
                return refused(&state, &auth, id, values, errors, StatusCode::UNPROCESSABLE_ENTITY).await;
            }
        },
    }
    match steward_app::time::log_time(state.store.as_ref(), &auth.context(), &draft).await {
        Ok(_) => Redirect::to(&format!("/cases/{id}?done=time#timeline")).into_response(),
        Err(AppError::Invalid(errors)) => {
            refused(&state, &auth, id, values, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(AppError::Conflict { field, message }) => {
            let mut errors = FieldErrors::new();
            errors.add(field, message);
            refused(&state, &auth, id, values, errors, StatusCode::CONFLICT).await
        }
        Err(error) => HtmlError(error).into_response(),
    }
}

/// The case page again, with what was typed and the problem beside its field.
async fn refused(
    state: &AppState,
    auth: &Auth,
    id: CaseId,
    values: TimeValues,
    errors: FieldErrors,
    status: StatusCode,
) -> Response {
    let drafts = Drafts { time: values, ..Drafts::default() };
    show(state, auth, id, ViewOptions::default(), drafts, Failed { form: "time", errors }, status).await
}
