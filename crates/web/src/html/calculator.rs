//! The deadline calculator: pick a rule, enter dates, read the answer with its explanation,
//! warnings and legal source. A GET form (nothing is stored), so a result can be bookmarked
//! or shared as a link.

use std::collections::BTreeMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use steward_app::AppError;
use steward_domain::deadlines::{find_rule, rules, Calculation, InputKind, InputSpec, RuleSpec};
use steward_domain::field_errors::FieldErrors;
use steward_domain::organisation::Nation;

use super::members::Choice;
use super::{render, render_with_status, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

#[derive(Template)]
#[template(path = "calculator/index.html")]
struct IndexPage {
    layout: Layout,
    rules: &'static [RuleSpec],
}

impl IndexPage {
    fn label(&self, name: &str) -> String {
        humanise(name)
    }
}

pub async fn index(auth: Auth) -> Response {
    render(&IndexPage { layout: Layout::new(&auth, "Deadline calculator", "/calculator"), rules: rules() })
}

/// One form control for one input of the rule.
pub struct CalcField {
    pub name: &'static str,
    pub label: String,
    pub control: &'static str,
    pub input_type: &'static str,
    pub choices: Vec<Choice>,
    pub value: String,
    pub help: &'static str,
    pub required: bool,
    pub error: Option<String>,
}

/// A result value as a row: "Deadline: Friday 10 July 2026".
pub struct ResultRow {
    pub label: String,
    pub value: String,
}

#[derive(Template)]
#[template(path = "calculator/rule.html")]
struct RulePage {
    layout: Layout,
    rule: &'static RuleSpec,
    fields: Vec<CalcField>,
    general_error: Option<String>,
    calculation: Option<Calculation>,
    rows: Vec<ResultRow>,
}

impl RulePage {
    fn label(&self, name: &str) -> String {
        humanise(name)
    }
}

pub async fn rule_page(
    State(state): State<AppState>,
    auth: Auth,
    Path(name): Path<String>,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    let Some(rule) = find_rule(&name) else { return HtmlError(AppError::NotFound).into_response() };
    let submitted = query.contains_key("run");
    let inputs: BTreeMap<String, String> =
        query.into_iter().filter(|(key, value)| key != "run" && !value.trim().is_empty()).collect();
    let (calculation, errors) = if submitted {
        match steward_app::deadlines::calculate(state.store.as_ref(), &auth.context(), rule.name, &inputs).await {
            Ok(calculation) => (Some(calculation), FieldErrors::new()),
            Err(AppError::Invalid(errors)) => (None, errors),
            Err(other) => return HtmlError(other).into_response(),
        }
    } else {
        (None, FieldErrors::new())
    };
    let fields = rule.inputs.iter().map(|input| field(input, &inputs, &errors)).collect();
    let general_error = errors.get("inputs").map(str::to_owned);
    let rows = calculation.as_ref().map(|c| result_rows(&c.result)).unwrap_or_default();
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let title = if errors.is_empty() { humanise(rule.name) } else { format!("Error: {}", humanise(rule.name)) };
    let page =
        RulePage { layout: Layout::new(&auth, title, "/calculator"), rule, fields, general_error, calculation, rows };
    render_with_status(status, &page)
}

pub(super) fn field(input: &'static InputSpec, values: &BTreeMap<String, String>, errors: &FieldErrors) -> CalcField {
    let value = values.get(input.name).cloned().unwrap_or_default();
    let options = |names: Vec<(&str, &str)>, blank: bool| {
        let mut choices: Vec<Choice> =
            names.into_iter().map(|(v, l)| Choice { value: v.into(), label: l.into(), selected: v == value }).collect();
        if blank {
            choices.insert(0, Choice { value: String::new(), label: "Not given".into(), selected: value.is_empty() });
        }
        choices
    };
    let (control, input_type, choices) = match input.kind {
        InputKind::Date => ("input", "date", Vec::new()),
        InputKind::Integer { .. } => ("input", "number", Vec::new()),
        InputKind::Money | InputKind::Weekdays => ("input", "text", Vec::new()),
        InputKind::Nation => {
            ("select", "", options(Nation::ALL.iter().map(|n| (n.as_str(), n.label())).collect(), false))
        }
        InputKind::Bool => ("select", "", options(vec![("true", "Yes"), ("false", "No")], true)),
        InputKind::Choice { allowed } => {
            ("select", "", options(allowed.iter().map(|a| (*a, *a)).collect(), !input.required))
        }
    };
    CalcField {
        name: input.name,
        label: humanise(input.name),
        control,
        input_type,
        choices,
        value,
        help: input.help,
        required: input.required,
        error: errors.get(input.name).map(str::to_owned),
    }
}

/// Scalar results as rows, in the order the rule gave them; lists joined with commas.
fn result_rows(result: &serde_json::Value) -> Vec<ResultRow> {
    let Some(object) = result.as_object() else { return Vec::new() };
    object
        .iter()
        .filter_map(|(key, value)| {
            let text = match value {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
                serde_json::Value::Number(n) => n.to_string(),
                serde_json::Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_owned))
                    .collect::<Vec<_>>()
                    .join(", "),
                serde_json::Value::Null | serde_json::Value::Object(_) => return None,
            };
            Some(ResultRow { label: humanise(key), value: text })
        })
        .collect()
}

/// "et_deadline_with_ec" and "trigger-date" as a person reads them.
fn humanise(name: &str) -> String {
    let words = name.replace(['_', '-'], " ");
    let mut chars = words.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}
