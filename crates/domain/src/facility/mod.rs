//! Facility time: what reps' union time is spent on (time entries by category), requests to
//! the employer for time off with the notice the agreement asks for, and the statutory
//! publication figures (rules.md rule 6). Pure rules; the app crate stores and shows them.

pub mod category;
pub mod compensation;
pub mod figures;
pub mod time_off;
