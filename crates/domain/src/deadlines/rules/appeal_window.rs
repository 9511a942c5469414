//! Rule 8.1: the last day to lodge an internal disciplinary or grievance appeal. There is
//! no statutory period; the employer's policy sets it, most often 5 working days.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::deadlines::calculation::{long_date, long_dates, Calculation, Warning};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::error::{CalcError, CalendarError};
use crate::deadlines::inputs::{Choice, InputKind, InputSpec, Inputs, NATION_INPUT};
use crate::deadlines::registry::RuleSpec;
use crate::organisation::Nation;

const NAME: &str = "appeal_window";
const SUMMARY: &str = "Last day to lodge an internal appeal under the employer's policy (default 5 working days)";
const SOURCE: &str = "Employer's disciplinary/grievance policy; ACAS Code of Practice 1 paras 26-29 \
    (appeal without unreasonable delay, grounds in writing). Typical practice, not statute.";

const DEFAULT_LENGTH: i64 = 5;

/// How the policy counts its period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PeriodUnit {
    WorkingDays,
    CalendarDays,
}

impl Choice for PeriodUnit {
    const NAMES: &'static [&'static str] = &["working-days", "calendar-days"];
    const VALUES: &'static [Self] = &[Self::WorkingDays, Self::CalendarDays];
}

/// Inputs to `appeal_window`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AppealWindowInput {
    /// The date the written outcome was received (or sent, if the policy says so).
    pub outcome_date: NaiveDate,
    pub length: u32,
    pub unit: PeriodUnit,
    pub nation: Nation,
}

/// The appeal deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AppealWindow {
    pub appeal_deadline: NaiveDate,
}

const INPUTS: &[InputSpec] = &[
    InputSpec::required(
        "outcome-date",
        InputKind::Date,
        "the date the written outcome was received (or sent, if the policy counts from sending)",
    ),
    InputSpec::optional("length", InputKind::Integer { min: 1, max: 366 }, "the policy's appeal period (default 5)"),
    InputSpec::optional(
        "unit",
        InputKind::Choice { allowed: PeriodUnit::NAMES },
        "working-days (default) or calendar-days",
    ),
    NATION_INPUT,
];

pub(crate) const SPEC: RuleSpec = RuleSpec::new(NAME, SUMMARY, INPUTS, from_inputs);

fn from_inputs(calendar: &Calendar, inputs: &Inputs) -> Result<Calculation, CalcError> {
    let length = inputs.opt_integer("length")?.unwrap_or(DEFAULT_LENGTH);
    let input = AppealWindowInput {
        outcome_date: inputs.date("outcome-date")?,
        length: u32::try_from(length).unwrap_or(5),
        unit: inputs.opt_choice("unit")?.unwrap_or(PeriodUnit::WorkingDays),
        nation: inputs.nation()?,
    };
    calculate(&input, calendar)
}

/// Counts the policy period from the day after the outcome (P5 for working days).
pub fn appeal_window(input: &AppealWindowInput, calendar: &Calendar) -> Result<AppealWindow, CalcError> {
    let appeal_deadline = match input.unit {
        PeriodUnit::WorkingDays => calendar.add_working_days(input.outcome_date, input.length, input.nation)?,
        PeriodUnit::CalendarDays => input
            .outcome_date
            .checked_add_days(Days::new(u64::from(input.length)))
            .ok_or(CalendarError::OutOfRange(input.outcome_date))?,
    };
    Ok(AppealWindow { appeal_deadline })
}

/// Runs `appeal_window` and explains it.
pub fn calculate(input: &AppealWindowInput, calendar: &Calendar) -> Result<Calculation, CalcError> {
    let window = appeal_window(input, calendar)?;
    let unit = match input.unit {
        PeriodUnit::WorkingDays => "working days",
        PeriodUnit::CalendarDays => "calendar days",
    };
    let skipped = match input.unit {
        PeriodUnit::WorkingDays => {
            calendar.bank_holidays_between(input.outcome_date, window.appeal_deadline, input.nation)
        }
        PeriodUnit::CalendarDays => Vec::new(),
    };
    let explanation = format!(
        "The outcome is dated {}. Counting {} {unit} from the next day, lodge the appeal in writing, with grounds, by {}.{}",
        long_date(input.outcome_date),
        input.length,
        long_date(window.appeal_deadline),
        if skipped.is_empty() { String::new() } else { format!(" Bank holidays not counted: {}.", long_dates(&skipped)) },
    );
    let mut warnings = vec![Warning::new("POLICY_PERIOD", "Appeal periods come from the employer's policy, not statute: check the policy's length and whether it counts from sending or receipt.")];
    if input.unit == PeriodUnit::CalendarDays && !calendar.is_working_day(window.appeal_deadline, input.nation) {
        warnings.push(Warning::new(
            "DEADLINE_NOT_A_WORKING_DAY",
            format!("{} is not a working day; lodge the appeal before it.", long_date(window.appeal_deadline)),
        ));
    }
    Ok(Calculation::new(NAME, input, &window, explanation, warnings, SOURCE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::inputs::tests::assert_choice_names_round_trip;
    use crate::deadlines::test_support::date;

    fn deadline(outcome: &str, length: u32, unit: PeriodUnit, nation: Nation) -> NaiveDate {
        let input = AppealWindowInput { outcome_date: date(outcome), length, unit, nation };
        appeal_window(&input, &Calendar::compiled()).expect("computes").appeal_deadline
    }

    #[test]
    fn unit_names_round_trip() {
        assert_choice_names_round_trip::<PeriodUnit>();
    }

    #[test]
    fn five_working_days_over_christmas_skip_25_and_26_december() {
        assert_eq!(deadline("2025-12-19", 5, PeriodUnit::WorkingDays, Nation::EnglandAndWales), date("2025-12-30"));
    }

    #[test]
    fn five_working_days_over_easter_differ_by_nation() {
        assert_eq!(deadline("2026-04-02", 5, PeriodUnit::WorkingDays, Nation::EnglandAndWales), date("2026-04-13"));
        assert_eq!(deadline("2026-04-02", 5, PeriodUnit::WorkingDays, Nation::Scotland), date("2026-04-10"));
    }

    #[test]
    fn fourteen_calendar_days() {
        assert_eq!(deadline("2026-01-30", 14, PeriodUnit::CalendarDays, Nation::EnglandAndWales), date("2026-02-13"));
    }
}
