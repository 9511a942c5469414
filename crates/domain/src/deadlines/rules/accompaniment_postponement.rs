//! Rule 2.2: the latest time a worker may propose when their companion cannot attend the
//! employer's hearing date; the employer must then postpone to it (ERA 1999 s.10(4)-(5)).

use chrono::NaiveDate;
use serde::Serialize;

use crate::deadlines::calculation::{long_date, long_dates, Calculation, Warning};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::error::CalcError;
use crate::deadlines::inputs::{InputKind, InputSpec, Inputs, NATION_INPUT};
use crate::deadlines::registry::RuleSpec;
use crate::organisation::Nation;

const NAME: &str = "accompaniment_postponement_latest";
const SUMMARY: &str = "Latest date a hearing can be postponed to when the companion cannot attend";
const SOURCE: &str = "ERA 1999 s.10(4)-(5); working day as defined in s.13 (not a Saturday, Sunday, Christmas Day, \
    Good Friday or bank holiday in that part of Great Britain); Employment Relations (NI) Order 1999 for Northern Ireland.";

/// Working days in the postponement window.
const WINDOW_WORKING_DAYS: u32 = 5;

/// Inputs to `accompaniment_postponement_latest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PostponementInput {
    pub employer_proposed_date: NaiveDate,
    pub nation: Nation,
}

/// The window for an alternative date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PostponementWindow {
    pub first_working_day: NaiveDate,
    pub latest_alternative_date: NaiveDate,
}

const INPUTS: &[InputSpec] = &[
    InputSpec::required("employer-proposed-date", InputKind::Date, "the hearing date the employer proposed"),
    NATION_INPUT,
];

pub(crate) const SPEC: RuleSpec = RuleSpec::new(NAME, SUMMARY, INPUTS, from_inputs);

fn from_inputs(calendar: &Calendar, inputs: &Inputs) -> Result<Calculation, CalcError> {
    let input =
        PostponementInput { employer_proposed_date: inputs.date("employer-proposed-date")?, nation: inputs.nation()? };
    calculate(&input, calendar)
}

/// Five working days beginning with the first working day after the proposed date.
pub fn postponement_window(input: &PostponementInput, calendar: &Calendar) -> Result<PostponementWindow, CalcError> {
    let first_working_day = calendar.add_working_days(input.employer_proposed_date, 1, input.nation)?;
    let latest_alternative_date =
        calendar.nth_working_day_starting(first_working_day, WINDOW_WORKING_DAYS, input.nation)?;
    Ok(PostponementWindow { first_working_day, latest_alternative_date })
}

/// Runs `accompaniment_postponement_latest` and explains it.
pub fn calculate(input: &PostponementInput, calendar: &Calendar) -> Result<Calculation, CalcError> {
    let window = postponement_window(input, calendar)?;
    let skipped =
        calendar.bank_holidays_between(input.employer_proposed_date, window.latest_alternative_date, input.nation);
    let explanation = format!(
        "The employer proposed {}. If the companion cannot attend, the worker may propose another reasonable time within five working days beginning with {}, so by {} at the latest; the employer must then postpone to it.{}",
        long_date(input.employer_proposed_date),
        long_date(window.first_working_day),
        long_date(window.latest_alternative_date),
        if skipped.is_empty() { String::new() } else { format!(" Bank holidays not counted: {}.", long_dates(&skipped)) },
    );
    let mut warnings = vec![Warning::new(
        "ONE_POSTPONEMENT_ONLY",
        "The law requires only one postponement; the new time must suit the employer, worker and companion.",
    )];
    if !calendar.covers(window.latest_alternative_date, input.nation) {
        warnings.push(Warning::new(
            "HOLIDAY_DATA_MISSING",
            "Bank-holiday data does not reach this year; working-day dates may be wrong.",
        ));
    }
    Ok(Calculation::new(NAME, input, &window, explanation, warnings, SOURCE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::test_support::date;

    fn latest(proposed: &str, nation: Nation) -> NaiveDate {
        let input = PostponementInput { employer_proposed_date: date(proposed), nation };
        postponement_window(&input, &Calendar::compiled()).expect("computes").latest_alternative_date
    }

    fn check_row(proposed: &str, england_and_wales: &str, scotland: &str, northern_ireland: &str) {
        assert_eq!(latest(proposed, Nation::EnglandAndWales), date(england_and_wales), "{proposed} E&W");
        assert_eq!(latest(proposed, Nation::Scotland), date(scotland), "{proposed} Scotland");
        assert_eq!(latest(proposed, Nation::NorthernIreland), date(northern_ireland), "{proposed} NI");
    }

    #[test]
    fn plain_week_gives_the_following_monday() {
        check_row("2025-06-02", "2025-06-09", "2025-06-09", "2025-06-09");
    }

    #[test]
    fn early_may_bank_holiday_is_skipped() {
        check_row("2025-05-01", "2025-05-09", "2025-05-09", "2025-05-09");
    }

    #[test]
    fn christmas_and_new_year_with_scottish_2_january() {
        check_row("2025-12-23", "2026-01-02", "2026-01-05", "2026-01-02");
    }

    #[test]
    fn easter_2026_scotland_works_easter_monday() {
        check_row("2026-04-02", "2026-04-13", "2026-04-10", "2026-04-13");
    }

    #[test]
    fn august_bank_holiday_differs_in_scotland() {
        check_row("2025-08-22", "2025-09-01", "2025-08-29", "2025-09-01");
    }

    #[test]
    fn scottish_world_cup_holiday_2026() {
        check_row("2026-06-11", "2026-06-18", "2026-06-19", "2026-06-18");
    }
}
