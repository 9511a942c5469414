//! Requests to the employer for time off for union work: the notice the facility-time
//! agreement asks for (by default 3 working days for duties and activities, 4 weeks for
//! training, with the syllabus attached), the after-the-event route when a hearing is called
//! at short notice, and where a request stands.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use super::category::TimeCategory;
use crate::deadlines::Calendar;
use crate::organisation::Nation;

/// The notice an employer's agreement asks for; `DEFAULT` when the agreement says nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct NoticeRule {
    pub duties_working_days: u32,
    pub training_weeks: u32,
}

impl NoticeRule {
    pub const DEFAULT: NoticeRule = NoticeRule { duties_working_days: 3, training_weeks: 4 };
}

/// What the notice check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NoticeCheck {
    /// The last day the request could be made and still give full notice.
    pub give_by: NaiveDate,
    pub short: bool,
    /// What the rep is told, in words.
    pub message: String,
    /// Short notice for accompanying a member at a hearing: the rep goes, and the request is
    /// made after the event (the statutory companion right does not wait for paperwork).
    pub after_the_event: bool,
}

/// Checks the notice a request made on `asked_on` gives for time off starting `starts_on`.
/// `for_hearing` says the time is to accompany a member at a meeting set on a case.
pub fn check_notice(
    category: TimeCategory,
    asked_on: NaiveDate,
    starts_on: NaiveDate,
    for_hearing: bool,
    rule: NoticeRule,
    calendar: &Calendar,
    nation: Nation,
) -> NoticeCheck {
    let (give_by, needed) = match category {
        TimeCategory::Training => {
            let days = u64::from(rule.training_weeks) * 7;
            (starts_on.checked_sub_days(Days::new(days)).unwrap_or(starts_on), format!("{} weeks", rule.training_weeks))
        }
        _ => (
            working_days_before(starts_on, rule.duties_working_days, calendar, nation),
            format!("{} working days", rule.duties_working_days),
        ),
    };
    let short = asked_on > give_by;
    let after_the_event = short && for_hearing && category == TimeCategory::Duties;
    let message = if !short {
        format!("Notice is enough: the agreement asks for {needed}, and this is asked for in time.")
    } else if after_the_event {
        format!(
            "Short notice: the agreement asks for {needed} (by {}). Accompanying a member at a hearing cannot wait: \
             go, and send the request after the event.",
            give_by.format("%-d %B %Y")
        )
    } else {
        format!(
            "Short notice: the agreement asks for {needed}, so this should have been asked for by {}. The manager may \
             refuse it for that reason.",
            give_by.format("%-d %B %Y")
        )
    };
    NoticeCheck { give_by, short, message, after_the_event }
}

/// The working day `n` working days before `date` (a date outside the calendar's years
/// falls back to counting every weekday).
fn working_days_before(date: NaiveDate, n: u32, calendar: &Calendar, nation: Nation) -> NaiveDate {
    let mut day = date;
    let mut counted = 0;
    while counted < n {
        let Some(previous) = day.pred_opt() else { return day };
        day = previous;
        let working = if calendar.covers(day, nation) {
            calendar.is_working_day(day, nation)
        } else {
            !matches!(chrono::Datelike::weekday(&day), chrono::Weekday::Sat | chrono::Weekday::Sun)
        };
        if working {
            counted += 1;
        }
    }
    day
}

/// Where a request stands. A draft is the rep's; once submitted, the employer's manager
/// approves or refuses it; the rep may withdraw it until it is decided.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RequestStatus {
    Draft,
    Submitted,
    Approved,
    Refused,
    Withdrawn,
}

impl RequestStatus {
    pub const ALL: [RequestStatus; 5] = [Self::Draft, Self::Submitted, Self::Approved, Self::Refused, Self::Withdrawn];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Draft => "draft",
            Self::Submitted => "submitted",
            Self::Approved => "approved",
            Self::Refused => "refused",
            Self::Withdrawn => "withdrawn",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Draft => "Draft",
            Self::Submitted => "Waiting for the manager",
            Self::Approved => "Approved",
            Self::Refused => "Refused",
            Self::Withdrawn => "Withdrawn",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|status| status.as_str() == raw.trim())
            .ok_or_else(|| format!("unknown request status {raw}"))
    }

    /// Whether a request may go from `self` to `to`.
    pub fn may_become(self, to: RequestStatus) -> bool {
        use RequestStatus::*;
        matches!(
            (self, to),
            (Draft, Submitted)
                | (Draft, Withdrawn)
                | (Submitted, Approved)
                | (Submitted, Refused)
                | (Submitted, Withdrawn)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn check(category: TimeCategory, asked: &str, starts: &str, hearing: bool) -> NoticeCheck {
        check_notice(
            category,
            date(asked),
            date(starts),
            hearing,
            NoticeRule::DEFAULT,
            &Calendar::compiled(),
            Nation::EnglandAndWales,
        )
    }

    #[test]
    fn duties_need_three_working_days_counting_over_weekends_and_bank_holidays() {
        // Thursday 7 May 2026 for time off on Tuesday 12 May: Fri 8, Mon 11 (Mon 4 May was the
        // bank holiday, a week earlier) ... three working days before the 12th is Thursday the 7th.
        let in_time = check(TimeCategory::Duties, "2026-05-07", "2026-05-12", false);
        assert_eq!(in_time.give_by, date("2026-05-07"));
        assert!(!in_time.short, "{}", in_time.message);
        let late = check(TimeCategory::Duties, "2026-05-08", "2026-05-12", false);
        assert!(late.short && !late.after_the_event);
        assert!(late.message.contains("7 May 2026"), "{}", late.message);
        // Over the early May bank holiday: three working days before Thursday 7 May 2026 are
        // Wed 6, Tue 5 and Fri 1 (Monday 4 May is a bank holiday).
        assert_eq!(check(TimeCategory::Duties, "2026-05-01", "2026-05-07", false).give_by, date("2026-05-01"));
    }

    #[test]
    fn training_needs_four_weeks_and_a_short_notice_hearing_goes_after_the_event() {
        let training = check(TimeCategory::Training, "2026-03-10", "2026-04-01", false);
        assert_eq!(training.give_by, date("2026-03-04"));
        assert!(training.short && !training.after_the_event, "training cannot go after the event");
        let hearing = check(TimeCategory::Duties, "2026-05-11", "2026-05-12", true);
        assert!(hearing.short && hearing.after_the_event);
        assert!(hearing.message.contains("after the event"), "{}", hearing.message);
    }

    #[test]
    fn requests_move_only_forward() {
        use RequestStatus::*;
        assert!(Draft.may_become(Submitted));
        assert!(Submitted.may_become(Approved) && Submitted.may_become(Refused) && Submitted.may_become(Withdrawn));
        for done in [Approved, Refused, Withdrawn] {
            for to in RequestStatus::ALL {
                assert!(!done.may_become(to), "{done:?} -> {to:?}");
            }
        }
        assert!(!Draft.may_become(Approved), "a manager decides what was submitted");
        for status in RequestStatus::ALL {
            assert_eq!(RequestStatus::parse(status.as_str()), Ok(status));
        }
    }
}
