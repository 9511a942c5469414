//! The organisation tree: regions, branches, employers and workplaces.

mod create_branch;
mod create_employer;
mod create_region;
mod create_workplace;
mod edit_unit;
pub mod people;
mod view_organisation;

pub use create_branch::create_branch;
pub use create_employer::create_employer;
pub use create_region::create_region;
pub use create_workplace::{create_workplace, WorkplaceDraft};
pub use edit_unit::edit_unit;
pub use view_organisation::view_organisation;
