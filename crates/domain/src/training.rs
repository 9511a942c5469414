//! Training and accreditation: the competences a course gives a rep or caseworker, how long
//! they last, and which competence a piece of work calls for, so assignment suggestions can
//! prefer people trained for it.

use chrono::NaiveDate;
use serde::Serialize;

use crate::case::kind::CaseType;

/// An area of representation a course qualifies someone for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Competence {
    /// Accompanying members at disciplinary, grievance, capability and investigation meetings
    /// (the companion's training the Employment Relations Act 1999 s.10 speaks of).
    Accompanying,
    SicknessAndDisability,
    RedundancyAndConsultation,
    PayAndContracts,
    HealthAndSafety,
    EqualityAndDiscrimination,
    TribunalAndLegal,
    UnionLearning,
}

impl Competence {
    pub const ALL: [Competence; 8] = [
        Self::Accompanying,
        Self::SicknessAndDisability,
        Self::RedundancyAndConsultation,
        Self::PayAndContracts,
        Self::HealthAndSafety,
        Self::EqualityAndDiscrimination,
        Self::TribunalAndLegal,
        Self::UnionLearning,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Accompanying => "accompanying",
            Self::SicknessAndDisability => "sickness_and_disability",
            Self::RedundancyAndConsultation => "redundancy_and_consultation",
            Self::PayAndContracts => "pay_and_contracts",
            Self::HealthAndSafety => "health_and_safety",
            Self::EqualityAndDiscrimination => "equality_and_discrimination",
            Self::TribunalAndLegal => "tribunal_and_legal",
            Self::UnionLearning => "union_learning",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Accompanying => "Accompanying at hearings (discipline and grievance)",
            Self::SicknessAndDisability => "Sickness absence and disability",
            Self::RedundancyAndConsultation => "Redundancy and collective consultation",
            Self::PayAndContracts => "Pay and contracts",
            Self::HealthAndSafety => "Health and safety",
            Self::EqualityAndDiscrimination => "Equality and discrimination",
            Self::TribunalAndLegal => "Tribunals and legal referral",
            Self::UnionLearning => "Union learning",
        }
    }

    pub fn parse(raw: &str) -> Result<Competence, String> {
        Self::ALL
            .into_iter()
            .find(|competence| competence.as_str() == raw.trim())
            .ok_or_else(|| "Choose what the training qualifies them for".to_string())
    }

    /// The competence a case of this type calls for.
    pub fn for_case_type(case_type: CaseType) -> Competence {
        match case_type {
            CaseType::Disciplinary
            | CaseType::Grievance
            | CaseType::Capability
            | CaseType::PerformanceReview
            | CaseType::Investigation => Self::Accompanying,
            CaseType::SicknessAbsence => Self::SicknessAndDisability,
            CaseType::Redundancy => Self::RedundancyAndConsultation,
            CaseType::Pay => Self::PayAndContracts,
            CaseType::HealthAndSafety => Self::HealthAndSafety,
            CaseType::TribunalReferral => Self::TribunalAndLegal,
        }
    }

    /// Words that show a member's message is about this area. A word of the message matches a
    /// stem when it starts with it ("dismissed" and "dismissal" both start "dismiss"); stems
    /// that would start too many unrelated words are whole words (`=ill` is "ill", not
    /// "illegal").
    fn stems(self) -> &'static [&'static str] {
        match self {
            Self::Accompanying => &[
                "disciplin",
                "grievance",
                "hearing",
                "misconduct",
                "dismiss",
                "sacked",
                "capability",
                "investigat",
                "warning",
                "suspen",
                "appeal",
            ],
            Self::SicknessAndDisability => {
                &["sick", "absen", "=ill", "illness", "disab", "adjustment", "occupational", "=fit"]
            }
            Self::RedundancyAndConsultation => &["redundan", "restructur", "reorganis", "consultation", "=tupe"],
            Self::PayAndContracts => {
                &["=pay", "payslip", "payroll", "wage", "salar", "overtime", "contract", "underpa", "deduction"]
            }
            Self::HealthAndSafety => &["safety", "injur", "accident", "hazard", "=risk", "asbestos", "ventilat"],
            Self::EqualityAndDiscrimination => {
                &["discriminat", "harass", "bully", "bullied", "racis", "sexis", "pregnan", "maternity", "equal"]
            }
            Self::TribunalAndLegal => &["tribunal", "=acas", "solicitor", "lawyer", "legal", "=claim"],
            // Not "course": members write "of course" all the time.
            Self::UnionLearning => &["courses", "learning", "qualification", "apprentic", "numeracy", "literacy"],
        }
    }
}

/// How much of a thread is read for what it is about: what a member writes first says it, and a
/// hostile or huge message must not make every page view slow.
const MAX_CHARS_READ: usize = 20_000;

/// The competences a member's message calls for, most-mentioned first (ties in the order of
/// `Competence::ALL`); empty when it mentions none of them.
pub fn called_for_by(text: &str) -> Vec<Competence> {
    let read = text.char_indices().nth(MAX_CHARS_READ).map_or(text, |(end, _)| &text[..end]);
    let words: Vec<String> =
        read.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
    let hits = |competence: Competence| {
        words
            .iter()
            .filter(|word| {
                competence.stems().iter().any(|stem| match stem.strip_prefix('=') {
                    Some(whole) => word.as_str() == whole,
                    None => word.starts_with(stem),
                })
            })
            .count()
    };
    let mut found: Vec<(usize, Competence)> =
        Competence::ALL.into_iter().map(|competence| (hits(competence), competence)).filter(|(n, _)| *n > 0).collect();
    // Stable: equal counts keep the declared order.
    found.sort_by_key(|(hits, _)| std::cmp::Reverse(*hits));
    found.into_iter().map(|(_, competence)| competence).collect()
}

/// A course someone completed and the competence it gives them, until it lapses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Accreditation {
    pub competence: Competence,
    pub completed_on: NaiveDate,
    /// When a refresher is due; None for training that does not lapse.
    pub expires_on: Option<NaiveDate>,
}

impl Accreditation {
    /// Whether it counts on `day`: completed by then and not yet lapsed (it holds on its last day).
    pub fn current_on(&self, day: NaiveDate) -> bool {
        self.completed_on <= day && self.expires_on.is_none_or(|expires| day <= expires)
    }
}

/// The dates of a new record, checked: completed by `today`, and lapsing after completion.
pub fn check_dates(completed_on: NaiveDate, expires_on: Option<NaiveDate>, today: NaiveDate) -> Result<(), String> {
    if completed_on > today {
        return Err("The completion date is in the future: record training once it is done".into());
    }
    if expires_on.is_some_and(|expires| expires <= completed_on) {
        return Err("The refresher date must be after the completion date".into());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn names_round_trip_and_nonsense_is_refused() {
        for competence in Competence::ALL {
            assert_eq!(Competence::parse(competence.as_str()), Ok(competence));
        }
        assert!(Competence::parse("juggling").is_err());
        assert!(Competence::parse("").is_err());
    }

    #[test]
    fn every_case_type_calls_for_a_competence() {
        assert_eq!(Competence::for_case_type(CaseType::Disciplinary), Competence::Accompanying);
        assert_eq!(Competence::for_case_type(CaseType::HealthAndSafety), Competence::HealthAndSafety);
        assert_eq!(Competence::for_case_type(CaseType::Redundancy), Competence::RedundancyAndConsultation);
        for case_type in CaseType::ALL {
            assert_ne!(Competence::for_case_type(case_type), Competence::UnionLearning, "{case_type:?}");
        }
    }

    #[test]
    fn a_message_is_read_for_what_it_is_about() {
        assert_eq!(
            called_for_by("I have been invited to a disciplinary hearing and may be dismissed"),
            vec![Competence::Accompanying]
        );
        assert_eq!(
            called_for_by("Redundancy consultation: is my pay protected?"),
            vec![Competence::RedundancyAndConsultation, Competence::PayAndContracts]
        );
        assert_eq!(called_for_by("My manager keeps bullying me about my sick leave"), {
            vec![Competence::SicknessAndDisability, Competence::EqualityAndDiscrimination]
        });
        assert_eq!(called_for_by("Hello, can you ring me back?"), Vec::<Competence>::new());
        assert_eq!(called_for_by("Of course I can come in on Monday"), Vec::<Competence>::new());
        assert_eq!(called_for_by(""), Vec::<Competence>::new());
    }

    #[test]
    fn whole_word_stems_do_not_match_longer_words() {
        assert!(!called_for_by("Is that illegal?").contains(&Competence::SicknessAndDisability));
        assert_eq!(called_for_by("I feel ill"), vec![Competence::SicknessAndDisability]);
        assert!(called_for_by("repay the loan").is_empty());
        assert_eq!(called_for_by("PAY CUT"), vec![Competence::PayAndContracts]);
    }

    #[test]
    fn only_the_start_of_a_huge_thread_is_read() {
        let text = format!("{} grievance", "é".repeat(MAX_CHARS_READ));
        assert!(called_for_by(&text).is_empty());
        assert_eq!(called_for_by(&format!("grievance {text}")), vec![Competence::Accompanying]);
    }

    #[test]
    fn the_most_mentioned_area_comes_first() {
        let text = "Safety: the ventilation is broken and there was an accident; also my pay";
        assert_eq!(called_for_by(text), vec![Competence::HealthAndSafety, Competence::PayAndContracts]);
    }

    #[test]
    fn an_accreditation_holds_from_completion_to_its_refresher_date() {
        let record = Accreditation {
            competence: Competence::HealthAndSafety,
            completed_on: day("2025-03-01"),
            expires_on: Some(day("2028-02-29")),
        };
        assert!(!record.current_on(day("2025-02-28")));
        assert!(record.current_on(day("2025-03-01")));
        assert!(record.current_on(day("2028-02-29")), "the last day counts");
        assert!(!record.current_on(day("2028-03-01")));
        let lasting = Accreditation { expires_on: None, ..record };
        assert!(lasting.current_on(day("2090-01-01")));
    }

    #[test]
    fn dates_must_make_sense() {
        let today = day("2026-12-02");
        assert!(check_dates(day("2026-12-02"), None, today).is_ok());
        assert!(check_dates(day("2026-12-03"), None, today).is_err(), "not in the future");
        assert!(check_dates(day("2026-01-01"), Some(day("2026-01-01")), today).is_err());
        assert!(check_dates(day("2026-01-01"), Some(day("2026-01-02")), today).is_ok());
        assert!(check_dates(day("2020-01-01"), Some(day("2021-01-01")), today).is_ok(), "lapsed records may be kept");
    }
}
