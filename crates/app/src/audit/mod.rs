//! Reading the audit log (writing happens inside every other use case).

mod list_audit;

pub use list_audit::list_audit;
