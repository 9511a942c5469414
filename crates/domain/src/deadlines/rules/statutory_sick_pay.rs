//! Rule 8.4: Statutory Sick Pay for one spell of sickness: whether it forms a period of
//! incapacity for work (PIW), whether it links to an earlier one, and how many qualifying
//! days are waiting days and how many are paid. Waiting days end on 6 April 2026.

use chrono::{Datelike, Days, NaiveDate, Weekday};
use serde::Serialize;

use crate::deadlines::calculation::{long_date, Calculation, Warning};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::error::CalcError;
use crate::deadlines::inputs::{format_pounds, InputKind, InputSpec, Inputs};
use crate::deadlines::parameters::{value_at, Parameter};
use crate::deadlines::registry::RuleSpec;

const NAME: &str = "statutory_sick_pay";
const SUMMARY: &str = "SSP for one sickness spell: PIW, linking, waiting days and paid days";
const SOURCE: &str = "SSCBA 1992 ss.151-155 and SSP (General) Regs 1982; ERA 2025 (no waiting days and no lower \
    earnings limit from 6 April 2026; rate the lower of the flat rate or 80% of average weekly earnings).";

/// A PIW needs at least this many consecutive days of incapacity.
const PIW_MIN_DAYS: i64 = 4;
/// PIWs separated by this many days or fewer link into one.
const LINKING_GAP_DAYS: i64 = 56;
/// SSP is payable for at most 28 weeks in a PIW.
const MAX_PIW_DAYS: i64 = 28 * 7;
const MONDAY_TO_FRIDAY: [Weekday; 5] = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri];

/// Inputs to `statutory_sick_pay`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SspInput {
    pub first_sick_day: NaiveDate,
    pub last_sick_day: NaiveDate,
    pub qualifying_days: Vec<Weekday>,
    /// Last day of the previous PIW, if any, for linking.
    pub previous_piw_end: Option<NaiveDate>,
}

/// The SSP position for the spell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct SspSpell {
    pub is_piw: bool,
    pub linked: bool,
    pub waiting_days: u32,
    pub paid_days: u32,
    pub weekly_rate_pence: i64,
}

const INPUTS: &[InputSpec] = &[
    InputSpec::required("first-sick-day", InputKind::Date, "the first day of incapacity"),
    InputSpec::required("last-sick-day", InputKind::Date, "the last day of incapacity"),
    InputSpec::optional(
        "qualifying-days",
        InputKind::Weekdays,
        "the worker's qualifying days (default mon,tue,wed,thu,fri)",
    ),
    InputSpec::optional(
        "previous-piw-end",
        InputKind::Date,
        "last day of the previous period of incapacity, for linking",
    ),
];

pub(crate) const SPEC: RuleSpec = RuleSpec::new(NAME, SUMMARY, INPUTS, from_inputs);

fn from_inputs(_calendar: &Calendar, inputs: &Inputs) -> Result<Calculation, CalcError> {
    let input = SspInput {
        first_sick_day: inputs.date("first-sick-day")?,
        last_sick_day: inputs.date("last-sick-day")?,
        qualifying_days: inputs.weekdays("qualifying-days", &MONDAY_TO_FRIDAY)?,
        previous_piw_end: inputs.opt_date("previous-piw-end")?,
    };
    calculate(&input)
}

/// Counts waiting and paid days for the spell (rules.md 8.4).
pub fn statutory_sick_pay(input: &SspInput) -> Result<(SspSpell, Vec<Warning>), CalcError> {
    let (first, last) = (input.first_sick_day, input.last_sick_day);
    if last < first {
        return Err(CalcError::Impossible(format!("last-sick-day {last} is before first-sick-day {first}")));
    }
    if let Some(previous) = input.previous_piw_end.filter(|previous| *previous >= first) {
        return Err(CalcError::Impossible(format!("previous-piw-end {previous} is not before first-sick-day {first}")));
    }
    let mut warnings = Vec::new();
    let length = (last - first).num_days() + 1;
    let weekly_rate_pence = value_at(Parameter::SspWeeklyRatePence, first);
    if length < PIW_MIN_DAYS {
        let spell = SspSpell { is_piw: false, linked: false, waiting_days: 0, paid_days: 0, weekly_rate_pence };
        return Ok((spell, warnings));
    }
    let linked = input.previous_piw_end.is_some_and(|previous| (first - previous).num_days() - 1 <= LINKING_GAP_DAYS);
    if linked {
        warnings.push(Warning::new(
            "LINKED_PIW",
            "This spell links to the previous one: no new waiting days, and the 28-week maximum runs across both.",
        ));
    }
    if length > MAX_PIW_DAYS {
        warnings.push(Warning::new(
            "OVER_28_WEEKS",
            "SSP stops after 28 weeks in a PIW (count earlier linked spells too).",
        ));
    }
    let (mut waiting_days, mut paid_days) = (0u32, 0u32);
    for offset in 0..length.min(MAX_PIW_DAYS) {
        let Some(day) = first.checked_add_days(Days::new(offset.unsigned_abs())) else {
            break;
        };
        if !input.qualifying_days.contains(&day.weekday()) {
            continue;
        }
        let waiting_needed = if linked { 0 } else { value_at(Parameter::SspWaitingDays, day) };
        if i64::from(waiting_days) < waiting_needed {
            waiting_days += 1;
        } else {
            paid_days += 1;
        }
    }
    warnings.push(Warning::new("RATE_CHECK", "From 6 April 2026 the weekly rate is the lower of the flat rate and 80% of average weekly earnings; check earnings."));
    let spell = SspSpell { is_piw: true, linked, waiting_days, paid_days, weekly_rate_pence };
    Ok((spell, warnings))
}

/// Runs `statutory_sick_pay` and explains it.
pub fn calculate(input: &SspInput) -> Result<Calculation, CalcError> {
    let (result, warnings) = statutory_sick_pay(input)?;
    let explanation = if result.is_piw {
        format!(
            "Sickness from {} to {} is a period of incapacity for work{}. Of its qualifying days, {} are waiting days and {} are paid at up to {} a week (divided by the qualifying days in the week).",
            long_date(input.first_sick_day),
            long_date(input.last_sick_day),
            if result.linked { ", linked to the previous one" } else { "" },
            result.waiting_days,
            result.paid_days,
            format_pounds(result.weekly_rate_pence),
        )
    } else {
        String::from("Fewer than 4 consecutive days of incapacity: this is not a period of incapacity for work, so no SSP is payable.")
    };
    Ok(Calculation::new(NAME, input, &result, explanation, warnings, SOURCE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::test_support::date;

    fn spell(first: &str, last: &str, previous: Option<&str>) -> SspSpell {
        let input = SspInput {
            first_sick_day: date(first),
            last_sick_day: date(last),
            qualifying_days: MONDAY_TO_FRIDAY.to_vec(),
            previous_piw_end: previous.map(date),
        };
        statutory_sick_pay(&input).expect("computes").0
    }

    #[test]
    fn before_april_2026_three_waiting_days_then_two_paid() {
        let result = spell("2026-03-02", "2026-03-06", None);
        assert_eq!((result.waiting_days, result.paid_days), (3, 2));
    }

    #[test]
    fn from_april_2026_every_qualifying_day_is_paid() {
        let result = spell("2026-04-13", "2026-04-16", None);
        assert_eq!((result.waiting_days, result.paid_days), (0, 4));
        assert_eq!(result.weekly_rate_pence, 12_325);
    }

    #[test]
    fn three_days_is_not_a_piw() {
        let result = spell("2026-04-13", "2026-04-15", None);
        assert!(!result.is_piw);
        assert_eq!(result.paid_days, 0);
    }

    #[test]
    fn fifty_four_days_apart_links() {
        assert!(spell("2026-06-10", "2026-06-15", Some("2026-04-16")).linked);
        assert!(!spell("2026-06-13", "2026-06-18", Some("2026-04-16")).linked);
    }

    #[test]
    fn spell_running_into_april_2026_stops_waiting_on_6_april() {
        let result = spell("2026-04-02", "2026-04-08", None);
        // Thu 2, Fri 3 wait; Mon 6, Tue 7, Wed 8 paid.
        assert_eq!((result.waiting_days, result.paid_days), (2, 3));
    }
}
