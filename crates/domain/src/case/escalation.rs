//! The union's guidance on which cases must go up a level. Each rule names conditions (case
//! type, complexity, tribunal risk, value at stake) and the level a case meeting all of them
//! should be at; the case page shows the highest level any rule asks for, with every reason,
//! as a prompt. Guidance advises: the team decides, and the timeline records what they did.

use serde::Serialize;

use super::kind::{CaseType, EscalationLevel};
use super::rating::Rating;
use crate::field_errors::FieldErrors;

/// How likely the case is to end in an employment tribunal claim, as the team judges it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TribunalRisk {
    Unlikely,
    Possible,
    Likely,
}

impl TribunalRisk {
    pub const ALL: [TribunalRisk; 3] = [Self::Unlikely, Self::Possible, Self::Likely];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Unlikely => "unlikely",
            Self::Possible => "possible",
            Self::Likely => "likely",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Unlikely => "Unlikely",
            Self::Possible => "Possible",
            Self::Likely => "Likely",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|risk| risk.as_str() == raw.trim())
            .ok_or_else(|| "Choose the tribunal risk: unlikely, possible or likely".to_string())
    }
}

/// The team's view of the stakes, which guidance rules read besides the case's type and rating.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RiskAssessment {
    pub tribunal_risk: TribunalRisk,
    /// What the member stands to win or lose, in whole pounds, when it can be put in money.
    pub value_pounds: Option<u32>,
}

impl RiskAssessment {
    /// What a case is taken to be before anyone has assessed it.
    pub const UNASSESSED: RiskAssessment = RiskAssessment { tribunal_risk: TribunalRisk::Unlikely, value_pounds: None };

    pub fn parse(tribunal_risk: &str, value_pounds: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let risk = errors.take("tribunal_risk", TribunalRisk::parse(tribunal_risk));
        let value = errors.take("value_pounds", parse_pounds(value_pounds));
        match (risk, value) {
            (Some(tribunal_risk), Some(value_pounds)) => Ok(RiskAssessment { tribunal_risk, value_pounds }),
            _ => Err(errors),
        }
    }
}

/// A whole number of pounds, blank for none; "£12,500" is accepted as typed.
pub fn parse_pounds(raw: &str) -> Result<Option<u32>, String> {
    let cleaned: String = raw.trim().trim_start_matches('£').chars().filter(|c| *c != ',').collect();
    if cleaned.is_empty() {
        return Ok(None);
    }
    cleaned
        .parse::<u32>()
        .ok()
        .filter(|pounds| *pounds <= MAX_POUNDS)
        .map(Some)
        .ok_or_else(|| format!("Give the value as whole pounds, from 0 to {MAX_POUNDS}, or leave it blank"))
}

/// Tribunal awards are capped far below this; anything larger is a typing slip.
const MAX_POUNDS: u32 = 100_000_000;

/// What guidance knows about one case.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CaseFacts {
    pub case_type: CaseType,
    pub complexity: Rating,
    pub risk: RiskAssessment,
}

/// One line of the union's guidance: a case meeting every condition set should be at
/// `level` or above. A rule has at least one condition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct GuidanceRule {
    pub case_type: Option<CaseType>,
    pub min_complexity: Option<Rating>,
    pub min_tribunal_risk: Option<TribunalRisk>,
    pub min_value_pounds: Option<u32>,
    pub level: EscalationLevel,
    /// Why, in the union's words: shown to the team with the prompt.
    pub reason: String,
}

impl GuidanceRule {
    /// Checks a rule as typed into the settings form: every field optional but at least one
    /// condition, a level above rep (every case starts at rep or higher), and a reason.
    pub fn parse(draft: &GuidanceDraft<'_>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let case_type = errors.take("case_type", optional(draft.case_type, CaseType::parse));
        let min_complexity =
            errors.take("min_complexity", optional(draft.min_complexity, |raw| Rating::parse(raw, "complexity")));
        let min_tribunal_risk =
            errors.take("min_tribunal_risk", optional(draft.min_tribunal_risk, TribunalRisk::parse));
        let min_value_pounds = errors.take("min_value_pounds", parse_pounds(draft.min_value_pounds));
        let level = errors.take(
            "level",
            EscalationLevel::parse(draft.level).and_then(|level| match level {
                EscalationLevel::Rep => {
                    Err("Guidance sends a case up: choose caseworker, officer or legal".to_string())
                }
                other => Ok(other),
            }),
        );
        let reason = draft.reason.trim();
        if reason.is_empty() {
            errors.add("reason", "Say why, in the words the team will see");
        } else if reason.chars().count() > 500 {
            errors.add("reason", "Keep the reason under 500 characters");
        }
        if let (Some(None), Some(None), Some(None), Some(None)) =
            (case_type, min_complexity, min_tribunal_risk, min_value_pounds)
        {
            errors.add("case_type", "Set at least one condition: a type, a complexity, a tribunal risk or a value");
        }
        let (Some(case_type), Some(min_complexity), Some(min_tribunal_risk), Some(min_value_pounds), Some(level)) =
            (case_type, min_complexity, min_tribunal_risk, min_value_pounds, level)
        else {
            return Err(errors);
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(GuidanceRule {
            case_type,
            min_complexity,
            min_tribunal_risk,
            min_value_pounds,
            level,
            reason: reason.into(),
        })
    }

    /// Whether every condition the rule sets holds for the case. An unvalued case never
    /// meets a value condition: the prompt appears once someone puts a figure on it.
    pub fn applies_to(&self, facts: &CaseFacts) -> bool {
        self.case_type.is_none_or(|kind| kind == facts.case_type)
            && self.min_complexity.is_none_or(|min| facts.complexity >= min)
            && self.min_tribunal_risk.is_none_or(|min| facts.risk.tribunal_risk >= min)
            && self.min_value_pounds.is_none_or(|min| facts.risk.value_pounds.is_some_and(|value| value >= min))
    }

    /// The conditions in words, for the settings page.
    pub fn conditions(&self) -> String {
        let mut parts = Vec::new();
        if let Some(kind) = self.case_type {
            parts.push(format!("type is {}", kind.label().to_lowercase()));
        }
        if let Some(min) = self.min_complexity {
            parts.push(format!("complexity {} or more", min.value()));
        }
        if let Some(min) = self.min_tribunal_risk {
            parts.push(format!("tribunal risk {} or higher", min.label().to_lowercase()));
        }
        if let Some(min) = self.min_value_pounds {
            parts.push(format!("value £{min} or more"));
        }
        parts.join(" and ")
    }
}

/// A guidance rule as typed: each field may be blank.
#[derive(Debug, Clone, Copy, Default)]
pub struct GuidanceDraft<'a> {
    pub case_type: &'a str,
    pub min_complexity: &'a str,
    pub min_tribunal_risk: &'a str,
    pub min_value_pounds: &'a str,
    pub level: &'a str,
    pub reason: &'a str,
}

fn optional<T>(raw: &str, parse: impl FnOnce(&str) -> Result<T, String>) -> Result<Option<T>, String> {
    match raw.trim() {
        "" => Ok(None),
        value => parse(value).map(Some),
    }
}

/// What the case page shows when guidance wants the case higher than it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EscalationPrompt {
    /// The highest level any applying rule asks for.
    pub level: EscalationLevel,
    /// The reasons of every rule asking for a level above the current one, highest first.
    pub reasons: Vec<String>,
}

/// The prompt for a case at `current`, or None when no rule asks for more.
pub fn guidance(facts: &CaseFacts, current: EscalationLevel, rules: &[GuidanceRule]) -> Option<EscalationPrompt> {
    let mut wanting: Vec<&GuidanceRule> =
        rules.iter().filter(|rule| rule.level > current && rule.applies_to(facts)).collect();
    wanting.sort_by_key(|rule| std::cmp::Reverse(rule.level));
    let level = wanting.first()?.level;
    let mut reasons: Vec<String> = Vec::new();
    for rule in wanting {
        if !reasons.contains(&rule.reason) {
            reasons.push(rule.reason.clone());
        }
    }
    Some(EscalationPrompt { level, reasons })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(value: u8) -> Rating {
        Rating::new(value).unwrap()
    }

    fn facts(case_type: CaseType, complexity: u8, tribunal_risk: TribunalRisk, value: Option<u32>) -> CaseFacts {
        CaseFacts {
            case_type,
            complexity: rating(complexity),
            risk: RiskAssessment { tribunal_risk, value_pounds: value },
        }
    }

    fn rule(draft: GuidanceDraft<'_>) -> GuidanceRule {
        GuidanceRule::parse(&draft).unwrap()
    }

    fn union_guidance() -> Vec<GuidanceRule> {
        vec![
            rule(GuidanceDraft {
                min_complexity: "4",
                level: "caseworker",
                reason: "Heavy cases",
                ..Default::default()
            }),
            rule(GuidanceDraft {
                min_tribunal_risk: "likely",
                level: "officer",
                reason: "Tribunal",
                ..Default::default()
            }),
            rule(GuidanceDraft {
                case_type: "disciplinary",
                min_value_pounds: "£10,000",
                level: "officer",
                reason: "Dismissal worth a lot",
                ..Default::default()
            }),
        ]
    }

    #[test]
    fn the_highest_level_asked_for_wins_and_every_reason_is_given() {
        let case = facts(CaseType::Disciplinary, 5, TribunalRisk::Likely, Some(25_000));
        let prompt = guidance(&case, EscalationLevel::Rep, &union_guidance()).unwrap();
        assert_eq!(prompt.level, EscalationLevel::Officer);
        assert_eq!(prompt.reasons, ["Tribunal", "Dismissal worth a lot", "Heavy cases"]);
    }

    #[test]
    fn rules_already_met_by_the_current_level_prompt_nothing() {
        let case = facts(CaseType::Disciplinary, 5, TribunalRisk::Likely, None);
        assert_eq!(guidance(&case, EscalationLevel::Officer, &union_guidance()), None);
        let prompt = guidance(&case, EscalationLevel::Caseworker, &union_guidance()).unwrap();
        assert_eq!(prompt.reasons, ["Tribunal"], "the caseworker rule is met already");
    }

    #[test]
    fn every_condition_of_a_rule_must_hold() {
        let rules = union_guidance();
        let grievance = facts(CaseType::Grievance, 2, TribunalRisk::Possible, Some(50_000));
        assert_eq!(guidance(&grievance, EscalationLevel::Rep, &rules), None, "value rule is for disciplinaries");
        let unvalued = facts(CaseType::Disciplinary, 2, TribunalRisk::Possible, None);
        assert_eq!(guidance(&unvalued, EscalationLevel::Rep, &rules), None, "no figure, no value prompt");
        let just_under = facts(CaseType::Disciplinary, 3, TribunalRisk::Possible, Some(9_999));
        assert_eq!(guidance(&just_under, EscalationLevel::Rep, &rules), None);
        let at_threshold = facts(CaseType::Disciplinary, 3, TribunalRisk::Possible, Some(10_000));
        assert_eq!(
            guidance(&at_threshold, EscalationLevel::Rep, &rules).map(|p| p.level),
            Some(EscalationLevel::Officer)
        );
    }

    #[test]
    fn a_rule_needs_a_condition_a_level_above_rep_and_a_reason() {
        let errors =
            GuidanceRule::parse(&GuidanceDraft { level: "officer", reason: "Why", ..Default::default() }).unwrap_err();
        assert!(errors.get("case_type").unwrap().contains("at least one condition"));
        let errors = GuidanceRule::parse(&GuidanceDraft {
            case_type: "divorce",
            min_complexity: "9",
            min_tribunal_risk: "certain",
            min_value_pounds: "lots",
            level: "rep",
            reason: " ",
        })
        .unwrap_err();
        for field in ["case_type", "min_complexity", "min_tribunal_risk", "min_value_pounds", "level", "reason"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }

    #[test]
    fn pounds_are_whole_and_may_be_typed_with_a_sign_and_commas() {
        assert_eq!(parse_pounds("£12,500"), Ok(Some(12_500)));
        assert_eq!(parse_pounds("  "), Ok(None));
        for bad in ["12.50", "-5", "ten", "999999999999"] {
            assert!(parse_pounds(bad).is_err(), "{bad}");
        }
        let assessed = RiskAssessment::parse("possible", "3000").unwrap();
        assert_eq!(assessed, RiskAssessment { tribunal_risk: TribunalRisk::Possible, value_pounds: Some(3000) });
        let errors = RiskAssessment::parse("maybe", "x").unwrap_err();
        assert!(errors.get("tribunal_risk").is_some() && errors.get("value_pounds").is_some());
    }

    #[test]
    fn conditions_read_as_a_sentence() {
        let rules = union_guidance();
        assert_eq!(rules[2].conditions(), "type is disciplinary and value £10000 or more");
    }
}
