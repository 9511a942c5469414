//! The only crate that knows SQL. One implementation of the app's ports, written once for
//! SQLite and PostgreSQL through sqlx's `Any` driver; the few real differences between the
//! two live in `dialect.rs`.

mod audit;
mod case_deadlines;
mod case_meetings;
mod cases;
mod db;
mod dialect;
mod enquiries;
mod enquiry_settings;
mod errors;
mod holidays;
mod members;
mod organisation;
mod outbox;
mod reply_templates;
mod routing;
mod search_terms;
mod secrets;
mod sessions;
mod sql;
mod throttle;
mod time;
mod users;

pub use db::{Backend, Db};
pub use dialect::migration_names;
