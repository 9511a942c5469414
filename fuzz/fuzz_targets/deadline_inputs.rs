//! The deadline calculators' string entry point (`steward calc <rule> --flag value` and the
//! HTTP API): any rule name and any inputs must give a calculation or an error, never a panic,
//! and a calculation must serialise to JSON as the API sends it.
//!
//! The input is text, so seeds and saved crashes can be read and written by hand:
//!
//! ```text
//! et-primary-limit          first line: the rule name, or "@N" for the N-th known rule
//! claim-type=@2             then key=value lines; a key "@N" is the rule's N-th input
//! trigger-date=2025-06-20   and a value "@N" is a well-formed value of that input's kind
//! ```
//!
//! The "@N" forms let the fuzzer reach every rule and every input by changing digits, which
//! it does well, rather than by guessing names, which it cannot see without a sanitizer's
//! string-compare hooks.
#![no_main]

use std::collections::BTreeMap;

use libfuzzer_sys::fuzz_target;
use steward_domain::deadlines::{evaluate, rules, InputKind, InputSpec, RuleSpec};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut lines = text.split('\n');
    let selector = lines.next().unwrap_or_default();
    let (rule_name, rule) = match index(selector) {
        Some(n) => {
            let rule = &rules()[n % rules().len()];
            (rule.name.to_owned(), Some(rule))
        }
        None => (selector.to_owned(), rules().iter().find(|rule| rule.name == selector.trim())),
    };
    let mut inputs = BTreeMap::new();
    for line in lines {
        let (key, value) = line.split_once('=').unwrap_or((line, ""));
        let spec = input_spec(rule, key);
        let key = spec.map_or_else(|| key.to_owned(), |spec| spec.name.to_owned());
        let value = match (index(value), spec) {
            (Some(n), Some(spec)) => well_formed(spec.kind, n),
            _ => value.to_owned(),
        };
        inputs.insert(key, value);
    }
    if let Ok(calculation) = evaluate(&rule_name, &inputs) {
        serde_json::to_string(&calculation).expect("a calculation serialises to JSON");
    }
});

/// "@N" as a number.
fn index(text: &str) -> Option<usize> {
    text.strip_prefix('@')?.parse().ok()
}

/// The spec a key names: "@N" picks the rule's N-th input, otherwise the name as typed.
fn input_spec(rule: Option<&RuleSpec>, key: &str) -> Option<&'static InputSpec> {
    let inputs: &'static [InputSpec] = rule?.inputs;
    match index(key) {
        Some(n) if !inputs.is_empty() => Some(&inputs[n % inputs.len()]),
        _ => inputs.iter().find(|spec| spec.name == key.trim()),
    }
}

/// A value of the right shape for `kind`, chosen by `n`; the ranges reach a little past the
/// valid ones so the boundaries are tried too.
fn well_formed(kind: InputKind, n: usize) -> String {
    match kind {
        InputKind::Date => {
            // Days from 1890-01-01 to the end of 2210 (the inputs accept 1900 to 2200).
            let start = chrono::NaiveDate::from_ymd_opt(1890, 1, 1).expect("a real date");
            let day = start + chrono::Days::new((n % 117_531) as u64);
            day.format("%Y-%m-%d").to_string()
        }
        InputKind::Nation => {
            ["england-and-wales", "scotland", "northern-ireland", "Scotland", "wales"][n % 5].to_owned()
        }
        InputKind::Choice { allowed } if !allowed.is_empty() => allowed[n % allowed.len()].to_owned(),
        InputKind::Choice { .. } => String::new(),
        InputKind::Integer { min, max } => {
            let span = max.saturating_sub(min).saturating_add(3).max(1) as u64;
            min.saturating_sub(1).saturating_add((n as u64 % span) as i64).to_string()
        }
        InputKind::Bool => ["true", "false", "yes", "no", "1", "0", "maybe"][n % 7].to_owned(),
        InputKind::Money => format!("£{}.{:02}", n / 100, n % 100),
        InputKind::Weekdays => {
            let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
            let days: Vec<&str> = names.iter().enumerate().filter(|(i, _)| n >> i & 1 == 1).map(|(_, d)| *d).collect();
            days.join(",")
        }
        // A kind added later gets free text until a generator is written for it here.
        #[allow(unreachable_patterns)]
        _ => n.to_string(),
    }
}
