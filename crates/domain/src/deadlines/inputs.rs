//! Named string inputs (from `steward calc --flag value` or an HTTP query) parsed into
//! typed values, with one specific error per problem. Names are kebab-case; `_` and a
//! leading `--` are accepted too because people type both.

use std::collections::BTreeMap;

use chrono::{NaiveDate, Weekday};
use serde::Serialize;

use super::error::CalcError;
use crate::organisation::Nation;

/// The earliest and latest years a date input may have; outside them the law and the
/// holiday data say nothing useful, and a typo (20225) is more likely than a real date.
const FIRST_YEAR: i32 = 1900;
const LAST_YEAR: i32 = 2200;

/// What kind of value an input takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InputKind {
    /// An ISO date, YYYY-MM-DD.
    Date,
    /// england-and-wales, scotland or northern-ireland.
    Nation,
    /// One of a fixed list of kebab-case words.
    Choice { allowed: &'static [&'static str] },
    /// A whole number within a range.
    Integer { min: i64, max: i64 },
    /// true/false (also yes/no).
    Bool,
    /// Pounds, optionally with pence, "£" and thousands commas: £20,000.50.
    Money,
    /// Comma-separated weekday names: mon,tue,wed,thu,fri.
    Weekdays,
}

/// One input a rule takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct InputSpec {
    pub name: &'static str,
    #[serde(flatten)]
    pub kind: InputKind,
    pub required: bool,
    pub help: &'static str,
}

impl InputSpec {
    pub(crate) const fn required(name: &'static str, kind: InputKind, help: &'static str) -> Self {
        Self { name, kind, required: true, help }
    }

    pub(crate) const fn optional(name: &'static str, kind: InputKind, help: &'static str) -> Self {
        Self { name, kind, required: false, help }
    }
}

/// The optional `nation` input shared by every working-day rule.
pub(crate) const NATION_INPUT: InputSpec = InputSpec::optional(
    "nation",
    InputKind::Nation,
    "where the worker is employed: england-and-wales (default), scotland or northern-ireland",
);

/// An enum that can be chosen by a kebab-case name.
pub(crate) trait Choice: Copy + 'static {
    /// Names in the same order as `VALUES`; they match the serde names.
    const NAMES: &'static [&'static str];
    const VALUES: &'static [Self];
}

/// Inputs for one rule, checked against its specs.
pub(crate) struct Inputs<'a> {
    rule: &'static str,
    specs: &'static [InputSpec],
    values: BTreeMap<&'static str, &'a str>,
}

impl<'a> Inputs<'a> {
    /// Rejects unknown names and missing required inputs. Blank values count as absent.
    pub(crate) fn new(
        rule: &'static str,
        specs: &'static [InputSpec],
        raw: &'a BTreeMap<String, String>,
    ) -> Result<Self, CalcError> {
        let mut values = BTreeMap::new();
        for (name, value) in raw {
            let wanted = normalise_name(name);
            let spec = specs.iter().find(|spec| spec.name == wanted).ok_or_else(|| CalcError::UnknownInput {
                rule,
                input: super::error::shorten(name),
                expected: specs.iter().map(|spec| spec.name).collect::<Vec<_>>().join(", "),
            })?;
            if !value.trim().is_empty() {
                values.insert(spec.name, value.as_str());
            }
        }
        if let Some(missing) = specs.iter().find(|spec| spec.required && !values.contains_key(spec.name)) {
            return Err(CalcError::MissingInput { rule, input: missing.name });
        }
        Ok(Self { rule, specs, values })
    }

    fn spec(&self, name: &'static str) -> Option<&'static InputSpec> {
        self.specs.iter().find(|spec| spec.name == name)
    }

    fn raw(&self, name: &'static str) -> Option<&'a str> {
        self.values.get(name).map(|value| value.trim())
    }

    fn require(&self, name: &'static str) -> Result<&'a str, CalcError> {
        self.raw(name).ok_or(CalcError::MissingInput { rule: self.rule, input: name })
    }

    pub(crate) fn date(&self, name: &'static str) -> Result<NaiveDate, CalcError> {
        parse_date(name, self.require(name)?)
    }

    pub(crate) fn opt_date(&self, name: &'static str) -> Result<Option<NaiveDate>, CalcError> {
        self.raw(name).map(|value| parse_date(name, value)).transpose()
    }

    /// The `nation` input, defaulting to England and Wales.
    pub(crate) fn nation(&self) -> Result<Nation, CalcError> {
        match self.raw("nation") {
            None => Ok(Nation::EnglandAndWales),
            Some(value) => Nation::parse(&normalise_word(value)).map_err(|_| {
                CalcError::bad_value("nation", value, "is not england-and-wales, scotland or northern-ireland")
            }),
        }
    }

    pub(crate) fn choice<T: Choice>(&self, name: &'static str) -> Result<T, CalcError> {
        parse_choice(name, self.require(name)?)
    }

    pub(crate) fn opt_choice<T: Choice>(&self, name: &'static str) -> Result<Option<T>, CalcError> {
        self.raw(name).map(|value| parse_choice(name, value)).transpose()
    }

    /// A whole number within the range the input's spec declares.
    pub(crate) fn opt_integer(&self, name: &'static str) -> Result<Option<i64>, CalcError> {
        let Some(value) = self.raw(name) else {
            return Ok(None);
        };
        let number: i64 = value.parse().map_err(|_| CalcError::bad_value(name, value, "is not a whole number"))?;
        if let Some(InputSpec { kind: InputKind::Integer { min, max }, .. }) = self.spec(name) {
            if number < *min || number > *max {
                return Err(CalcError::bad_value(name, value, format!("must be between {min} and {max}")));
            }
        }
        Ok(Some(number))
    }

    pub(crate) fn integer(&self, name: &'static str) -> Result<i64, CalcError> {
        self.require(name)?;
        self.opt_integer(name)?.ok_or(CalcError::MissingInput { rule: self.rule, input: name })
    }

    /// A yes/no input; absent means no.
    pub(crate) fn flag(&self, name: &'static str) -> Result<bool, CalcError> {
        match self.raw(name).map(normalise_word).as_deref() {
            None | Some("false" | "no" | "n" | "0") => Ok(false),
            Some("true" | "yes" | "y" | "1") => Ok(true),
            Some(_) => Err(CalcError::bad_value(name, self.raw(name).unwrap_or_default(), "is not true or false")),
        }
    }

    /// A set of weekdays such as "mon,tue,wed"; absent gives `default`.
    pub(crate) fn weekdays(&self, name: &'static str, default: &[Weekday]) -> Result<Vec<Weekday>, CalcError> {
        let Some(value) = self.raw(name) else {
            return Ok(default.to_vec());
        };
        let mut days = Vec::new();
        for part in value.split(',') {
            let day: Weekday = part
                .trim()
                .parse()
                .map_err(|_| CalcError::bad_value(name, value, "is not a list of weekdays such as mon,tue,wed"))?;
            if !days.contains(&day) {
                days.push(day);
            }
        }
        Ok(days)
    }

    /// An amount of money in pence.
    pub(crate) fn money_pence(&self, name: &'static str) -> Result<i64, CalcError> {
        let value = self.require(name)?;
        parse_money_pence(value)
            .ok_or_else(|| CalcError::bad_value(name, value, "is not an amount of money such as 20000 or £20,000.50"))
    }
}

fn normalise_name(name: &str) -> String {
    name.trim().trim_start_matches("--").replace('_', "-").to_ascii_lowercase()
}

fn normalise_word(value: &str) -> String {
    value.trim().replace(['_', ' '], "-").to_ascii_lowercase()
}

fn parse_choice<T: Choice>(name: &'static str, value: &str) -> Result<T, CalcError> {
    let wanted = normalise_word(value);
    T::NAMES
        .iter()
        .position(|allowed| *allowed == wanted)
        .and_then(|index| T::VALUES.get(index).copied())
        .ok_or_else(|| CalcError::bad_value(name, value, format!("is not one of: {}", T::NAMES.join(", "))))
}

/// Strict YYYY-MM-DD, so "2025-2-3" or "03/02/2025" are not silently misread.
pub(crate) fn parse_date(name: &'static str, value: &str) -> Result<NaiveDate, CalcError> {
    let bytes = value.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes.iter().enumerate().all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return Err(CalcError::bad_date(name, value));
    }
    let number = |range: std::ops::Range<usize>| value.get(range).and_then(|part| part.parse::<u32>().ok());
    let (Some(year), Some(month), Some(day)) = (number(0..4), number(5..7), number(8..10)) else {
        return Err(CalcError::bad_date(name, value));
    };
    let year = i32::try_from(year).map_err(|_| CalcError::bad_date(name, value))?;
    let date = NaiveDate::from_ymd_opt(year, month, day).ok_or_else(|| CalcError::bad_date(name, value))?;
    if !(FIRST_YEAR..=LAST_YEAR).contains(&year) {
        return Err(CalcError::bad_value(name, value, format!("must be between {FIRST_YEAR} and {LAST_YEAR}")));
    }
    Ok(date)
}

fn parse_money_pence(value: &str) -> Option<i64> {
    let cleaned: String = value.trim().trim_start_matches('£').chars().filter(|c| *c != ',').collect();
    let (pounds, pence) = match cleaned.split_once('.') {
        Some((pounds, pence)) if (1..=2).contains(&pence.len()) => (pounds, pence),
        Some(_) => return None,
        None => (cleaned.as_str(), "0"),
    };
    let all_digits = |text: &str| !text.is_empty() && text.len() <= 12 && text.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(pounds) || !all_digits(pence) {
        return None;
    }
    let pence_value: i64 = pence.parse().ok()?;
    let pence_value = if pence.len() == 1 { pence_value * 10 } else { pence_value };
    pounds.parse::<i64>().ok()?.checked_mul(100)?.checked_add(pence_value)
}

/// Formats pence as pounds for explanations: 2500000 → "£25,000.00".
pub(crate) fn format_pounds(pence: i64) -> String {
    let sign = if pence < 0 { "-" } else { "" };
    let pence = pence.unsigned_abs();
    let pounds = (pence / 100).to_string();
    let mut grouped = String::new();
    for (index, digit) in pounds.chars().enumerate() {
        if index > 0 && (pounds.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{sign}£{grouped}.{:02}", pence % 100)
}

#[cfg(test)]
#[path = "inputs_tests.rs"]
pub(crate) mod tests;
