//! The organisation page: regions, branches, employers and workplaces, with forms to add
//! each (shown to administrators).

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::organisation::WorkplaceDraft;
use steward_app::ports::Organisation;
use steward_app::AppError;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::{BranchId, EmployerId, RegionId, WorkplaceId};
use steward_domain::organisation::{Nation, OrgUnit};
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

#[derive(Template)]
#[template(path = "admin/edit_unit.html")]
struct EditUnitPage {
    layout: Layout,
    kind: &'static str,
    action: String,
    current_name: String,
    /// Only workplaces have a nation.
    nations: Option<Vec<super::members::Choice>>,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
pub struct EditUnitForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    nation: Option<String>,
}

/// The current name (and nation) of one organisation record, or `None` when it does not exist.
fn current(organisation: &Organisation, unit: OrgUnit, id: i64) -> Option<(String, Option<Nation>)> {
    match unit {
        OrgUnit::Region => organisation.region(RegionId(id)).map(|r| (r.name.clone(), None)),
        OrgUnit::Branch => organisation.branch(BranchId(id)).map(|b| (b.name.clone(), None)),
        OrgUnit::Employer => organisation.employer(EmployerId(id)).map(|e| (e.name.clone(), None)),
        OrgUnit::Workplace => organisation.workplace(WorkplaceId(id)).map(|w| (w.name.clone(), Some(w.nation))),
    }
}

fn unit_and_id(kind: &str, id: &str) -> Option<(OrgUnit, i64)> {
    Some((OrgUnit::from_plural(kind)?, id.parse().ok().filter(|id: &i64| *id > 0)?))
}

pub async fn edit_unit_form(
    State(state): State<AppState>,
    auth: Auth,
    Path((kind, id)): Path<(String, String)>,
) -> Response {
    let Some((unit, id)) = unit_and_id(&kind, &id) else { return HtmlError(AppError::NotFound).into_response() };
    let organisation = match steward_app::organisation::view_organisation(state.store.as_ref(), &auth.context()).await {
        Ok(organisation) => organisation,
        Err(error) => return HtmlError(error).into_response(),
    };
    let Some((name, nation)) = current(&organisation, unit, id) else {
        return HtmlError(AppError::NotFound).into_response();
    };
    edit_page(&auth, unit, id, name, nation.map(Nation::as_str), FieldErrors::new(), StatusCode::OK)
}

pub async fn edit_unit(
    State(state): State<AppState>,
    auth: Auth,
    Path((kind, id)): Path<(String, String)>,
    CsrfForm(form): CsrfForm<EditUnitForm>,
) -> Response {
    let Some((unit, id)) = unit_and_id(&kind, &id) else { return HtmlError(AppError::NotFound).into_response() };
    let nation = form.nation.as_deref();
    match steward_app::organisation::edit_unit(state.store.as_ref(), &auth.context(), unit, id, &form.name, nation)
        .await
    {
        Ok(()) => Redirect::to("/organisation").into_response(),
        Err(AppError::Invalid(errors)) => {
            edit_page(&auth, unit, id, form.name, nation, errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        Err(AppError::Conflict { message, .. }) => {
            let mut errors = FieldErrors::new();
            errors.add("name", message);
            edit_page(&auth, unit, id, form.name, nation, errors, StatusCode::CONFLICT)
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

fn edit_page(
    auth: &Auth,
    unit: OrgUnit,
    id: i64,
    name: String,
    nation: Option<&str>,
    errors: FieldErrors,
    status: StatusCode,
) -> Response {
    let nations = (unit == OrgUnit::Workplace).then(|| {
        Nation::ALL
            .into_iter()
            .map(|n| super::members::Choice {
                value: n.as_str().into(),
                label: n.label().into(),
                selected: Some(n.as_str()) == nation,
            })
            .collect()
    });
    let title = format!("{}Edit {}", if errors.is_empty() { "" } else { "Error: " }, unit.singular());
    let page = EditUnitPage {
        layout: Layout::new(auth, title, "/organisation"),
        kind: unit.singular(),
        action: format!("/organisation/{}/{id}", unit.plural()),
        current_name: name,
        nations,
        errors,
    };
    render_with_status(status, &page)
}
