//! Enquiry references such as `ENQ-2026-000123`: shown to members, put in the subject of every
//! reply, and found again in the subject of their answers to thread the conversation.

use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EnquiryReference {
    pub year: i32,
    pub number: u32,
}

impl EnquiryReference {
    pub fn new(year: i32, number: u32) -> Self {
        Self { year, number }
    }

    /// Parses exactly `ENQ-YYYY-NNNNNN` (upper or lower case).
    pub fn parse(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        let rest = raw.get(..4).filter(|p| p.eq_ignore_ascii_case("ENQ-")).map(|_| &raw[4..])?;
        let (year, number) = rest.split_once('-')?;
        let year_ok = year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit());
        let number_ok = (6..=9).contains(&number.len()) && number.bytes().all(|b| b.is_ascii_digit());
        if !(year_ok && number_ok) {
            return None;
        }
        Some(Self { year: year.parse().ok()?, number: number.parse().ok()? })
    }

    /// The first reference found in a subject line, e.g. `Re: [ENQ-2026-000123] Pay query`.
    /// Each candidate is read for at most one character more than the longest reference, so
    /// a hostile subject of "ENQ-ENQ-ENQ-..." is one pass, not one pass per "ENQ-".
    pub fn find_in(subject: &str) -> Option<Self> {
        const LONGEST: usize = "ENQ-YYYY-NNNNNNNNN".len();
        let upper = subject.to_ascii_uppercase();
        upper.match_indices("ENQ-").find_map(|(at, _)| {
            let candidate: String =
                upper[at..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '-').take(LONGEST + 1).collect();
            (candidate.len() <= LONGEST).then(|| Self::parse(&candidate)).flatten()
        })
    }
}

impl fmt::Display for EnquiryReference {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ENQ-{:04}-{:06}", self.year, self.number)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two megabytes of "ENQ-": reading every candidate to the end of the run would be
    /// 2.6 * 10^11 characters; bounded candidates make it one pass.
    #[test]
    fn a_subject_of_repeated_prefixes_is_one_pass() {
        let run = "ENQ-".repeat(512 * 1024);
        assert_eq!(EnquiryReference::find_in(&run), None);
        let found = EnquiryReference::find_in(&format!("{run}2026-000123"));
        assert_eq!(found, Some(EnquiryReference::new(2026, 123)));
    }

    #[test]
    fn references_round_trip_and_are_found_in_reply_subjects() {
        let reference = EnquiryReference::new(2026, 123);
        assert_eq!(reference.to_string(), "ENQ-2026-000123");
        assert_eq!(EnquiryReference::parse("enq-2026-000123"), Some(reference));
        assert_eq!(EnquiryReference::find_in("RE: Fwd: [ENQ-2026-000123] My hours"), Some(reference));
        assert_eq!(EnquiryReference::find_in("[ENQ-2026-0001234567] too long"), None);
        assert_eq!(EnquiryReference::find_in("ENQ-2026-000123-4 joined on"), None);
        assert_eq!(
            EnquiryReference::find_in("Re: ENQ-2026-12 and ENQ-2025-000007"),
            Some(EnquiryReference::new(2025, 7))
        );
        for bad in ["", "ENQ-26-000001", "ENQ-2026-12", "ENQ-2026-00001x", "CASE-2026-000001", "ENQ-2026-0000000001"] {
            assert_eq!(EnquiryReference::parse(bad), None, "{bad}");
        }
    }

    proptest::proptest! {
        #[test]
        fn finding_never_panics_on_any_subject(subject in ".{0,200}") {
            let _ = EnquiryReference::find_in(&subject);
        }
    }
}
