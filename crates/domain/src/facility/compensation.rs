//! Part-time reps' compensatory time. A part-time rep sent on a union course that runs over
//! a full-timer's day works past their own contracted hours; the employer should pay for those
//! hours as it would a full-timer's (TULRCA s.169 with the Part-time Workers Regulations 2000,
//! and ACAS Code of Practice 3), up to the full-time day and no further.

use chrono::{Datelike, NaiveDate, Weekday};

use crate::deadlines::Calendar;
use crate::organisation::Nation;

/// The longest range of days one request may cover (a residential course, a conference).
pub const MAX_REQUEST_DAYS: i64 = 31;

/// Whether hours a week make someone part-time: contracted hours known and below the
/// full-time week.
pub fn is_part_time(contracted_minutes_per_week: Option<u32>, full_time_minutes_per_week: Option<u32>) -> bool {
    matches!((contracted_minutes_per_week, full_time_minutes_per_week), (Some(c), Some(f)) if c < f)
}

/// Working days from `from` to `to`, both counted: weekdays that are not bank holidays in the
/// nation (a date outside the calendar's years counts as working if it is a weekday).
pub fn working_days_between(from: NaiveDate, to: NaiveDate, calendar: &Calendar, nation: Nation) -> u32 {
    from.iter_days()
        .take_while(|day| *day <= to)
        .take(MAX_REQUEST_DAYS as usize + 1)
        .filter(|day| {
            if calendar.covers(*day, nation) {
                calendar.is_working_day(*day, nation)
            } else {
                !matches!(day.weekday(), Weekday::Sat | Weekday::Sun)
            }
        })
        .count() as u32
}

/// Minutes of `requested_minutes` over `working_days` that fall outside a part-time rep's
/// contracted hours (their week spread over five days), counted up to a full-time day:
/// what the employer should compensate. Zero for someone full-time.
pub fn compensatory_minutes(
    requested_minutes: u32,
    working_days: u32,
    contracted_minutes_per_week: u32,
    full_time_minutes_per_week: u32,
) -> u32 {
    if contracted_minutes_per_week >= full_time_minutes_per_week {
        return 0;
    }
    let days = u64::from(working_days);
    let covered = days * u64::from(contracted_minutes_per_week) / 5;
    let full_time = days * u64::from(full_time_minutes_per_week) / 5;
    let counted = u64::from(requested_minutes).min(full_time);
    u32::try_from(counted.saturating_sub(covered)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_part_time_rep_on_a_full_day_course_is_owed_the_hours_past_their_own_day() {
        // 22.5 hours a week (4.5 a day) against 37.5 (7.5 a day); a two-day course of 15 hours.
        assert_eq!(compensatory_minutes(15 * 60, 2, 1_350, 2_250), 6 * 60);
        // A course longer than a full-time day counts only up to the full-time day.
        assert_eq!(compensatory_minutes(20 * 60, 2, 1_350, 2_250), 6 * 60);
        // Time within their own hours is owed nothing extra.
        assert_eq!(compensatory_minutes(4 * 60, 1, 1_350, 2_250), 0);
        // Full-time reps are never owed compensatory time.
        assert_eq!(compensatory_minutes(15 * 60, 2, 2_250, 2_250), 0);
        assert!(is_part_time(Some(1_350), Some(2_250)));
        assert!(!is_part_time(Some(2_250), Some(2_250)));
        assert!(!is_part_time(None, Some(2_250)));
    }

    #[test]
    fn working_days_skip_weekends_and_bank_holidays() {
        let calendar = Calendar::compiled();
        // Friday 1 May to Tuesday 5 May 2026: Fri 1, (Mon 4 is the bank holiday), Tue 5.
        assert_eq!(working_days_between(date("2026-05-01"), date("2026-05-05"), &calendar, Nation::EnglandAndWales), 2);
        assert_eq!(working_days_between(date("2026-05-05"), date("2026-05-05"), &calendar, Nation::EnglandAndWales), 1);
        assert_eq!(working_days_between(date("2026-05-09"), date("2026-05-10"), &calendar, Nation::EnglandAndWales), 0);
    }
}
