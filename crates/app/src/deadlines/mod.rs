//! Running the deadline calculators for a signed-in person or the command line.

mod calculate;

pub use calculate::{calculate, calculate_unchecked};
