//! Tests of the primary tribunal limit (rules.md 1.1).

use super::*;
use crate::deadlines::inputs::tests::assert_choice_names_round_trip;

fn date(text: &str) -> NaiveDate {
    text.parse().expect("test date")
}

fn limit(claim_type: ClaimType, trigger: &str) -> (PrimaryLimit, Vec<Warning>) {
    let input =
        PrimaryLimitInput { claim_type, trigger_date: date(trigger), nation: Nation::EnglandAndWales, as_at: None };
    primary_limit(&input, &Calendar::compiled()).expect("computes")
}

#[test]
fn claim_type_names_round_trip() {
    assert_choice_names_round_trip::<ClaimType>();
}

#[test]
fn unfair_dismissal_is_three_months_less_a_day() {
    assert_eq!(limit(ClaimType::UnfairDismissal, "2025-06-20").0.primary_limit, date("2025-09-19"));
}

#[test]
fn month_end_trigger_is_ambiguous_with_a_safe_target() {
    let (limit, warnings) = limit(ClaimType::UnfairDismissal, "2025-11-30");
    assert_eq!(
        (limit.primary_limit, limit.month_end_ambiguous, limit.safe_target),
        (date("2026-02-28"), true, date("2026-02-27"))
    );
    assert!(warnings.iter().any(|w| w.code == "MONTH_END_AMBIGUOUS"));
}

#[test]
fn six_month_claims_use_six_months() {
    assert_eq!(limit(ClaimType::EqualPay, "2025-06-30").0.primary_limit, date("2025-12-29"));
    assert_eq!(
        limit(ClaimType::RedundancyPayment, "2025-06-30").0.extension_test,
        "just_and_equitable_up_to_12_months"
    );
}

#[test]
fn six_month_standard_limits_are_advised_but_not_applied_after_october_2026() {
    let (limit, warnings) = limit(ClaimType::UnfairDismissal, "2026-11-02");
    assert_eq!(limit.months, Some(3));
    assert!(warnings.iter().any(|w| w.code == "SIX_MONTH_LIMIT_NOT_IN_FORCE"));
}

#[test]
fn breach_of_contract_gets_no_six_month_advisory() {
    let (_, warnings) = limit(ClaimType::BreachOfContract, "2026-11-02");
    assert!(!warnings.iter().any(|w| w.code == "SIX_MONTH_LIMIT_NOT_IN_FORCE"));
}

#[test]
fn interim_relief_is_seven_days_after_the_edt() {
    let (limit, _) = limit(ClaimType::InterimRelief, "2026-03-06");
    assert_eq!(limit.primary_limit, date("2026-03-13"));
    assert!(!limit.early_conciliation_applies);
    assert_eq!(limit.extension_test, "none");
}

#[test]
fn weekend_limit_gets_an_earlier_practical_deadline() {
    // 2025-03-22 + 3 months less a day = Saturday 2025-06-21.
    let (limit, warnings) = limit(ClaimType::UnfairDismissal, "2025-03-22");
    assert_eq!(limit.primary_limit, date("2025-06-21"));
    assert_eq!(limit.practical_deadline, date("2025-06-20"));
    assert!(warnings.iter().any(|w| w.code == "DEADLINE_NOT_A_WORKING_DAY"));
}
