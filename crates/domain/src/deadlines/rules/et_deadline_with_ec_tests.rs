//! The rules.md 1.2 test vectors, one test each, plus input checks.

use super::*;

fn date(text: &str) -> NaiveDate {
    text.parse().expect("test date")
}

fn run(claim_type: ClaimType, trigger: &str, day_a: Option<&str>, day_b: Option<&str>) -> (EcDeadline, Vec<Warning>) {
    let input = EcDeadlineInput {
        claim_type,
        trigger_date: date(trigger),
        day_a: day_a.map(date),
        day_b: day_b.map(date),
        nation: Nation::EnglandAndWales,
        as_at: None,
    };
    et_deadline_with_ec(&input, &Calendar::compiled()).expect("computes")
}

fn deadline(trigger: &str, day_a: &str, day_b: &str) -> (NaiveDate, EcRuleApplied) {
    let (result, _) = run(ClaimType::UnfairDismissal, trigger, Some(day_a), Some(day_b));
    (result.outcome.deadline, result.outcome.rule_applied)
}

#[test]
fn vector_1_haque_stop_clock_adds_31_days() {
    assert_eq!(deadline("2016-06-20", "2016-07-22", "2016-08-22"), (date("2016-10-20"), EcRuleApplied::StopClock));
}

#[test]
fn vector_2_short_conciliation_adds_14_days() {
    assert_eq!(deadline("2025-01-10", "2025-02-03", "2025-02-17"), (date("2025-04-23"), EcRuleApplied::StopClock));
}

#[test]
fn vector_3_one_month_floor_beats_stop_clock() {
    assert_eq!(deadline("2025-01-10", "2025-03-20", "2025-04-20"), (date("2025-05-20"), EcRuleApplied::OneMonthFloor));
}

#[test]
fn vector_4_ec_started_on_the_last_day_floor_wins_and_lands_on_saturday() {
    let (result, _) = run(ClaimType::UnfairDismissal, "2025-01-10", Some("2025-04-09"), Some("2025-05-21"));
    assert_eq!(result.outcome.deadline, date("2025-06-21"));
    assert_eq!(result.outcome.rule_applied, EcRuleApplied::OneMonthFloor);
    assert_eq!(result.practical_deadline, date("2025-06-20"));
}

#[test]
fn vector_5_day_a_after_expiry_gives_no_extension() {
    let (result, warnings) = run(ClaimType::UnfairDismissal, "2025-01-10", Some("2025-04-10"), Some("2025-04-20"));
    assert_eq!(result.outcome.deadline, date("2025-04-09"));
    assert_eq!(result.outcome.rule_applied, EcRuleApplied::EcAfterExpiry);
    assert!(warnings.iter().any(|w| w.code == "EC_AFTER_EXPIRY"));
}

#[test]
fn vector_6_twelve_week_ec_from_ambiguous_month_end_with_safe_chain() {
    let (result, warnings) = run(ClaimType::UnfairDismissal, "2025-11-30", Some("2026-01-05"), Some("2026-03-30"));
    assert_eq!(result.primary_limit, date("2026-02-28"));
    assert_eq!(result.outcome.days_not_counted, Some(84));
    assert_eq!(result.outcome.deadline, date("2026-05-23"));
    assert_eq!(result.safe_deadline, date("2026-05-22"));
    assert!(warnings.iter().any(|w| w.code == "SAFE_DEADLINE_EARLIER"));
}

#[test]
fn vector_7_ambiguous_primary_then_floor_wins() {
    let (result, _) = run(ClaimType::UnfairDismissal, "2025-08-31", Some("2025-11-28"), Some("2025-12-31"));
    assert_eq!(result.primary_limit, date("2025-11-30"));
    assert_eq!(result.outcome.extended_limit, Some(date("2026-01-02")));
    assert_eq!(result.outcome.deadline, date("2026-01-31"));
    assert_eq!(result.outcome.rule_applied, EcRuleApplied::OneMonthFloor);
}

#[test]
fn vector_8_six_month_claim_adds_42_days() {
    for claim in [ClaimType::RedundancyPayment, ClaimType::EqualPay] {
        let (result, _) = run(claim, "2025-06-30", Some("2025-10-01"), Some("2025-11-12"));
        assert_eq!(result.primary_limit, date("2025-12-29"));
        assert_eq!(result.outcome.deadline, date("2026-02-09"));
    }
}

#[test]
fn vector_9_ec_before_trigger_counts_only_from_the_trigger() {
    let (result, warnings) = run(ClaimType::UnfairDismissal, "2026-01-15", Some("2026-01-10"), Some("2026-02-20"));
    assert_eq!(result.primary_limit, date("2026-04-14"));
    assert_eq!(result.outcome.days_not_counted, Some(37));
    assert_eq!(result.outcome.deadline, date("2026-05-21"));
    assert!(warnings.iter().any(|w| w.code == "EC_STARTED_BEFORE_TRIGGER"));
}

#[test]
fn vector_10_long_ec_floor_wins_on_a_sunday() {
    let (result, _) = run(ClaimType::UnfairDismissal, "2026-02-02", Some("2026-04-30"), Some("2026-07-23"));
    assert_eq!(result.outcome.extended_limit, Some(date("2026-07-24")));
    assert_eq!(result.outcome.deadline, date("2026-08-23"));
    assert_eq!(result.practical_deadline, date("2026-08-21"));
}

#[test]
fn vector_11_no_ec_keeps_the_ambiguous_primary_limit() {
    let (result, _) = run(ClaimType::UnfairDismissal, "2025-11-30", None, None);
    assert_eq!(result.outcome.deadline, date("2026-02-28"));
    assert_eq!(result.outcome.rule_applied, EcRuleApplied::NoEc);
    assert_eq!(result.safe_deadline, date("2026-02-27"));
}

#[test]
fn vector_12_interim_relief_ignores_ec() {
    let (result, warnings) = run(ClaimType::InterimRelief, "2026-03-06", Some("2026-03-07"), None);
    assert_eq!(result.outcome.deadline, date("2026-03-13"));
    assert_eq!(result.outcome.rule_applied, EcRuleApplied::NoEc);
    assert!(warnings.iter().any(|w| w.code == "EC_NOT_APPLICABLE"));
}

#[test]
fn ec_in_progress_uses_the_maximum_period_for_day_a() {
    let (before, warnings) = run(ClaimType::UnfairDismissal, "2025-10-01", Some("2025-11-20"), None);
    assert_eq!(before.outcome.day_b_used, Some(date("2026-01-01")));
    assert!(before.outcome.provisional);
    assert!(warnings.iter().any(|w| w.code == "EC_IN_PROGRESS_PROVISIONAL"));
    let (after, _) = run(ClaimType::UnfairDismissal, "2025-10-01", Some("2025-12-01"), None);
    assert_eq!(after.outcome.day_b_used, Some(date("2026-02-23")));
}

#[test]
fn reminders_fall_before_the_deadline() {
    let (result, _) = run(ClaimType::UnfairDismissal, "2025-01-10", Some("2025-02-03"), Some("2025-02-17"));
    assert_eq!(result.reminders, vec![date("2025-03-26"), date("2025-04-09"), date("2025-04-16"), date("2025-04-21")]);
}

#[test]
fn day_b_before_day_a_is_impossible() {
    let error = apply_early_conciliation(
        date("2025-04-09"),
        date("2025-01-10"),
        Some(date("2025-03-01")),
        Some(date("2025-02-01")),
    );
    assert_eq!(error, Err(CalcError::Impossible("Day B 2025-02-01 is before Day A 2025-03-01".into())));
}

#[test]
fn day_b_without_day_a_is_impossible() {
    assert!(apply_early_conciliation(date("2025-04-09"), date("2025-01-10"), None, Some(date("2025-02-01"))).is_err());
}

#[test]
fn rule_applied_serialises_with_the_statute_names() {
    assert_eq!(serde_json::to_value(EcRuleApplied::StopClock).ok(), Some(serde_json::json!("StopClock_s207B3")));
    assert_eq!(
        serde_json::to_value(EcRuleApplied::OneMonthFloor).ok(),
        Some(serde_json::json!("OneMonthFloor_s207B4"))
    );
}
