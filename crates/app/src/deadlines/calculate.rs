use std::collections::BTreeMap;

use steward_domain::deadlines::{evaluate_with, CalcError, Calculation, Calendar};
use steward_domain::permissions::{Action, Target};

use crate::ports::Store;
use crate::{AppError, RequestContext};

/// Runs a named rule for a signed-in person, counting the holidays administrators have added.
/// The calculators are pure and touch no member data, so nothing is audited.
pub async fn calculate(
    store: &dyn Store,
    ctx: &RequestContext,
    rule: &str,
    inputs: &BTreeMap<String, String>,
) -> Result<Calculation, AppError> {
    ctx.require(Action::UseCalculator, Target::Any)?;
    let calendar = super::calendar(store).await?;
    evaluate_with(&calendar, rule, inputs).map_err(calc_error)
}

/// Runs a named rule from the command line with the compiled-in holidays only (it needs no
/// database; shell access is the authority there).
pub fn calculate_unchecked(rule: &str, inputs: &BTreeMap<String, String>) -> Result<Calculation, AppError> {
    evaluate_with(&Calendar::compiled(), rule, inputs).map_err(calc_error)
}

/// An unknown rule is "not found"; every other problem is a field error on the input it names.
fn calc_error(error: CalcError) -> AppError {
    let field = match &error {
        CalcError::UnknownRule { .. } => return AppError::NotFound,
        CalcError::MissingInput { input, .. }
        | CalcError::BadDate { input, .. }
        | CalcError::BadValue { input, .. } => (*input).to_owned(),
        CalcError::UnknownInput { input, .. } => input.clone(),
        CalcError::Impossible(_) | CalcError::Calendar(_) => "inputs".to_owned(),
    };
    AppError::field(&field, error.to_string())
}
