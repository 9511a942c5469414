//! `/api/v1/calculate`: the deadline calculators, with the same inputs and output as
//! `steward calc`.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;
use steward_app::AppError;
use steward_domain::deadlines::{rules, Calculation, InputKind};

use super::ApiJson;
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

#[derive(Serialize, utoipa::ToSchema)]
pub struct RuleInputOut {
    /// Kebab-case input name, e.g. trigger-date.
    pub name: String,
    /// date, nation, choice, integer, bool, money or weekdays.
    pub kind: String,
    pub required: bool,
    pub help: String,
    /// For choices: the allowed values.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub allowed: Vec<String>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct RuleOut {
    pub name: String,
    pub summary: String,
    pub inputs: Vec<RuleInputOut>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct WarningOut {
    pub code: String,
    pub message: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CalculationOut {
    pub rule: String,
    /// The inputs used, after defaults were applied.
    #[schema(value_type = Object)]
    pub inputs: serde_json::Value,
    /// The dates and values computed; field names depend on the rule.
    #[schema(value_type = Object)]
    pub result: serde_json::Value,
    /// Plain English a rep can read.
    pub explanation: String,
    pub warnings: Vec<WarningOut>,
    /// The legal source.
    pub source: String,
}

impl From<Calculation> for CalculationOut {
    fn from(c: Calculation) -> Self {
        Self {
            rule: c.rule.to_owned(),
            inputs: c.inputs,
            result: c.result,
            explanation: c.explanation,
            warnings: c
                .warnings
                .into_iter()
                .map(|w| WarningOut { code: w.code.to_owned(), message: w.message })
                .collect(),
            source: c.source.to_owned(),
        }
    }
}

pub fn kind_name(kind: &InputKind) -> &'static str {
    match kind {
        InputKind::Date => "date",
        InputKind::Nation => "nation",
        InputKind::Choice { .. } => "choice",
        InputKind::Integer { .. } => "integer",
        InputKind::Bool => "bool",
        InputKind::Money => "money",
        InputKind::Weekdays => "weekdays",
    }
}

#[utoipa::path(get, path = "/api/v1/calculate", tag = "deadlines",
    responses((status = 200, body = Vec<RuleOut>), (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list() -> Json<Vec<RuleOut>> {
    Json(
        rules()
            .iter()
            .map(|rule| RuleOut {
                name: rule.name.to_owned(),
                summary: rule.summary.to_owned(),
                inputs: rule
                    .inputs
                    .iter()
                    .map(|input| RuleInputOut {
                        name: input.name.to_owned(),
                        kind: kind_name(&input.kind).to_owned(),
                        required: input.required,
                        help: input.help.to_owned(),
                        allowed: match input.kind {
                            InputKind::Choice { allowed } => allowed.iter().map(|s| (*s).to_owned()).collect(),
                            _ => Vec::new(),
                        },
                    })
                    .collect(),
            })
            .collect(),
    )
}

#[utoipa::path(post, path = "/api/v1/calculate/{rule}", tag = "deadlines",
    params(("rule" = String, Path, description = "Rule name, e.g. et_deadline_with_ec")),
    request_body(content = Object, description = "The rule's inputs by name, e.g. {\"trigger-date\": \"2026-03-10\"}; values are strings, numbers or booleans"),
    responses((status = 200, body = CalculationOut), (status = 400, body = Problem, content_type = "application/problem+json"), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn calculate(
    State(state): State<AppState>,
    auth: Auth,
    Path(rule): Path<String>,
    ApiJson(body): ApiJson<BTreeMap<String, serde_json::Value>>,
) -> Response {
    let mut inputs = BTreeMap::new();
    for (name, value) in body {
        let text = match value {
            serde_json::Value::Null => continue,
            serde_json::Value::String(text) => text,
            serde_json::Value::Number(number) => number.to_string(),
            serde_json::Value::Bool(flag) => flag.to_string(),
            _ => {
                return ApiError(AppError::field(&name, format!("{name} must be a string, number or boolean")))
                    .into_response()
            }
        };
        inputs.insert(name, text);
    }
    match steward_app::deadlines::calculate(state.store.as_ref(), &auth.context(), &rule, &inputs).await {
        Ok(calculation) => Json(CalculationOut::from(calculation)).into_response(),
        Err(error) => ApiError(error).into_response(),
    }
}
