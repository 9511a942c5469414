//! How commands fail: bad input exits 2, everything else 1, each with one line on stderr.

use steward_app::AppError;

#[derive(Debug)]
pub enum Failure {
    /// The person gave something wrong: fix the input and run again.
    BadInput(String),
    Other(String),
}

impl From<AppError> for Failure {
    fn from(error: AppError) -> Self {
        match error {
            AppError::Storage(message) => Failure::Other(message),
            other => Failure::BadInput(other.to_string()),
        }
    }
}

impl From<steward_app::ports::StoreError> for Failure {
    fn from(error: steward_app::ports::StoreError) -> Self {
        Failure::Other(error.to_string())
    }
}

pub fn fail(failure: &Failure) -> ! {
    let (code, message) = match failure {
        Failure::BadInput(message) => (2, message),
        Failure::Other(message) => (1, message),
    };
    eprintln!("steward: {message}");
    std::process::exit(code)
}
