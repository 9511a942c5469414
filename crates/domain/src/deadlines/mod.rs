//! UK statutory and procedural deadline calculators (shared/domain/rules.md). Pure functions.
//!
//! Layers, bottom up: month arithmetic (`months`), the bank-holiday calendar and working
//! days (`calendar`), effective-dated legal parameters (`parameters`), one module per
//! named rule (`rules`), and a registry that runs any rule from string inputs (`registry`).

mod calculation;
mod calendar;
mod error;
mod holidays;
mod inputs;
mod months;
pub mod parameters;
mod registry;
pub mod rules;

#[cfg(test)]
mod proptests;
#[cfg(test)]
mod test_support;

pub use calculation::{Calculation, Warning};
pub use calendar::Calendar;
pub use error::{CalcError, CalendarError};
pub use inputs::{InputKind, InputSpec};
pub use months::{add_months_corresponding, period_end_beginning_with, PeriodEnd};
pub use registry::{evaluate, evaluate_with, find_rule, rules, RuleSpec};
