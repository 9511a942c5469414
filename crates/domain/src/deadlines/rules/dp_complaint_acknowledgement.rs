//! Rule 9.6: the date by which a data-protection complaint must be acknowledged. The duty
//! (DPA 2018 s.164A) starts on 19 June 2026; before then there is no statutory date.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::deadlines::calculation::{long_date, Calculation, Warning};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::error::{CalcError, CalendarError};
use crate::deadlines::inputs::{InputKind, InputSpec, Inputs};
use crate::deadlines::parameters::{in_force_at, Parameter};
use crate::deadlines::registry::RuleSpec;

const NAME: &str = "dp_complaint_acknowledgement";
const SUMMARY: &str = "Date to acknowledge a data-protection complaint (30 days, from 19 June 2026)";
const SOURCE: &str = "DPA 2018 s.164A, inserted by the Data (Use and Access) Act 2025 (in force 19 June 2026): \
    acknowledge within 30 days, respond without undue delay.";

/// Inputs to `dp_complaint_acknowledgement`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ComplaintInput {
    pub received_date: NaiveDate,
}

/// The acknowledgement date, if the duty applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ComplaintAcknowledgement {
    pub acknowledge_by: Option<NaiveDate>,
}

const INPUTS: &[InputSpec] =
    &[InputSpec::required("received-date", InputKind::Date, "the date the complaint was received")];

pub(crate) const SPEC: RuleSpec = RuleSpec::new(NAME, SUMMARY, INPUTS, from_inputs);

fn from_inputs(_calendar: &Calendar, inputs: &Inputs) -> Result<Calculation, CalcError> {
    calculate(&ComplaintInput { received_date: inputs.date("received-date")? })
}

/// Received date plus the days in force on that date (none before the duty began).
pub fn dp_complaint_acknowledgement(
    input: &ComplaintInput,
) -> Result<(ComplaintAcknowledgement, Vec<Warning>), CalcError> {
    let law = in_force_at(Parameter::DpComplaintAcknowledgeDays, input.received_date);
    if law.value == 0 {
        let warning = Warning::new(
            "DUTY_NOT_IN_FORCE",
            "The statutory duty to acknowledge complaints starts on 19 June 2026; acknowledge promptly anyway.",
        );
        return Ok((ComplaintAcknowledgement { acknowledge_by: None }, vec![warning]));
    }
    let acknowledge_by = input
        .received_date
        .checked_add_days(Days::new(law.value.unsigned_abs()))
        .ok_or(CalendarError::OutOfRange(input.received_date))?;
    Ok((ComplaintAcknowledgement { acknowledge_by: Some(acknowledge_by) }, Vec::new()))
}

/// Runs `dp_complaint_acknowledgement` and explains it.
pub fn calculate(input: &ComplaintInput) -> Result<Calculation, CalcError> {
    let (result, warnings) = dp_complaint_acknowledgement(input)?;
    let explanation = match result.acknowledge_by {
        Some(date) => format!(
            "The complaint was received on {}. Acknowledge it by {} (30 days) and respond without undue delay.",
            long_date(input.received_date),
            long_date(date)
        ),
        None => format!("The complaint was received on {}, before the statutory duty began, so there is no statutory acknowledgement date.", long_date(input.received_date)),
    };
    Ok(Calculation::new(NAME, input, &result, explanation, warnings, SOURCE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::test_support::date;

    #[test]
    fn complaint_on_1_july_2026_is_acknowledged_by_31_july() {
        let (result, _) =
            dp_complaint_acknowledgement(&ComplaintInput { received_date: date("2026-07-01") }).expect("computes");
        assert_eq!(result.acknowledge_by, Some(date("2026-07-31")));
    }

    #[test]
    fn complaint_before_the_duty_has_no_statutory_date() {
        let (result, warnings) =
            dp_complaint_acknowledgement(&ComplaintInput { received_date: date("2026-06-18") }).expect("computes");
        assert_eq!(result.acknowledge_by, None);
        assert_eq!(warnings[0].code, "DUTY_NOT_IN_FORCE");
    }
}
