//! The kinds of union time a rep logs, and which of them are paid facility time (rules.md
//! rules 5 and 6: duties, training for them, safety reps' and learning reps' functions are
//! paid; union activities are unpaid unless the employer agrees to pay).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeCategory {
    /// Trade union duties (TULRCA s.168): paid.
    Duties,
    /// Trade union activities (s.170): unpaid unless the employer pays.
    Activities,
    /// Training for duties approved by the TUC or the union (s.168(2)): paid.
    Training,
    /// A safety representative's functions (SRSC reg 4(2)): paid.
    HealthAndSafety,
    /// A union learning representative's functions (s.168A): paid.
    UnionLearning,
}

impl TimeCategory {
    pub const ALL: [TimeCategory; 5] =
        [Self::Duties, Self::Activities, Self::Training, Self::HealthAndSafety, Self::UnionLearning];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Duties => "duties",
            Self::Activities => "activities",
            Self::Training => "training",
            Self::HealthAndSafety => "health_and_safety",
            Self::UnionLearning => "union_learning",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Duties => "Trade union duties (paid)",
            Self::Activities => "Trade union activities (unpaid)",
            Self::Training => "Training",
            Self::HealthAndSafety => "Health and safety rep",
            Self::UnionLearning => "Union learning rep",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL.into_iter().find(|category| category.as_str() == raw.trim()).ok_or_else(|| {
            "Choose the kind of time: duties, activities, training, health_and_safety or union_learning".to_string()
        })
    }

    /// Whether time of this kind counts as paid facility time for the publication figures.
    /// Activities count only when the employer paid for them.
    pub fn is_facility_time(self, employer_paid: bool) -> bool {
        match self {
            Self::Activities => employer_paid,
            Self::Duties | Self::Training | Self::HealthAndSafety | Self::UnionLearning => true,
        }
    }
}

/// The longest single entry: a day. Anything longer is split by day so weekly totals are right.
pub const MAX_ENTRY_MINUTES: u32 = 24 * 60;

/// A length of time as typed on a phone: "1.5" or "1.5h" (hours), "1:30", "90m", "2h 15m".
pub fn parse_duration(raw: &str) -> Result<u32, String> {
    let message = || "Give the time as hours (1.5), hours and minutes (1:30) or minutes (90m)".to_string();
    let text = raw.trim().to_ascii_lowercase().replace(' ', "");
    if text.is_empty() {
        return Err("Give how long it took".into());
    }
    let minutes = if let Some((hours, minutes)) = text.split_once(':') {
        let hours: u32 = hours.parse().map_err(|_| message())?;
        let minutes: u32 = minutes.parse().map_err(|_| message())?;
        if minutes >= 60 || hours > 24 {
            return Err(message());
        }
        hours * 60 + minutes
    } else if let Some(minutes) = text.strip_suffix('m').filter(|rest| !rest.contains('h')) {
        minutes.parse::<u32>().map_err(|_| message())?
    } else if let Some((hours, minutes)) = text.split_once('h').filter(|(_, rest)| !rest.is_empty()) {
        let hours: u32 = hours.parse().map_err(|_| message())?;
        let minutes: u32 = minutes.trim_end_matches('m').parse().map_err(|_| message())?;
        if minutes >= 60 || hours > 24 {
            return Err(message());
        }
        hours * 60 + minutes
    } else {
        let hours: f64 = text.trim_end_matches('h').parse().map_err(|_| message())?;
        if !hours.is_finite() || !(0.0..=24.0).contains(&hours) {
            return Err(message());
        }
        (hours * 60.0).round() as u32
    };
    if minutes == 0 {
        return Err("The time must be more than zero".into());
    }
    if minutes > MAX_ENTRY_MINUTES {
        return Err("Log at most 24 hours in one entry; use one entry per day".into());
    }
    Ok(minutes)
}

/// Minutes as "1 h 30 min", for totals.
pub fn hours_label(minutes: u64) -> String {
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} min"),
        (h, 0) => format!("{h} h"),
        (h, m) => format!("{h} h {m} min"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_read_the_ways_people_type_them() {
        for (raw, minutes) in [
            ("1.5", 90),
            ("1.5h", 90),
            ("1:30", 90),
            ("90m", 90),
            ("2h 15m", 135),
            ("2h15", 135),
            (" 0.25 ", 15),
            ("24", 1440),
        ] {
            assert_eq!(parse_duration(raw), Ok(minutes), "{raw}");
        }
        for bad in ["", "0", "0m", "-1", "1:75", "25", "ten", "1.5.2", "h", "NaN", "inf"] {
            assert!(parse_duration(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn only_paid_kinds_count_as_facility_time() {
        assert!(TimeCategory::Duties.is_facility_time(false));
        assert!(TimeCategory::HealthAndSafety.is_facility_time(false));
        assert!(!TimeCategory::Activities.is_facility_time(false));
        assert!(TimeCategory::Activities.is_facility_time(true));
        for category in TimeCategory::ALL {
            assert_eq!(TimeCategory::parse(category.as_str()), Ok(category));
        }
        assert_eq!(hours_label(90), "1 h 30 min");
        assert_eq!(hours_label(120), "2 h");
        assert_eq!(hours_label(5), "5 min");
    }
}
