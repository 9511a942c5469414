//! What a case is about. Each type follows a procedure template (`procedure.rs`).

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseType {
    Disciplinary,
    Grievance,
    Capability,
    SicknessAbsence,
    PerformanceReview,
    Redundancy,
    Pay,
    Investigation,
    TribunalReferral,
    HealthAndSafety,
}

impl CaseType {
    pub const ALL: [CaseType; 10] = [
        Self::Disciplinary,
        Self::Grievance,
        Self::Capability,
        Self::SicknessAbsence,
        Self::PerformanceReview,
        Self::Redundancy,
        Self::Pay,
        Self::Investigation,
        Self::TribunalReferral,
        Self::HealthAndSafety,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Disciplinary => "disciplinary",
            Self::Grievance => "grievance",
            Self::Capability => "capability",
            Self::SicknessAbsence => "sickness_absence",
            Self::PerformanceReview => "performance_review",
            Self::Redundancy => "redundancy",
            Self::Pay => "pay",
            Self::Investigation => "investigation",
            Self::TribunalReferral => "tribunal_referral",
            Self::HealthAndSafety => "health_and_safety",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Disciplinary => "Disciplinary",
            Self::Grievance => "Grievance",
            Self::Capability => "Capability",
            Self::SicknessAbsence => "Sickness absence",
            Self::PerformanceReview => "Performance review",
            Self::Redundancy => "Redundancy or restructuring",
            Self::Pay => "Pay",
            Self::Investigation => "Investigation",
            Self::TribunalReferral => "Tribunal or legal referral",
            Self::HealthAndSafety => "Health and safety",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        let raw = raw.trim();
        Self::ALL.into_iter().find(|kind| kind.as_str() == raw).ok_or_else(|| {
            let names: Vec<&str> = Self::ALL.iter().map(|kind| kind.as_str()).collect();
            format!("Choose the type of case: {}", names.join(", "))
        })
    }
}

/// The levels a case climbs: a workplace rep handles it, then a caseworker, a regional
/// officer, and the union's lawyers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EscalationLevel {
    Rep,
    Caseworker,
    Officer,
    Legal,
}

impl EscalationLevel {
    pub const ALL: [EscalationLevel; 4] = [Self::Rep, Self::Caseworker, Self::Officer, Self::Legal];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rep => "rep",
            Self::Caseworker => "caseworker",
            Self::Officer => "officer",
            Self::Legal => "legal",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Rep => "Workplace rep",
            Self::Caseworker => "Caseworker",
            Self::Officer => "Regional officer",
            Self::Legal => "Legal",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|level| level.as_str() == raw.trim())
            .ok_or_else(|| "Choose a level: rep, caseworker, officer or legal".to_string())
    }
}

/// The part a person plays on a case's team.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseRole {
    Rep,
    Caseworker,
    Officer,
    Lawyer,
}

impl CaseRole {
    pub const ALL: [CaseRole; 4] = [Self::Rep, Self::Caseworker, Self::Officer, Self::Lawyer];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Rep => "rep",
            Self::Caseworker => "caseworker",
            Self::Officer => "officer",
            Self::Lawyer => "lawyer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Self::Rep => "Rep",
            Self::Caseworker => "Caseworker",
            Self::Officer => "Officer",
            Self::Lawyer => "Lawyer",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, String> {
        Self::ALL
            .into_iter()
            .find(|role| role.as_str() == raw.trim())
            .ok_or_else(|| "Choose a part on the case: rep, caseworker, officer or lawyer".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_parses_back_from_its_name() {
        for kind in CaseType::ALL {
            assert_eq!(CaseType::parse(kind.as_str()), Ok(kind));
        }
        assert!(CaseType::parse("divorce").unwrap_err().contains("disciplinary"));
        for level in EscalationLevel::ALL {
            assert_eq!(EscalationLevel::parse(level.as_str()), Ok(level));
        }
        for role in CaseRole::ALL {
            assert_eq!(CaseRole::parse(role.as_str()), Ok(role));
        }
        assert!(EscalationLevel::Rep < EscalationLevel::Legal);
    }
}
