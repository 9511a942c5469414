//! UK civil time without a time-zone database: GMT, or BST (UTC+1) from 01:00 UTC on the last
//! Sunday of March to 01:00 UTC on the last Sunday of October (Summer Time Order 2002; the
//! same rule applies in all four nations).

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc, Weekday};

fn last_sunday(year: i32, month: u32) -> NaiveDate {
    let first_of_next =
        if month == 12 { NaiveDate::from_ymd_opt(year + 1, 1, 1) } else { NaiveDate::from_ymd_opt(year, month + 1, 1) }
            .unwrap_or(NaiveDate::MAX);
    let last = first_of_next.pred_opt().unwrap_or(first_of_next);
    let back = last.weekday().num_days_from_sunday();
    last - Duration::days(i64::from(back))
}

/// The instants (UTC) when summer time starts and ends in `year`.
fn summer_time(year: i32) -> (DateTime<Utc>, DateTime<Utc>) {
    let at_one = |date: NaiveDate| Utc.from_utc_datetime(&date.and_hms_opt(1, 0, 0).unwrap_or_default());
    (at_one(last_sunday(year, 3)), at_one(last_sunday(year, 10)))
}

/// UK wall-clock time for an instant.
pub fn to_uk_local(at: DateTime<Utc>) -> NaiveDateTime {
    let (start, end) = summer_time(at.year());
    let offset = if at >= start && at < end { Duration::hours(1) } else { Duration::zero() };
    at.naive_utc() + offset
}

/// The instant of a UK wall-clock time. In the hour that does not exist (spring forward) the
/// time is read as GMT; in the hour that happens twice (fall back) the first one is taken.
pub fn from_uk_local(local: NaiveDateTime) -> DateTime<Utc> {
    let as_bst = Utc.from_utc_datetime(&(local - Duration::hours(1)));
    if to_uk_local(as_bst) == local {
        as_bst
    } else {
        Utc.from_utc_datetime(&local)
    }
}

/// Is this Sunday the day the clocks change? Used only in tests and explanations.
pub fn is_clock_change_day(date: NaiveDate) -> bool {
    date.weekday() == Weekday::Sun && (date == last_sunday(date.year(), 3) || date == last_sunday(date.year(), 10))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn summer_time_starts_and_ends_on_the_right_sundays_at_one_utc() {
        assert!(is_clock_change_day(NaiveDate::from_ymd_opt(2026, 3, 29).unwrap()));
        assert!(is_clock_change_day(NaiveDate::from_ymd_opt(2026, 10, 25).unwrap()));
        assert_eq!(to_uk_local(utc("2026-03-29T00:59:00Z")).to_string(), "2026-03-29 00:59:00");
        assert_eq!(to_uk_local(utc("2026-03-29T01:00:00Z")).to_string(), "2026-03-29 02:00:00");
        assert_eq!(to_uk_local(utc("2026-07-01T12:00:00Z")).to_string(), "2026-07-01 13:00:00");
        assert_eq!(to_uk_local(utc("2026-10-25T00:59:00Z")).to_string(), "2026-10-25 01:59:00");
        assert_eq!(to_uk_local(utc("2026-10-25T01:00:00Z")).to_string(), "2026-10-25 01:00:00");
        assert_eq!(to_uk_local(utc("2026-12-01T09:00:00Z")).to_string(), "2026-12-01 09:00:00");
    }

    #[test]
    fn local_times_convert_back() {
        let local = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap().and_hms_opt(9, 0, 0).unwrap();
        assert_eq!(from_uk_local(local), utc("2026-07-01T08:00:00Z"));
        let winter = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap().and_hms_opt(9, 0, 0).unwrap();
        assert_eq!(from_uk_local(winter), utc("2026-01-05T09:00:00Z"));
    }
}
