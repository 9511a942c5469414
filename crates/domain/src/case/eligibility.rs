//! Eligibility at intake. Most unions represent fully only members who joined some weeks
//! before their problem arose and who are paid up; a problem that began before that is
//! "pre-existing" and gets advice only. The qualifying period is the union's own rule.

use chrono::{Days, NaiveDate};
use serde::Serialize;

use crate::member::MemberStatus;

/// The union's rule, kept in its settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct EligibilityRule {
    /// Weeks of membership before the problem arose that full representation needs.
    pub qualifying_weeks: u32,
    /// Whether members in arrears are still represented.
    pub represent_in_arrears: bool,
}

impl Default for EligibilityRule {
    fn default() -> Self {
        Self { qualifying_weeks: 4, represent_in_arrears: false }
    }
}

impl EligibilityRule {
    /// The most a union rule plausibly asks for; more is a typing mistake.
    pub const MAX_QUALIFYING_WEEKS: u32 = 104;

    pub fn new(qualifying_weeks: u32, represent_in_arrears: bool) -> Result<Self, String> {
        if qualifying_weeks > Self::MAX_QUALIFYING_WEEKS {
            return Err(format!("The qualifying period must be {} weeks or fewer", Self::MAX_QUALIFYING_WEEKS));
        }
        Ok(Self { qualifying_weeks, represent_in_arrears })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Eligibility {
    Full,
    AdviceOnly,
}

impl Eligibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Full => "full",
            Self::AdviceOnly => "advice_only",
        }
    }

    pub fn parse(raw: &str) -> Option<Self> {
        match raw {
            "full" => Some(Self::Full),
            "advice_only" => Some(Self::AdviceOnly),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Full => "Full representation",
            Self::AdviceOnly => "Advice only",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EligibilityCheck {
    pub eligibility: Eligibility,
    /// Why it is advice only; empty when full representation is due.
    pub reasons: Vec<String>,
}

/// What the union's rule gives a member who joined on `joined_on`, with `status` now, for a
/// problem that arose on `problem_arose_on`.
pub fn check_eligibility(
    rule: EligibilityRule,
    joined_on: NaiveDate,
    status: MemberStatus,
    problem_arose_on: NaiveDate,
) -> EligibilityCheck {
    let mut reasons = Vec::new();
    let qualifies_on = joined_on.checked_add_days(Days::new(u64::from(rule.qualifying_weeks) * 7));
    if problem_arose_on < joined_on {
        reasons.push(format!(
            "Pre-existing problem: it arose on {problem_arose_on}, before the member joined on {joined_on}."
        ));
    } else if qualifies_on.is_some_and(|qualifies_on| problem_arose_on < qualifies_on) {
        let days = (problem_arose_on - joined_on).num_days();
        reasons.push(format!(
            "Pre-existing problem: it arose {days} day{} after the member joined; the rule asks for {} week{} of membership first.",
            if days == 1 { "" } else { "s" },
            rule.qualifying_weeks,
            if rule.qualifying_weeks == 1 { "" } else { "s" },
        ));
    }
    match status {
        MemberStatus::Active => {}
        MemberStatus::Arrears if rule.represent_in_arrears => {}
        MemberStatus::Arrears => reasons.push("The member is in arrears with their subscriptions.".into()),
        MemberStatus::Lapsed => reasons.push("The member's membership has lapsed.".into()),
        MemberStatus::Resigned => reasons.push("The member has resigned.".into()),
    }
    let eligibility = if reasons.is_empty() { Eligibility::Full } else { Eligibility::AdviceOnly };
    EligibilityCheck { eligibility, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(raw: &str) -> NaiveDate {
        crate::member::parse_iso_date(raw).unwrap()
    }

    #[test]
    fn a_problem_after_the_qualifying_period_gets_full_representation() {
        let check =
            check_eligibility(EligibilityRule::default(), date("2026-01-05"), MemberStatus::Active, date("2026-02-02"));
        assert_eq!(check.eligibility, Eligibility::Full, "{check:?}");
        assert!(check.reasons.is_empty());
    }

    #[test]
    fn a_problem_inside_the_qualifying_period_is_pre_existing() {
        let check =
            check_eligibility(EligibilityRule::default(), date("2026-01-05"), MemberStatus::Active, date("2026-02-01"));
        assert_eq!(check.eligibility, Eligibility::AdviceOnly);
        assert!(check.reasons[0].contains("27 days after"), "{:?}", check.reasons);
        let before =
            check_eligibility(EligibilityRule::default(), date("2026-01-05"), MemberStatus::Active, date("2025-12-01"));
        assert!(before.reasons[0].contains("before the member joined"));
    }

    #[test]
    fn arrears_count_unless_the_rule_says_otherwise() {
        let joined = date("2020-01-01");
        let problem = date("2026-06-01");
        let strict = check_eligibility(EligibilityRule::default(), joined, MemberStatus::Arrears, problem);
        assert_eq!(strict.eligibility, Eligibility::AdviceOnly);
        let lenient = EligibilityRule::new(4, true).unwrap();
        assert_eq!(check_eligibility(lenient, joined, MemberStatus::Arrears, problem).eligibility, Eligibility::Full);
        let lapsed = check_eligibility(lenient, joined, MemberStatus::Lapsed, problem);
        assert_eq!(lapsed.eligibility, Eligibility::AdviceOnly);
    }

    #[test]
    fn a_zero_week_rule_covers_a_problem_on_the_joining_day() {
        let rule = EligibilityRule::new(0, false).unwrap();
        let check = check_eligibility(rule, date("2026-03-01"), MemberStatus::Active, date("2026-03-01"));
        assert_eq!(check.eligibility, Eligibility::Full);
        assert!(EligibilityRule::new(105, false).is_err());
    }
}
