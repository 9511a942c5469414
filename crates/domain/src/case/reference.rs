//! Case references such as `CASE-2026-000123`: what people quote on the phone and in letters.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct CaseReference {
    pub year: i32,
    pub number: u32,
}

impl CaseReference {
    pub fn new(year: i32, number: u32) -> Self {
        Self { year, number }
    }

    /// Parses exactly `CASE-YYYY-NNNNNN` (upper or lower case; six to nine digits).
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        let rest = raw.get(..5).filter(|p| p.eq_ignore_ascii_case("CASE-")).map(|_| &raw[5..])?;
        let (year, number) = rest.split_once('-')?;
        let year_ok = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit());
        let number_ok = (6..=9).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit());
        if !(year_ok && number_ok) {
            return None;
        }
        Some(Self { year: year.parse().ok()?, number: number.parse().ok()? })
    }
}

impl fmt::Display for CaseReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CASE-{:04}-{:06}", self.year, self.number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_round_trip() {
        let reference = CaseReference::new(2026, 42);
        assert_eq!(reference.to_string(), "CASE-2026-000042");
        assert_eq!(CaseReference::parse("case-2026-000042"), Some(reference));
        assert_eq!(CaseReference::parse(" CASE-2026-000042 "), Some(reference));
        for bad in ["", "CASE-26-000001", "CASE-2026-12", "ENQ-2026-000001", "CASE-2026-00001x", "CASE2026000001"] {
            assert_eq!(CaseReference::parse(bad), None, "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn parsing_never_panics(raw in ".{0,40}") {
            let _ = CaseReference::parse(&raw);
        }
    }
}
