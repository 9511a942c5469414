//! A person's facility-time profile, kept by officers and administrators: their employer,
//! contracted and full-time hours a week, the facility time they have and what an hour of
//! theirs costs (for the publication figures). Linked from the users page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::ports::RepProfile;
use steward_app::time::ProfileDraft;
use steward_app::AppError;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::UserId;

use super::members::Choice;
use super::{render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct ProfileValues {
    #[serde(default)]
    pub employer: String,
    #[serde(default)]
    pub contracted_hours_per_week: String,
    #[serde(default)]
    pub full_time_hours_per_week: String,
    #[serde(default)]
    pub facility_hours_per_week: String,
    #[serde(default)]
    pub hourly_cost: String,
}

impl ProfileValues {
    fn from_profile(profile: &RepProfile) -> Self {
        Self {
            employer: profile.employer.map_or_else(String::new, |employer| employer.0.to_string()),
            contracted_hours_per_week: profile.contracted_minutes_per_week.map_or_else(String::new, hours_text),
            full_time_hours_per_week: profile.full_time_minutes_per_week.map_or_else(String::new, hours_text),
            facility_hours_per_week: profile.facility_minutes_per_week.map_or_else(String::new, hours_text),
            hourly_cost: profile
                .hourly_cost_pence
                .map_or_else(String::new, |pence| format!("{}.{:02}", pence / 100, pence % 100)),
        }
    }
}

/// Minutes a week as the form takes them back: "37:30", or "37" for whole hours.
fn hours_text(minutes: u32) -> String {
    match minutes % 60 {
        0 => (minutes / 60).to_string(),
        rest => format!("{}:{rest:02}", minutes / 60),
    }
}

#[derive(Template)]
#[template(path = "admin/profile.html")]
struct ProfilePage {
    layout: Layout,
    user_id: i64,
    name: String,
    email: String,
    role_label: &'static str,
    employers: Vec<Choice>,
    values: ProfileValues,
    errors: FieldErrors,
    saved: bool,
}

impl ProfilePage {
    fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

#[derive(Deserialize, Default)]
pub struct ProfileParams {
    #[serde(default)]
    done: String,
}

fn user_id(raw: &str) -> Option<UserId> {
    raw.parse::<i64>().ok().filter(|id| *id > 0).map(UserId)
}

pub async fn page(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Query(params): Query<ProfileParams>,
) -> Response {
    let Some(id) = user_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    show(&state, &auth, id, None, FieldErrors::new(), params.done == "saved", StatusCode::OK).await
}

pub async fn save(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(values): CsrfForm<ProfileValues>,
) -> Response {
    let Some(id) = user_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let draft = ProfileDraft {
        employer: values.employer.clone(),
        contracted_hours_per_week: values.contracted_hours_per_week.clone(),
        full_time_hours_per_week: values.full_time_hours_per_week.clone(),
        facility_hours_per_week: values.facility_hours_per_week.clone(),
        hourly_cost: values.hourly_cost.clone(),
    };
    match steward_app::time::save_rep_profile(state.store.as_ref(), &auth.context(), id, &draft).await {
        Ok(_) => Redirect::to(&format!("/admin/users/{id}/profile?done=saved")).into_response(),
        Err(AppError::Invalid(errors)) => {
            show(&state, &auth, id, Some(values), errors, false, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error) => HtmlError(error).into_response(),
    }
}

async fn show(
    state: &AppState,
    auth: &Auth,
    id: UserId,
    typed: Option<ProfileValues>,
    errors: FieldErrors,
    saved: bool,
    status: StatusCode,
) -> Response {
    let ctx = auth.context();
    let store = state.store.as_ref();
    let person = match steward_app::time::rep_profile(store, &ctx, id).await {
        Ok(person) => person,
        Err(error) => return HtmlError(error).into_response(),
    };
    let organisation = match steward_app::organisation::view_organisation(store, &ctx).await {
        Ok(organisation) => organisation,
        Err(error) => return HtmlError(error).into_response(),
    };
    let values = typed.unwrap_or_else(|| ProfileValues::from_profile(&person.profile));
    let employers = organisation
        .employers
        .iter()
        .map(|employer| Choice {
            value: employer.id.0.to_string(),
            label: employer.name.clone(),
            selected: employer.id.0.to_string() == values.employer.trim(),
        })
        .collect();
    let title =
        format!("{}Facility time profile: {}", if errors.is_empty() { "" } else { "Error: " }, person.user.name);
    let page = ProfilePage {
        layout: Layout::new(auth, title, "/admin/users"),
        user_id: id.0,
        name: person.user.name,
        email: person.user.email,
        role_label: person.user.role.label(),
        employers,
        values,
        errors,
        saved,
    };
    render_with_status(status, &page)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_minutes_go_back_into_the_form_as_typed() {
        assert_eq!(hours_text(2_250), "37:30");
        assert_eq!(hours_text(2_220), "37");
        assert_eq!(hours_text(0), "0");
    }
}
