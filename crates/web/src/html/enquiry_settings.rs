//! Response targets and escalation contacts per branch, for officers (their region's
//! branches) and administrators.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::enquiries::{BranchTargets, BranchTargetsDraft};
use steward_app::AppError;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::BranchId;

use super::{render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "enquiries/settings.html")]
struct SettingsPage {
    layout: Layout,
    branches: Vec<BranchTargets>,
    /// The branch whose form has errors, with what was typed.
    failed: Option<(BranchId, TargetsForm, FieldErrors)>,
}

impl SettingsPage {
    fn hours(minutes: &u32) -> String {
        let hours = f64::from(*minutes) / 60.0;
        if hours.fract() == 0.0 {
            format!("{hours:.0}")
        } else {
            format!("{hours:.2}").trim_end_matches('0').to_owned()
        }
    }

    /// What a field shows: the typed value after a failed save, else the stored one.
    fn value(&self, branch: &BranchTargets, field: &str) -> String {
        if let Some((id, form, _)) = &self.failed {
            if *id == branch.branch {
                return match field {
                    "first_response_hours" => form.first_response_hours.clone(),
                    "next_response_hours" => form.next_response_hours.clone(),
                    _ => form.escalate_to.clone(),
                };
            }
        }
        match field {
            "first_response_hours" => Self::hours(&branch.settings.first_response_minutes),
            "next_response_hours" => Self::hours(&branch.settings.next_response_minutes),
            _ => branch.settings.escalate_to.map(|u| u.to_string()).unwrap_or_default(),
        }
    }

    fn error(&self, branch: &BranchTargets, field: &str) -> Option<String> {
        match &self.failed {
            Some((id, _, errors)) if *id == branch.branch => errors.get(field).map(str::to_owned),
            _ => None,
        }
    }
}

#[derive(Deserialize, Default, Clone)]
pub struct TargetsForm {
    #[serde(default)]
    first_response_hours: String,
    #[serde(default)]
    next_response_hours: String,
    #[serde(default)]
    escalate_to: String,
}

pub async fn page(State(state): State<AppState>, auth: Auth) -> Response {
    show(&state, &auth, None, StatusCode::OK).await
}

pub async fn save(
    State(state): State<AppState>,
    auth: Auth,
    Path(branch): Path<String>,
    CsrfForm(form): CsrfForm<TargetsForm>,
) -> Response {
    let Some(branch) = branch.parse::<i64>().ok().filter(|id| *id > 0).map(BranchId) else {
        return HtmlError(AppError::NotFound).into_response();
    };
    let draft = BranchTargetsDraft {
        first_response_hours: form.first_response_hours.clone(),
        next_response_hours: form.next_response_hours.clone(),
        escalate_to: form.escalate_to.clone(),
    };
    match steward_app::enquiries::save_branch_targets(state.store.as_ref(), &auth.context(), branch, &draft).await {
        Ok(()) => Redirect::to("/enquiries/settings").into_response(),
        Err(AppError::Invalid(errors)) => {
            show(&state, &auth, Some((branch, form, errors)), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

async fn show(
    state: &AppState,
    auth: &Auth,
    failed: Option<(BranchId, TargetsForm, FieldErrors)>,
    status: StatusCode,
) -> Response {
    let branches = match steward_app::enquiries::branch_targets(state.store.as_ref(), &auth.context()).await {
        Ok(branches) => branches,
        Err(error) => return HtmlError(error).into_response(),
    };
    let title = if failed.is_some() { "Error: Response targets" } else { "Response targets" };
    render_with_status(status, &SettingsPage { layout: Layout::new(auth, title, "/enquiries"), branches, failed })
}
