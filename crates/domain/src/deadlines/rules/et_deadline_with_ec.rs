//! Rule 1.2: the tribunal deadline once ACAS early conciliation is taken into account.
//! s.207B(3) stops the clock from the day after Day A to Day B; s.207B(4) then makes sure
//! at least one month remains after Day B. Both apply, in that order (Luton BC v Haque).

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::et_primary_limit::{primary_limit, ClaimType, PrimaryLimitInput};
use crate::deadlines::calculation::{long_date, Calculation, Warning};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::error::{CalcError, CalendarError};
use crate::deadlines::inputs::{Choice, InputKind, InputSpec, Inputs, NATION_INPUT};
use crate::deadlines::months::add_months_corresponding;
use crate::deadlines::parameters::{value_at, Parameter};
use crate::deadlines::registry::RuleSpec;
use crate::organisation::Nation;

const NAME: &str = "et_deadline_with_ec";
const SUMMARY: &str = "Employment tribunal deadline after ACAS early conciliation (Day A / Day B)";
const SOURCE: &str = "ERA 1996 s.207B(2)-(4); EqA 2010 s.140B; ET Extension of Jurisdiction Order 1994 art 8B; \
    Luton BC v Haque [2018] (apply s.207B(3) then (4)); Tanveer v East London Bus & Coach [2016] \
    (one month after Day B is the corresponding date); SI 2025/1153 (12-week EC from 1 Dec 2025).";

/// Days before the deadline at which reminders are due.
const REMINDER_DAYS_BEFORE: [u64; 4] = [28, 14, 7, 2];

/// Which part of s.207B decided the deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EcRuleApplied {
    NoEc,
    #[serde(rename = "StopClock_s207B3")]
    StopClock,
    #[serde(rename = "OneMonthFloor_s207B4")]
    OneMonthFloor,
    EcAfterExpiry,
}

/// Inputs to `et_deadline_with_ec`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EcDeadlineInput {
    pub claim_type: ClaimType,
    pub trigger_date: NaiveDate,
    /// Day ACAS was notified (form received or phone call).
    pub day_a: Option<NaiveDate>,
    /// Day the EC certificate was received.
    pub day_b: Option<NaiveDate>,
    pub nation: Nation,
    pub as_at: Option<NaiveDate>,
}

/// The effect of early conciliation on one primary limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EcOutcome {
    pub deadline: NaiveDate,
    pub rule_applied: EcRuleApplied,
    pub days_not_counted: Option<i64>,
    pub extended_limit: Option<NaiveDate>,
    pub one_month_floor: Option<NaiveDate>,
    /// Day B used: the certificate date, or the latest it can be while EC is running.
    pub day_b_used: Option<NaiveDate>,
    /// True while EC is still running: recompute when the certificate arrives.
    pub provisional: bool,
}

/// The full result of `et_deadline_with_ec`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EcDeadline {
    pub primary_limit: NaiveDate,
    pub month_end_ambiguous: bool,
    #[serde(flatten)]
    pub outcome: EcOutcome,
    /// The same chain run from the cautious primary limit; equals `deadline` unless ambiguous.
    pub safe_deadline: NaiveDate,
    /// The last working day on or before `safe_deadline`.
    pub practical_deadline: NaiveDate,
    pub reminders: Vec<NaiveDate>,
    pub extension_test: &'static str,
}

const INPUTS: &[InputSpec] = &[
    InputSpec::required("claim-type", InputKind::Choice { allowed: ClaimType::NAMES }, "the kind of tribunal claim"),
    InputSpec::required(
        "trigger-date",
        InputKind::Date,
        "the act, failure, payment or effective date of termination that starts time",
    ),
    InputSpec::optional(
        "day-a",
        InputKind::Date,
        "Day A: the day ACAS was notified (omit if early conciliation has not started)",
    ),
    InputSpec::optional(
        "day-b",
        InputKind::Date,
        "Day B: the day the EC certificate was received (omit while EC is running)",
    ),
    NATION_INPUT,
    InputSpec::optional("as-at", InputKind::Date, "the date whose law to apply (default: the trigger date)"),
];

pub(crate) const SPEC: RuleSpec = RuleSpec::new(NAME, SUMMARY, INPUTS, from_inputs);

fn from_inputs(calendar: &Calendar, inputs: &Inputs) -> Result<Calculation, CalcError> {
    let input = EcDeadlineInput {
        claim_type: inputs.choice("claim-type")?,
        trigger_date: inputs.date("trigger-date")?,
        day_a: inputs.opt_date("day-a")?,
        day_b: inputs.opt_date("day-b")?,
        nation: inputs.nation()?,
        as_at: inputs.opt_date("as-at")?,
    };
    calculate(&input, calendar)
}

/// Applies the s.207B algorithm (rules.md 1.2 steps 1 to 7) to one primary limit.
pub fn apply_early_conciliation(
    primary_limit: NaiveDate,
    trigger_date: NaiveDate,
    day_a: Option<NaiveDate>,
    day_b: Option<NaiveDate>,
) -> Result<EcOutcome, CalcError> {
    let no_extension = |rule_applied| EcOutcome {
        deadline: primary_limit,
        rule_applied,
        days_not_counted: None,
        extended_limit: None,
        one_month_floor: None,
        day_b_used: None,
        provisional: false,
    };
    let Some(day_a) = day_a else {
        if day_b.is_some() {
            return Err(CalcError::Impossible("day-b (EC certificate) given without day-a (ACAS notification)".into()));
        }
        return Ok(no_extension(EcRuleApplied::NoEc));
    };
    if let Some(day_b) = day_b.filter(|day_b| *day_b < day_a) {
        return Err(CalcError::Impossible(format!("Day B {day_b} is before Day A {day_a}")));
    }
    if day_a > primary_limit {
        return Ok(no_extension(EcRuleApplied::EcAfterExpiry));
    }
    let (day_b, provisional) = match day_b {
        Some(day_b) => (day_b, false),
        None => {
            let max_days = value_at(Parameter::EcMaxDays, day_a).unsigned_abs();
            let latest = day_a.checked_add_days(Days::new(max_days)).ok_or(CalendarError::OutOfRange(day_a))?;
            (latest, true)
        }
    };
    // Only days from the trigger date onwards are not counted (edge case c, conservative).
    let day_before_trigger = trigger_date.pred_opt().ok_or(CalendarError::OutOfRange(trigger_date))?;
    let clock_stopped_after = day_a.max(day_before_trigger);
    let days_not_counted = (day_b - clock_stopped_after).num_days().max(0);
    let extended = primary_limit
        .checked_add_days(Days::new(days_not_counted.unsigned_abs()))
        .ok_or(CalendarError::OutOfRange(primary_limit))?;
    let floor = add_months_corresponding(day_b, 1)?;
    let (deadline, rule_applied) =
        if floor > extended { (floor, EcRuleApplied::OneMonthFloor) } else { (extended, EcRuleApplied::StopClock) };
    Ok(EcOutcome {
        deadline,
        rule_applied,
        days_not_counted: Some(days_not_counted),
        extended_limit: Some(extended),
        one_month_floor: Some(floor),
        day_b_used: Some(day_b),
        provisional,
    })
}

/// Runs the whole chain: primary limit, EC extension, cautious chain, practical deadline.
pub fn et_deadline_with_ec(
    input: &EcDeadlineInput,
    calendar: &Calendar,
) -> Result<(EcDeadline, Vec<Warning>), CalcError> {
    let primary_input = PrimaryLimitInput {
        claim_type: input.claim_type,
        trigger_date: input.trigger_date,
        nation: input.nation,
        as_at: input.as_at,
    };
    let (primary, mut warnings) = primary_limit(&primary_input, calendar)?;
    // Practical-deadline advice is redone below for the extended deadline.
    warnings.retain(|warning| warning.code != "DEADLINE_NOT_A_WORKING_DAY");
    let (day_a, day_b) = if input.claim_type.early_conciliation_applies() {
        (input.day_a, input.day_b)
    } else {
        if input.day_a.is_some() || input.day_b.is_some() {
            warnings.push(Warning::new("EC_NOT_APPLICABLE", "Early conciliation is not required for this claim and does not extend its time limit; the EC dates were ignored."));
        }
        (None, None)
    };
    let outcome = apply_early_conciliation(primary.primary_limit, input.trigger_date, day_a, day_b)?;
    let safe = apply_early_conciliation(primary.safe_target, input.trigger_date, day_a, day_b)?;
    let safe_deadline = safe.deadline.min(outcome.deadline);
    let practical_deadline = calendar.last_working_day_on_or_before(safe_deadline, input.nation)?;
    warnings.extend(outcome_warnings(input, &outcome, safe_deadline, practical_deadline));
    let reminders =
        REMINDER_DAYS_BEFORE.iter().filter_map(|days| safe_deadline.checked_sub_days(Days::new(*days))).collect();
    let result = EcDeadline {
        primary_limit: primary.primary_limit,
        month_end_ambiguous: primary.month_end_ambiguous,
        outcome,
        safe_deadline,
        practical_deadline,
        reminders,
        extension_test: primary.extension_test,
    };
    Ok((result, warnings))
}

fn outcome_warnings(
    input: &EcDeadlineInput,
    outcome: &EcOutcome,
    safe_deadline: NaiveDate,
    practical: NaiveDate,
) -> Vec<Warning> {
    let mut warnings = Vec::new();
    if outcome.rule_applied == EcRuleApplied::EcAfterExpiry {
        warnings.push(Warning::new(
            "EC_AFTER_EXPIRY",
            "CRITICAL: ACAS was notified after the primary limit had expired, so early conciliation gives no extension. The claim is already out of time; only the tribunal's discretion can help. Refer to an officer now.",
        ));
    }
    if outcome.provisional {
        warnings.push(Warning::new(
            "EC_IN_PROGRESS_PROVISIONAL",
            "Early conciliation is still running: this deadline assumes the certificate arrives on the last possible day. Recalculate as soon as it arrives; an earlier certificate gives an earlier deadline.",
        ));
    }
    if let Some(day_a) = input.day_a.filter(|day_a| *day_a < input.trigger_date) {
        warnings.push(Warning::new(
            "EC_STARTED_BEFORE_TRIGGER",
            format!("ACAS was notified ({}) before the trigger date; only days from the trigger date onwards are treated as not counted. Some tribunals have counted the whole period, but there is no binding authority.", long_date(day_a)),
        ));
    }
    if safe_deadline < outcome.deadline {
        warnings.push(Warning::new(
            "SAFE_DEADLINE_EARLIER",
            format!(
                "Because the primary limit falls at an ambiguous month end, work to {} rather than {}.",
                long_date(safe_deadline),
                long_date(outcome.deadline)
            ),
        ));
    }
    if practical < safe_deadline {
        warnings.push(Warning::new(
            "DEADLINE_NOT_A_WORKING_DAY",
            format!(
                "{} is not a working day. The deadline does not move, so present the claim by {}.",
                long_date(safe_deadline),
                long_date(practical)
            ),
        ));
    }
    warnings.push(Warning::new("SECOND_EC_NO_EXTENSION", "A second EC notification or certificate for the same matter gives no further extension: use the first certificate's dates."));
    warnings
}

/// Runs `et_deadline_with_ec` and explains it.
pub fn calculate(input: &EcDeadlineInput, calendar: &Calendar) -> Result<Calculation, CalcError> {
    let (result, warnings) = et_deadline_with_ec(input, calendar)?;
    let outcome = &result.outcome;
    let how = match (outcome.rule_applied, outcome.days_not_counted, outcome.day_b_used) {
        (EcRuleApplied::NoEc, _, _) => String::from("No early conciliation is recorded, so the deadline is the primary limit."),
        (EcRuleApplied::EcAfterExpiry, _, _) => String::from("ACAS was notified after the primary limit, so there is no extension."),
        (rule, Some(days), Some(day_b)) => format!(
            "The {days} days of early conciliation up to Day B ({}) are not counted, giving {}; the deadline must also be at least one month after Day B, {}. {} wins.",
            long_date(day_b),
            outcome.extended_limit.map(long_date).unwrap_or_default(),
            outcome.one_month_floor.map(long_date).unwrap_or_default(),
            if rule == EcRuleApplied::OneMonthFloor { "The one-month floor" } else { "Stopping the clock" },
        ),
        _ => String::new(),
    };
    let explanation = format!(
        "The primary limit is {}. {how} The deadline is {}{}. Present the claim by {}.",
        long_date(result.primary_limit),
        long_date(outcome.deadline),
        if outcome.provisional { " (provisional while EC is running)" } else { "" },
        long_date(result.practical_deadline),
    );
    Ok(Calculation::new(NAME, input, &result, explanation, warnings, SOURCE))
}

#[cfg(test)]
#[path = "et_deadline_with_ec_tests.rs"]
mod tests;
