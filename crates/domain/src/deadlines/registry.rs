//! The list of named rules and the string-input entry point used by the CLI
//! (`steward calc <rule> --flag value`) and the HTTP API.

use std::collections::BTreeMap;

use serde::Serialize;

use super::calculation::Calculation;
use super::calendar::Calendar;
use super::error::CalcError;
use super::inputs::{InputSpec, Inputs};
use super::rules::{
    acas_code_workflow, acas_uplift, accompaniment_postponement, accompaniment_right, appeal_window, case_retention,
    collective_redundancy, dp_complaint_acknowledgement, et_deadline_with_ec, et_primary_limit,
    facility_time_publication, fit_note, flexible_working_decision, statutory_sick_pay, subject_access_response,
    unfair_dismissal_qualifying,
};

pub(crate) type Runner = fn(&Calendar, &Inputs) -> Result<Calculation, CalcError>;

/// A named rule: what it is for and the inputs it takes.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleSpec {
    pub name: &'static str,
    pub summary: &'static str,
    pub inputs: &'static [InputSpec],
    #[serde(skip)]
    run: Runner,
}

impl RuleSpec {
    pub(crate) const fn new(
        name: &'static str,
        summary: &'static str,
        inputs: &'static [InputSpec],
        run: Runner,
    ) -> Self {
        Self { name, summary, inputs, run }
    }
}

static RULES: &[RuleSpec] = &[
    et_primary_limit::SPEC,
    et_deadline_with_ec::SPEC,
    accompaniment_right::SPEC,
    accompaniment_postponement::SPEC,
    appeal_window::SPEC,
    flexible_working_decision::SPEC,
    subject_access_response::SPEC,
    unfair_dismissal_qualifying::SPEC,
    collective_redundancy::SPEC,
    facility_time_publication::SPEC,
    acas_code_workflow::SPEC,
    acas_uplift::SPEC,
    statutory_sick_pay::SPEC,
    fit_note::SPEC,
    case_retention::SPEC,
    dp_complaint_acknowledgement::SPEC,
];

/// Every rule the engine knows, in the order a menu should show them.
pub fn rules() -> &'static [RuleSpec] {
    RULES
}

/// Looks a rule up by name (`-` and `_` are interchangeable).
pub fn find_rule(name: &str) -> Option<&'static RuleSpec> {
    let wanted = name.trim().replace('-', "_").to_ascii_lowercase();
    RULES.iter().find(|rule| rule.name == wanted)
}

/// Runs a rule on string inputs with the compiled-in bank holidays.
pub fn evaluate(name: &str, inputs: &BTreeMap<String, String>) -> Result<Calculation, CalcError> {
    evaluate_with(&Calendar::compiled(), name, inputs)
}

/// Runs a rule on string inputs with a given calendar (e.g. including extra holidays).
pub fn evaluate_with(
    calendar: &Calendar,
    name: &str,
    inputs: &BTreeMap<String, String>,
) -> Result<Calculation, CalcError> {
    let rule = find_rule(name).ok_or_else(|| CalcError::UnknownRule {
        name: super::error::shorten(name),
        known: RULES.iter().map(|rule| rule.name).collect::<Vec<_>>().join(", "),
    })?;
    let parsed = Inputs::new(rule.name, rule.inputs, inputs)?;
    (rule.run)(calendar, &parsed)
}

#[cfg(test)]
#[path = "registry_tests.rs"]
mod tests;
