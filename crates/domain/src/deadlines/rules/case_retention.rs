//! Rule 9.5: when a closed case's personal data should be erased. No statute sets the
//! period; the union's policy does (default six years, the Limitation Act contract
//! period), and an open litigation hold keeps the data until it is released.

use chrono::NaiveDate;
use serde::Serialize;

use crate::deadlines::calculation::{long_date, Calculation, Warning};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::error::CalcError;
use crate::deadlines::inputs::{InputKind, InputSpec, Inputs, NATION_INPUT};
use crate::deadlines::months::add_months_corresponding;
use crate::deadlines::parameters::{value_at, Parameter};
use crate::deadlines::registry::RuleSpec;
use crate::organisation::Nation;

const NAME: &str = "case_retention";
const SUMMARY: &str = "Date after which a closed case's personal data should be erased (union policy)";
const SOURCE: &str = "UK GDPR Art 5(1)(e) (storage limitation) and Art 17(3)(e) (legal claims); Limitation Act 1980 \
    (six years for contract); Prescription and Limitation (Scotland) Act 1973 (five years). Period is union policy.";

/// Inputs to `case_retention`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RetentionInput {
    pub closed_date: NaiveDate,
    pub retention_months: u32,
    /// When a litigation hold was released, if there was one.
    pub hold_released: Option<NaiveDate>,
    /// Months to keep the data after a hold is released (policy; default 0).
    pub months_after_hold: u32,
    pub nation: Nation,
}

/// The erasure date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Retention {
    pub erase_after: NaiveDate,
}

const INPUTS: &[InputSpec] = &[
    InputSpec::required("closed-date", InputKind::Date, "the date the case was closed"),
    InputSpec::optional(
        "retention-months",
        InputKind::Integer { min: 1, max: 600 },
        "the union's retention period in months (default 72)",
    ),
    InputSpec::optional("hold-released", InputKind::Date, "the date a litigation hold was released"),
    InputSpec::optional(
        "months-after-hold",
        InputKind::Integer { min: 0, max: 600 },
        "months to keep data after a hold is released (default 0)",
    ),
    NATION_INPUT,
];

pub(crate) const SPEC: RuleSpec = RuleSpec::new(NAME, SUMMARY, INPUTS, from_inputs);

fn from_inputs(_calendar: &Calendar, inputs: &Inputs) -> Result<Calculation, CalcError> {
    let closed_date = inputs.date("closed-date")?;
    let months = |value: Option<i64>, default: i64| u32::try_from(value.unwrap_or(default)).unwrap_or(0);
    let input = RetentionInput {
        closed_date,
        retention_months: months(
            inputs.opt_integer("retention-months")?,
            value_at(Parameter::CaseRetentionMonths, closed_date),
        ),
        hold_released: inputs.opt_date("hold-released")?,
        months_after_hold: months(inputs.opt_integer("months-after-hold")?, 0),
        nation: inputs.nation()?,
    };
    calculate(&input)
}

/// The later of the policy period after closure and the period after any hold (P1).
pub fn case_retention(input: &RetentionInput) -> Result<Retention, CalcError> {
    let after_closure = add_months_corresponding(input.closed_date, input.retention_months)?;
    let after_hold =
        input.hold_released.map(|released| add_months_corresponding(released, input.months_after_hold)).transpose()?;
    Ok(Retention { erase_after: after_hold.map_or(after_closure, |hold| hold.max(after_closure)) })
}

/// Runs `case_retention` and explains it.
pub fn calculate(input: &RetentionInput) -> Result<Calculation, CalcError> {
    let result = case_retention(input)?;
    let explanation = format!(
        "The case closed on {}. Under a retention policy of {} months, erase its personal data after {}, unless a claim or litigation hold is still open.",
        long_date(input.closed_date),
        input.retention_months,
        long_date(result.erase_after),
    );
    let mut warnings = vec![Warning::new("POLICY_PERIOD", "No statute sets this period: it is the union's policy. Refuse erasure requests while data is needed for legal claims (Art 17(3)(e)) and record why.")];
    if input.nation == Nation::Scotland {
        warnings.push(Warning::new(
            "SCOTTISH_PRESCRIPTION",
            "In Scotland the usual prescriptive period is five years; the policy may choose a shorter period.",
        ));
    }
    Ok(Calculation::new(NAME, input, &result, explanation, warnings, SOURCE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::test_support::date;

    fn retention(hold: Option<&str>) -> NaiveDate {
        let input = RetentionInput {
            closed_date: date("2026-05-31"),
            retention_months: 72,
            hold_released: hold.map(date),
            months_after_hold: 0,
            nation: Nation::EnglandAndWales,
        };
        case_retention(&input).expect("computes").erase_after
    }

    #[test]
    fn closed_case_is_kept_six_years() {
        assert_eq!(retention(None), date("2032-05-31"));
    }

    #[test]
    fn released_hold_does_not_shorten_the_default() {
        assert_eq!(retention(Some("2027-02-10")), date("2032-05-31"));
    }
}
