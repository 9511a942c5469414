//! Rule 8.3: when a subject access request must be answered. The clock starts at the
//! "relevant time" (request, identity evidence or fee, whichever is last), pauses while
//! the controller waits for clarification, and a deadline on a non-working day rolls
//! forward to the next working day, as the ICO counts it.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::deadlines::calculation::{long_date, Calculation, Warning};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::error::{CalcError, CalendarError};
use crate::deadlines::inputs::{InputKind, InputSpec, Inputs, NATION_INPUT};
use crate::deadlines::months::{add_months_corresponding, period_end_beginning_with};
use crate::deadlines::registry::RuleSpec;
use crate::organisation::Nation;

const NAME: &str = "subject_access_response";
const SUMMARY: &str = "Deadline to answer a subject access request, with stop-the-clock and extension";
const SOURCE: &str = "UK GDPR Art 12(3) and Art 12A (from 5 February 2026, SI 2026/82): one month from the relevant \
    time, extendable by two further months; clock paused while awaiting clarification. ICO guidance: \
    corresponding date next month, then the next working day.";

const RESPONSE_MONTHS: u32 = 1;
const EXTENDED_MONTHS: u32 = 3;

/// Inputs to `subject_access_response`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SubjectAccessInput {
    pub received_date: NaiveDate,
    pub identity_received: Option<NaiveDate>,
    pub fee_received: Option<NaiveDate>,
    pub clarification_requested: Option<NaiveDate>,
    pub clarification_received: Option<NaiveDate>,
    /// The controller told the requester within the first month that it is extending.
    pub extended: bool,
    pub nation: Nation,
}

/// The response deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SubjectAccessDeadline {
    pub relevant_time: NaiveDate,
    pub days_paused: i64,
    /// True while clarification is awaited: the clock is stopped and the date will move.
    pub clock_stopped: bool,
    pub response_deadline: NaiveDate,
    pub extended_deadline: NaiveDate,
    /// The deadline that applies: extended if `extended`, else `response_deadline`.
    pub deadline: NaiveDate,
    /// The earlier date on the "one month beginning with" reading of Art 12A.
    pub cautious_deadline: NaiveDate,
}

const INPUTS: &[InputSpec] = &[
    InputSpec::required("received-date", InputKind::Date, "the date the request was received"),
    InputSpec::optional(
        "identity-received",
        InputKind::Date,
        "the date identity evidence the controller reasonably asked for arrived",
    ),
    InputSpec::optional("fee-received", InputKind::Date, "the date any permitted fee arrived"),
    InputSpec::optional("clarification-requested", InputKind::Date, "the date the controller asked for clarification"),
    InputSpec::optional("clarification-received", InputKind::Date, "the date the clarification arrived"),
    InputSpec::optional(
        "extended",
        InputKind::Bool,
        "the two-month extension was claimed within the first month (default false)",
    ),
    NATION_INPUT,
];

pub(crate) const SPEC: RuleSpec = RuleSpec::new(NAME, SUMMARY, INPUTS, from_inputs);

fn from_inputs(calendar: &Calendar, inputs: &Inputs) -> Result<Calculation, CalcError> {
    let input = SubjectAccessInput {
        received_date: inputs.date("received-date")?,
        identity_received: inputs.opt_date("identity-received")?,
        fee_received: inputs.opt_date("fee-received")?,
        clarification_requested: inputs.opt_date("clarification-requested")?,
        clarification_received: inputs.opt_date("clarification-received")?,
        extended: inputs.flag("extended")?,
        nation: inputs.nation()?,
    };
    calculate(&input, calendar)
}

fn check_order(input: &SubjectAccessInput) -> Result<(), CalcError> {
    let before_request = [
        ("identity-received", input.identity_received),
        ("fee-received", input.fee_received),
        ("clarification-requested", input.clarification_requested),
    ];
    for (name, date) in before_request {
        if let Some(date) = date.filter(|date| *date < input.received_date) {
            return Err(CalcError::Impossible(format!(
                "{name} {date} is before the request was received ({})",
                input.received_date
            )));
        }
    }
    match (input.clarification_requested, input.clarification_received) {
        (None, Some(_)) => {
            Err(CalcError::Impossible("clarification-received given without clarification-requested".into()))
        }
        (Some(asked), Some(answered)) if answered < asked => {
            Err(CalcError::Impossible(format!("clarification received {answered} is before it was requested {asked}")))
        }
        _ => Ok(()),
    }
}

/// Computes the deadline (rules.md 8.3).
pub fn subject_access_deadline(
    input: &SubjectAccessInput,
    calendar: &Calendar,
) -> Result<SubjectAccessDeadline, CalcError> {
    check_order(input)?;
    let relevant_time = [Some(input.received_date), input.identity_received, input.fee_received]
        .into_iter()
        .flatten()
        .max()
        .unwrap_or(input.received_date);
    let (days_paused, clock_stopped) = match (input.clarification_requested, input.clarification_received) {
        (Some(asked), Some(answered)) => ((answered - asked).num_days(), false),
        (Some(_), None) => (0, true),
        _ => (0, false),
    };
    let paused = Days::new(days_paused.unsigned_abs());
    let roll = |date: NaiveDate| -> Result<NaiveDate, CalcError> {
        let shifted = date.checked_add_days(paused).ok_or(CalendarError::OutOfRange(date))?;
        Ok(calendar.first_working_day_on_or_after(shifted, input.nation)?)
    };
    let response_deadline = roll(add_months_corresponding(relevant_time, RESPONSE_MONTHS)?)?;
    let extended_deadline = roll(add_months_corresponding(relevant_time, EXTENDED_MONTHS)?)?;
    let deadline = if input.extended { extended_deadline } else { response_deadline };
    let cautious_months = if input.extended { EXTENDED_MONTHS } else { RESPONSE_MONTHS };
    let cautious_end = period_end_beginning_with(relevant_time, cautious_months)?.safe_target();
    let cautious_shifted = cautious_end.checked_add_days(paused).ok_or(CalendarError::OutOfRange(cautious_end))?;
    let cautious_deadline = calendar.last_working_day_on_or_before(cautious_shifted, input.nation)?.min(deadline);
    Ok(SubjectAccessDeadline {
        relevant_time,
        days_paused,
        clock_stopped,
        response_deadline,
        extended_deadline,
        deadline,
        cautious_deadline,
    })
}

/// Runs `subject_access_response` and explains it.
pub fn calculate(input: &SubjectAccessInput, calendar: &Calendar) -> Result<Calculation, CalcError> {
    let result = subject_access_deadline(input, calendar)?;
    let mut warnings = Vec::new();
    if result.clock_stopped {
        warnings.push(Warning::new("CLOCK_STOPPED", "The clock is stopped while clarification is awaited; recalculate with clarification-received when it arrives."));
    }
    if result.cautious_deadline < result.deadline {
        warnings.push(Warning::new(
            "EARLIER_READING",
            format!(
                "Art 12A says \"beginning with\", which some read as one day earlier: aim to respond by {}.",
                long_date(result.cautious_deadline)
            ),
        ));
    }
    if !input.extended {
        warnings.push(Warning::new(
            "EXTENSION_AVAILABLE",
            format!("For a complex request or many requests the controller may extend to {} if it tells the requester, with reasons, within the first month.", long_date(result.extended_deadline)),
        ));
    }
    let explanation = format!(
        "The clock starts on {}{}. One month later is the corresponding date{}; a deadline on a weekend or bank holiday moves to the next working day, giving {}.{}",
        long_date(result.relevant_time),
        if result.relevant_time > input.received_date { " (the last of the request, identity evidence and fee)" } else { "" },
        if result.days_paused > 0 { format!(", plus {} days while clarification was awaited", result.days_paused) } else { String::new() },
        long_date(result.response_deadline),
        if input.extended { format!(" With the two-month extension the deadline is {}.", long_date(result.extended_deadline)) } else { String::new() },
    );
    Ok(Calculation::new(NAME, input, &result, explanation, warnings, SOURCE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::test_support::date;

    fn request(received: &str) -> SubjectAccessInput {
        SubjectAccessInput {
            received_date: date(received),
            identity_received: None,
            fee_received: None,
            clarification_requested: None,
            clarification_received: None,
            extended: false,
            nation: Nation::EnglandAndWales,
        }
    }

    fn deadline(input: &SubjectAccessInput) -> SubjectAccessDeadline {
        subject_access_deadline(input, &Calendar::compiled()).expect("computes")
    }

    #[test]
    fn end_of_january_goes_to_end_of_february_and_extends_to_end_of_april() {
        let result = deadline(&request("2025-01-31"));
        assert_eq!(result.response_deadline, date("2025-02-28"));
        assert_eq!(result.extended_deadline, date("2025-04-30"));
        let extended = deadline(&SubjectAccessInput { extended: true, ..request("2025-01-31") });
        assert_eq!(extended.deadline, date("2025-04-30"));
    }

    #[test]
    fn boxing_day_rolls_forward_to_monday() {
        assert_eq!(deadline(&request("2025-11-26")).deadline, date("2025-12-29"));
    }

    #[test]
    fn saturday_receipt_counts_from_the_saturday() {
        assert_eq!(deadline(&request("2025-07-05")).deadline, date("2025-08-05"));
    }

    #[test]
    fn end_of_march_to_end_of_april() {
        assert_eq!(deadline(&request("2026-03-31")).deadline, date("2026-04-30"));
    }

    #[test]
    fn stop_the_clock_adds_the_paused_days_then_rolls_off_sunday() {
        let input = SubjectAccessInput {
            clarification_requested: Some(date("2026-03-10")),
            clarification_received: Some(date("2026-03-20")),
            ..request("2026-03-02")
        };
        let result = deadline(&input);
        assert_eq!(result.days_paused, 10);
        assert_eq!(result.deadline, date("2026-04-13"));
    }

    #[test]
    fn identity_evidence_restarts_the_relevant_time() {
        let input = SubjectAccessInput { identity_received: Some(date("2026-03-05")), ..request("2026-03-02") };
        assert_eq!(deadline(&input).relevant_time, date("2026-03-05"));
    }

    #[test]
    fn clarification_answered_before_asked_is_impossible() {
        let input = SubjectAccessInput {
            clarification_requested: Some(date("2026-03-10")),
            clarification_received: Some(date("2026-03-05")),
            ..request("2026-03-02")
        };
        assert!(matches!(subject_access_deadline(&input, &Calendar::compiled()), Err(CalcError::Impossible(_))));
    }
}
