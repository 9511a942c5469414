//! What can go wrong in a use case, in terms a person or an API client can act on.

use steward_domain::field_errors::FieldErrors;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("some fields need correcting: {}", .0.summary())]
    Invalid(FieldErrors),
    #[error("you do not have permission to do that")]
    Forbidden,
    #[error("not found")]
    NotFound,
    #[error("{message}")]
    Conflict { field: &'static str, message: String },
    #[error("sign in first")]
    Unauthenticated,
    #[error("too many failed sign-in attempts; try again in {retry_after_secs} seconds")]
    Throttled { retry_after_secs: i64 },
    #[error("storage failure: {0}")]
    Storage(String),
}

impl AppError {
    /// A single field problem, for checks that happen outside a draft's validation.
    pub fn field(field: &str, message: impl Into<String>) -> Self {
        let mut errors = FieldErrors::new();
        errors.add(field, message);
        Self::Invalid(errors)
    }

    /// The stable code clients and templates match on.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Invalid(_) => "validation_failed",
            Self::Forbidden => "forbidden",
            Self::NotFound => "not_found",
            Self::Conflict { .. } => "conflict",
            Self::Unauthenticated => "unauthenticated",
            Self::Throttled { .. } => "too_many_attempts",
            Self::Storage(_) => "storage_failure",
        }
    }
}

/// Store implementations report failures through this, so use cases can tell a unique-key
/// clash (the database decides; no check-then-insert race) from an outage.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{field} already exists")]
    Duplicate { field: &'static str },
    #[error("a referenced record does not exist")]
    MissingReference,
    #[error("not found")]
    NotFound,
    /// A guarded write found the record changed since it was read.
    #[error("changed by someone else")]
    Stale,
    #[error("{0}")]
    Backend(String),
}

impl From<StoreError> for AppError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Duplicate { field } => {
                AppError::Conflict { field, message: format!("That {} is already in use", field.replace('_', " ")) }
            }
            StoreError::MissingReference => AppError::field("reference", "A linked record does not exist"),
            StoreError::NotFound => AppError::NotFound,
            StoreError::Stale => AppError::Conflict {
                field: "status",
                message: "Someone else changed this a moment ago; reload the page to see what changed".into(),
            },
            StoreError::Backend(message) => AppError::Storage(message),
        }
    }
}
