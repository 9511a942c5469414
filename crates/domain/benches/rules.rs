//! `cargo bench -p steward-domain`: the cost of each deadline rule, end to end from string
//! inputs (parsing, calendar arithmetic, explanation text, JSON result), as the CLI and the
//! API call it. A plain timing loop: no benchmark framework needed for microsecond figures.

use std::collections::BTreeMap;
use std::hint::black_box;
use std::time::{Duration, Instant};

use steward_domain::deadlines::{evaluate, rules, InputKind, RuleSpec};

/// Realistic inputs for rules whose defaults below would be impossible or trivial.
fn overrides(rule: &str) -> Vec<(&'static str, &'static str)> {
    match rule {
        "et_deadline_with_ec" => vec![("day-a", "2026-05-01"), ("day-b", "2026-06-01")],
        "unfair_dismissal_qualifying" => vec![("start-date", "2024-01-15"), ("edt", "2026-01-10")],
        "statutory_sick_pay" => vec![("first-sick-day", "2026-04-13"), ("last-sick-day", "2026-05-29")],
        "subject_access_response" => {
            vec![
                ("received-date", "2026-03-02"),
                ("clarification-requested", "2026-03-10"),
                ("clarification-received", "2026-03-20"),
            ]
        }
        "collective_redundancy_obligations" => {
            vec![("proposed-dismissals", "120"), ("first-dismissal-date", "2026-09-01")]
        }
        "acas_code_workflow" => vec![("from", "investigation"), ("to", "hearing")],
        _ => Vec::new(),
    }
}

/// Inputs for a rule: the overrides, then a plausible value for every other required input.
fn inputs_for(rule: &RuleSpec) -> BTreeMap<String, String> {
    let mut inputs: BTreeMap<String, String> =
        overrides(rule.name).into_iter().map(|(k, v)| (k.to_owned(), v.to_owned())).collect();
    for input in rule.inputs.iter().filter(|input| input.required) {
        let value = match input.kind {
            InputKind::Date => "2026-03-10".to_owned(),
            InputKind::Nation => "scotland".to_owned(),
            InputKind::Choice { allowed } => allowed.first().copied().unwrap_or_default().to_owned(),
            InputKind::Integer { min, max } => min.max(1).min(max).to_string(),
            InputKind::Bool => "false".to_owned(),
            InputKind::Money => "20000".to_owned(),
            InputKind::Weekdays => "mon,tue,wed,thu,fri".to_owned(),
        };
        inputs.entry(input.name.to_owned()).or_insert(value);
    }
    inputs
}

fn main() {
    // `cargo test --benches` runs this with --bench absent; keep that run short.
    let budget = if std::env::args().any(|arg| arg == "--bench") {
        Duration::from_millis(300)
    } else {
        Duration::from_millis(5)
    };
    println!("| rule | outcome | mean per evaluation |");
    println!("|---|---|---|");
    for rule in rules() {
        let inputs = inputs_for(rule);
        let outcome = match evaluate(rule.name, &inputs) {
            Ok(_) => "ok".to_owned(),
            Err(error) => format!("error: {}", error.code()),
        };
        let started = Instant::now();
        let mut runs = 0u32;
        while started.elapsed() < budget {
            for _ in 0..100 {
                let _ = black_box(evaluate(black_box(rule.name), black_box(&inputs)));
            }
            runs += 100;
        }
        let mean = started.elapsed() / runs.max(1);
        println!("| `{}` | {outcome} | {:.1} µs |", rule.name, mean.as_secs_f64() * 1e6);
    }
}
