//! Deadlines and tasks on a case. A deadline comes from one of the engine's calculators (the
//! date it produces that a case must meet) or is entered by hand; a task is a dated thing to
//! do with an owner. Both count for "what is due" on the case lists and in reminders.

use chrono::NaiveDate;
use serde::Serialize;

use crate::deadlines::Calculation;

/// A calculator whose result a case can carry as a deadline: which date of its result is
/// the one to meet.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct CaseDeadlineRule {
    pub rule: &'static str,
    pub field: &'static str,
    pub label: &'static str,
}

const fn rule(rule: &'static str, field: &'static str, label: &'static str) -> CaseDeadlineRule {
    CaseDeadlineRule { rule, field, label }
}

/// The calculators that give a case a date to meet, in the order a menu shows them. For
/// tribunal limits the date kept is the practical one: the earlier reading where month-end
/// arithmetic is ambiguous, brought back to a working day (rules.md rule 1), never the latest
/// day a tribunal might accept.
pub const CASE_DEADLINE_RULES: [CaseDeadlineRule; 10] = [
    rule("et_deadline_with_ec", "practical_deadline", "Tribunal claim deadline (with early conciliation)"),
    rule("et_primary_limit", "practical_deadline", "Tribunal time limit (before early conciliation)"),
    rule("accompaniment_postponement_latest", "latest_alternative_date", "Latest date for a postponed hearing"),
    rule("appeal_window", "appeal_deadline", "Internal appeal deadline"),
    rule("flexible_working_decision", "decision_deadline", "Employer's flexible working decision due"),
    rule("subject_access_response", "deadline", "Subject access response due"),
    rule("collective_redundancy_obligations", "latest_consultation_start", "Latest start of collective consultation"),
    rule("fit_note", "fit_note_may_be_required_from", "Fit note needed from"),
    rule("dp_complaint_acknowledgement", "acknowledge_by", "Data protection complaint acknowledgement due"),
    rule("case_retention", "erase_after", "Case file due for erasure review"),
];

pub fn case_deadline_rule(name: &str) -> Option<&'static CaseDeadlineRule> {
    let wanted = name.trim().replace('-', "_");
    CASE_DEADLINE_RULES.iter().find(|candidate| candidate.rule == wanted)
}

/// The date a calculation says the case must meet, if its rule gives one and it found one
/// (some results leave it empty, e.g. no consultation duty below 20 dismissals).
pub fn due_date_of(calculation: &Calculation) -> Option<NaiveDate> {
    let rule = case_deadline_rule(calculation.rule)?;
    calculation.result_date(rule.field)
}

/// How close a due date is, for lists and highlighting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Urgency {
    Overdue,
    DueToday,
    /// Within the next seven days.
    DueSoon,
    Later,
}

impl Urgency {
    pub fn of(due: NaiveDate, today: NaiveDate) -> Self {
        let days = (due - today).num_days();
        match days {
            ..=-1 => Self::Overdue,
            0 => Self::DueToday,
            1..=7 => Self::DueSoon,
            _ => Self::Later,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Overdue => "overdue",
            Self::DueToday => "due_today",
            Self::DueSoon => "due_soon",
            Self::Later => "later",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Overdue => "Overdue",
            Self::DueToday => "Due today",
            Self::DueSoon => "Due this week",
            Self::Later => "Later",
        }
    }
}

/// How many days before a deadline its reminder goes out.
pub const REMINDER_DAYS_BEFORE: i64 = 3;

/// A deadline's or task's title: a few words, printable.
pub fn parse_title(raw: &str) -> Result<String, String> {
    let title = raw.trim();
    if title.is_empty() || title.chars().count() > 200 || title.chars().any(char::is_control) {
        return Err("Say what is due in a few words (up to 200 characters)".into());
    }
    Ok(title.to_owned())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use crate::deadlines::{evaluate, find_rule};

    #[test]
    fn every_case_deadline_rule_is_a_known_calculator() {
        for entry in CASE_DEADLINE_RULES {
            assert!(find_rule(entry.rule).is_some(), "{}", entry.rule);
        }
        assert!(case_deadline_rule("appeal-window").is_some());
        assert!(case_deadline_rule("acas_uplift").is_none(), "a percentage is not a date to meet");
    }

    #[test]
    fn an_appeal_window_gives_its_deadline() {
        // rules.md rule 8.1: outcome Friday 2025-12-19, 5 working days, England and Wales.
        let inputs: BTreeMap<String, String> = [
            ("outcome-date".to_owned(), "2025-12-19".to_owned()),
            ("nation".to_owned(), "england-and-wales".to_owned()),
        ]
        .into_iter()
        .collect();
        let calculation = evaluate("appeal_window", &inputs).unwrap();
        assert_eq!(due_date_of(&calculation), NaiveDate::from_ymd_opt(2025, 12, 30));
    }

    #[test]
    fn urgency_runs_from_overdue_to_later() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 12, d).unwrap();
        assert_eq!(Urgency::of(day(1), today), Urgency::Overdue);
        assert_eq!(Urgency::of(day(2), today), Urgency::DueToday);
        assert_eq!(Urgency::of(day(9), today), Urgency::DueSoon);
        assert_eq!(Urgency::of(day(10), today), Urgency::Later);
        assert!(parse_title(" ").is_err());
        assert_eq!(parse_title(" Send the appeal letter "), Ok("Send the appeal letter".into()));
    }
}
