//! Rule 1.1: the primary time limit for presenting an employment-tribunal claim, before
//! any early-conciliation extension. Claim types differ in statute, length and in how the
//! tribunal may extend, so each carries its own row.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::deadlines::calculation::{long_date, Calculation, Warning};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::error::CalcError;
use crate::deadlines::inputs::{Choice, InputKind, InputSpec, Inputs, NATION_INPUT};
use crate::deadlines::months::period_end_beginning_with;
use crate::deadlines::parameters::{in_force_at, Commencement, Parameter};
use crate::deadlines::registry::RuleSpec;
use crate::organisation::Nation;

const NAME: &str = "et_primary_limit";
const SUMMARY: &str = "Employment tribunal primary time limit for one claim type (no early conciliation)";
const SOURCE: &str = "ERA 1996 s.111(2), s.23, s.48(3), s.80H(5), s.128(2), s.164; EqA 2010 s.123, s.129; \
    TULRCA s.147, s.161(2), s.171, s.189(5), s.239(2); ERA 1999 s.11(2); WTR 1998 reg 30; \
    ET Extension of Jurisdiction Order 1994 art 7. Periods \"beginning with\" the trigger date \
    (rules.md P2; LRD \"Counting time\").";

/// The kind of tribunal claim; each has its own time limit and trigger date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ClaimType {
    UnfairDismissal,
    Discrimination,
    UnlawfulDeduction,
    HolidayPay,
    Detriment,
    AccompanimentBreach,
    UnionTimeOff,
    ProtectiveAward,
    FlexibleWorking,
    BreachOfContract,
    RedundancyPayment,
    EqualPay,
    IndustrialActionDismissal,
    InterimRelief,
}

impl Choice for ClaimType {
    const NAMES: &'static [&'static str] = &[
        "unfair-dismissal",
        "discrimination",
        "unlawful-deduction",
        "holiday-pay",
        "detriment",
        "accompaniment-breach",
        "union-time-off",
        "protective-award",
        "flexible-working",
        "breach-of-contract",
        "redundancy-payment",
        "equal-pay",
        "industrial-action-dismissal",
        "interim-relief",
    ];
    const VALUES: &'static [Self] = &[
        Self::UnfairDismissal,
        Self::Discrimination,
        Self::UnlawfulDeduction,
        Self::HolidayPay,
        Self::Detriment,
        Self::AccompanimentBreach,
        Self::UnionTimeOff,
        Self::ProtectiveAward,
        Self::FlexibleWorking,
        Self::BreachOfContract,
        Self::RedundancyPayment,
        Self::EqualPay,
        Self::IndustrialActionDismissal,
        Self::InterimRelief,
    ];
}

impl ClaimType {
    /// Which parameter gives the period's length.
    fn period_parameter(self) -> Parameter {
        match self {
            Self::BreachOfContract => Parameter::EtMonthsBreachOfContract,
            Self::RedundancyPayment | Self::EqualPay | Self::IndustrialActionDismissal => {
                Parameter::EtMonthsSixMonthClaims
            }
            Self::InterimRelief => Parameter::InterimReliefDays,
            _ => Parameter::EtMonthsStandard,
        }
    }

    /// The test a tribunal applies to a late claim, as a stable code.
    pub fn extension_test(self) -> &'static str {
        match self {
            Self::Discrimination => "just_and_equitable",
            Self::RedundancyPayment => "just_and_equitable_up_to_12_months",
            Self::EqualPay | Self::InterimRelief => "none",
            _ => "not_reasonably_practicable",
        }
    }

    /// Whether ACAS early conciliation is needed (and so can extend time).
    pub fn early_conciliation_applies(self) -> bool {
        self != Self::InterimRelief
    }

    fn trigger_description(self) -> &'static str {
        match self {
            Self::UnfairDismissal | Self::BreachOfContract | Self::InterimRelief => "effective date of termination",
            Self::Discrimination => "date of the act (or end of conduct extending over a period)",
            Self::UnlawfulDeduction => "date of payment (the last deduction in a series)",
            Self::HolidayPay => "date payment or leave was due",
            Self::Detriment => "date of the act or failure (the last in a series)",
            Self::AccompanimentBreach | Self::UnionTimeOff => "date of the failure or threat",
            Self::ProtectiveAward => "date the last dismissal takes effect",
            Self::FlexibleWorking => "relevant date (decision or breach)",
            Self::RedundancyPayment => "relevant date (normally the effective date of termination)",
            Self::EqualPay => "last day of employment",
            Self::IndustrialActionDismissal => "date of dismissal",
        }
    }
}

/// Inputs to `et_primary_limit`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PrimaryLimitInput {
    pub claim_type: ClaimType,
    pub trigger_date: NaiveDate,
    pub nation: Nation,
    /// The date whose law applies; defaults to the trigger date.
    pub as_at: Option<NaiveDate>,
}

/// The primary limit and how it was reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PrimaryLimit {
    pub primary_limit: NaiveDate,
    pub month_end_ambiguous: bool,
    pub safe_target: NaiveDate,
    pub practical_deadline: NaiveDate,
    pub months: Option<i64>,
    pub days: Option<i64>,
    pub extension_test: &'static str,
    pub early_conciliation_applies: bool,
}

const INPUTS: &[InputSpec] = &[
    InputSpec::required("claim-type", InputKind::Choice { allowed: ClaimType::NAMES }, "the kind of tribunal claim"),
    InputSpec::required(
        "trigger-date",
        InputKind::Date,
        "the act, failure, payment or effective date of termination that starts time",
    ),
    NATION_INPUT,
    InputSpec::optional("as-at", InputKind::Date, "the date whose law to apply (default: the trigger date)"),
];

pub(crate) const SPEC: RuleSpec = RuleSpec::new(NAME, SUMMARY, INPUTS, from_inputs);

fn from_inputs(calendar: &Calendar, inputs: &Inputs) -> Result<Calculation, CalcError> {
    let input = PrimaryLimitInput {
        claim_type: inputs.choice("claim-type")?,
        trigger_date: inputs.date("trigger-date")?,
        nation: inputs.nation()?,
        as_at: inputs.opt_date("as-at")?,
    };
    calculate(&input, calendar)
}

/// Works out the primary limit and the warnings that go with it.
pub fn primary_limit(
    input: &PrimaryLimitInput,
    calendar: &Calendar,
) -> Result<(PrimaryLimit, Vec<Warning>), CalcError> {
    let claim = input.claim_type;
    let as_at = input.as_at.unwrap_or(input.trigger_date);
    let law = in_force_at(claim.period_parameter(), as_at);
    let mut warnings = Vec::new();
    let (end, ambiguous, months, days) = if claim == ClaimType::InterimRelief {
        let days = law.value;
        let end = input
            .trigger_date
            .checked_add_days(Days::new(days.unsigned_abs()))
            .ok_or(crate::deadlines::error::CalendarError::OutOfRange(input.trigger_date))?;
        (end, false, None, Some(days))
    } else {
        let months = u32::try_from(law.value).unwrap_or(3);
        let period = period_end_beginning_with(input.trigger_date, months)?;
        (period.end, period.month_end_ambiguous, Some(law.value), None)
    };
    let safe_target = if ambiguous { end.pred_opt().unwrap_or(end) } else { end };
    let practical_deadline = calendar.last_working_day_on_or_before(safe_target, input.nation)?;
    if ambiguous {
        warnings.push(Warning::new(
            "MONTH_END_AMBIGUOUS",
            format!(
                "The period ends at a month end that some practitioners count one day shorter: work to {} rather than {}.",
                long_date(safe_target),
                long_date(end)
            ),
        ));
    }
    if let Some(change) = law.next_change.filter(|change| change.commencement == Commencement::NotCommenced) {
        warnings.push(Warning::new(
            "SIX_MONTH_LIMIT_NOT_IN_FORCE",
            format!(
                "The Employment Rights Act 2025 will make this limit {} months (expected no earlier than {}), but it has not commenced and the transitional rules are unpublished, so {} months is used.",
                change.value,
                long_date(change.effective_from),
                law.value
            ),
        ));
    }
    if practical_deadline < safe_target {
        warnings.push(Warning::new(
            "DEADLINE_NOT_A_WORKING_DAY",
            format!(
                "{} is not a working day. The limit does not move, so present the claim by {}.",
                long_date(safe_target),
                long_date(practical_deadline)
            ),
        ));
    }
    if !calendar.covers(end, input.nation) {
        warnings.push(Warning::new(
            "HOLIDAY_DATA_MISSING",
            "Bank-holiday data does not reach this year; working-day dates may be wrong.",
        ));
    }
    warnings.extend(claim_specific_warnings(claim));
    if let Some(as_at) = input.as_at.filter(|as_at| *as_at > end) {
        warnings.push(Warning::new(
            "PRIMARY_LIMIT_PASSED",
            format!("As at {} the primary limit has passed; only an extension (early conciliation or the tribunal's discretion) can help.", long_date(as_at)),
        ));
    }
    let limit = PrimaryLimit {
        primary_limit: end,
        month_end_ambiguous: ambiguous,
        safe_target,
        practical_deadline,
        months,
        days,
        extension_test: claim.extension_test(),
        early_conciliation_applies: claim.early_conciliation_applies(),
    };
    Ok((limit, warnings))
}

fn claim_specific_warnings(claim: ClaimType) -> Vec<Warning> {
    let (code, message) = match claim {
        ClaimType::UnlawfulDeduction => ("DEDUCTIONS_TWO_YEAR_BACKSTOP", "No deduction paid more than 2 years before the claim is presented can be recovered (ERA 1996 s.23(4A))."),
        ClaimType::RedundancyPayment => ("REDUNDANCY_PAYMENT_FOUR_STEPS", "The claim is in time if within 6 months the payment is agreed and paid, a written claim is made to the employer, a reference is made to the tribunal, or an unfair-dismissal claim is presented; otherwise the tribunal may allow up to 12 months."),
        ClaimType::EqualPay => ("EQUAL_PAY_NO_EXTENSION", "The tribunal cannot extend this limit. Stable-work, concealment and incapacity cases start from other dates."),
        ClaimType::ProtectiveAward => ("PROTECTIVE_AWARD_EARLY_CLAIM", "The claim may also be presented before the last dismissal takes effect."),
        ClaimType::InterimRelief => ("INTERIM_RELIEF_NO_EXTENSION", "Interim relief must be claimed within 7 days after the effective date of termination; there is no early conciliation and no extension."),
        ClaimType::Discrimination => ("CONDUCT_OVER_A_PERIOD", "For conduct extending over a period, time runs from the end of the period (EqA 2010 s.123(3))."),
        _ => return Vec::new(),
    };
    vec![Warning::new(code, message)]
}

/// Runs `et_primary_limit` and explains it.
pub fn calculate(input: &PrimaryLimitInput, calendar: &Calendar) -> Result<Calculation, CalcError> {
    let (limit, warnings) = primary_limit(input, calendar)?;
    let length = match (limit.months, limit.days) {
        (Some(months), _) => format!("{months} months beginning with"),
        (None, Some(days)) => format!("{days} days immediately after"),
        (None, None) => String::from("the period after"),
    };
    let explanation = format!(
        "For this claim time runs from the {} ({}). The limit is {} that date, so the primary limit is {}{}. Present the claim by {} at the latest in practice.{}",
        input.claim_type.trigger_description(),
        long_date(input.trigger_date),
        length,
        long_date(limit.primary_limit),
        if limit.month_end_ambiguous { format!(" (cautious reading: {})", long_date(limit.safe_target)) } else { String::new() },
        long_date(limit.practical_deadline),
        if limit.early_conciliation_applies { " ACAS early conciliation must be started before the limit and extends it: use et_deadline_with_ec." } else { "" },
    );
    Ok(Calculation::new(NAME, input, &limit, explanation, warnings, SOURCE))
}

#[cfg(test)]
#[path = "et_primary_limit_tests.rs"]
mod tests;
