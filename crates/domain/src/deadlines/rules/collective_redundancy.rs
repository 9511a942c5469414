//! Rule 4: collective redundancy consultation (TULRCA ss.188-193). How many dismissals
//! are proposed at one establishment within 90 days decides whether the duty arises and
//! how long consultation must run before the first dismissal takes effect.

use std::collections::BTreeMap;

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::deadlines::calculation::{long_date, Calculation, Warning};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::error::{CalcError, CalendarError};
use crate::deadlines::inputs::{InputKind, InputSpec, Inputs};
use crate::deadlines::months::period_end_beginning_with;
use crate::deadlines::parameters::{value_at, Parameter};
use crate::deadlines::registry::RuleSpec;

const NAME: &str = "collective_redundancy_obligations";
const SUMMARY: &str = "Collective consultation duty, latest start, HR1 deadline and protective award limits";
const SOURCE: &str = "TULRCA 1992 s.188(1), (1A), (3) (consultation), s.189 (protective award; 180 days for \
    dismissals from 6 April 2026 under ERA 2025, government position), s.193 (HR1), s.195; GOV.UK guidance.";

/// Length of the window in which proposed dismissals are added together.
const AGGREGATION_WINDOW_DAYS: u64 = 90;

/// One proposed dismissal, for counting across proposals made at different times.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProposedDismissal {
    pub establishment: String,
    pub effective_date: NaiveDate,
    /// Consultation about this employee has already begun (s.188(3): not counted again).
    pub consultation_begun: bool,
}

/// The largest number of dismissals at one establishment taking effect within any 90 days.
pub fn largest_group_within_90_days(dismissals: &[ProposedDismissal]) -> usize {
    let mut by_establishment: BTreeMap<&str, Vec<NaiveDate>> = BTreeMap::new();
    for dismissal in dismissals.iter().filter(|d| !d.consultation_begun) {
        by_establishment.entry(dismissal.establishment.as_str()).or_default().push(dismissal.effective_date);
    }
    by_establishment
        .values_mut()
        .map(|dates| {
            dates.sort_unstable();
            dates
                .iter()
                .map(|start| {
                    let window_end =
                        start.checked_add_days(Days::new(AGGREGATION_WINDOW_DAYS - 1)).unwrap_or(NaiveDate::MAX);
                    dates.iter().filter(|date| *date >= start && **date <= window_end).count()
                })
                .max()
                .unwrap_or(0)
        })
        .max()
        .unwrap_or(0)
}

/// Inputs to `collective_redundancy_obligations`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RedundancyInput {
    /// Dismissals proposed at one establishment within 90 days (not yet in consultation).
    pub proposed_dismissals: u32,
    pub first_dismissal_date: NaiveDate,
    /// The date the last dismissal takes effect (for the protective-award claim).
    pub last_dismissal_date: Option<NaiveDate>,
}

/// The employer's obligations.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RedundancyObligations {
    pub duty_triggered: bool,
    pub min_consultation_days: Option<i64>,
    pub latest_consultation_start: Option<NaiveDate>,
    pub hr1_deadline: Option<NaiveDate>,
    pub protective_award_max_days: Option<i64>,
    pub protective_award_claim_deadline: Option<NaiveDate>,
}

const INPUTS: &[InputSpec] = &[
    InputSpec::required(
        "proposed-dismissals",
        InputKind::Integer { min: 0, max: 1_000_000 },
        "dismissals proposed at one establishment within 90 days, not already in consultation",
    ),
    InputSpec::required("first-dismissal-date", InputKind::Date, "the date the first dismissal is to take effect"),
    InputSpec::optional(
        "last-dismissal-date",
        InputKind::Date,
        "the date the last dismissal takes effect (default: the first)",
    ),
];

pub(crate) const SPEC: RuleSpec = RuleSpec::new(NAME, SUMMARY, INPUTS, from_inputs);

fn from_inputs(_calendar: &Calendar, inputs: &Inputs) -> Result<Calculation, CalcError> {
    let count = inputs.opt_integer("proposed-dismissals")?.unwrap_or(0);
    let input = RedundancyInput {
        proposed_dismissals: u32::try_from(count).unwrap_or(u32::MAX),
        first_dismissal_date: inputs.date("first-dismissal-date")?,
        last_dismissal_date: inputs.opt_date("last-dismissal-date")?,
    };
    calculate(&input)
}

/// Works out the obligations (rules.md rule 4, steps 2 to 6).
pub fn collective_redundancy_obligations(
    input: &RedundancyInput,
) -> Result<(RedundancyObligations, Vec<Warning>), CalcError> {
    let first = input.first_dismissal_date;
    let last = input.last_dismissal_date.unwrap_or(first);
    if last < first {
        return Err(CalcError::Impossible(format!(
            "last-dismissal-date {last} is before first-dismissal-date {first}"
        )));
    }
    let count = i64::from(input.proposed_dismissals);
    let mut warnings = vec![Warning::new(
        "ESTABLISHMENT_COUNT_ONLY",
        "Count per establishment (the unit workers are assigned to). A future employer-wide threshold is expected but not in force.",
    )];
    if count < value_at(Parameter::RedundancyThresholdLower, first) {
        warnings.push(Warning::new(
            "INDIVIDUAL_CONSULTATION",
            "No collective duty, but individual consultation is still needed for a fair dismissal.",
        ));
        let none = RedundancyObligations {
            duty_triggered: false,
            min_consultation_days: None,
            latest_consultation_start: None,
            hr1_deadline: None,
            protective_award_max_days: None,
            protective_award_claim_deadline: None,
        };
        return Ok((none, warnings));
    }
    let min_days = if count >= value_at(Parameter::RedundancyThresholdUpper, first) {
        value_at(Parameter::RedundancyConsultationDaysUpper, first)
    } else {
        value_at(Parameter::RedundancyConsultationDaysLower, first)
    };
    let latest_start =
        first.checked_sub_days(Days::new(min_days.unsigned_abs())).ok_or(CalendarError::OutOfRange(first))?;
    let award_at_first = value_at(Parameter::ProtectiveAwardMaxDays, first);
    let award_at_last = value_at(Parameter::ProtectiveAwardMaxDays, last);
    if award_at_first != award_at_last {
        warnings.push(Warning::new(
            "PROTECTIVE_AWARD_STRADDLES",
            format!("Dismissals before 6 April 2026 carry a maximum of {award_at_first} days; those from that date {award_at_last} days (the trigger is the government's reading)."),
        ));
    }
    let claim = period_end_beginning_with(last, 3)?;
    warnings.push(Warning::new("HR1_CRIMINAL_OFFENCE", "Failing to send form HR1 is a criminal offence; a copy must go to the representatives, and it must be sent before any dismissal notice."));
    let obligations = RedundancyObligations {
        duty_triggered: true,
        min_consultation_days: Some(min_days),
        latest_consultation_start: Some(latest_start),
        hr1_deadline: Some(latest_start),
        protective_award_max_days: Some(award_at_last),
        protective_award_claim_deadline: Some(claim.safe_target()),
    };
    Ok((obligations, warnings))
}

/// Runs `collective_redundancy_obligations` and explains it.
pub fn calculate(input: &RedundancyInput) -> Result<Calculation, CalcError> {
    let (result, warnings) = collective_redundancy_obligations(input)?;
    let explanation = match (result.min_consultation_days, result.latest_consultation_start) {
        (Some(days), Some(start)) => format!(
            "{} dismissals are proposed at one establishment within 90 days, so collective consultation is required for at least {days} days before the first dismissal takes effect ({}). Consultation must begin, and form HR1 reach the Secretary of State, by {} at the latest, and in good time. A protective award of up to {} days' pay per employee is possible; the complaint must be presented by {}.",
            input.proposed_dismissals,
            long_date(input.first_dismissal_date),
            long_date(start),
            result.protective_award_max_days.unwrap_or_default(),
            result.protective_award_claim_deadline.map(long_date).unwrap_or_default(),
        ),
        _ => format!("{} proposed dismissals is below the threshold of 20 at one establishment within 90 days: no collective consultation duty.", input.proposed_dismissals),
    };
    Ok(Calculation::new(NAME, input, &result, explanation, warnings, SOURCE))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::test_support::date;

    fn obligations(count: u32, first: &str, last: Option<&str>) -> RedundancyObligations {
        let input = RedundancyInput {
            proposed_dismissals: count,
            first_dismissal_date: date(first),
            last_dismissal_date: last.map(date),
        };
        collective_redundancy_obligations(&input).expect("computes").0
    }

    fn proposals(establishment: &str, count: usize, effective: &str) -> Vec<ProposedDismissal> {
        vec![
            ProposedDismissal {
                establishment: establishment.into(),
                effective_date: date(effective),
                consultation_begun: false
            };
            count
        ]
    }

    #[test]
    fn nineteen_dismissals_trigger_no_collective_duty() {
        assert!(!obligations(19, "2026-03-31", None).duty_triggered);
    }

    #[test]
    fn twenty_five_need_thirty_days() {
        let result = obligations(25, "2026-03-31", None);
        assert_eq!(result.min_consultation_days, Some(30));
        assert_eq!(result.latest_consultation_start, Some(date("2026-03-01")));
        assert_eq!(result.hr1_deadline, Some(date("2026-03-01")));
    }

    #[test]
    fn one_hundred_and_twenty_need_forty_five_days() {
        let result = obligations(120, "2026-03-31", None);
        assert_eq!(result.min_consultation_days, Some(45));
        assert_eq!(result.hr1_deadline, Some(date("2026-02-14")));
    }

    #[test]
    fn later_proposals_within_90_days_are_added_together() {
        let mut all = proposals("site", 15, "2026-01-02");
        all.extend(proposals("site", 10, "2026-03-03"));
        let count = largest_group_within_90_days(&all);
        assert_eq!(count, 25);
        let result = obligations(u32::try_from(count).unwrap_or(0), "2026-01-02", None);
        assert_eq!(result.latest_consultation_start, Some(date("2025-12-03")));
    }

    #[test]
    fn separate_establishments_are_counted_separately() {
        let mut all = proposals("site-a", 60, "2026-05-01");
        all.extend(proposals("site-b", 60, "2026-05-01"));
        assert_eq!(largest_group_within_90_days(&all), 60);
        assert_eq!(obligations(60, "2026-05-01", None).min_consultation_days, Some(30));
    }

    #[test]
    fn employees_already_in_consultation_are_not_counted() {
        let mut all = proposals("site", 15, "2026-01-02");
        all.push(ProposedDismissal {
            establishment: "site".into(),
            effective_date: date("2026-01-02"),
            consultation_begun: true,
        });
        assert_eq!(largest_group_within_90_days(&all), 15);
    }

    #[test]
    fn protective_award_claim_after_april_2026_is_180_days() {
        let result = obligations(25, "2026-05-29", Some("2026-05-29"));
        assert_eq!(result.protective_award_claim_deadline, Some(date("2026-08-28")));
        assert_eq!(result.protective_award_max_days, Some(180));
        assert_eq!(obligations(25, "2026-03-01", None).protective_award_max_days, Some(90));
    }
}
