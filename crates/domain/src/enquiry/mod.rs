//! Enquiries: the front of the case record family. This module holds the pure rules the
//! intake and queues rely on: reference numbers, response targets in business hours, and when
//! an automatic acknowledgement must not be sent.

pub mod acknowledgement;
pub mod business_hours;
pub mod merge;
pub mod reference;
pub mod routing;
pub mod uk_time;
