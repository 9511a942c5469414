//! Rule 8.2: the date by which an employer must decide a statutory flexible-working request
//! (including any appeal), unless the employee agrees to extend it.

use chrono::NaiveDate;
use serde::Serialize;

use crate::deadlines::calculation::{long_date, Calculation, Warning};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::error::CalcError;
use crate::deadlines::inputs::{InputKind, InputSpec, Inputs};
use crate::deadlines::months::period_end_beginning_with;
use crate::deadlines::parameters::{in_force_at, Parameter};
use crate::deadlines::registry::RuleSpec;

const NAME: &str = "flexible_working_decision";
const SUMMARY: &str = "Date by which the employer must decide a flexible-working request (2 months from 6 April 2024)";
const SOURCE: &str = "ERA 1996 ss.80F-80G as amended by the Employment Relations (Flexible Working) Act 2023 and \
    the Flexible Working (Amendment) Regulations 2023: decision period of 2 months beginning with receipt; \
    two statutory requests in any 12 months.";

/// Statutory requests allowed in any 12 months (from 6 April 2024).
const REQUESTS_PER_YEAR: i64 = 2;

/// Inputs to `flexible_working_decision`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FlexibleWorkingInput {
    pub received_date: NaiveDate,
    /// Statutory requests the employee already made in the 12 months before this one.
    pub earlier_requests_in_12_months: u32,
}

/// The decision deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FlexibleWorkingDecision {
    pub decision_deadline: NaiveDate,
    pub month_end_ambiguous: bool,
    pub safe_target: NaiveDate,
    pub months: i64,
    pub statutory_request: bool,
}

const INPUTS: &[InputSpec] = &[
    InputSpec::required("received-date", InputKind::Date, "the date the employer received the request"),
    InputSpec::optional(
        "earlier-requests",
        InputKind::Integer { min: 0, max: 50 },
        "statutory requests already made in the 12 months before this one (default 0)",
    ),
];

pub(crate) const SPEC: RuleSpec = RuleSpec::new(NAME, SUMMARY, INPUTS, from_inputs);

fn from_inputs(_calendar: &Calendar, inputs: &Inputs) -> Result<Calculation, CalcError> {
    let earlier = inputs.opt_integer("earlier-requests")?.unwrap_or(0);
    let input = FlexibleWorkingInput {
        received_date: inputs.date("received-date")?,
        earlier_requests_in_12_months: u32::try_from(earlier).unwrap_or(0),
    };
    calculate(&input)
}

/// P2 from the date the request was received, with the period in force on that date.
pub fn flexible_working_decision(
    input: &FlexibleWorkingInput,
) -> Result<(FlexibleWorkingDecision, Vec<Warning>), CalcError> {
    let law = in_force_at(Parameter::FlexibleWorkingDecisionMonths, input.received_date);
    let period = period_end_beginning_with(input.received_date, u32::try_from(law.value).unwrap_or(2))?;
    let allowed = if law.value == 2 { REQUESTS_PER_YEAR } else { 1 };
    let statutory_request = i64::from(input.earlier_requests_in_12_months) < allowed;
    let mut warnings = Vec::new();
    if !statutory_request {
        warnings.push(Warning::new("NOT_A_STATUTORY_REQUEST", format!("Not a statutory request: only {allowed} may be made in any 12 months. The employer may still consider it.")));
    }
    if period.month_end_ambiguous {
        warnings.push(Warning::new(
            "MONTH_END_AMBIGUOUS",
            format!(
                "The period ends at an ambiguous month end: treat {} as the decision date.",
                long_date(period.safe_target())
            ),
        ));
    }
    if law.value != 2 {
        warnings.push(Warning::new(
            "PRE_2024_RULES",
            "Requests received before 6 April 2024 had a 3-month decision period and one request a year.",
        ));
    }
    warnings.push(Warning::new(
        "EXTENSION_BY_AGREEMENT",
        "The employer and employee may agree a longer period; record any agreement in writing.",
    ));
    let decision = FlexibleWorkingDecision {
        decision_deadline: period.end,
        month_end_ambiguous: period.month_end_ambiguous,
        safe_target: period.safe_target(),
        months: law.value,
        statutory_request,
    };
    Ok((decision, warnings))
}

/// Runs `flexible_working_decision` and explains it.
pub fn calculate(input: &FlexibleWorkingInput) -> Result<Calculation, CalcError> {
    let (decision, warnings) = flexible_working_decision(input)?;
    let explanation = format!(
        "The request was received on {}. The employer must decide it, including any appeal, within {} months beginning with that date: by {}, unless the employee agrees to extend.",
        long_date(input.received_date),
        decision.months,
        long_date(decision.decision_deadline),
    );
    Ok(Calculation::new(NAME, input, &decision, explanation, warnings, SOURCE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::test_support::date;

    fn decide(received: &str, earlier: u32) -> (FlexibleWorkingDecision, Vec<Warning>) {
        flexible_working_decision(&FlexibleWorkingInput {
            received_date: date(received),
            earlier_requests_in_12_months: earlier,
        })
        .expect("computes")
    }

    #[test]
    fn two_months_beginning_with_receipt() {
        assert_eq!(decide("2024-04-10", 0).0.decision_deadline, date("2024-06-09"));
        assert_eq!(decide("2026-03-01", 0).0.decision_deadline, date("2026-04-30"));
    }

    #[test]
    fn new_years_eve_request_is_ambiguous_with_safe_target() {
        let (decision, _) = decide("2025-12-31", 0);
        assert_eq!(decision.decision_deadline, date("2026-02-28"));
        assert!(decision.month_end_ambiguous);
        assert_eq!(decision.safe_target, date("2026-02-27"));
    }

    #[test]
    fn third_request_in_twelve_months_is_not_statutory() {
        let (decision, warnings) = decide("2025-06-01", 2);
        assert!(!decision.statutory_request);
        assert!(warnings.iter().any(|w| w.code == "NOT_A_STATUTORY_REQUEST"));
    }

    #[test]
    fn requests_before_april_2024_had_three_months() {
        assert_eq!(decide("2024-01-10", 0).0.months, 3);
    }
}
