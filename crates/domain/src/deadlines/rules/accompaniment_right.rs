//! Rule 2.1: whether the statutory right to be accompanied applies to a meeting, and
//! whether the chosen companion is one the law requires the employer to accept.

use serde::Serialize;

use crate::deadlines::calculation::{Calculation, Warning};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::error::CalcError;
use crate::deadlines::inputs::{Choice, InputKind, InputSpec, Inputs};
use crate::deadlines::registry::RuleSpec;

const NAME: &str = "accompaniment_right";
const SUMMARY: &str = "Does the statutory right to be accompanied apply, and is the companion valid?";
const SOURCE: &str = "ERA 1999 ss.10(1)-(3), 10(2B)-(2C), 10(6)-(7), 13(1)-(5); ACAS Code of Practice 1 paras 13-16.";

/// The meeting the worker is invited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum HearingType {
    Disciplinary,
    DisciplinaryAppeal,
    Grievance,
    GrievanceAppeal,
    InvestigationMeeting,
    InformalMeeting,
}

impl Choice for HearingType {
    const NAMES: &'static [&'static str] = &[
        "disciplinary",
        "disciplinary-appeal",
        "grievance",
        "grievance-appeal",
        "investigation-meeting",
        "informal-meeting",
    ];
    const VALUES: &'static [Self] = &[
        Self::Disciplinary,
        Self::DisciplinaryAppeal,
        Self::Grievance,
        Self::GrievanceAppeal,
        Self::InvestigationMeeting,
        Self::InformalMeeting,
    ];
}

/// The member's employment status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WorkerStatus {
    Employee,
    Worker,
    AgencyWorker,
    HomeWorker,
    SelfEmployed,
}

impl Choice for WorkerStatus {
    const NAMES: &'static [&'static str] = &["employee", "worker", "agency-worker", "home-worker", "self-employed"];
    const VALUES: &'static [Self] =
        &[Self::Employee, Self::Worker, Self::AgencyWorker, Self::HomeWorker, Self::SelfEmployed];
}

/// Who the worker wants to bring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CompanionCategory {
    FellowWorker,
    FullTimeOfficial,
    LayOfficial,
    Solicitor,
    FamilyMember,
    Other,
}

impl Choice for CompanionCategory {
    const NAMES: &'static [&'static str] =
        &["fellow-worker", "full-time-official", "lay-official", "solicitor", "family-member", "other"];
    const VALUES: &'static [Self] = &[
        Self::FellowWorker,
        Self::FullTimeOfficial,
        Self::LayOfficial,
        Self::Solicitor,
        Self::FamilyMember,
        Self::Other,
    ];
}

/// Inputs to `accompaniment_right`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct AccompanimentInput {
    pub hearing_type: HearingType,
    pub worker_status: WorkerStatus,
    pub companion_category: CompanionCategory,
    /// For a lay official: has the union certified them in writing as trained or experienced?
    pub union_certified: bool,
}

/// The answer, with the reasons behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccompanimentRight {
    pub right_applies: bool,
    pub companion_valid: bool,
    pub reasons: Vec<&'static str>,
}

const INPUTS: &[InputSpec] = &[
    InputSpec::required(
        "hearing-type",
        InputKind::Choice { allowed: HearingType::NAMES },
        "the meeting the worker is invited to",
    ),
    InputSpec::required(
        "worker-status",
        InputKind::Choice { allowed: WorkerStatus::NAMES },
        "the worker's employment status",
    ),
    InputSpec::required(
        "companion-category",
        InputKind::Choice { allowed: CompanionCategory::NAMES },
        "who the worker wants to bring",
    ),
    InputSpec::optional(
        "union-certified",
        InputKind::Bool,
        "lay official only: certified in writing by the union (default false)",
    ),
];

pub(crate) const SPEC: RuleSpec = RuleSpec::new(NAME, SUMMARY, INPUTS, from_inputs);

fn from_inputs(_calendar: &Calendar, inputs: &Inputs) -> Result<Calculation, CalcError> {
    let input = AccompanimentInput {
        hearing_type: inputs.choice("hearing-type")?,
        worker_status: inputs.choice("worker-status")?,
        companion_category: inputs.choice("companion-category")?,
        union_certified: inputs.flag("union-certified")?,
    };
    Ok(calculate(&input))
}

/// Decides the right and the companion's validity (rules.md 2.1).
pub fn accompaniment_right(input: &AccompanimentInput) -> (AccompanimentRight, Vec<Warning>) {
    let mut reasons = Vec::new();
    let mut warnings = Vec::new();
    let is_worker = input.worker_status != WorkerStatus::SelfEmployed;
    let covered_hearing = matches!(
        input.hearing_type,
        HearingType::Disciplinary
            | HearingType::DisciplinaryAppeal
            | HearingType::Grievance
            | HearingType::GrievanceAppeal
    );
    if !is_worker {
        reasons.push("The right belongs to workers (including agency and home workers); the genuinely self-employed are not covered.");
    }
    if covered_hearing {
        reasons.push("A disciplinary or grievance hearing, including an appeal, is covered by s.10 when the worker reasonably asks to be accompanied.");
    } else {
        reasons.push("Investigation and informal meetings are usually outside the statutory right; the employer's policy may still allow a companion.");
        warnings.push(Warning::new(
            "RIGHT_NOT_STATUTORY",
            "Info: no statutory right at this meeting; check the employer's policy or agreement.",
        ));
    }
    let companion_valid = match input.companion_category {
        CompanionCategory::FellowWorker => {
            reasons.push("A fellow worker of the same employer is a permitted companion and is entitled to paid time off to accompany.");
            true
        }
        CompanionCategory::FullTimeOfficial => {
            reasons.push("A full-time official employed by a trade union is a permitted companion; the union need not be recognised.");
            true
        }
        CompanionCategory::LayOfficial if input.union_certified => {
            reasons.push("A lay union official certified in writing by the union as experienced or trained is a permitted companion.");
            true
        }
        CompanionCategory::LayOfficial => {
            reasons.push("A lay official is a permitted companion only once the union has certified them in writing as experienced or trained.");
            warnings.push(Warning::new(
                "LAY_OFFICIAL_NOT_CERTIFIED",
                "Companion invalid until certified: store the union's certification letter on the file.",
            ));
            false
        }
        CompanionCategory::Solicitor | CompanionCategory::FamilyMember | CompanionCategory::Other => {
            reasons.push(
                "This companion is not within s.10(3); the employer may refuse unless the contract or policy allows.",
            );
            false
        }
    };
    let right_applies = is_worker && covered_hearing;
    (AccompanimentRight { right_applies, companion_valid, reasons }, warnings)
}

/// Runs `accompaniment_right` and explains it.
pub fn calculate(input: &AccompanimentInput) -> Calculation {
    let (result, warnings) = accompaniment_right(input);
    let explanation = format!(
        "{} {} {}",
        if result.right_applies {
            "The statutory right to be accompanied applies."
        } else {
            "The statutory right to be accompanied does not apply."
        },
        if result.companion_valid {
            "The chosen companion is one the employer must accept."
        } else {
            "The chosen companion is not one the law requires the employer to accept."
        },
        result.reasons.join(" "),
    );
    Calculation::new(NAME, input, &result, explanation, warnings, SOURCE)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deadlines::inputs::tests::assert_choice_names_round_trip;

    fn check(
        hearing_type: HearingType,
        worker_status: WorkerStatus,
        companion_category: CompanionCategory,
        union_certified: bool,
    ) -> (AccompanimentRight, Vec<Warning>) {
        accompaniment_right(&AccompanimentInput { hearing_type, worker_status, companion_category, union_certified })
    }

    #[test]
    fn choice_names_round_trip() {
        assert_choice_names_round_trip::<HearingType>();
        assert_choice_names_round_trip::<WorkerStatus>();
        assert_choice_names_round_trip::<CompanionCategory>();
    }

    #[test]
    fn vector_1_disciplinary_with_fellow_worker_is_valid() {
        let (result, _) =
            check(HearingType::Disciplinary, WorkerStatus::Worker, CompanionCategory::FellowWorker, false);
        assert!(result.right_applies && result.companion_valid);
    }

    #[test]
    fn vector_2_uncertified_lay_official_is_invalid_until_certified() {
        let (result, warnings) =
            check(HearingType::Grievance, WorkerStatus::AgencyWorker, CompanionCategory::LayOfficial, false);
        assert!(result.right_applies);
        assert!(!result.companion_valid);
        assert!(warnings.iter().any(|w| w.code == "LAY_OFFICIAL_NOT_CERTIFIED"));
        let (certified, _) =
            check(HearingType::Grievance, WorkerStatus::AgencyWorker, CompanionCategory::LayOfficial, true);
        assert!(certified.companion_valid);
    }

    #[test]
    fn vector_3_investigation_meeting_has_no_statutory_right() {
        let (result, warnings) = check(
            HearingType::InvestigationMeeting,
            WorkerStatus::Employee,
            CompanionCategory::FullTimeOfficial,
            false,
        );
        assert!(!result.right_applies);
        assert!(warnings.iter().any(|w| w.code == "RIGHT_NOT_STATUTORY"));
    }

    #[test]
    fn vector_4_solicitor_at_appeal_is_not_a_statutory_companion() {
        let (result, _) =
            check(HearingType::DisciplinaryAppeal, WorkerStatus::Employee, CompanionCategory::Solicitor, false);
        assert!(result.right_applies);
        assert!(!result.companion_valid);
    }

    #[test]
    fn self_employed_have_no_right() {
        let (result, _) =
            check(HearingType::Disciplinary, WorkerStatus::SelfEmployed, CompanionCategory::FellowWorker, false);
        assert!(!result.right_applies);
    }
}
