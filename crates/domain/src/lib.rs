//! Steward's domain: plain types and pure rules. No I/O, no async, no framework types.
//!
//! Values that reach this crate's constructors are parsed once ("parse, don't validate"):
//! a `MembershipNumber` or `EmailAddress` in hand is always a valid one.

pub mod assignment;
pub mod case;
pub mod deadlines;
pub mod enquiry;
pub mod facility;
pub mod field_errors;
pub mod ids;
pub mod member;
pub mod organisation;
pub mod permissions;
pub mod role;
pub mod training;
pub mod workload;
