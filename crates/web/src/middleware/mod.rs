//! Cross-cutting HTTP concerns, one per file.

pub mod origin_check;
pub mod security_headers;
