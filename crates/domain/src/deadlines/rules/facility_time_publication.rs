//! Rule 6: the facility-time publication duty (SI 2017/328). Relevant public-sector
//! employers publish figures for each April-to-March period by 31 July. The duty falls
//! when ERA 2025 repeals TUA 2016 s.13, on a date not yet confirmed, so the result
//! carries the parameter table's status rather than a guess.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::deadlines::calculation::{long_date, Calculation, Warning};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::error::{CalcError, CalendarError};
use crate::deadlines::inputs::{InputKind, InputSpec, Inputs, NATION_INPUT};
use crate::deadlines::parameters::{in_force_at, Commencement, Parameter};
use crate::deadlines::registry::RuleSpec;
use crate::organisation::Nation;

const NAME: &str = "facility_time_publication";
const SUMMARY: &str = "Facility-time reporting period, publication deadline and whether the employer must report";
const SOURCE: &str = "Trade Union (Facility Time Publication Requirements) Regulations 2017 (SI 2017/328) regs 2-4 \
    and Schs 1-2, made under TUA 2016 s.13 (repeal by ERA 2025 enacted; commencement not confirmed).";

/// Months in the period in which the employer must have had more than 49 employees.
const MONTHS_OVER_49_REQUIRED: i64 = 7;

/// Inputs to `facility_time_publication`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FacilityTimeInput {
    /// Any date within the reporting period.
    pub date_in_period: NaiveDate,
    /// Months of the period in which the employer had more than 49 employees throughout.
    pub months_over_49_employees: Option<u32>,
    /// Relevant union officials during the period.
    pub relevant_officials: Option<u32>,
    pub nation: Nation,
}

/// The period, the deadline and whether the duty applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct FacilityTimePublication {
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub publication_deadline: NaiveDate,
    /// `None` when the employer facts were not given.
    pub required: Option<bool>,
    pub duty_repeal_pending: bool,
}

const INPUTS: &[InputSpec] = &[
    InputSpec::required("date-in-period", InputKind::Date, "any date in the April-to-March reporting period"),
    InputSpec::optional(
        "months-over-49-employees",
        InputKind::Integer { min: 0, max: 12 },
        "months of the period with more than 49 employees throughout",
    ),
    InputSpec::optional(
        "relevant-officials",
        InputKind::Integer { min: 0, max: 100_000 },
        "union officials, learning reps and safety reps in the period",
    ),
    NATION_INPUT,
];

pub(crate) const SPEC: RuleSpec = RuleSpec::new(NAME, SUMMARY, INPUTS, from_inputs);

fn from_inputs(_calendar: &Calendar, inputs: &Inputs) -> Result<Calculation, CalcError> {
    let small = |value: Option<i64>| value.and_then(|v| u32::try_from(v).ok());
    let input = FacilityTimeInput {
        date_in_period: inputs.date("date-in-period")?,
        months_over_49_employees: small(inputs.opt_integer("months-over-49-employees")?),
        relevant_officials: small(inputs.opt_integer("relevant-officials")?),
        nation: inputs.nation()?,
    };
    calculate(&input)
}

fn ymd(year: i32, month: u32, day: u32, near: NaiveDate) -> Result<NaiveDate, CalendarError> {
    NaiveDate::from_ymd_opt(year, month, day).ok_or(CalendarError::OutOfRange(near))
}

/// Finds the period containing the date and its 31 July deadline.
pub fn facility_time_publication(
    input: &FacilityTimeInput,
) -> Result<(FacilityTimePublication, Vec<Warning>), CalcError> {
    let date = input.date_in_period;
    let start_year = if date.month() >= 4 { date.year() } else { date.year() - 1 };
    let period_start = ymd(start_year, 4, 1, date)?;
    let period_end = ymd(start_year + 1, 3, 31, date)?;
    let publication_deadline = ymd(start_year + 1, 7, 31, date)?;
    let mut warnings = Vec::new();
    if start_year < 2017 {
        return Err(CalcError::Impossible(format!(
            "the publication duty began with the period starting 1 April 2017; {date} is before it"
        )));
    }
    let law = in_force_at(Parameter::FacilityTimeReportingRequired, publication_deadline);
    let duty_repeal_pending = law.next_change.is_some_and(|change| change.commencement == Commencement::NotCommenced);
    if duty_repeal_pending {
        warnings.push(Warning::new(
            "DUTY_MAY_BE_REPEALED",
            "The Employment Rights Act 2025 repeals the duty (TUA 2016 s.13); the commencement date is not confirmed, so check whether this report is still due.",
        ));
    }
    if input.nation == Nation::NorthernIreland {
        warnings.push(Warning::new("NOT_NORTHERN_IRELAND", "The Regulations do not apply in Northern Ireland."));
    }
    let required = match (input.months_over_49_employees, input.relevant_officials) {
        (Some(months), Some(officials)) => Some(
            i64::from(months) >= MONTHS_OVER_49_REQUIRED
                && officials >= 1
                && input.nation != Nation::NorthernIreland
                && law.value == 1,
        ),
        _ => None,
    };
    warnings.push(Warning::new("PUBLIC_SECTOR_ONLY", "Only relevant public-sector employers listed in Schedule 1 must report; devolved Welsh authorities are excluded."));
    let publication =
        FacilityTimePublication { period_start, period_end, publication_deadline, required, duty_repeal_pending };
    Ok((publication, warnings))
}

/// Runs `facility_time_publication` and explains it.
pub fn calculate(input: &FacilityTimeInput) -> Result<Calculation, CalcError> {
    let (result, warnings) = facility_time_publication(input)?;
    let required = match result.required {
        Some(true) => " This employer must report: it had a relevant union official and more than 49 employees for at least 7 months.",
        Some(false) => " This employer need not report: it needs at least one relevant union official and more than 49 employees throughout at least 7 months of the period.",
        None => "",
    };
    let explanation = format!(
        "The reporting period runs from {} to {}. The figures must be published on the employer's website, and in its annual report if it has one, by {}.{required}",
        long_date(result.period_start),
        long_date(result.period_end),
        long_date(result.publication_deadline),
    );
    Ok(Calculation::new(NAME, input, &result, explanation, warnings, SOURCE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::test_support::date;

    fn publication(day: &str, months: Option<u32>, officials: Option<u32>) -> FacilityTimePublication {
        let input = FacilityTimeInput {
            date_in_period: date(day),
            months_over_49_employees: months,
            relevant_officials: officials,
            nation: Nation::EnglandAndWales,
        };
        facility_time_publication(&input).expect("computes").0
    }

    #[test]
    fn period_2025_26_is_published_by_31_july_2026() {
        let result = publication("2025-04-01", None, None);
        assert_eq!((result.period_start, result.period_end), (date("2025-04-01"), date("2026-03-31")));
        assert_eq!(result.publication_deadline, date("2026-07-31"));
        assert_eq!(publication("2026-03-31", None, None).publication_deadline, date("2026-07-31"));
        assert!(result.duty_repeal_pending);
    }

    #[test]
    fn forty_five_employees_all_year_need_not_report() {
        assert_eq!(publication("2025-06-01", Some(0), Some(1)).required, Some(false));
    }

    #[test]
    fn fifty_two_employees_for_seven_months_with_one_official_must_report() {
        assert_eq!(publication("2025-06-01", Some(7), Some(1)).required, Some(true));
    }
}
