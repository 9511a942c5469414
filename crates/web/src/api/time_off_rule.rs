//! `/api/v1/employers/{id}/time-off-rule`: the notice an employer's facility-time agreement
//! asks for before time off (working days for duties and activities, weeks for training), and
//! changing it. Requests submitted afterwards are checked against the new rule. Officers reach
//! the employers with a workplace in their scope; any other employer reads as not found.

use axum::extract::{Path, State};
use axum::Json;
use serde::{Deserialize, Serialize};
use steward_app::time_off::{NoticeRuleDraft, NoticeRuleView, MAX_DUTIES_WORKING_DAYS, MAX_TRAINING_WEEKS};
use steward_domain::ids::EmployerId;

use super::wire_checks::WireChecks;
use super::{parse_path_id, ApiJson};
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

/// An employer's notice rule.
#[derive(Serialize, utoipa::ToSchema)]
pub struct NoticeRuleOut {
    pub employer_id: i64,
    pub employer_name: String,
    /// Working days' notice before time off for duties and activities.
    pub duties_working_days: u32,
    /// Weeks' notice before training.
    pub training_weeks: u32,
    /// No rule differing from the default (3 working days, 4 weeks) is in force.
    pub is_default: bool,
}

impl From<NoticeRuleView> for NoticeRuleOut {
    fn from(view: NoticeRuleView) -> Self {
        Self {
            employer_id: view.employer.id.0,
            employer_name: view.employer.name,
            duties_working_days: view.rule.duties_working_days,
            training_weeks: view.rule.training_weeks,
            is_default: view.is_default,
        }
    }
}

/// A new notice rule: both numbers, whole. A missing one is named like a wrong one.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NoticeRuleInput {
    /// Working days' notice before time off for duties and activities.
    #[serde(default)]
    #[schema(value_type = u32, required = true, minimum = 0, maximum = 30)]
    pub duties_working_days: serde_json::Value,
    /// Weeks' notice before training.
    #[serde(default)]
    #[schema(value_type = u32, required = true, minimum = 0, maximum = 26)]
    pub training_weeks: serde_json::Value,
}

impl WireChecks {
    /// A JSON whole number from 0 to `max`, as text for the use case; anything else (a
    /// string, a fraction, a negative number, null, too large) is named by its field.
    fn whole_number(&mut self, field: &str, value: &serde_json::Value, max: u32, unit: &str) -> String {
        match value.as_u64().filter(|number| *number <= u64::from(max)) {
            Some(number) => number.to_string(),
            None => {
                self.0.add(field, format!("Give a whole number of {unit} from 0 to {max}"));
                String::new()
            }
        }
    }
}

fn employer_id(raw: &str) -> Result<EmployerId, ApiError> {
    parse_path_id(raw).map(EmployerId)
}

#[utoipa::path(get, path = "/api/v1/employers/{id}/time-off-rule", operation_id = "show_time_off_rule", tag = "time-off",
    params(("id" = i64, Path, description = "Employer id")),
    responses((status = 200, body = NoticeRuleOut),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<NoticeRuleOut>, ApiError> {
    let employer = employer_id(&id)?;
    let view = steward_app::time_off::view_notice_rule(state.store.as_ref(), &auth.context(), employer).await?;
    Ok(Json(view.into()))
}

#[utoipa::path(put, path = "/api/v1/employers/{id}/time-off-rule", operation_id = "save_time_off_rule", tag = "time-off",
    params(("id" = i64, Path, description = "Employer id")), request_body = NoticeRuleInput,
    responses((status = 200, body = NoticeRuleOut, description = "The rule was saved"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn save(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<NoticeRuleInput>,
) -> Result<Json<NoticeRuleOut>, ApiError> {
    let employer = employer_id(&id)?;
    let mut checks = WireChecks::default();
    let draft = NoticeRuleDraft {
        duties_working_days: checks.whole_number(
            "duties_working_days",
            &input.duties_working_days,
            MAX_DUTIES_WORKING_DAYS,
            "working days",
        ),
        training_weeks: checks.whole_number("training_weeks", &input.training_weeks, MAX_TRAINING_WEEKS, "weeks"),
    };
    checks.finish()?;
    let ctx = auth.context();
    let view = steward_app::time_off::save_notice_rule(state.store.as_ref(), &ctx, employer, &draft).await?;
    Ok(Json(view.into()))
}
