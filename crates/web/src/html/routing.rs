//! Routing rules: the list in the order they are tried, the form to add one, and removal;
//! and the named queues a rule may send enquiries to.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::enquiries::RoutingRuleDraft;
use steward_app::ports::{EnquiryQueue, Organisation, RoutingRule, RuleTarget};
use steward_app::AppError;
use steward_domain::field_errors::FieldErrors;

use super::members::Choice;
use super::{render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "enquiries/routing.html")]
struct RoutingPage {
    layout: Layout,
    rules: Vec<(RoutingRule, String)>,
    branches: Vec<Choice>,
    employers: Vec<Choice>,
    workplaces: Vec<Choice>,
    channels: Vec<Choice>,
    people: Vec<Choice>,
    queue_choices: Vec<Choice>,
    queues: Vec<EnquiryQueue>,
    values: RuleForm,
    queue_name: String,
    errors: FieldErrors,
}

#[derive(Deserialize, Default, Clone)]
pub struct RuleForm {
    #[serde(default)]
    branch: String,
    #[serde(default)]
    keyword: String,
    #[serde(default)]
    employer: String,
    #[serde(default)]
    workplace: String,
    #[serde(default)]
    channel: String,
    #[serde(default)]
    assign_to: String,
    #[serde(default)]
    queue: String,
}

pub async fn page(State(state): State<AppState>, auth: Auth) -> Response {
    show(&state, &auth, RuleForm::default(), String::new(), FieldErrors::new(), StatusCode::OK).await
}

#[derive(Deserialize)]
pub struct QueueForm {
    #[serde(default)]
    name: String,
}

pub async fn add_queue(State(state): State<AppState>, auth: Auth, CsrfForm(form): CsrfForm<QueueForm>) -> Response {
    match steward_app::enquiries::add_enquiry_queue(state.store.as_ref(), &auth.context(), &form.name).await {
        Ok(_) => Redirect::to("/enquiries/routing#queues").into_response(),
        Err(AppError::Invalid(errors)) => {
            show(&state, &auth, RuleForm::default(), form.name, errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

pub async fn delete_queue(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(_form): CsrfForm<DeleteForm>,
) -> Response {
    let Some(id) = path_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    match steward_app::enquiries::delete_enquiry_queue(state.store.as_ref(), &auth.context(), id).await {
        Ok(()) => Redirect::to("/enquiries/routing#queues").into_response(),
        Err(AppError::Conflict { message, .. }) => {
            let mut errors = FieldErrors::new();
            errors.add("queue_delete", message);
            show(&state, &auth, RuleForm::default(), String::new(), errors, StatusCode::CONFLICT).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

pub async fn add(State(state): State<AppState>, auth: Auth, CsrfForm(form): CsrfForm<RuleForm>) -> Response {
    let draft = RoutingRuleDraft {
        branch: form.branch.clone(),
        keyword: form.keyword.clone(),
        employer: form.employer.clone(),
        workplace: form.workplace.clone(),
        channel: form.channel.clone(),
        assign_to: form.assign_to.clone(),
        queue: form.queue.clone(),
    };
    match steward_app::enquiries::add_routing_rule(state.store.as_ref(), &auth.context(), &draft).await {
        Ok(_) => Redirect::to("/enquiries/routing").into_response(),
        Err(AppError::Invalid(errors)) => {
            show(&state, &auth, form, String::new(), errors, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

#[derive(Deserialize)]
pub struct DeleteForm {}

pub async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(_form): CsrfForm<DeleteForm>,
) -> Response {
    let Some(id) = path_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    match steward_app::enquiries::delete_routing_rule(state.store.as_ref(), &auth.context(), id).await {
        Ok(()) => Redirect::to("/enquiries/routing").into_response(),
        Err(error) => HtmlError(error).into_response(),
    }
}

/// A rule's or queue's id from the path; anything else names nothing.
fn path_id(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|id| *id > 0)
}

async fn show(
    state: &AppState,
    auth: &Auth,
    values: RuleForm,
    queue_name: String,
    errors: FieldErrors,
    status: StatusCode,
) -> Response {
    let ctx = auth.context();
    let store = state.store.as_ref();
    let rules = match steward_app::enquiries::routing_rules(store, &ctx).await {
        Ok(rules) => rules,
        Err(error) => return HtmlError(error).into_response(),
    };
    let queues = match steward_app::enquiries::enquiry_queues(store, &ctx).await {
        Ok(queues) => queues,
        Err(error) => return HtmlError(error).into_response(),
    };
    let (organisation, people) =
        match (store.organisation().await, steward_app::enquiries::branch_targets(store, &ctx).await) {
            (Ok(organisation), Ok(branches)) => {
                let mut people: Vec<(String, String)> = branches
                    .iter()
                    .flat_map(|b| b.candidates.iter().map(|(id, name)| (id.to_string(), name.clone())))
                    .collect();
                people.sort_by(|a, b| a.1.cmp(&b.1));
                people.dedup();
                (organisation, people)
            }
            (Err(error), _) => return HtmlError(AppError::from(error)).into_response(),
            (_, Err(error)) => return HtmlError(error).into_response(),
        };
    let choice = |value: String, label: String, current: &str| Choice { selected: value == current, value, label };
    let branches = organisation
        .branches
        .iter()
        .filter(|b| ctx.actor.scope.covers_branch(b.id, b.region))
        .map(|b| choice(b.id.to_string(), b.name.clone(), &values.branch))
        .collect();
    let employers =
        organisation.employers.iter().map(|e| choice(e.id.to_string(), e.name.clone(), &values.employer)).collect();
    let workplaces =
        organisation.workplaces.iter().map(|w| choice(w.id.to_string(), w.name.clone(), &values.workplace)).collect();
    let channels = steward_app::enquiries::CHANNELS
        .iter()
        .map(|(value, label)| choice((*value).into(), (*label).into(), &values.channel))
        .collect();
    let people = people.into_iter().map(|(id, name)| choice(id, name, &values.assign_to)).collect();
    let queue_choices = queues.iter().map(|q| choice(q.id.to_string(), q.name.clone(), &values.queue)).collect();
    let rules = rules
        .into_iter()
        .map(|rule| {
            let text = describe(&rule, &organisation);
            (rule, text)
        })
        .collect();
    let title = if errors.is_empty() { "Routing rules" } else { "Error: Routing rules" };
    let page = RoutingPage {
        layout: Layout::new(auth, title, "/enquiries"),
        rules,
        branches,
        employers,
        workplaces,
        channels,
        people,
        queue_choices,
        queues,
        values,
        queue_name,
        errors,
    };
    render_with_status(status, &page)
}

/// "In North Branch, mentioning "dismissal", by e-mail".
fn describe(rule: &RoutingRule, organisation: &Organisation) -> String {
    let c = &rule.conditions;
    let mut parts = Vec::new();
    if let Some(b) = c.branch {
        parts.push(format!(
            "in {}",
            organisation.branches.iter().find(|x| x.id.0 == b).map_or("a removed branch", |x| x.name.as_str())
        ));
    }
    if let Some(k) = &c.keyword {
        parts.push(format!("mentioning \"{k}\""));
    }
    if let Some(e) = c.employer {
        parts.push(format!(
            "employed by {}",
            organisation.employers.iter().find(|x| x.id.0 == e).map_or("a removed employer", |x| x.name.as_str())
        ));
    }
    if let Some(w) = c.workplace {
        parts.push(format!(
            "at {}",
            organisation.workplaces.iter().find(|x| x.id.0 == w).map_or("a removed workplace", |x| x.name.as_str())
        ));
    }
    if let Some(channel) = &c.channel {
        parts.push(format!("by {channel}"));
    }
    if parts.is_empty() {
        "Every enquiry".into()
    } else {
        format!("Enquiries {}", parts.join(", "))
    }
}
