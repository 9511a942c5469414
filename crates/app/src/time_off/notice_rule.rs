//! An employer's time-off notice rule: how many working days' notice its facility-time
//! agreement asks for before time off for duties and activities, and how many weeks before
//! training. Without a saved rule the defaults apply (3 working days, 4 weeks). Submitting a
//! request checks its notice against the rule in force then, so a change applies to requests
//! submitted after it. Officers keep the rule for the employers with a workplace in their
//! scope, administrators for any (the same reach as the facility-time figures); each change is
//! audited with the old and new values.

use steward_domain::facility::time_off::NoticeRule;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::EmployerId;
use steward_domain::permissions::{Action, Target};

use crate::facility::employer_in_scope;
use crate::ports::{Employer, Store};
use crate::{AppError, RequestContext};

/// The most working days' notice a rule may ask for duties and activities (six weeks).
pub const MAX_DUTIES_WORKING_DAYS: u32 = 30;
/// The most weeks' notice a rule may ask for training (half a year).
pub const MAX_TRAINING_WEEKS: u32 = 26;

/// An employer's rule as a screen shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct NoticeRuleView {
    pub employer: Employer,
    pub rule: NoticeRule,
    /// The rule is the default one (3 working days, 4 weeks).
    pub is_default: bool,
}

/// The rule as typed.
#[derive(Debug, Clone, Default)]
pub struct NoticeRuleDraft {
    pub duties_working_days: String,
    pub training_weeks: String,
}

/// The employers whose rule the asker may keep, by name (for the page's choice).
pub async fn notice_rule_employers(store: &dyn Store, ctx: &RequestContext) -> Result<Vec<Employer>, AppError> {
    ctx.require(Action::ManageTimeOffRules, Target::Any)?;
    let organisation = store.organisation().await?;
    let mut employers: Vec<Employer> = organisation
        .employers
        .iter()
        .filter(|employer| employer_in_scope(ctx, Action::ManageTimeOffRules, &organisation, employer.id).is_ok())
        .cloned()
        .collect();
    employers.sort_by_key(|employer| employer.name.to_lowercase());
    Ok(employers)
}

/// One employer's rule; an employer outside the asker's reach reads as not found.
pub async fn view_notice_rule(
    store: &dyn Store,
    ctx: &RequestContext,
    employer: EmployerId,
) -> Result<NoticeRuleView, AppError> {
    let employer = reachable(store, ctx, employer).await?;
    let rule = store.time_off_rule(employer.id).await?;
    Ok(NoticeRuleView { employer, rule, is_default: rule == NoticeRule::DEFAULT })
}

/// Checks and saves an employer's rule, audited as `time_off.notice_rule` with the old and
/// new values in the same write.
pub async fn save_notice_rule(
    store: &dyn Store,
    ctx: &RequestContext,
    employer: EmployerId,
    draft: &NoticeRuleDraft,
) -> Result<NoticeRuleView, AppError> {
    let employer = reachable(store, ctx, employer).await?;
    let rule = parse_rule(draft)?;
    let old = store.time_off_rule(employer.id).await?;
    let detail = format!(
        "{}: duties and activities {} -> {} working days, training {} -> {} weeks",
        employer.name, old.duties_working_days, rule.duties_working_days, old.training_weeks, rule.training_weeks
    );
    let audit = ctx.audit("time_off.notice_rule", "employer", Some(employer.id.to_string()), detail);
    store.save_time_off_rule(employer.id, rule, &audit).await?;
    Ok(NoticeRuleView { employer, rule, is_default: rule == NoticeRule::DEFAULT })
}

async fn reachable(store: &dyn Store, ctx: &RequestContext, employer: EmployerId) -> Result<Employer, AppError> {
    ctx.require(Action::ManageTimeOffRules, Target::Any)?;
    let organisation = store.organisation().await?;
    employer_in_scope(ctx, Action::ManageTimeOffRules, &organisation, employer)
}

/// Both numbers, each a whole number in its range; every problem is named by its field.
pub fn parse_rule(draft: &NoticeRuleDraft) -> Result<NoticeRule, AppError> {
    let mut errors = FieldErrors::new();
    let duties = errors
        .take("duties_working_days", whole_number(&draft.duties_working_days, MAX_DUTIES_WORKING_DAYS, "working days"));
    let training = errors.take("training_weeks", whole_number(&draft.training_weeks, MAX_TRAINING_WEEKS, "weeks"));
    match (duties, training) {
        (Some(duties_working_days), Some(training_weeks)) => Ok(NoticeRule { duties_working_days, training_weeks }),
        _ => Err(AppError::Invalid(errors)),
    }
}

fn whole_number(raw: &str, max: u32, unit: &str) -> Result<u32, String> {
    let text = raw.trim();
    let message = || format!("Give a whole number of {unit} from 0 to {max}");
    if text.is_empty() || text.len() > 6 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return Err(message());
    }
    match text.parse::<u32>() {
        Ok(value) if value <= max => Ok(value),
        _ => Err(message()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(duties: &str, training: &str) -> NoticeRuleDraft {
        NoticeRuleDraft { duties_working_days: duties.into(), training_weeks: training.into() }
    }

    #[test]
    fn a_rule_is_two_whole_numbers_in_range() {
        assert_eq!(parse_rule(&draft("5", " 6 ")).ok(), Some(NoticeRule { duties_working_days: 5, training_weeks: 6 }));
        assert_eq!(parse_rule(&draft("0", "0")).ok(), Some(NoticeRule { duties_working_days: 0, training_weeks: 0 }));
        assert_eq!(
            parse_rule(&draft("30", "26")).ok(),
            Some(NoticeRule { duties_working_days: 30, training_weeks: 26 })
        );
    }

    #[test]
    fn each_bad_number_is_named_by_its_field() {
        for (duties, training) in [("31", "27"), ("-1", "1.5"), ("", "four"), ("1e2", "99999999999")] {
            let Err(AppError::Invalid(errors)) = parse_rule(&draft(duties, training)) else {
                panic!("{duties} / {training} should be refused");
            };
            assert!(errors.get("duties_working_days").is_some_and(|m| m.contains("0 to 30")), "{duties}");
            assert!(errors.get("training_weeks").is_some_and(|m| m.contains("0 to 26")), "{training}");
        }
    }
}
