//! A person's own week of union time: the entries, totals by kind, and how the week compares
//! with the facility time they have.

use chrono::{Datelike, Days, NaiveDate};
use steward_domain::facility::category::TimeCategory;
use steward_domain::permissions::{Action, Target};

use crate::ports::{RepProfile, Store, TimeEntry};
use crate::{AppError, RequestContext};

#[derive(Debug, Clone)]
pub struct MyWeek {
    /// Monday of the week shown.
    pub starts_on: NaiveDate,
    pub entries: Vec<TimeEntry>,
    /// Minutes by kind, in `TimeCategory::ALL` order, kinds with no time left out.
    pub totals: Vec<(TimeCategory, u64)>,
    pub total_minutes: u64,
    /// Of the total, what counts as paid facility time.
    pub facility_minutes: u64,
    pub profile: RepProfile,
}

/// The Monday on or before `day`.
pub fn week_start(day: NaiveDate) -> NaiveDate {
    day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday()))).unwrap_or(day)
}

/// The week containing `day` (a whole week has at most a few hundred entries; 1,000 is a
/// hard stop, not a page).
pub async fn my_week(store: &dyn Store, ctx: &RequestContext, day: NaiveDate) -> Result<MyWeek, AppError> {
    ctx.require(Action::LogTime, Target::Any)?;
    let starts_on = week_start(day);
    let ends_on = starts_on.checked_add_days(Days::new(6)).unwrap_or(starts_on);
    let entries = store.time_entries(ctx.actor.user_id, starts_on, ends_on, 1_000).await?;
    let mut totals: Vec<(TimeCategory, u64)> = TimeCategory::ALL
        .into_iter()
        .map(|category| {
            let minutes =
                entries.iter().filter(|entry| entry.category == category).map(|entry| u64::from(entry.minutes)).sum();
            (category, minutes)
        })
        .collect();
    totals.retain(|(_, minutes)| *minutes > 0);
    let total_minutes = entries.iter().map(|entry| u64::from(entry.minutes)).sum();
    let facility_minutes = entries
        .iter()
        .filter(|entry| entry.category.is_facility_time(entry.employer_paid))
        .map(|entry| u64::from(entry.minutes))
        .sum();
    let profile = store.rep_profile(ctx.actor.user_id).await?;
    Ok(MyWeek { starts_on, entries, totals, total_minutes, facility_minutes, profile })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weeks_start_on_monday() {
        let wednesday = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(week_start(wednesday), NaiveDate::from_ymd_opt(2026, 11, 30).unwrap());
        let monday = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(week_start(monday), monday);
        let sunday = NaiveDate::from_ymd_opt(2026, 12, 6).unwrap();
        assert_eq!(week_start(sunday), monday);
    }
}
