//! Errors from the deadline engine. Each message is one line a rep can act on, and each
//! variant has a stable code so the CLI, the API and templates can match on it.

use chrono::NaiveDate;

/// A date sum that cannot be done: beyond the supported range, or no working day in reach.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    #[error("a date {0} is outside the range the engine can count")]
    OutOfRange(NaiveDate),
    #[error("no working day within a year of {0}; check the extra holidays entered")]
    NoWorkingDay(NaiveDate),
}

/// Why a calculation could not be done.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalcError {
    #[error("unknown rule {name:?}; known rules: {known}")]
    UnknownRule { name: String, known: String },
    #[error("missing input {input} for rule {rule}")]
    MissingInput { rule: &'static str, input: &'static str },
    #[error("unknown input {input:?} for rule {rule}; it takes: {expected}")]
    UnknownInput { rule: &'static str, input: String, expected: String },
    #[error("bad date in {input}: {value:?} is not a date (use YYYY-MM-DD)")]
    BadDate { input: &'static str, value: String },
    #[error("bad value in {input}: {value:?} {reason}")]
    BadValue { input: &'static str, value: String, reason: String },
    #[error("impossible inputs: {0}")]
    Impossible(String),
    #[error("{0}")]
    Calendar(#[from] CalendarError),
}

impl CalcError {
    /// A stable machine-readable code for the error kind.
    pub fn code(&self) -> &'static str {
        match self {
            Self::UnknownRule { .. } => "unknown_rule",
            Self::MissingInput { .. } => "missing_input",
            Self::UnknownInput { .. } => "unknown_input",
            Self::BadDate { .. } => "bad_date",
            Self::BadValue { .. } => "bad_value",
            Self::Impossible(_) => "impossible_inputs",
            Self::Calendar(_) => "date_out_of_range",
        }
    }

    /// Builds a `BadValue`, shortening the echoed value so the message stays one short line.
    pub(crate) fn bad_value(input: &'static str, value: &str, reason: impl Into<String>) -> Self {
        Self::BadValue { input, value: shorten(value), reason: reason.into() }
    }

    pub(crate) fn bad_date(input: &'static str, value: &str) -> Self {
        Self::BadDate { input, value: shorten(value) }
    }
}

/// Keeps at most 40 characters of untrusted text for echoing back in a message.
pub(crate) fn shorten(value: &str) -> String {
    const LIMIT: usize = 40;
    if value.chars().count() <= LIMIT {
        value.to_owned()
    } else {
        let mut kept: String = value.chars().take(LIMIT).collect();
        kept.push('…');
        kept
    }
}
