//! The only crate that knows SQL. One implementation of the app's ports, written once for
//! SQLite and PostgreSQL through sqlx's `Any` driver; the few real differences between the
//! two live in `dialect.rs`.

mod audit;
mod case_deadlines;
mod case_documents;
mod case_escalation;
mod case_meetings;
mod cases;
mod db;
mod demo_scale;
mod dialect;
mod document_files;
mod enquiries;
mod enquiry_record;
mod enquiry_settings;
mod errors;
mod facility_report;
mod holidays;
mod local_files;
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
mod time_entries;
mod time_off;
mod time_off_syllabus;
mod training;
mod users;
mod workload;

pub use db::{Backend, Db};
pub use demo_scale::{ScalePlan, ScaleReport, ScaleUser, CASES_PER_CHUNK};
pub use dialect::migration_names;
pub use document_files::{FileCheck, MissingFile};
pub use local_files::LocalFileStore;
