//! Routing rules: who a new enquiry goes to, by what it says, where the member works and how
//! it came in. Rules are tried in order; the first whose every condition holds wins.

/// What a rule may require; a condition left empty always holds.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RuleConditions {
    pub branch: Option<i64>,
    /// A word or phrase that must appear in the subject or text (case does not matter).
    pub keyword: Option<String>,
    pub employer: Option<i64>,
    pub workplace: Option<i64>,
    /// email, web, phone or api.
    pub channel: Option<String>,
}

/// The new enquiry as the rules see it.
#[derive(Debug, Clone, Copy)]
pub struct EnquiryFacts<'a> {
    pub branch: Option<i64>,
    pub employer: Option<i64>,
    pub workplace: Option<i64>,
    pub channel: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
}

impl RuleConditions {
    pub fn matches(&self, facts: &EnquiryFacts<'_>) -> bool {
        let same = |wanted: Option<i64>, actual: Option<i64>| wanted.is_none_or(|w| actual == Some(w));
        same(self.branch, facts.branch)
            && same(self.employer, facts.employer)
            && same(self.workplace, facts.workplace)
            && self.channel.as_deref().is_none_or(|c| c == facts.channel)
            && self.keyword.as_deref().is_none_or(|k| mentions(facts.subject, k) || mentions(facts.text, k))
    }

    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

/// Whether `text` contains `phrase` as whole words, ignoring case: "pay" matches "Pay cut"
/// but not "payroll" or "repay".
fn mentions(text: &str, phrase: &str) -> bool {
    let words = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
    };
    let (text, phrase) = (words(text), words(phrase));
    !phrase.is_empty() && text.windows(phrase.len()).any(|window| window == phrase.as_slice())
}

/// The first rule (in the order given) that matches.
pub fn first_match<'r, T>(rules: &'r [(RuleConditions, T)], facts: &EnquiryFacts<'_>) -> Option<&'r T> {
    rules.iter().find(|(conditions, _)| conditions.matches(facts)).map(|(_, target)| target)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(subject: &'a str, text: &'a str) -> EnquiryFacts<'a> {
        EnquiryFacts { branch: Some(1), employer: Some(7), workplace: Some(70), channel: "email", subject, text }
    }

    #[test]
    fn keywords_match_whole_words_in_subject_or_text_ignoring_case() {
        let rule = RuleConditions { keyword: Some("Pay".into()), ..Default::default() };
        assert!(rule.matches(&facts("My pay was cut", "")));
        assert!(rule.matches(&facts("Question", "about PAY.")));
        assert!(!rule.matches(&facts("Payroll", "I must repay")));
        let phrase = RuleConditions { keyword: Some("sick pay".into()), ..Default::default() };
        assert!(phrase.matches(&facts("", "Is sick  pay due?")));
        assert!(!phrase.matches(&facts("", "pay when sick")));
    }

    #[test]
    fn every_condition_given_must_hold() {
        let rule = RuleConditions {
            branch: Some(1),
            employer: Some(7),
            channel: Some("email".into()),
            keyword: Some("grievance".into()),
            ..Default::default()
        };
        assert!(rule.matches(&facts("Grievance", "")));
        assert!(!rule.matches(&EnquiryFacts { channel: "phone", ..facts("Grievance", "") }));
        assert!(!rule.matches(&EnquiryFacts { employer: None, ..facts("Grievance", "") }));
        assert!(RuleConditions::default().matches(&facts("", "")), "no conditions: a catch-all");
    }

    #[test]
    fn the_first_matching_rule_wins() {
        let rules = vec![
            (RuleConditions { keyword: Some("dismissal".into()), ..Default::default() }, "officer"),
            (RuleConditions { employer: Some(7), ..Default::default() }, "hospital rep"),
            (RuleConditions::default(), "office"),
        ];
        assert_eq!(first_match(&rules, &facts("Dismissal hearing", "")), Some(&"officer"));
        assert_eq!(first_match(&rules, &facts("Rota", "")), Some(&"hospital rep"));
        assert_eq!(first_match(&rules, &EnquiryFacts { employer: None, ..facts("Rota", "") }), Some(&"office"));
    }
}
