//! Month arithmetic for statutory periods (rules.md 0.2, P1 and P2). Two different
//! phrasings in statutes give two different sums, so each has its own function.

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::Serialize;

use super::error::CalendarError;

/// P1: the corresponding date `months` later (Dodds v Walker), for periods "N months
/// after/from" a date. A day that does not exist in the target month becomes its last day.
pub fn add_months_corresponding(date: NaiveDate, months: u32) -> Result<NaiveDate, CalendarError> {
    date.checked_add_months(Months::new(months)).ok_or(CalendarError::OutOfRange(date))
}

/// The end of a period "N months beginning with" a day (P2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PeriodEnd {
    /// The last day of the period on the reading the engine uses (LRD, "Counting time").
    pub end: NaiveDate,
    /// True when the start day has no match in the target month (e.g. 30 Nov + 3 months),
    /// where some practitioners would count one day less.
    pub month_end_ambiguous: bool,
}

impl PeriodEnd {
    /// The date to work to: one day earlier than `end` when the month end is ambiguous.
    pub fn safe_target(&self) -> NaiveDate {
        if self.month_end_ambiguous {
            self.end.pred_opt().unwrap_or(self.end)
        } else {
            self.end
        }
    }
}

/// P2: the last day of a period of `months` months beginning with `start` (the start
/// day counts). Deliberately not "the day before, plus N months", which is wrong when
/// `start` is the 1st of a month after a short month.
pub fn period_end_beginning_with(start: NaiveDate, months: u32) -> Result<PeriodEnd, CalendarError> {
    let out_of_range = CalendarError::OutOfRange(start);
    // The 1st of the target month, then its length, decides whether start's day exists.
    let first_of_start_month = start.with_day0(0).ok_or_else(|| out_of_range.clone())?;
    let first_of_target =
        first_of_start_month.checked_add_months(Months::new(months)).ok_or_else(|| out_of_range.clone())?;
    let first_of_following = first_of_target.checked_add_months(Months::new(1)).ok_or_else(|| out_of_range.clone())?;
    let last_of_target = first_of_following.pred_opt().ok_or_else(|| out_of_range.clone())?;
    let day = start.day();
    if day <= last_of_target.day() {
        let same_day =
            first_of_target.checked_add_days(Days::new(u64::from(day - 1))).ok_or_else(|| out_of_range.clone())?;
        let end = same_day.pred_opt().ok_or(out_of_range)?;
        Ok(PeriodEnd { end, month_end_ambiguous: false })
    } else {
        Ok(PeriodEnd { end: last_of_target, month_end_ambiguous: true })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("test date")
    }

    fn p2(start: &str, months: u32) -> (NaiveDate, bool) {
        let period = period_end_beginning_with(date(start), months).expect("in range");
        (period.end, period.month_end_ambiguous)
    }

    #[test]
    fn p2_matches_every_vector_in_rules_md() {
        let vectors = [
            ("2025-06-20", 3, "2025-09-19", false),
            ("2025-01-10", 3, "2025-04-09", false),
            ("2025-11-30", 3, "2026-02-28", true),
            ("2023-11-30", 3, "2024-02-29", true),
            ("2025-08-31", 3, "2025-11-30", true),
            ("2025-12-31", 3, "2026-03-30", false),
            ("2025-03-01", 3, "2025-05-31", false),
            ("2025-05-01", 3, "2025-07-31", false),
            ("2024-02-29", 3, "2024-05-28", false),
            ("2025-06-30", 6, "2025-12-29", false),
            ("2025-08-31", 6, "2026-02-28", true),
        ];
        for (start, months, end, ambiguous) in vectors {
            assert_eq!(p2(start, months), (date(end), ambiguous), "P2({start}, {months})");
        }
    }

    #[test]
    fn p2_first_of_month_after_short_month_is_not_the_shortcut() {
        assert_eq!(p2("2025-05-01", 3).0, date("2025-07-31"));
    }

    #[test]
    fn safe_target_is_a_day_earlier_only_when_ambiguous() {
        let ambiguous = period_end_beginning_with(date("2025-11-30"), 3).expect("in range");
        assert_eq!(ambiguous.safe_target(), date("2026-02-27"));
        let clear = period_end_beginning_with(date("2025-06-20"), 3).expect("in range");
        assert_eq!(clear.safe_target(), date("2025-09-19"));
    }

    #[test]
    fn p1_corresponding_date_vectors() {
        let vectors = [
            ("2025-06-30", 1, "2025-07-30"),
            ("2025-01-31", 1, "2025-02-28"),
            ("2024-01-31", 1, "2024-02-29"),
            ("2025-12-31", 2, "2026-02-28"),
            ("2025-12-31", 1, "2026-01-31"),
        ];
        for (start, months, expected) in vectors {
            assert_eq!(add_months_corresponding(date(start), months), Ok(date(expected)), "P1({start}, {months})");
        }
    }

    #[test]
    fn month_sums_past_the_end_of_time_are_errors_not_panics() {
        assert!(add_months_corresponding(NaiveDate::MAX, 1).is_err());
        assert!(period_end_beginning_with(NaiveDate::MAX, 1).is_err());
    }
}
