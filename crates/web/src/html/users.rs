//! The users page: who can sign in, with which role and scope, and a form to add an account.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::ports::UserRecord;
use steward_app::users::UserDraft;
use steward_app::AppError;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::UserId;
use steward_domain::permissions::{authorize, Action, Target};
use steward_domain::role::Role;

use super::{render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "admin/users.html")]
struct UsersPage {
    layout: Layout,
    users: Vec<UserRecord>,
    can_manage: bool,
    roles: Vec<(&'static str, &'static str)>,
    values: UserForm,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
pub struct UserForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    scope: String,
    #[serde(default)]
    password: String,
}

pub async fn page(State(state): State<AppState>, auth: Auth) -> Response {
    show(&state, &auth, StatusCode::OK, UserForm::default(), FieldErrors::new()).await
}

pub async fn create(State(state): State<AppState>, auth: Auth, CsrfForm(form): CsrfForm<UserForm>) -> Response {
    let draft = UserDraft {
        email: form.email.clone(),
        name: form.name.clone(),
        role: form.role.clone(),
        scope: form.scope.clone(),
        password: form.password.clone(),
    };
    match steward_app::users::create_user(state.store.as_ref(), &auth.context(), &draft).await {
        Ok(_) => Redirect::to("/admin/users").into_response(),
        Err(AppError::Invalid(errors)) => show(&state, &auth, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await,
        Err(AppError::Conflict { field, message }) => {
            let mut errors = FieldErrors::new();
            errors.add(field, message);
            show(&state, &auth, StatusCode::CONFLICT, form, errors).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

async fn show(
    state: &AppState,
    auth: &Auth,
    status: StatusCode,
    mut values: UserForm,
    errors: FieldErrors,
) -> Response {
    let ctx = auth.context();
    let users = match steward_app::users::list_users(state.store.as_ref(), &ctx).await {
        Ok(users) => users,
        Err(error) => return HtmlError(error).into_response(),
    };
    values.password.clear();
    let can_manage = authorize(&ctx.actor, Action::ManageUsers, Target::Any).is_allowed();
    let roles = Role::ALL.into_iter().map(|r| (r.as_str(), r.label())).collect();
    let page =
        UsersPage { layout: Layout::new(auth, "Users", "/admin/users"), users, can_manage, roles, values, errors };
    render_with_status(status, &page)
}

#[derive(Deserialize)]
pub struct ActiveForm {
    #[serde(default)]
    active: String,
}

pub async fn set_active(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<ActiveForm>,
) -> Response {
    let Some(id) = id.parse::<i64>().ok().filter(|id| *id > 0) else {
        return HtmlError(AppError::NotFound).into_response();
    };
    let active = match form.active.as_str() {
        "true" => true,
        "false" => false,
        _ => return HtmlError(AppError::field("active", "Say whether the account is to be on or off")).into_response(),
    };
    match steward_app::users::set_user_active(state.store.as_ref(), &auth.context(), UserId(id), active).await {
        Ok(()) => Redirect::to("/admin/users").into_response(),
        Err(AppError::Invalid(errors)) => {
            show(&state, &auth, StatusCode::UNPROCESSABLE_ENTITY, UserForm::default(), errors).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}
