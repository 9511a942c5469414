//! Working days (rules.md 0.2, P3 to P6): Monday to Friday and not a bank holiday in the
//! nation where the worker is employed. Searches are bounded so that a mistyped run of
//! extra holidays can produce an error but never an endless loop.

use chrono::{Datelike, NaiveDate, Weekday};

use super::error::CalendarError;
use super::holidays::{compiled_holidays, ExtraHolidays};
use crate::organisation::Nation;

/// Longest run of non-working days a search will cross before giving up. No real UK
/// calendar comes near this; only bad extra-holiday data could.
const MAX_NON_WORKING_RUN: u32 = 366;

/// The UK bank-holiday calendar: the compiled-in dates plus any extra holidays supplied
/// at call time (for example from an admin-edited table of new proclamations).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Calendar {
    extra: ExtraHolidays,
}

impl Calendar {
    /// The calendar shipped with this build, with no extra holidays.
    pub fn compiled() -> Self {
        Self::default()
    }

    /// Adds one extra bank holiday for a nation.
    pub fn with_extra_holiday(mut self, nation: Nation, date: NaiveDate) -> Self {
        self.extra.insert(nation, date);
        self
    }

    /// Whether `date` is a bank holiday (compiled-in or extra) in `nation`.
    pub fn is_bank_holiday(&self, date: NaiveDate, nation: Nation) -> bool {
        compiled_holidays(nation).contains(&date) || self.extra.contains(nation, date)
    }

    /// P3: Monday to Friday and not a bank holiday in `nation`.
    pub fn is_working_day(&self, date: NaiveDate, nation: Nation) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun) && !self.is_bank_holiday(date, nation)
    }

    /// Whether the bank-holiday data reaches `date`'s year; beyond it, counts may be wrong.
    pub fn covers(&self, date: NaiveDate, nation: Nation) -> bool {
        let known = compiled_holidays(nation).iter().chain(self.extra.for_nation(nation).iter());
        known.map(|day| day.year()).max().is_some_and(|last| date.year() <= last)
    }

    /// Bank holidays in `nation` from `from` to `to` inclusive, for explanations.
    pub fn bank_holidays_between(&self, from: NaiveDate, to: NaiveDate, nation: Nation) -> Vec<NaiveDate> {
        if from > to {
            return Vec::new();
        }
        let mut days: Vec<NaiveDate> = compiled_holidays(nation)
            .range(from..=to)
            .chain(self.extra.for_nation(nation).range(from..=to))
            .copied()
            .collect();
        days.sort_unstable();
        days.dedup();
        days
    }

    /// P4: the `n`-th working day of a run starting on `start` (`start` is day 1 when it
    /// is a working day). `n = 0` is treated as 1.
    pub fn nth_working_day_starting(
        &self,
        start: NaiveDate,
        n: u32,
        nation: Nation,
    ) -> Result<NaiveDate, CalendarError> {
        let mut day = self.first_working_day_on_or_after(start, nation)?;
        for _ in 1..n.max(1) {
            day = self.first_working_day_on_or_after(next_day(day)?, nation)?;
        }
        Ok(day)
    }

    /// P5: the `n`-th working day strictly after `start`. `n = 0` returns `start`.
    pub fn add_working_days(&self, start: NaiveDate, n: u32, nation: Nation) -> Result<NaiveDate, CalendarError> {
        if n == 0 {
            return Ok(start);
        }
        self.nth_working_day_starting(next_day(start)?, n, nation)
    }

    /// The first working day on or after `date` (the "next working day" roll-forward).
    pub fn first_working_day_on_or_after(&self, date: NaiveDate, nation: Nation) -> Result<NaiveDate, CalendarError> {
        let mut day = date;
        for _ in 0..MAX_NON_WORKING_RUN {
            if self.is_working_day(day, nation) {
                return Ok(day);
            }
            day = next_day(day)?;
        }
        Err(CalendarError::NoWorkingDay(date))
    }

    /// P6: the last working day on or before `date` (the practical deadline).
    pub fn last_working_day_on_or_before(&self, date: NaiveDate, nation: Nation) -> Result<NaiveDate, CalendarError> {
        let mut day = date;
        for _ in 0..MAX_NON_WORKING_RUN {
            if self.is_working_day(day, nation) {
                return Ok(day);
            }
            day = day.pred_opt().ok_or(CalendarError::OutOfRange(day))?;
        }
        Err(CalendarError::NoWorkingDay(date))
    }
}

fn next_day(date: NaiveDate) -> Result<NaiveDate, CalendarError> {
    date.succ_opt().ok_or(CalendarError::OutOfRange(date))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EW: Nation = Nation::EnglandAndWales;
    const SCOT: Nation = Nation::Scotland;
    const NI: Nation = Nation::NorthernIreland;

    fn date(text: &str) -> NaiveDate {
        text.parse().expect("test date")
    }

    fn working(text: &str, nation: Nation) -> bool {
        Calendar::compiled().is_working_day(date(text), nation)
    }

    #[test]
    fn boxing_day_2025_is_not_a_working_day() {
        assert!(!working("2025-12-26", EW));
    }

    #[test]
    fn scotland_world_cup_holiday_2026() {
        assert!(!working("2026-06-15", SCOT));
        assert!(working("2026-06-15", EW));
    }

    #[test]
    fn easter_monday_is_not_a_scottish_holiday() {
        assert!(working("2026-04-06", SCOT));
        assert!(!working("2026-04-06", EW));
    }

    #[test]
    fn rule_7_holiday_vectors() {
        for nation in Nation::ALL {
            assert!(!working("2026-12-28", nation), "Boxing Day substitute, {nation:?}");
        }
        assert!(!working("2026-11-30", SCOT));
        assert!(working("2026-11-30", EW));
        assert!(!working("2025-07-14", NI));
        assert!(working("2025-07-14", EW));
        assert!(!working("2027-01-04", SCOT));
        assert!(working("2027-01-04", EW));
    }

    #[test]
    fn weekends_are_never_working_days() {
        assert!(!working("2025-06-21", EW));
        assert!(!working("2025-06-22", EW));
    }

    #[test]
    fn extra_holiday_changes_the_count() {
        let calendar = Calendar::compiled().with_extra_holiday(EW, date("2025-06-03"));
        assert!(!calendar.is_working_day(date("2025-06-03"), EW));
        assert!(calendar.is_working_day(date("2025-06-03"), SCOT));
        assert_eq!(calendar.add_working_days(date("2025-06-02"), 1, EW), Ok(date("2025-06-04")));
    }

    #[test]
    fn nth_working_day_counts_start_when_it_is_a_working_day() {
        let calendar = Calendar::compiled();
        assert_eq!(calendar.nth_working_day_starting(date("2025-06-03"), 5, EW), Ok(date("2025-06-09")));
        assert_eq!(calendar.nth_working_day_starting(date("2025-06-07"), 1, EW), Ok(date("2025-06-09")));
    }

    #[test]
    fn add_working_days_skips_christmas() {
        let calendar = Calendar::compiled();
        assert_eq!(calendar.add_working_days(date("2025-12-19"), 5, EW), Ok(date("2025-12-30")));
    }

    #[test]
    fn practical_deadline_moves_back_to_friday() {
        let calendar = Calendar::compiled();
        assert_eq!(calendar.last_working_day_on_or_before(date("2025-06-21"), EW), Ok(date("2025-06-20")));
        assert_eq!(calendar.last_working_day_on_or_before(date("2026-04-06"), EW), Ok(date("2026-04-02")));
    }

    #[test]
    fn a_year_of_extra_holidays_is_an_error_not_a_hang() {
        let start = date("2030-01-01");
        let calendar = (0..400).fold(Calendar::compiled(), |calendar, offset| {
            calendar.with_extra_holiday(EW, start + chrono::Days::new(offset))
        });
        assert_eq!(calendar.add_working_days(start, 1, EW), Err(CalendarError::NoWorkingDay(date("2030-01-02"))));
    }

    #[test]
    fn coverage_ends_with_the_data() {
        let calendar = Calendar::compiled();
        assert!(calendar.covers(date("2027-12-31"), EW));
        assert!(!calendar.covers(date("2028-01-03"), EW));
    }

    #[test]
    fn holidays_between_lists_christmas_2025() {
        let days = Calendar::compiled().bank_holidays_between(date("2025-12-20"), date("2026-01-05"), SCOT);
        assert_eq!(days, vec![date("2025-12-25"), date("2025-12-26"), date("2026-01-01"), date("2026-01-02")]);
    }
}
