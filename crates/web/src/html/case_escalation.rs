//! The escalation part of a case's page: the union's guidance prompt, the stakes form, the
//! legal referral (asked for with the checklist, decided by an officer) and the external
//! lawyer's time-bound place on the file. Each form answers 303 back to the case, or shows
//! the case again with the problem beside its field.

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::cases::{escalation_of, EscalationView};
use steward_app::ports::{CaseFile, CaseId, Store};
use steward_app::{AppError, RequestContext};
use steward_domain::case::escalation::TribunalRisk;
use steward_domain::case::kind::EscalationLevel;
use steward_domain::case::referral::ChecklistItem;
use steward_domain::ids::UserId;
use steward_domain::permissions::{authorize, Action, Target};
use steward_domain::role::Role;

use super::case_detail::{show, Drafts, Failed, ViewOptions};
use super::cases::parse_case_id;
use super::members::Choice;
use super::{CsrfForm, HtmlError};
use crate::auth::Auth;
use crate::state::AppState;

/// What was typed into the escalation forms, kept when one is refused.
#[derive(Debug, Clone, Default)]
pub struct EscalationDrafts {
    pub risk: RiskValues,
    pub summary: String,
    pub ticked: Vec<String>,
    pub decision_note: String,
    pub lawyer: LawyerValues,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RiskValues {
    #[serde(default)]
    pub tribunal_risk: String,
    #[serde(default)]
    pub value_pounds: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct LawyerValues {
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub access_until: String,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct DecisionValues {
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub note: String,
}

pub struct ChecklistRow {
    pub value: &'static str,
    pub label: &'static str,
    pub checked: bool,
}

/// The section as the page template reads it.
pub struct EscalationSection {
    pub view: EscalationView,
    pub prompt_label: Option<&'static str>,
    pub risk_choices: Vec<Choice>,
    pub value_pounds: String,
    pub checklist: Vec<ChecklistRow>,
    pub summary: String,
    pub decision_note: String,
    pub lawyers: Vec<Choice>,
    pub access_until: String,
    pub can_assess: bool,
    pub can_request: bool,
    pub can_decide: bool,
    pub can_add_lawyer: bool,
}

/// Builds the section for a case already loaded and authorised for viewing.
pub(super) async fn section(
    store: &dyn Store,
    ctx: &RequestContext,
    file: &CaseFile,
    target: Target,
    drafts: &EscalationDrafts,
) -> Result<EscalationSection, AppError> {
    let view = escalation_of(store, file).await?;
    let open = file.summary.is_open();
    let level = file.summary.escalation_level;
    let can_manage = open && authorize(&ctx.actor, Action::ManageCaseTeam, target).is_allowed();
    let can_add_lawyer = can_manage && level == EscalationLevel::Legal;
    let lawyers = if can_add_lawyer {
        steward_app::cases::team_candidates_of(store, ctx, file)
            .await?
            .into_iter()
            .filter(|candidate| candidate.user.role == Role::Lawyer)
            .map(|candidate| Choice {
                selected: candidate.user.id.to_string() == drafts.lawyer.user.trim(),
                label: candidate.user.name.clone(),
                value: candidate.user.id.to_string(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let current_risk = if drafts.risk.tribunal_risk.is_empty() {
        view.risk.as_ref().map_or("", |assessed| assessed.risk.tribunal_risk.as_str()).to_owned()
    } else {
        drafts.risk.tribunal_risk.clone()
    };
    let value_pounds = if drafts.risk.tribunal_risk.is_empty() {
        view.risk.as_ref().and_then(|assessed| assessed.risk.value_pounds).map_or_else(String::new, |v| v.to_string())
    } else {
        drafts.risk.value_pounds.clone()
    };
    let waiting = view.waiting_referral().is_some();
    Ok(EscalationSection {
        prompt_label: view.prompt.as_ref().map(|prompt| prompt.level.label()),
        risk_choices: TribunalRisk::ALL
            .into_iter()
            .map(|risk| Choice {
                value: risk.as_str().into(),
                label: risk.label().into(),
                selected: risk.as_str() == current_risk,
            })
            .collect(),
        value_pounds,
        checklist: ChecklistItem::ALL
            .into_iter()
            .map(|item| ChecklistRow {
                value: item.as_str(),
                label: item.label(),
                checked: drafts.ticked.iter().any(|ticked| ticked == item.as_str()),
            })
            .collect(),
        summary: drafts.summary.clone(),
        decision_note: drafts.decision_note.clone(),
        lawyers,
        access_until: drafts.lawyer.access_until.clone(),
        can_assess: open && authorize(&ctx.actor, Action::WorkOnCase, target).is_allowed(),
        can_request: can_manage && level != EscalationLevel::Legal && !waiting,
        can_decide: open && waiting && authorize(&ctx.actor, Action::DecideReferral, target).is_allowed(),
        can_add_lawyer,
        view,
    })
}

fn back_to(id: CaseId, done: &str) -> Response {
    Redirect::to(&format!("/cases/{id}?done={done}#escalation-guidance")).into_response()
}

async fn refused(
    state: &AppState,
    auth: &Auth,
    id: CaseId,
    form: &'static str,
    drafts: EscalationDrafts,
    error: AppError,
) -> Response {
    let (errors, status) = match error {
        AppError::Invalid(errors) => (errors, axum::http::StatusCode::UNPROCESSABLE_ENTITY),
        AppError::Conflict { field, message } => {
            let mut errors = steward_domain::field_errors::FieldErrors::new();
            errors.add(field, message);
            (errors, axum::http::StatusCode::CONFLICT)
        }
        other => return HtmlError(other).into_response(),
    };
    let drafts = Drafts { stakes: drafts, ..Drafts::default() };
    show(state, auth, id, ViewOptions::default(), drafts, Failed { form, errors }, status).await
}

pub async fn assess_risk(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(values): CsrfForm<RiskValues>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let ctx = auth.context();
    match steward_app::cases::assess_risk(state.store.as_ref(), &ctx, id, &values.tribunal_risk, &values.value_pounds)
        .await
    {
        Ok(()) => back_to(id, "risk"),
        Err(error) => {
            let drafts = EscalationDrafts { risk: values, ..EscalationDrafts::default() };
            refused(&state, &auth, id, "risk", drafts, error).await
        }
    }
}

/// The referral form sends one `checklist` pair per ticked item, so it is read as pairs.
pub async fn request_referral(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(pairs): CsrfForm<Vec<(String, String)>>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let summary = pairs.iter().find(|(name, _)| name == "summary").map(|(_, value)| value.clone()).unwrap_or_default();
    let ticked: Vec<String> =
        pairs.iter().filter(|(name, _)| name == "checklist").map(|(_, value)| value.clone()).collect();
    let ctx = auth.context();
    match steward_app::cases::request_referral(state.store.as_ref(), &ctx, id, &summary, &ticked).await {
        Ok(_) => back_to(id, "referral"),
        Err(error) => {
            let drafts = EscalationDrafts { summary, ticked, ..EscalationDrafts::default() };
            refused(&state, &auth, id, "referral", drafts, error).await
        }
    }
}

pub async fn decide_referral(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, referral)): Path<(String, String)>,
    CsrfForm(values): CsrfForm<DecisionValues>,
) -> Response {
    let (Some(id), Ok(referral)) = (parse_case_id(&id), referral.parse::<i64>()) else {
        return HtmlError(AppError::NotFound).into_response();
    };
    let drafts = EscalationDrafts { decision_note: values.note.clone(), ..EscalationDrafts::default() };
    let approve = match values.decision.as_str() {
        "approve" => true,
        "decline" => false,
        _ => {
            let error = AppError::field("decision", "Choose to approve or decline the referral");
            return refused(&state, &auth, id, "decision", drafts, error).await;
        }
    };
    let ctx = auth.context();
    match steward_app::cases::decide_referral(state.store.as_ref(), &ctx, id, referral, approve, &values.note).await {
        Ok(()) => back_to(id, if approve { "referral-approved" } else { "referral-declined" }),
        Err(error) => refused(&state, &auth, id, "decision", drafts, error).await,
    }
}

pub async fn add_lawyer(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(values): CsrfForm<LawyerValues>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let ctx = auth.context();
    let Ok(user) = values.user.trim().parse::<i64>() else {
        let drafts = EscalationDrafts { lawyer: values, ..EscalationDrafts::default() };
        return refused(&state, &auth, id, "lawyer", drafts, AppError::field("user", "Choose a lawyer")).await;
    };
    match steward_app::cases::add_external_lawyer(state.store.as_ref(), &ctx, id, UserId(user), &values.access_until)
        .await
    {
        Ok(()) => back_to(id, "team"),
        Err(error) => {
            let drafts = EscalationDrafts { lawyer: values, ..EscalationDrafts::default() };
            refused(&state, &auth, id, "lawyer", drafts, error).await
        }
    }
}
