//! Which reporting period a page opens on, and the next publication deadline for calendars.
//! Both come from the domain rule (`facility_time_publication`), never worked out again here.

use chrono::{Days, NaiveDate};
use steward_domain::deadlines::rules::facility_time_publication::{
    facility_time_publication, FacilityTimeInput, FacilityTimePublication,
};
use steward_domain::organisation::Nation;

/// A publication deadline, as a calendar shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PublicationDue {
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub deadline: NaiveDate,
    /// The repeal of the duty is enacted but its commencement is not confirmed.
    pub repeal_pending: bool,
}

fn period_of(date: NaiveDate) -> Option<FacilityTimePublication> {
    let input = FacilityTimeInput {
        date_in_period: date,
        months_over_49_employees: None,
        relevant_officials: None,
        nation: Nation::EnglandAndWales,
    };
    facility_time_publication(&input).ok().map(|(publication, _)| publication)
}

/// A date in the last April-to-March period that has ended by `today` (its last day).
pub fn last_complete_period_date(today: NaiveDate) -> NaiveDate {
    match period_of(today) {
        Some(current) => current.period_start.checked_sub_days(Days::new(1)).unwrap_or(current.period_start),
        None => today,
    }
}

/// The next 31 July on or after `today` by which an ended period's figures are due: the last
/// complete period's while its deadline has not passed, else the current period's.
pub fn next_publication_deadline(today: NaiveDate) -> Option<PublicationDue> {
    let due = |publication: FacilityTimePublication| PublicationDue {
        period_start: publication.period_start,
        period_end: publication.period_end,
        deadline: publication.publication_deadline,
        repeal_pending: publication.duty_repeal_pending,
    };
    let last = period_of(last_complete_period_date(today)).map(due);
    match last {
        Some(last) if last.deadline >= today => Some(last),
        _ => period_of(today).map(due),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_page_opens_on_the_last_period_that_has_ended() {
        assert_eq!(last_complete_period_date(date("2026-05-10")), date("2026-03-31"));
        assert_eq!(last_complete_period_date(date("2026-03-31")), date("2025-03-31"));
        assert_eq!(last_complete_period_date(date("2026-04-01")), date("2026-03-31"));
    }

    #[test]
    fn the_next_deadline_is_this_july_until_it_passes() {
        let due = next_publication_deadline(date("2026-05-10")).unwrap();
        assert_eq!((due.period_start, due.deadline), (date("2025-04-01"), date("2026-07-31")));
        assert_eq!(next_publication_deadline(date("2026-07-31")).unwrap().deadline, date("2026-07-31"));
        let after = next_publication_deadline(date("2026-08-01")).unwrap();
        assert_eq!((after.period_start, after.deadline), (date("2026-04-01"), date("2027-07-31")));
        assert_eq!(next_publication_deadline(date("2026-02-01")).unwrap().deadline, date("2026-07-31"));
    }
}
