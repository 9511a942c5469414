//! Steward's use cases, one file per action, and the ports (traits) they need.
//!
//! Every use case takes a [`context::RequestContext`] (who is asking, from where, when),
//! asks [`steward_domain::permissions::authorize`] first, and writes its audit entry in
//! the same transaction as the change it records.

pub mod audit;
pub mod auth;
pub mod cases;
pub mod context;
pub mod deadlines;
pub mod enquiries;
pub mod error;
pub mod facility;
pub mod members;
pub mod organisation;
pub mod ports;
pub mod secrets;
pub mod time;
pub mod time_off;
pub mod training;
pub mod users;
pub mod workload;

pub use context::RequestContext;
pub use error::AppError;
pub use ports::Store;
