//! Union time: reps and caseworkers log it (from a case page, a phone, or against a general
//! duty) and see their week; officers set each person's profile (employer, contracted hours,
//! facility time, cost) that the publication figures and the workload score read.

mod log_time;
mod my_week;
mod profile;

pub use log_time::{delete_time_entry, log_time, TimeDraft};
pub use my_week::{my_week, week_start, MyWeek};
pub use profile::{rep_profile, save_rep_profile, PersonProfile, ProfileDraft};
