//! Reply templates: the list (with the merge fields they can use) for everyone answering
//! enquiries, and the forms officers and administrators write them with.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::ports::ReplyTemplate;
use steward_app::AppError;
use steward_domain::enquiry::merge::FIELDS;
use steward_domain::field_errors::FieldErrors;
use steward_domain::permissions::{authorize, Action, Target};

use super::{render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "enquiries/templates.html")]
struct TemplatesPage {
    layout: Layout,
    templates: Vec<ReplyTemplate>,
    fields: &'static [(&'static str, &'static str)],
    can_manage: bool,
    /// The template being edited, or None for the "new template" form.
    editing: Option<i64>,
    values: TemplateForm,
    errors: FieldErrors,
}

#[derive(Deserialize, Default)]
pub struct TemplateForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    body: String,
}

pub async fn list(State(state): State<AppState>, auth: Auth) -> Response {
    show(&state, &auth, None, TemplateForm::default(), FieldErrors::new(), StatusCode::OK).await
}

pub async fn edit_form(State(state): State<AppState>, auth: Auth, Path(id): Path<String>) -> Response {
    let Some(id) = parse_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    match steward_app::enquiries::reply_template(state.store.as_ref(), &auth.context(), id).await {
        Ok(template) => {
            let values = TemplateForm { name: template.name, body: template.body };
            show(&state, &auth, Some(id), values, FieldErrors::new(), StatusCode::OK).await
        }
        Err(error) => HtmlError(error).into_response(),
    }
}

pub async fn create(State(state): State<AppState>, auth: Auth, CsrfForm(form): CsrfForm<TemplateForm>) -> Response {
    save(&state, &auth, None, form).await
}

pub async fn update(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<TemplateForm>,
) -> Response {
    let Some(id) = parse_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    save(&state, &auth, Some(id), form).await
}

async fn save(state: &AppState, auth: &Auth, id: Option<i64>, form: TemplateForm) -> Response {
    let ctx = auth.context();
    match steward_app::enquiries::save_reply_template(state.store.as_ref(), &ctx, id, &form.name, &form.body).await {
        Ok(_) => Redirect::to("/enquiries/templates").into_response(),
        Err(AppError::Invalid(errors)) => show(state, auth, id, form, errors, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(AppError::Conflict { field, message }) => {
            let mut errors = FieldErrors::new();
            errors.add(field, message);
            show(state, auth, id, form, errors, StatusCode::CONFLICT).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

async fn show(
    state: &AppState,
    auth: &Auth,
    editing: Option<i64>,
    values: TemplateForm,
    errors: FieldErrors,
    status: StatusCode,
) -> Response {
    let ctx = auth.context();
    let templates = match steward_app::enquiries::reply_templates(state.store.as_ref(), &ctx).await {
        Ok(templates) => templates,
        Err(error) => return HtmlError(error).into_response(),
    };
    let can_manage = authorize(&ctx.actor, Action::ManageEnquirySettings, Target::Any).is_allowed();
    let title = match (errors.is_empty(), editing) {
        (true, None) => "Reply templates",
        (true, Some(_)) => "Edit reply template",
        (false, _) => "Error: Reply templates",
    };
    let page = TemplatesPage {
        layout: Layout::new(auth, title, "/enquiries"),
        templates,
        fields: &FIELDS,
        can_manage,
        editing,
        values,
        errors,
    };
    render_with_status(status, &page)
}

fn parse_id(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|id| *id > 0)
}
