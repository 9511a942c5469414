//! Complexity and emotional-load ratings, 1 (light) to 5 (heavy). Workload weighting reads
//! both: a heavy case weighs on a lay caseworker whatever its legal difficulty.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Rating(u8);

impl Rating {
    pub const MIN: u8 = 1;
    pub const MAX: u8 = 5;

    /// A whole number from 1 to 5; `what` names the rating in the message.
    pub fn parse(raw: &str, what: &str) -> Result<Self, String> {
        let message = || format!("Rate the {what} from 1 (light) to 5 (heavy)");
        let value: u8 = raw.trim().parse().map_err(|_| message())?;
        Self::new(value).ok_or_else(message)
    }

    pub fn new(value: u8) -> Option<Self> {
        (Self::MIN..=Self::MAX).contains(&value).then_some(Self(value))
    }

    pub fn value(self) -> u8 {
        self.0
    }

    pub fn label(self) -> &'static str {
        match self.0 {
            1 => "1 - light",
            2 => "2 - modest",
            3 => "3 - substantial",
            4 => "4 - heavy",
            _ => "5 - very heavy",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_run_from_one_to_five() {
        assert_eq!(Rating::parse("3", "complexity").map(Rating::value), Ok(3));
        assert_eq!(Rating::parse(" 5 ", "complexity").map(Rating::value), Ok(5));
        for bad in ["0", "6", "", "three", "-1", "2.5", "300"] {
            let error = Rating::parse(bad, "emotional load").unwrap_err();
            assert!(error.contains("emotional load"), "{bad}: {error}");
        }
    }
}
