//! Timestamps are stored as fixed-width UTC text, which sorts in time order on both backends.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};
use steward_app::ports::StoreError;

pub(crate) fn to_text(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn from_text(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|at| at.with_timezone(&Utc))
        .map_err(|_| StoreError::Backend(format!("stored timestamp \"{text}\" is unreadable")))
}

pub(crate) fn date_from_text(text: &str) -> Result<NaiveDate, StoreError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| StoreError::Backend(format!("stored date \"{text}\" is unreadable")))
}
