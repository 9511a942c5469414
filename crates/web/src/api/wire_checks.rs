//! What the OpenAPI document promises about a body, checked before the use case sees it. The
//! use cases are forgiving (they trim, they read several date shapes); the wire is exact, so a
//! value the schema forbids is refused with every problem named. Each API file adds the checks
//! only it needs in its own `impl WireChecks` block.

use steward_app::AppError;
use steward_domain::field_errors::FieldErrors;

use crate::problem::ApiError;
use steward_domain::member::parse_iso_date;

#[derive(Default)]
pub(crate) struct WireChecks(pub(crate) FieldErrors);

impl WireChecks {
    /// One of `words`, exactly.
    pub(crate) fn word(&mut self, field: &str, raw: &str, words: &[&str], message: impl FnOnce() -> String) {
        if !words.contains(&raw) {
            self.0.add(field, message());
        }
    }

    pub(crate) fn required(&mut self, field: &str, raw: &str, message: &str) {
        if raw.is_empty() {
            self.0.add(field, message);
        }
    }

    pub(crate) fn length(&mut self, field: &str, raw: &str, max: usize) {
        if raw.chars().count() > max {
            self.0.add(field, format!("Keep this to {max} characters"));
        }
    }

    pub(crate) fn optional_length(&mut self, field: &str, raw: Option<&str>, max: usize) {
        if let Some(raw) = raw {
            self.length(field, raw, max);
        }
    }

    pub(crate) fn date(&mut self, field: &str, raw: &str) {
        if parse_iso_date(raw).is_none() {
            self.0.add(field, "Give the date as YYYY-MM-DD");
        }
    }

    pub(crate) fn positive(&mut self, field: &str, value: Option<i64>) {
        if value.is_some_and(|id| id < 1) {
            self.0.add(field, "Give the id of a record (a whole number from 1)");
        }
    }

    pub(crate) fn finish(self) -> Result<(), ApiError> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(ApiError(AppError::Invalid(self.0)))
        }
    }
}
