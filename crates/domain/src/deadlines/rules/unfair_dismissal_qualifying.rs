//! Rule 8.6: whether a dismissed employee has the continuous service needed to claim
//! ordinary unfair dismissal. The EDT is extended by the statutory minimum notice that
//! should have been given (s.97(2)), and some reasons need no service at all.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::deadlines::calculation::{long_date, Calculation, Warning};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::error::{CalcError, CalendarError};
use crate::deadlines::inputs::{Choice, InputKind, InputSpec, Inputs};
use crate::deadlines::months::period_end_beginning_with;
use crate::deadlines::parameters::{in_force_at, Parameter};
use crate::deadlines::registry::RuleSpec;

const NAME: &str = "unfair_dismissal_qualifying";
const SUMMARY: &str = "Does the employee have the qualifying service for ordinary unfair dismissal?";
const SOURCE: &str = "ERA 1996 s.108 (qualifying period; 6 months for EDTs from 1 January 2027 under ERA 2025), \
    s.97(2) (EDT extended by statutory notice), s.86 (statutory minimum notice), s.108(2)-(4) and TULRCA \
    ss.152, 238A (no qualifying period for automatically unfair reasons).";

/// Longest statutory minimum notice in weeks (s.86(1)(c)).
const MAX_NOTICE_WEEKS: u32 = 12;

/// The reason for dismissal, as far as it affects qualifying service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DismissalReason {
    Ordinary,
    TradeUnionMembership,
    TradeUnionActivities,
    RecognitionCampaign,
    ProtectedIndustrialAction,
    Accompanying,
    HealthAndSafety,
    Whistleblowing,
    PregnancyOrFamilyLeave,
    AssertingStatutoryRight,
    WorkingTime,
    NationalMinimumWage,
    FlexibleWorking,
    PensionAutoEnrolment,
    JuryService,
    EmployeeRepresentative,
    PartTimeOrFixedTerm,
    PoliticalOpinion,
    MedicalSuspension,
}

impl Choice for DismissalReason {
    const NAMES: &'static [&'static str] = &[
        "ordinary",
        "trade-union-membership",
        "trade-union-activities",
        "recognition-campaign",
        "protected-industrial-action",
        "accompanying",
        "health-and-safety",
        "whistleblowing",
        "pregnancy-or-family-leave",
        "asserting-statutory-right",
        "working-time",
        "national-minimum-wage",
        "flexible-working",
        "pension-auto-enrolment",
        "jury-service",
        "employee-representative",
        "part-time-or-fixed-term",
        "political-opinion",
        "medical-suspension",
    ];
    const VALUES: &'static [Self] = &[
        Self::Ordinary,
        Self::TradeUnionMembership,
        Self::TradeUnionActivities,
        Self::RecognitionCampaign,
        Self::ProtectedIndustrialAction,
        Self::Accompanying,
        Self::HealthAndSafety,
        Self::Whistleblowing,
        Self::PregnancyOrFamilyLeave,
        Self::AssertingStatutoryRight,
        Self::WorkingTime,
        Self::NationalMinimumWage,
        Self::FlexibleWorking,
        Self::PensionAutoEnrolment,
        Self::JuryService,
        Self::EmployeeRepresentative,
        Self::PartTimeOrFixedTerm,
        Self::PoliticalOpinion,
        Self::MedicalSuspension,
    ];
}

/// Inputs to `unfair_dismissal_qualifying`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct QualifyingInput {
    pub start_date: NaiveDate,
    pub edt: NaiveDate,
    /// The day notice was given; `None` with `summary = false` means proper notice was given.
    pub notice_given: Option<NaiveDate>,
    /// Dismissed without notice (notice treated as given on the EDT).
    pub summary: bool,
    pub reason: DismissalReason,
}

/// The qualifying-service answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Qualifying {
    pub qualifies: bool,
    /// `None` when no qualifying period applies.
    pub qualifying_months: Option<i64>,
    pub edt_for_qualifying: NaiveDate,
    pub statutory_notice_weeks: u32,
    pub threshold: Option<NaiveDate>,
    pub month_end_ambiguous: bool,
}

const INPUTS: &[InputSpec] = &[
    InputSpec::required("start-date", InputKind::Date, "the first day of continuous employment"),
    InputSpec::required("edt", InputKind::Date, "the effective date of termination"),
    InputSpec::optional(
        "notice-given-date",
        InputKind::Date,
        "the day notice of dismissal was given (if shorter than statutory notice)",
    ),
    InputSpec::optional("summary", InputKind::Bool, "dismissed without notice (default false)"),
    InputSpec::optional(
        "reason",
        InputKind::Choice { allowed: DismissalReason::NAMES },
        "the reason for dismissal (default ordinary)",
    ),
];

pub(crate) const SPEC: RuleSpec = RuleSpec::new(NAME, SUMMARY, INPUTS, from_inputs);

fn from_inputs(_calendar: &Calendar, inputs: &Inputs) -> Result<Calculation, CalcError> {
    let input = QualifyingInput {
        start_date: inputs.date("start-date")?,
        edt: inputs.date("edt")?,
        notice_given: inputs.opt_date("notice-given-date")?,
        summary: inputs.flag("summary")?,
        reason: inputs.opt_choice("reason")?.unwrap_or(DismissalReason::Ordinary),
    };
    calculate(&input)
}

/// Statutory minimum notice (s.86) for service from `start` to `notice_day`, in weeks.
fn statutory_notice_weeks(start: NaiveDate, notice_day: NaiveDate) -> Result<u32, CalendarError> {
    if period_end_beginning_with(start, 1)?.end > notice_day {
        return Ok(0);
    }
    let mut complete_years = 0;
    while complete_years < MAX_NOTICE_WEEKS
        && period_end_beginning_with(start, (complete_years + 1) * 12)?.end <= notice_day
    {
        complete_years += 1;
    }
    Ok(complete_years.max(1))
}

/// Decides qualifying service (rules.md 8.6).
pub fn unfair_dismissal_qualifying(input: &QualifyingInput) -> Result<(Qualifying, Vec<Warning>), CalcError> {
    if input.edt < input.start_date {
        return Err(CalcError::Impossible(format!("edt {} is before start-date {}", input.edt, input.start_date)));
    }
    let notice_day = if input.summary { Some(input.edt) } else { input.notice_given };
    if let Some(day) = notice_day.filter(|day| *day > input.edt || *day < input.start_date) {
        return Err(CalcError::Impossible(format!("notice-given-date {day} must fall between start-date and edt")));
    }
    let mut warnings = Vec::new();
    let (edt_for_qualifying, weeks) = match notice_day {
        Some(day) => {
            let weeks = statutory_notice_weeks(input.start_date, day)?;
            let notice_ends =
                day.checked_add_days(Days::new(u64::from(weeks) * 7)).ok_or(CalendarError::OutOfRange(day))?;
            (notice_ends.max(input.edt), weeks)
        }
        None => {
            warnings.push(Warning::new("NOTICE_ASSUMED_GIVEN", "No notice date given, so proper notice is assumed. If notice was short or the dismissal summary, add notice-given-date or summary=true: the EDT may be extended (s.97(2))."));
            (input.edt, 0)
        }
    };
    let months = match input.reason {
        DismissalReason::Ordinary => {
            Some(in_force_at(Parameter::UnfairDismissalQualifyingMonths, edt_for_qualifying).value)
        }
        DismissalReason::MedicalSuspension => Some(1),
        _ => None,
    };
    let Some(months) = months else {
        warnings.push(Warning::new(
            "NO_QUALIFYING_PERIOD",
            "This reason is automatically unfair: no qualifying service is needed.",
        ));
        let result = Qualifying {
            qualifies: true,
            qualifying_months: None,
            edt_for_qualifying,
            statutory_notice_weeks: weeks,
            threshold: None,
            month_end_ambiguous: false,
        };
        return Ok((result, warnings));
    };
    let period = period_end_beginning_with(input.start_date, u32::try_from(months).unwrap_or(24))?;
    let qualifies = edt_for_qualifying >= period.end;
    if period.month_end_ambiguous && (period.safe_target()..=period.end).contains(&edt_for_qualifying) {
        warnings.push(Warning::new(
            "MONTH_END_AMBIGUOUS",
            "The service ends on an ambiguous month-end day; take advice before relying on it.",
        ));
    }
    let switch = in_force_at(Parameter::UnfairDismissalQualifyingMonths, input.edt);
    if input.reason == DismissalReason::Ordinary && switch.value != months {
        warnings.push(Warning::new(
            "QUALIFYING_PERIOD_STRADDLES",
            "The actual and extended EDTs fall either side of 1 January 2027; the transitional rule is unconfirmed.",
        ));
    }
    let result = Qualifying {
        qualifies,
        qualifying_months: Some(months),
        edt_for_qualifying,
        statutory_notice_weeks: weeks,
        threshold: Some(period.end),
        month_end_ambiguous: period.month_end_ambiguous,
    };
    Ok((result, warnings))
}

/// Runs `unfair_dismissal_qualifying` and explains it.
pub fn calculate(input: &QualifyingInput) -> Result<Calculation, CalcError> {
    let (result, warnings) = unfair_dismissal_qualifying(input)?;
    let explanation = match (result.qualifying_months, result.threshold) {
        (Some(months), Some(threshold)) => format!(
            "Employment began on {}. {} months' continuous employment is needed, so the EDT must be on or after {}. The EDT for this purpose is {}{}, so the employee {}.",
            long_date(input.start_date),
            months,
            long_date(threshold),
            long_date(result.edt_for_qualifying),
            if result.edt_for_qualifying > input.edt { format!(" (extended by {} weeks' statutory notice)", result.statutory_notice_weeks) } else { String::new() },
            if result.qualifies { "qualifies" } else { "does not qualify" },
        ),
        _ => String::from("The reason for dismissal is automatically unfair, so no qualifying service is needed."),
    };
    Ok(Calculation::new(NAME, input, &result, explanation, warnings, SOURCE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::inputs::tests::assert_choice_names_round_trip;
    use crate::deadlines::test_support::date;

    fn check(start: &str, edt: &str, summary: bool, reason: DismissalReason) -> Qualifying {
        let input = QualifyingInput { start_date: date(start), edt: date(edt), notice_given: None, summary, reason };
        unfair_dismissal_qualifying(&input).expect("computes").0
    }

    #[test]
    fn reason_names_round_trip() {
        assert_choice_names_round_trip::<DismissalReason>();
    }

    #[test]
    fn exactly_two_years_qualifies() {
        assert!(check("2023-03-01", "2025-02-28", false, DismissalReason::Ordinary).qualifies);
    }

    #[test]
    fn one_day_short_does_not_qualify() {
        let result = check("2023-03-15", "2025-03-13", false, DismissalReason::Ordinary);
        assert!(!result.qualifies);
        assert_eq!(result.threshold, Some(date("2025-03-14")));
    }

    #[test]
    fn summary_dismissal_is_extended_by_a_weeks_notice() {
        let result = check("2024-01-15", "2026-01-10", true, DismissalReason::Ordinary);
        assert_eq!(result.edt_for_qualifying, date("2026-01-17"));
        assert_eq!(result.threshold, Some(date("2026-01-14")));
        assert!(result.qualifies);
    }

    #[test]
    fn six_month_regime_from_2027() {
        let result = check("2026-07-01", "2027-01-05", false, DismissalReason::Ordinary);
        assert_eq!(result.qualifying_months, Some(6));
        assert_eq!(result.threshold, Some(date("2026-12-31")));
        assert!(result.qualifies);
    }

    #[test]
    fn six_month_threshold_from_31_august_is_ambiguous() {
        let result = check("2026-08-31", "2027-03-01", false, DismissalReason::Ordinary);
        assert_eq!(result.threshold, Some(date("2027-02-28")));
        assert!(result.month_end_ambiguous);
    }

    #[test]
    fn trade_union_activities_need_no_service() {
        let result = check("2025-12-01", "2026-01-05", false, DismissalReason::TradeUnionActivities);
        assert!(result.qualifies);
        assert_eq!(result.qualifying_months, None);
    }

    #[test]
    fn statutory_notice_grows_a_week_per_year_to_twelve() {
        assert_eq!(statutory_notice_weeks(date("2025-01-01"), date("2025-01-20")), Ok(0));
        assert_eq!(statutory_notice_weeks(date("2025-01-01"), date("2025-03-01")), Ok(1));
        assert_eq!(statutory_notice_weeks(date("2020-01-01"), date("2025-06-01")), Ok(5));
        assert_eq!(statutory_notice_weeks(date("1990-01-01"), date("2025-06-01")), Ok(12));
    }

    #[test]
    fn edt_before_start_is_impossible() {
        let input = QualifyingInput {
            start_date: date("2025-01-01"),
            edt: date("2024-01-01"),
            notice_given: None,
            summary: false,
            reason: DismissalReason::Ordinary,
        };
        assert!(matches!(unfair_dismissal_qualifying(&input), Err(CalcError::Impossible(_))));
    }
}
