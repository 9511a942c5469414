//! The forms on a case's page: a timeline entry or a correction, a stage move (or only a
//! check of one), closing, reopening, the team and the escalation level. Each answers 303
//! back to the case on success; a refused form shows the case again with the problem
//! beside its field.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use steward_app::cases::{EntryDraft, StageForm};
use steward_app::ports::CaseId;
use steward_app::AppError;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::UserId;

use super::case_detail::{
    show, CloseValues, Drafts, EntryValues, EscalationValues, Failed, ReopenValues, StageValues, TeamValues,
    ViewOptions,
};
use super::cases::parse_case_id;
use super::{CsrfForm, HtmlError};
use crate::auth::Auth;
use crate::state::AppState;

fn back_to(id: CaseId, done: &str) -> Response {
    Redirect::to(&format!("/cases/{id}?done={done}")).into_response()
}

/// A refused form: the case again with the problems beside `form`'s fields, or the error
/// page for anything that is not about the input.
async fn refused(
    state: &AppState,
    auth: &Auth,
    id: CaseId,
    form: &'static str,
    drafts: Drafts,
    options: ViewOptions,
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
    show(state, auth, id, options, drafts, Failed { form, errors }, status).await
}

pub async fn add_entry(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(values): CsrfForm<EntryValues>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let corrects = match values.corrects.trim() {
        "" => Ok(None),
        raw => raw.parse::<i64>().map(Some).map_err(|_| AppError::field("corrects", "Choose the entry to correct")),
    };
    let options = ViewOptions { correcting: corrects.as_ref().ok().copied().flatten(), ..ViewOptions::default() };
    let result = match corrects {
        Ok(corrects) => {
            let draft = EntryDraft {
                kind: values.kind.clone(),
                body: values.body.clone(),
                minutes: values.minutes.clone(),
                occurred_on: values.occurred_on.clone(),
                corrects,
            };
            steward_app::cases::record_entry(state.store.as_ref(), &auth.context(), id, &draft).await.map(|_| ())
        }
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => back_to(id, "entry"),
        Err(error) => {
            let drafts = Drafts { entry: values, ..Drafts::default() };
            refused(&state, &auth, id, "entry", drafts, options, error).await
        }
    }
}

pub async fn change_stage(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(values): CsrfForm<StageValues>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let form = StageForm {
        to: values.to.clone(),
        notice_recorded: values.notice_recorded.is_some(),
        notice_states_accompaniment_right: values.notice_states_accompaniment_right.is_some(),
        decision: values.decision.clone(),
        appeal_offered: values.appeal_offered.is_some(),
        note: values.note.clone(),
    };
    let ctx = auth.context();
    if values.intent == "check" {
        return match steward_app::cases::check_stage_move(state.store.as_ref(), &ctx, id, &form).await {
            Ok(check) => {
                let options = ViewOptions { check: Some(check), ..ViewOptions::default() };
                let drafts = Drafts { stage: values, ..Drafts::default() };
                show(&state, &auth, id, options, drafts, Failed::default(), StatusCode::OK).await
            }
            Err(error) => {
                let drafts = Drafts { stage: values, ..Drafts::default() };
                refused(&state, &auth, id, "stage", drafts, ViewOptions::default(), error).await
            }
        };
    }
    match steward_app::cases::change_stage(state.store.as_ref(), &ctx, id, &form).await {
        Ok(_) => back_to(id, "moved"),
        Err(error) => {
            let drafts = Drafts { stage: values, ..Drafts::default() };
            refused(&state, &auth, id, "stage", drafts, ViewOptions::default(), error).await
        }
    }
}

pub async fn close(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(values): CsrfForm<CloseValues>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let ctx = auth.context();
    match steward_app::cases::close_case(state.store.as_ref(), &ctx, id, &values.outcome, &values.note).await {
        Ok(()) => back_to(id, "closed"),
        Err(error) => {
            let drafts = Drafts { close: values, ..Drafts::default() };
            refused(&state, &auth, id, "close", drafts, ViewOptions::default(), error).await
        }
    }
}

pub async fn reopen(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(values): CsrfForm<ReopenValues>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    match steward_app::cases::reopen_case(state.store.as_ref(), &auth.context(), id, &values.reason).await {
        Ok(()) => back_to(id, "reopened"),
        Err(error) => {
            let drafts = Drafts { reopen: values, ..Drafts::default() };
            refused(&state, &auth, id, "reopen", drafts, ViewOptions::default(), error).await
        }
    }
}

fn parse_user(raw: &str) -> Result<UserId, AppError> {
    raw.trim()
        .parse::<i64>()
        .ok()
        .filter(|id| *id > 0)
        .map(UserId)
        .ok_or_else(|| AppError::field("user", "Choose a colleague from the list"))
}

pub async fn add_to_team(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(values): CsrfForm<TeamValues>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let result = match parse_user(&values.user) {
        Ok(user) => {
            steward_app::cases::add_to_team(state.store.as_ref(), &auth.context(), id, user, &values.role).await
        }
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => back_to(id, "team"),
        Err(error) => {
            let drafts = Drafts { team: values, ..Drafts::default() };
            refused(&state, &auth, id, "team", drafts, ViewOptions::default(), error).await
        }
    }
}

#[derive(serde::Deserialize)]
pub struct NoFields {}

pub async fn remove_from_team(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, user)): Path<(String, String)>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let result = match parse_user(&user) {
        Ok(user) => steward_app::cases::remove_from_team(state.store.as_ref(), &auth.context(), id, user).await,
        Err(error) => Err(error),
    };
    match result {
        Ok(()) => back_to(id, "team"),
        Err(error) => refused(&state, &auth, id, "team-remove", Drafts::default(), ViewOptions::default(), error).await,
    }
}

pub async fn set_escalation(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(values): CsrfForm<EscalationValues>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let ctx = auth.context();
    match steward_app::cases::set_escalation(state.store.as_ref(), &ctx, id, &values.level, &values.note).await {
        Ok(()) => back_to(id, "escalation"),
        Err(error) => {
            let drafts = Drafts { escalation: values, ..Drafts::default() };
            refused(&state, &auth, id, "escalation", drafts, ViewOptions::default(), error).await
        }
    }
}
