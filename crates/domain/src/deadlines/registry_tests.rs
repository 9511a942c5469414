//! Tests of the string-input entry point: names, errors and the JSON shape.

use super::*;
use crate::deadlines::test_support::{date, inputs};

#[test]
fn every_rule_name_is_unique_and_snake_case() {
    let mut names: Vec<&str> = rules().iter().map(|rule| rule.name).collect();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), rules().len());
    assert!(names.iter().all(|name| name.chars().all(|c| c.is_ascii_lowercase() || c == '_')));
}

#[test]
fn every_input_name_is_kebab_case() {
    for rule in rules() {
        for input in rule.inputs {
            assert!(
                input.name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                "{}: {}",
                rule.name,
                input.name
            );
        }
    }
}

#[test]
fn ec_deadline_from_strings() {
    let calculation = evaluate(
        "et_deadline_with_ec",
        &inputs(&[
            ("claim-type", "unfair-dismissal"),
            ("trigger-date", "2016-06-20"),
            ("day-a", "2016-07-22"),
            ("day-b", "2016-08-22"),
        ]),
    )
    .expect("computes");
    assert_eq!(calculation.result_date("deadline"), Some(date("2016-10-20")));
    assert_eq!(calculation.result["rule_applied"], "StopClock_s207B3");
    assert!(calculation.explanation.contains("Thursday 20 October 2016"));
}

#[test]
fn json_has_exactly_the_agreed_fields() {
    let calculation =
        evaluate("accompaniment_postponement_latest", &inputs(&[("employer-proposed-date", "2025-06-02")]))
            .expect("computes");
    let json = serde_json::to_value(&calculation).expect("serialises");
    let mut keys: Vec<&str> = json.as_object().expect("object").keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, vec!["explanation", "inputs", "result", "rule", "source", "warnings"]);
    assert_eq!(json["result"]["latest_alternative_date"], "2025-06-09");
    assert_eq!(json["inputs"]["nation"], "england-and-wales");
}

#[test]
fn underscores_dashes_and_leading_dashes_are_accepted() {
    let calculation =
        evaluate("et-primary-limit", &inputs(&[("--claim_type", "Unfair_Dismissal"), ("trigger_date", "2025-06-20")]))
            .expect("computes");
    assert_eq!(calculation.result_date("primary_limit"), Some(date("2025-09-19")));
}

#[test]
fn unknown_rule_names_the_known_ones() {
    let error = evaluate("et_limit", &inputs(&[])).expect_err("unknown");
    assert_eq!(error.code(), "unknown_rule");
    assert!(error.to_string().contains("et_primary_limit"));
}

#[test]
fn missing_input_is_named() {
    let error = evaluate("et_primary_limit", &inputs(&[("claim-type", "discrimination")])).expect_err("missing");
    assert_eq!(error.to_string(), "missing input trigger-date for rule et_primary_limit");
}

#[test]
fn impossible_calendar_date_is_named() {
    let error = evaluate(
        "et_deadline_with_ec",
        &inputs(&[("claim-type", "unfair-dismissal"), ("trigger-date", "2025-01-10"), ("day-b", "2025-02-30")]),
    )
    .expect_err("bad date");
    assert_eq!(error.to_string(), "bad date in day-b: \"2025-02-30\" is not a date (use YYYY-MM-DD)");
}

#[test]
fn unknown_input_lists_the_expected_ones() {
    let error = evaluate(
        "et_primary_limit",
        &inputs(&[("claim-type", "discrimination"), ("trigger-date", "2025-01-10"), ("colour", "red")]),
    )
    .expect_err("unknown");
    assert_eq!(error.code(), "unknown_input");
    assert!(error.to_string().contains("trigger-date"));
}

#[test]
fn day_b_before_day_a_is_reported_as_impossible() {
    let error = evaluate(
        "et_deadline_with_ec",
        &inputs(&[
            ("claim-type", "unfair-dismissal"),
            ("trigger-date", "2025-01-10"),
            ("day-a", "2025-03-01"),
            ("day-b", "2025-02-01"),
        ]),
    )
    .expect_err("impossible");
    assert_eq!(error.to_string(), "impossible inputs: Day B 2025-02-01 is before Day A 2025-03-01");
}

#[test]
fn bad_enum_value_lists_the_choices() {
    let error = evaluate("et_primary_limit", &inputs(&[("claim-type", "murder"), ("trigger-date", "2025-01-10")]))
        .expect_err("bad value");
    assert!(error.to_string().starts_with("bad value in claim-type: \"murder\" is not one of: unfair-dismissal,"));
}

#[test]
fn error_messages_are_one_line_even_for_hostile_values() {
    let error = evaluate("et_primary_limit", &inputs(&[("claim-type", "a\nb"), ("trigger-date", "2025-01-10")]))
        .expect_err("bad value");
    assert!(!error.to_string().contains('\n'));
}

#[test]
fn extra_holidays_reach_the_rules() {
    let calendar =
        Calendar::compiled().with_extra_holiday(crate::organisation::Nation::EnglandAndWales, date("2025-06-05"));
    let calculation = evaluate_with(
        &calendar,
        "accompaniment_postponement_latest",
        &inputs(&[("employer-proposed-date", "2025-06-02")]),
    )
    .expect("computes");
    assert_eq!(calculation.result_date("latest_alternative_date"), Some(date("2025-06-10")));
}

#[test]
fn every_rule_runs_from_strings_on_a_sample() {
    let samples: &[(&str, &[(&str, &str)])] = &[
        (
            "accompaniment_right",
            &[("hearing-type", "disciplinary"), ("worker-status", "worker"), ("companion-category", "fellow-worker")],
        ),
        ("appeal_window", &[("outcome-date", "2025-12-19")]),
        ("flexible_working_decision", &[("received-date", "2024-04-10")]),
        ("subject_access_response", &[("received-date", "2025-01-31"), ("extended", "true")]),
        ("unfair_dismissal_qualifying", &[("start-date", "2024-01-15"), ("edt", "2026-01-10"), ("summary", "yes")]),
        ("collective_redundancy_obligations", &[("proposed-dismissals", "25"), ("first-dismissal-date", "2026-03-31")]),
        ("facility_time_publication", &[("date-in-period", "2025-04-01")]),
        ("acas_code_workflow", &[("case-type", "misconduct"), ("from", "investigation"), ("to", "hearing")]),
        ("acas_uplift", &[("compensation", "£20,000"), ("percent", "25")]),
        ("accompaniment_postponement_latest", &[("employer-proposed-date", "2026-04-02"), ("nation", "scotland")]),
        (
            "statutory_sick_pay",
            &[
                ("first-sick-day", "2026-03-02"),
                ("last-sick-day", "2026-03-06"),
                ("qualifying-days", "mon,tue,wed,thu,fri"),
            ],
        ),
        ("fit_note", &[("first-sick-day", "2026-05-01"), ("fit-note-date", "2026-05-08"), ("fit-note-months", "4")]),
        ("case_retention", &[("closed-date", "2026-05-31")]),
        ("dp_complaint_acknowledgement", &[("received-date", "2026-07-01")]),
    ];
    assert_eq!(samples.len() + 2, rules().len(), "every rule except the two ET rules has a sample here");
    for (rule, pairs) in samples {
        let calculation = evaluate(rule, &inputs(pairs)).unwrap_or_else(|error| panic!("{rule}: {error}"));
        assert_eq!(calculation.rule, *rule);
        assert!(!calculation.explanation.is_empty());
    }
    let uplift =
        evaluate("acas_uplift", &inputs(&[("compensation", "20000"), ("percent", "30")])).expect_err("over cap");
    assert_eq!(uplift.to_string(), "bad value in percent: \"30\" must be between -25 and 25");
}
