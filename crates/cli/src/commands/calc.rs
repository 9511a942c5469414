//! `steward calc <rule> --input value ...` prints the rule's result as JSON;
//! `steward calc --list` lists the rules and their inputs.

use std::collections::BTreeMap;

use clap::Args;
use steward_domain::deadlines::{rules, InputKind};

use crate::exit::Failure;

#[derive(Args)]
pub struct CalcArgs {
    /// List the rules and the inputs each takes, as JSON.
    #[arg(long)]
    pub list: bool,
    /// The rule to run, e.g. et_deadline_with_ec.
    pub rule: Option<String>,
    /// The rule's inputs as --name value pairs, e.g. --trigger-date 2026-03-10.
    #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
    pub inputs: Vec<String>,
}

pub fn run(args: CalcArgs) -> Result<(), Failure> {
    if args.list {
        return print_json(&rules());
    }
    let Some(rule) = args.rule else {
        let names: Vec<&str> = rules().iter().map(|r| r.name).collect();
        return Err(Failure::BadInput(format!("name a rule, or use --list; rules: {}", names.join(", "))));
    };
    let inputs = parse_pairs(&rule, &args.inputs)?;
    let calculation = steward_app::deadlines::calculate_unchecked(&rule, &inputs).map_err(|error| match error {
        steward_app::AppError::NotFound => {
            let names: Vec<&str> = rules().iter().map(|r| r.name).collect();
            Failure::BadInput(format!("unknown rule \"{rule}\"; rules: {}", names.join(", ")))
        }
        steward_app::AppError::Invalid(errors) => {
            Failure::BadInput(errors.iter().next().map_or_else(|| "bad input".to_owned(), |(_, m)| m.to_owned()))
        }
        other => Failure::from(other),
    })?;
    print_json(&calculation)
}

/// `--name value` and `--name=value` pairs; a boolean input may be given as a bare `--name`.
fn parse_pairs(rule: &str, raw: &[String]) -> Result<BTreeMap<String, String>, Failure> {
    let spec = steward_domain::deadlines::find_rule(rule);
    let is_bool = |name: &str| {
        spec.and_then(|s| s.inputs.iter().find(|i| i.name == name.replace('_', "-")))
            .is_some_and(|i| matches!(i.kind, InputKind::Bool))
    };
    let mut inputs = BTreeMap::new();
    let mut words = raw.iter().peekable();
    while let Some(word) = words.next() {
        let Some(flag) = word.strip_prefix("--") else {
            return Err(Failure::BadInput(format!("expected an input like --trigger-date, found \"{word}\"")));
        };
        let (name, value) = match flag.split_once('=') {
            Some((name, value)) => (name.to_owned(), value.to_owned()),
            None if is_bool(flag) && words.peek().is_none_or(|next| next.starts_with("--")) => {
                (flag.to_owned(), "true".into())
            }
            None => {
                let value = words.next().ok_or_else(|| Failure::BadInput(format!("--{flag} needs a value")))?;
                (flag.to_owned(), value.clone())
            }
        };
        if inputs.insert(name.clone(), value).is_some() {
            return Err(Failure::BadInput(format!("--{name} is given twice")));
        }
    }
    Ok(inputs)
}

fn print_json<T: serde::Serialize>(value: &T) -> Result<(), Failure> {
    let text = serde_json::to_string_pretty(value).map_err(|error| Failure::Other(error.to_string()))?;
    println!("{text}");
    Ok(())
}
