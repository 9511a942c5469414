//! The organisation page: regions, branches, employers and workplaces, with forms to add
//! each (shown to administrators).

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::organisation::WorkplaceDraft;
use steward_app::ports::Organisation;
use steward_app::AppError;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::RegionId;
use steward_domain::organisation::Nation;
use steward_domain::permissions::{authorize, Action, Target};

use super::{render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "admin/organisation.html")]
struct OrganisationPage {
    layout: Layout,
    organisation: Organisation,
    can_manage: bool,
    /// Which form the errors belong to: region, branch, employer or workplace.
    failed_form: &'static str,
    errors: FieldErrors,
    nations: Vec<(&'static str, &'static str)>,
}

impl OrganisationPage {
    fn branch_label(&self, branch: &steward_domain::ids::BranchId) -> String {
        self.organisation.branch(*branch).map_or_else(String::new, |b| b.name.clone())
    }
    fn employer_label(&self, employer: &steward_domain::ids::EmployerId) -> String {
        self.organisation.employer(*employer).map_or_else(String::new, |e| e.name.clone())
    }
    fn region_label(&self, region: &RegionId) -> String {
        self.organisation.region(*region).map_or_else(String::new, |r| r.name.clone())
    }
}

pub async fn page(State(state): State<AppState>, auth: Auth) -> Response {
    show(&state, &auth, StatusCode::OK, "", FieldErrors::new()).await
}

async fn show(
    state: &AppState,
    auth: &Auth,
    status: StatusCode,
    failed_form: &'static str,
    errors: FieldErrors,
) -> Response {
    let ctx = auth.context();
    let organisation = match steward_app::organisation::view_organisation(state.store.as_ref(), &ctx).await {
        Ok(organisation) => organisation,
        Err(error) => return HtmlError(error).into_response(),
    };
    let can_manage = authorize(&ctx.actor, Action::ManageOrganisation, Target::Any).is_allowed();
    let nations = Nation::ALL.into_iter().map(|n| (n.as_str(), n.label())).collect();
    let page = OrganisationPage {
        layout: Layout::new(auth, "Organisation", "/organisation"),
        organisation,
        can_manage,
        failed_form,
        errors,
        nations,
    };
    render_with_status(status, &page)
}

/// After a write: back to the page, or the page again with the form's errors.
async fn after<T>(state: &AppState, auth: &Auth, form: &'static str, result: Result<T, AppError>) -> Response {
    match result {
        Ok(_) => Redirect::to("/organisation").into_response(),
        Err(AppError::Invalid(errors)) => show(state, auth, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await,
        Err(AppError::Conflict { message, .. }) => {
            let mut errors = FieldErrors::new();
            errors.add("name", message);
            show(state, auth, StatusCode::CONFLICT, form, errors).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

#[derive(Deserialize)]
pub struct NameForm {
    #[serde(default)]
    name: String,
}

#[derive(Deserialize)]
pub struct BranchForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    region_id: String,
}

#[derive(Deserialize)]
pub struct WorkplaceForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    branch_id: String,
    #[serde(default)]
    employer_id: String,
    #[serde(default)]
    nation: String,
}

pub async fn add_region(State(state): State<AppState>, auth: Auth, CsrfForm(form): CsrfForm<NameForm>) -> Response {
    let result = steward_app::organisation::create_region(state.store.as_ref(), &auth.context(), &form.name).await;
    after(&state, &auth, "region", result).await
}

pub async fn add_employer(State(state): State<AppState>, auth: Auth, CsrfForm(form): CsrfForm<NameForm>) -> Response {
    let result = steward_app::organisation::create_employer(state.store.as_ref(), &auth.context(), &form.name).await;
    after(&state, &auth, "employer", result).await
}

pub async fn add_branch(State(state): State<AppState>, auth: Auth, CsrfForm(form): CsrfForm<BranchForm>) -> Response {
    let result = match form.region_id.trim().parse::<i64>() {
        Ok(region) => {
            steward_app::organisation::create_branch(
                state.store.as_ref(),
                &auth.context(),
                RegionId(region),
                &form.name,
            )
            .await
        }
        Err(_) => Err(AppError::field("region_id", "Choose the region this branch belongs to")),
    };
    after(&state, &auth, "branch", result).await
}

pub async fn add_workplace(
    State(state): State<AppState>,
    auth: Auth,
    CsrfForm(form): CsrfForm<WorkplaceForm>,
) -> Response {
    let draft = WorkplaceDraft {
        name: form.name,
        branch_id: form.branch_id.trim().parse().ok(),
        employer_id: form.employer_id.trim().parse().ok(),
        nation: form.nation,
    };
    let result = steward_app::organisation::create_workplace(state.store.as_ref(), &auth.context(), &draft).await;
    after(&state, &auth, "workplace", result).await
}
