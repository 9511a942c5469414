//! The one result shape every calculator returns: what rule ran, on what inputs, what it
//! found, why in plain English, the legal source, and anything the rep should watch out for.

use chrono::NaiveDate;
use serde::Serialize;

/// Something the rep should know about a result: a stable code and a plain message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub code: &'static str,
    pub message: String,
}

impl Warning {
    pub fn new(code: &'static str, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }
}

/// A finished calculation, ready to print as JSON or store against a deadline.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Calculation {
    pub rule: &'static str,
    pub inputs: serde_json::Value,
    pub result: serde_json::Value,
    pub explanation: String,
    pub warnings: Vec<Warning>,
    pub source: &'static str,
}

impl Calculation {
    /// Assembles a calculation from typed inputs and outputs.
    pub(crate) fn new(
        rule: &'static str,
        inputs: &impl Serialize,
        result: &impl Serialize,
        explanation: String,
        warnings: Vec<Warning>,
        source: &'static str,
    ) -> Self {
        Self { rule, inputs: to_json(inputs), result: to_json(result), explanation, warnings, source }
    }

    /// The value of a date field of `result`, if present (handy for callers and tests).
    pub fn result_date(&self, field: &str) -> Option<NaiveDate> {
        self.result.get(field)?.as_str()?.parse().ok()
    }

    /// Whether a warning with `code` was raised.
    pub fn has_warning(&self, code: &str) -> bool {
        self.warnings.iter().any(|warning| warning.code == code)
    }
}

/// Our own plain structs always serialise; if one ever did not, the result says so
/// rather than panicking.
fn to_json(value: &impl Serialize) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or_else(|error| serde_json::json!({ "serialisation_error": error.to_string() }))
}

/// A date as a rep would write it: "Friday 19 September 2025".
pub(crate) fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

/// A list of dates for an explanation: "Thursday 25 December 2025 and Friday 26 December 2025".
pub(crate) fn long_dates(dates: &[NaiveDate]) -> String {
    let words: Vec<String> = dates.iter().map(|date| long_date(*date)).collect();
    match words.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates_read_naturally() {
        let christmas = NaiveDate::from_ymd_opt(2025, 12, 25).expect("date");
        let boxing = NaiveDate::from_ymd_opt(2025, 12, 26).expect("date");
        assert_eq!(long_date(christmas), "Thursday 25 December 2025");
        assert_eq!(long_dates(&[christmas, boxing]), "Thursday 25 December 2025 and Friday 26 December 2025");
    }
}
