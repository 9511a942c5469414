//! Running the deadline calculators, and the holidays added to the compiled-in calendar.

mod calculate;
mod holidays;

pub use calculate::{calculate, calculate_unchecked};
pub use holidays::{add_extra_holiday, calendar, list_extra_holidays, HolidayDraft};
