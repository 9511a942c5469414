//! Property tests for the date arithmetic and the string-input entry point.

use std::collections::BTreeMap;

use chrono::{Datelike, Days, Months, NaiveDate};
use proptest::prelude::*;

use super::calendar::Calendar;
use super::months::period_end_beginning_with;
use super::rules::et_primary_limit::{primary_limit, ClaimType, PrimaryLimitInput};
use super::{evaluate, rules};
use crate::organisation::Nation;

fn any_date() -> impl Strategy<Value = NaiveDate> {
    // 2000-01-01 plus up to ~40 years, covering the holiday data and well beyond it.
    (0u64..14_600).prop_map(|offset| NaiveDate::from_ymd_opt(2000, 1, 1).expect("valid") + Days::new(offset))
}

fn any_nation() -> impl Strategy<Value = Nation> {
    prop::sample::select(Nation::ALL.to_vec())
}

fn any_claim_type() -> impl Strategy<Value = ClaimType> {
    prop::sample::select(<ClaimType as super::inputs::Choice>::VALUES.to_vec())
}

proptest! {
    #[test]
    fn limitation_date_is_never_before_the_act(claim_type in any_claim_type(), trigger in any_date(), nation in any_nation()) {
        let input = PrimaryLimitInput { claim_type, trigger_date: trigger, nation, as_at: None };
        let (limit, _) = primary_limit(&input, &Calendar::compiled()).expect("computes");
        prop_assert!(limit.primary_limit >= trigger);
        prop_assert!(limit.safe_target >= trigger);
    }

    #[test]
    fn add_working_days_lands_on_a_working_day_after_the_start(start in any_date(), n in 1u32..60, nation in any_nation()) {
        let calendar = Calendar::compiled();
        let end = calendar.add_working_days(start, n, nation).expect("computes");
        prop_assert!(end > start);
        prop_assert!(calendar.is_working_day(end, nation));
        prop_assert!(!calendar.is_bank_holiday(end, nation));
        prop_assert!(!matches!(end.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun));
    }

    #[test]
    fn period_end_lies_within_the_months_beginning_with_start(start in any_date(), months in 1u32..25) {
        let period = period_end_beginning_with(start, months).expect("computes");
        let upper = start.checked_add_months(Months::new(months)).expect("in range");
        prop_assert!(period.end >= start);
        prop_assert!(period.end <= upper);
        prop_assert!(period.safe_target() <= period.end);
    }

    #[test]
    fn evaluate_never_panics_on_arbitrary_inputs(
        rule_index in 0usize..32,
        raw_rule in "\\PC{0,20}",
        pairs in prop::collection::btree_map("[a-z_-]{0,24}", "\\PC{0,16}", 0..6),
    ) {
        let name = rules().get(rule_index).map(|rule| rule.name.to_string()).unwrap_or(raw_rule);
        let _ = evaluate(&name, &pairs);
    }

    #[test]
    fn evaluate_never_panics_on_plausible_inputs(
        rule_index in 0usize..32,
        values in prop::collection::vec(
            prop_oneof![
                any_date().prop_map(|d| d.to_string()),
                "-?[0-9]{1,7}",
                "(true|false|yes|2025-02-30|1899-01-01|9999-12-31)",
                prop::sample::select(vec!["scotland", "northern-ireland", "england-and-wales", "unfair-dismissal", "interim-relief", "disciplinary", "hearing", "lay-official", "employee"]).prop_map(String::from),
            ],
            8,
        ),
    ) {
        if let Some(rule) = rules().get(rule_index % rules().len()) {
            let inputs: BTreeMap<String, String> = rule.inputs.iter().zip(values).map(|(spec, value)| (spec.name.to_string(), value)).collect();
            let _ = evaluate(rule.name, &inputs);
        }
    }
}
