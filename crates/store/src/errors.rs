//! Turning driver errors into the port's `StoreError`: the database's own constraints decide
//! duplicates and missing references, so there is no check-then-insert race.

use sqlx::error::ErrorKind;
use steward_app::ports::StoreError;

pub(crate) fn backend(error: sqlx::Error) -> StoreError {
    StoreError::Backend(error.to_string())
}

/// Classifies a failed write; `unique_field` names the field a unique violation is about.
pub(crate) fn on_write(unique_field: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |error| match &error {
        sqlx::Error::Database(db_error) => match db_error.kind() {
            ErrorKind::UniqueViolation => StoreError::Duplicate { field: unique_field },
            ErrorKind::ForeignKeyViolation => StoreError::MissingReference,
            _ => backend(error),
        },
        _ => backend(error),
    }
}
