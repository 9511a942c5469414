//! Rule 8.5: self-certification and fit notes. An employee self-certifies the first 7
//! calendar days of sickness; from day 8 the employer may ask for a fit note, which in
//! the first 6 months of a condition may cover at most 3 months.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::deadlines::calculation::{long_date, Calculation, Warning};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::error::{CalcError, CalendarError};
use crate::deadlines::inputs::{InputKind, InputSpec, Inputs};
use crate::deadlines::months::add_months_corresponding;
use crate::deadlines::parameters::{value_at, Parameter};
use crate::deadlines::registry::RuleSpec;

const NAME: &str = "fit_note";
const SUMMARY: &str = "When a fit note may be required, and whether a fit note's length is allowed";
const SOURCE: &str =
    "Social Security (Medical Evidence) Regulations 1976 as amended (issuers widened from 1 July 2022); \
    SSP (Medical Evidence) Regulations 1985: self-certification for the first 7 days.";

/// The early phase of a condition in which fit notes are limited in length.
const EARLY_PHASE_MONTHS: u32 = 6;

/// Inputs to `fit_note`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FitNoteInput {
    pub first_sick_day: NaiveDate,
    /// When the condition began (default: the first sick day).
    pub condition_start: Option<NaiveDate>,
    pub fit_note_date: Option<NaiveDate>,
    pub fit_note_months: Option<u32>,
}

/// The fit-note dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FitNoteDates {
    pub self_certified_until: NaiveDate,
    pub fit_note_may_be_required_from: NaiveDate,
    pub fit_note_length_valid: Option<bool>,
}

const INPUTS: &[InputSpec] = &[
    InputSpec::required("first-sick-day", InputKind::Date, "the first day of sickness absence"),
    InputSpec::optional("condition-start", InputKind::Date, "when the condition began (default: the first sick day)"),
    InputSpec::optional("fit-note-date", InputKind::Date, "the date a fit note was issued"),
    InputSpec::optional(
        "fit-note-months",
        InputKind::Integer { min: 1, max: 120 },
        "how many months the fit note covers",
    ),
];

pub(crate) const SPEC: RuleSpec = RuleSpec::new(NAME, SUMMARY, INPUTS, from_inputs);

fn from_inputs(_calendar: &Calendar, inputs: &Inputs) -> Result<Calculation, CalcError> {
    let input = FitNoteInput {
        first_sick_day: inputs.date("first-sick-day")?,
        condition_start: inputs.opt_date("condition-start")?,
        fit_note_date: inputs.opt_date("fit-note-date")?,
        fit_note_months: inputs.opt_integer("fit-note-months")?.and_then(|months| u32::try_from(months).ok()),
    };
    calculate(&input)
}

/// Works out the fit-note dates and checks a fit note's length (rules.md 8.5).
pub fn fit_note(input: &FitNoteInput) -> Result<(FitNoteDates, Vec<Warning>), CalcError> {
    let first = input.first_sick_day;
    let self_cert_days = value_at(Parameter::SelfCertificationDays, first).unsigned_abs();
    let out_of_range = CalendarError::OutOfRange(first);
    let self_certified_until =
        first.checked_add_days(Days::new(self_cert_days.saturating_sub(1))).ok_or(out_of_range.clone())?;
    let fit_note_may_be_required_from = first.checked_add_days(Days::new(self_cert_days)).ok_or(out_of_range)?;
    let mut warnings = Vec::new();
    if let Some(issued) = input.fit_note_date.filter(|issued| *issued < input.condition_start.unwrap_or(first)) {
        return Err(CalcError::Impossible(format!("fit-note-date {issued} is before the condition started")));
    }
    let fit_note_length_valid = match (input.fit_note_date, input.fit_note_months) {
        (Some(issued), Some(months)) => {
            let early_phase_ends =
                add_months_corresponding(input.condition_start.unwrap_or(first), EARLY_PHASE_MONTHS)?;
            let max_months = value_at(Parameter::FitNoteMaxMonthsEarly, issued);
            let valid = issued >= early_phase_ends || i64::from(months) <= max_months;
            if !valid {
                warnings.push(Warning::new("FIT_NOTE_TOO_LONG", format!("In the first 6 months of a condition a fit note may cover at most {max_months} months; this one covers {months}.")));
            }
            Some(valid)
        }
        _ => None,
    };
    warnings.push(Warning::new(
        "ISSUERS",
        "Doctors, registered nurses, occupational therapists, pharmacists and physiotherapists may issue fit notes.",
    ));
    Ok((FitNoteDates { self_certified_until, fit_note_may_be_required_from, fit_note_length_valid }, warnings))
}

/// Runs `fit_note` and explains it.
pub fn calculate(input: &FitNoteInput) -> Result<Calculation, CalcError> {
    let (result, warnings) = fit_note(input)?;
    let explanation = format!(
        "The employee can self-certify sickness up to {}. If the absence continues to {} or beyond, the employer may ask for a fit note.",
        long_date(result.self_certified_until),
        long_date(result.fit_note_may_be_required_from),
    );
    Ok(Calculation::new(NAME, input, &result, explanation, warnings, SOURCE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::test_support::date;

    #[test]
    fn fit_note_may_be_required_from_day_eight() {
        let input = FitNoteInput {
            first_sick_day: date("2026-05-01"),
            condition_start: None,
            fit_note_date: None,
            fit_note_months: None,
        };
        let (result, _) = fit_note(&input).expect("computes");
        assert_eq!(result.self_certified_until, date("2026-05-07"));
        assert_eq!(result.fit_note_may_be_required_from, date("2026-05-08"));
    }

    #[test]
    fn four_month_fit_note_early_in_a_condition_is_too_long() {
        let input = FitNoteInput {
            first_sick_day: date("2026-05-01"),
            condition_start: None,
            fit_note_date: Some(date("2026-05-08")),
            fit_note_months: Some(4),
        };
        let (result, warnings) = fit_note(&input).expect("computes");
        assert_eq!(result.fit_note_length_valid, Some(false));
        assert!(warnings.iter().any(|w| w.code == "FIT_NOTE_TOO_LONG"));
    }

    #[test]
    fn long_fit_note_after_six_months_is_allowed() {
        let input = FitNoteInput {
            first_sick_day: date("2026-05-01"),
            condition_start: None,
            fit_note_date: Some(date("2026-11-02")),
            fit_note_months: Some(6),
        };
        assert_eq!(fit_note(&input).expect("computes").0.fit_note_length_valid, Some(true));
    }
}
