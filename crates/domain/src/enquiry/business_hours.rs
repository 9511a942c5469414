//! Response targets in business hours: "answer within 8 working hours" counts only opening
//! hours on working days (weekends and the nation's bank holidays excluded), in UK time.

use chrono::{DateTime, Duration, NaiveDateTime, NaiveTime, Utc};

use super::uk_time::{from_uk_local, to_uk_local};
use crate::deadlines::{Calendar, CalendarError};
use crate::organisation::Nation;

/// The most business time a target may span: a year of opening hours.
const MAX_MINUTES: u32 = 60 * 24 * 366;

/// When the office is open on a working day, in UK local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BusinessHours {
    opens: NaiveTime,
    closes: NaiveTime,
}

impl BusinessHours {
    pub fn new(opens: NaiveTime, closes: NaiveTime) -> Result<Self, String> {
        if opens >= closes {
            return Err(format!("the office must open before it closes ({opens} is not before {closes})"));
        }
        Ok(Self { opens, closes })
    }

    /// 09:00 to 17:00.
    pub fn standard() -> Self {
        let at = |hour| NaiveTime::from_hms_opt(hour, 0, 0).unwrap_or(NaiveTime::MIN);
        Self { opens: at(9), closes: at(17) }
    }

    pub fn opens(&self) -> NaiveTime {
        self.opens
    }

    pub fn closes(&self) -> NaiveTime {
        self.closes
    }
}

/// The instant that is `minutes` of business time after `from`.
pub fn add_business_minutes(
    from: DateTime<Utc>,
    minutes: u32,
    hours: &BusinessHours,
    calendar: &Calendar,
    nation: Nation,
) -> Result<DateTime<Utc>, CalendarError> {
    let mut remaining = i64::from(minutes.min(MAX_MINUTES));
    let mut local = to_uk_local(from);
    loop {
        local = next_open_moment(local, hours, calendar, nation)?;
        let open_today = (local.date().and_time(hours.closes) - local).num_minutes();
        if remaining <= open_today {
            return Ok(from_uk_local(local + Duration::minutes(remaining)));
        }
        remaining -= open_today;
        local = local.date().and_time(hours.closes);
    }
}

/// `local` itself if the office is open then; otherwise the next opening time.
fn next_open_moment(
    local: NaiveDateTime,
    hours: &BusinessHours,
    calendar: &Calendar,
    nation: Nation,
) -> Result<NaiveDateTime, CalendarError> {
    let date = local.date();
    if calendar.is_working_day(date, nation) && local.time() < hours.closes {
        return Ok(local.max(date.and_time(hours.opens)));
    }
    let next_day = date.succ_opt().ok_or(CalendarError::OutOfRange(date))?;
    let next = calendar.first_working_day_on_or_after(next_day, nation)?;
    Ok(next.and_time(hours.opens))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc)
    }

    fn target(from: &str, minutes: u32, nation: Nation) -> String {
        let at = add_business_minutes(utc(from), minutes, &BusinessHours::standard(), &Calendar::compiled(), nation)
            .unwrap();
        to_uk_local(at).format("%Y-%m-%d %H:%M").to_string()
    }

    #[test]
    fn targets_skip_evenings_weekends_and_bank_holidays() {
        assert_eq!(
            target("2026-11-27T16:00:00Z", 120, Nation::EnglandAndWales),
            "2026-11-30 10:00",
            "Friday to Monday"
        );
        assert_eq!(target("2026-11-28T10:00:00Z", 60, Nation::EnglandAndWales), "2026-11-30 10:00", "Saturday message");
        assert_eq!(target("2026-11-30T07:00:00Z", 30, Nation::EnglandAndWales), "2026-11-30 09:30", "before opening");
        assert_eq!(target("2026-11-27T17:00:00Z", 30, Nation::EnglandAndWales), "2026-11-30 09:30", "at closing");
        assert_eq!(
            target("2026-12-23T16:30:00Z", 16 * 60, Nation::EnglandAndWales),
            "2026-12-29 16:30",
            "Christmas Day and the Boxing Day substitute are skipped"
        );
        // St Andrew's Day is a bank holiday in Scotland only.
        assert_eq!(target("2026-11-27T16:00:00Z", 120, Nation::Scotland), "2026-12-01 10:00");
    }

    #[test]
    fn targets_are_counted_in_uk_local_time() {
        assert_eq!(target("2026-07-01T08:00:00Z", 60, Nation::EnglandAndWales), "2026-07-01 10:00");
        let at = add_business_minutes(
            utc("2026-07-01T08:00:00Z"),
            60,
            &BusinessHours::standard(),
            &Calendar::compiled(),
            Nation::EnglandAndWales,
        )
        .unwrap();
        assert_eq!(at, utc("2026-07-01T09:00:00Z"));
    }

    #[test]
    fn hours_must_open_before_they_close() {
        let at = |h| NaiveTime::from_hms_opt(h, 0, 0).unwrap();
        assert!(BusinessHours::new(at(17), at(9)).is_err());
        assert!(BusinessHours::new(at(8), at(18)).is_ok());
    }

    proptest::proptest! {
        #[test]
        fn a_target_is_never_before_its_start_and_lands_in_opening_hours(
            start in 1_767_225_600i64..1_830_297_600i64, // 2026-01-01 to 2027-12-31
            minutes in 1u32..5_000,
        ) {
            let from = DateTime::from_timestamp(start, 0).unwrap();
            let hours = BusinessHours::standard();
            let calendar = Calendar::compiled();
            let at = add_business_minutes(from, minutes, &hours, &calendar, Nation::EnglandAndWales).unwrap();
            proptest::prop_assert!(at > from);
            let local = to_uk_local(at);
            proptest::prop_assert!(calendar.is_working_day(local.date(), Nation::EnglandAndWales));
            proptest::prop_assert!(local.time() > hours.opens() && local.time() <= hours.closes());
        }
    }
}
