//! Small helpers shared by the rule tests.

use std::collections::BTreeMap;

use chrono::NaiveDate;

/// Parses a test date written as YYYY-MM-DD.
pub(crate) fn date(text: &str) -> NaiveDate {
    text.parse().expect("test dates are valid")
}

/// Builds a string-input map from pairs, as the CLI would.
pub(crate) fn inputs(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect()
}
