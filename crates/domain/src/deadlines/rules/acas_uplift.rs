//! Rule 3 (uplift): a tribunal may raise or cut an award by up to 25% for an unreasonable
//! failure to follow the ACAS Code. This shows the effect of a given percentage; whether
//! to apply one is the tribunal's discretion, never automatic.

use serde::Serialize;

use crate::deadlines::calculation::{Calculation, Warning};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::error::CalcError;
use crate::deadlines::inputs::{format_pounds, InputKind, InputSpec, Inputs};
use crate::deadlines::registry::RuleSpec;

const NAME: &str = "acas_uplift";
const SUMMARY: &str = "Effect of an ACAS Code uplift or reduction (up to 25%) on an award";
const SOURCE: &str =
    "TULRCA 1992 s.207A and Schedule A2; Pipecoil v Heathcote (EAT 2012): discretionary, must be raised.";

/// The statutory cap on the adjustment, in percent either way.
const CAP_PERCENT: i64 = 25;

/// Inputs to `acas_uplift`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct UpliftInput {
    pub compensation_pence: i64,
    /// Positive for an employer's failure, negative for the employee's.
    pub percent: i64,
}

/// The adjusted award.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Uplift {
    pub adjustment_pence: i64,
    pub adjusted_pence: i64,
}

const INPUTS: &[InputSpec] = &[
    InputSpec::required("compensation", InputKind::Money, "the award before adjustment, in pounds"),
    InputSpec::required(
        "percent",
        InputKind::Integer { min: -CAP_PERCENT, max: CAP_PERCENT },
        "uplift (positive) or reduction (negative), at most 25",
    ),
];

pub(crate) const SPEC: RuleSpec = RuleSpec::new(NAME, SUMMARY, INPUTS, from_inputs);

fn from_inputs(_calendar: &Calendar, inputs: &Inputs) -> Result<Calculation, CalcError> {
    let input =
        UpliftInput { compensation_pence: inputs.money_pence("compensation")?, percent: inputs.integer("percent")? };
    calculate(&input)
}

/// Applies the percentage, rounding to the nearest penny.
pub fn acas_uplift(input: &UpliftInput) -> Result<Uplift, CalcError> {
    if input.percent.abs() > CAP_PERCENT {
        return Err(CalcError::bad_value(
            "percent",
            &input.percent.to_string(),
            "must be between -25 and 25 (TULRCA s.207A cap)",
        ));
    }
    if input.compensation_pence < 0 {
        return Err(CalcError::bad_value(
            "compensation",
            &input.compensation_pence.to_string(),
            "must not be negative",
        ));
    }
    let scaled = i128::from(input.compensation_pence) * i128::from(input.percent);
    let adjustment = (scaled + scaled.signum() * 50) / 100;
    let adjustment_pence =
        i64::try_from(adjustment).map_err(|_| CalcError::bad_value("compensation", "", "is too large"))?;
    let adjusted_pence = input
        .compensation_pence
        .checked_add(adjustment_pence)
        .ok_or_else(|| CalcError::bad_value("compensation", "", "is too large"))?;
    Ok(Uplift { adjustment_pence, adjusted_pence })
}

/// Runs `acas_uplift` and explains it.
pub fn calculate(input: &UpliftInput) -> Result<Calculation, CalcError> {
    let result = acas_uplift(input)?;
    let explanation = format!(
        "An award of {} adjusted by {}% becomes {}. The tribunal may apply up to 25% either way if it is just and equitable; nothing is applied automatically.",
        format_pounds(input.compensation_pence),
        input.percent,
        format_pounds(result.adjusted_pence),
    );
    let warnings = vec![Warning::new("DISCRETIONARY", "The uplift is discretionary and must be raised in the claim; it applies only to claims listed in TULRCA Schedule A2.")];
    Ok(Calculation::new(NAME, input, &result, explanation, warnings, SOURCE))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twenty_five_percent_of_twenty_thousand() {
        let result = acas_uplift(&UpliftInput { compensation_pence: 2_000_000, percent: 25 }).expect("computes");
        assert_eq!(result.adjusted_pence, 2_500_000);
    }

    #[test]
    fn thirty_percent_is_over_the_cap() {
        let error = acas_uplift(&UpliftInput { compensation_pence: 2_000_000, percent: 30 }).expect_err("capped");
        assert_eq!(error.code(), "bad_value");
    }

    #[test]
    fn reductions_are_negative() {
        let result = acas_uplift(&UpliftInput { compensation_pence: 1_000_000, percent: -10 }).expect("computes");
        assert_eq!(result.adjusted_pence, 900_000);
    }
}
