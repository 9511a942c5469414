//! Procedure templates: the stages each type of case goes through, and the check on every
//! move between them. Disciplinary, capability, performance and grievance cases follow the
//! ACAS Code, so their moves are also checked by the Code's workflow rule (rules.md rule 3);
//! the other templates follow good practice and the law where it sets an order (a tribunal
//! claim needs ACAS early conciliation first).

use serde::Serialize;

use super::kind::CaseType;
use crate::deadlines::rules::acas_code_workflow::{
    check_transition, CodeCaseType, Outcome, ProcedureState, TransitionInput,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Stage {
    pub code: &'static str,
    pub label: &'static str,
    /// A later stage cannot be reached without passing through this one.
    pub required: bool,
    /// The Code state this stage is, for templates the Code covers.
    #[serde(skip)]
    pub code_state: Option<ProcedureState>,
}

const fn stage(code: &'static str, label: &'static str) -> Stage {
    Stage { code, label, required: false, code_state: None }
}

const fn required(code: &'static str, label: &'static str) -> Stage {
    Stage { code, label, required: true, code_state: None }
}

const fn acas(code: &'static str, label: &'static str, state: ProcedureState) -> Stage {
    Stage { code, label, required: false, code_state: Some(state) }
}

/// Every case starts here: the first conversation, advice and eligibility.
pub const INTAKE: &str = "intake";

const DISCIPLINARY: &[Stage] = &[
    stage(INTAKE, "Intake and advice"),
    acas("informal", "Informal stage", ProcedureState::Informal),
    acas("investigation", "Investigation", ProcedureState::Investigation),
    acas("notified", "Hearing notified in writing", ProcedureState::Notified),
    Stage { required: true, ..acas("hearing", "Disciplinary hearing", ProcedureState::Hearing) },
    acas("decided", "Decision in writing", ProcedureState::Decided),
    acas("appeal", "Appeal", ProcedureState::Appeal),
];

const PERFORMANCE: &[Stage] = &[
    stage(INTAKE, "Intake and advice"),
    acas("informal", "Informal support", ProcedureState::Informal),
    acas("investigation", "Assessment of performance", ProcedureState::Investigation),
    acas("notified", "Invited in writing to a formal meeting", ProcedureState::Notified),
    Stage { required: true, ..acas("hearing", "Formal meeting", ProcedureState::Hearing) },
    acas("decided", "Decision in writing", ProcedureState::Decided),
    acas("appeal", "Appeal", ProcedureState::Appeal),
];

const GRIEVANCE: &[Stage] = &[
    stage(INTAKE, "Intake and advice"),
    Stage { required: true, ..acas("raised", "Grievance raised in writing", ProcedureState::Raised) },
    Stage { required: true, ..acas("meeting", "Grievance meeting", ProcedureState::Meeting) },
    acas("decided", "Decision in writing", ProcedureState::Decided),
    acas("appeal", "Appeal", ProcedureState::Appeal),
];

const SICKNESS_ABSENCE: &[Stage] = &[
    stage(INTAKE, "Intake and advice"),
    stage("welfare", "Welfare contact"),
    stage("occupational_health", "Occupational health referral"),
    stage("attendance_meeting", "Attendance review meeting"),
    stage("decided", "Decision in writing"),
    stage("appeal", "Appeal"),
];

const REDUNDANCY: &[Stage] = &[
    stage(INTAKE, "Intake and advice"),
    required("consultation", "Consultation (collective or individual)"),
    stage("selection", "Selection and scoring"),
    stage("individual_meeting", "Individual consultation meeting"),
    stage("notice", "Notice of dismissal or redeployment"),
    stage("appeal", "Appeal"),
];

const PAY: &[Stage] = &[
    stage(INTAKE, "Intake and advice"),
    stage("raised", "Raised with the employer"),
    stage("response", "Employer's response"),
    stage("formal_grievance", "Formal grievance"),
    stage("appeal", "Appeal"),
];

const INVESTIGATION: &[Stage] = &[
    stage(INTAKE, "Intake and advice"),
    stage("interview", "Investigation interview"),
    stage("report", "Investigation report"),
    stage("outcome_known", "Outcome known"),
];

const TRIBUNAL: &[Stage] = &[
    stage(INTAKE, "Intake and advice"),
    stage("legal_assessment", "Legal assessment"),
    required("early_conciliation", "ACAS early conciliation"),
    stage("claim_lodged", "Claim lodged (ET1)"),
    stage("response", "Employer's response (ET3)"),
    stage("preliminary_hearing", "Preliminary hearing"),
    stage("final_hearing", "Final hearing"),
    stage("judgment", "Judgment"),
];

const HEALTH_AND_SAFETY: &[Stage] = &[
    stage(INTAKE, "Intake and advice"),
    stage("reported", "Reported to the employer"),
    stage("inspection", "Inspection or investigation"),
    stage("employer_response", "Employer's response"),
    stage("referred", "Referred to the HSE or local authority"),
];

/// The stages of a type of case, in order.
pub fn stages(kind: CaseType) -> &'static [Stage] {
    match kind {
        CaseType::Disciplinary => DISCIPLINARY,
        CaseType::Capability | CaseType::PerformanceReview => PERFORMANCE,
        CaseType::Grievance => GRIEVANCE,
        CaseType::SicknessAbsence => SICKNESS_ABSENCE,
        CaseType::Redundancy => REDUNDANCY,
        CaseType::Pay => PAY,
        CaseType::Investigation => INVESTIGATION,
        CaseType::TribunalReferral => TRIBUNAL,
        CaseType::HealthAndSafety => HEALTH_AND_SAFETY,
    }
}

/// The stage of this type with this code.
pub fn find_stage(kind: CaseType, code: &str) -> Option<&'static Stage> {
    stages(kind).iter().find(|stage| stage.code == code)
}

/// Which of the Code's procedures covers a type, if any.
fn code_case_type(kind: CaseType) -> Option<CodeCaseType> {
    match kind {
        CaseType::Disciplinary => Some(CodeCaseType::Misconduct),
        CaseType::Capability | CaseType::PerformanceReview => Some(CodeCaseType::PoorPerformance),
        CaseType::Grievance => Some(CodeCaseType::Grievance),
        _ => None,
    }
}

/// What the case file records that the Code's checks depend on.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageFacts {
    /// A written notice of the hearing is on file.
    pub notice_recorded: bool,
    pub notice_states_accompaniment_right: bool,
    pub outcome: Option<Outcome>,
    pub appeal_offered: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageFinding {
    pub code: &'static str,
    /// A blocking finding stops the move.
    pub blocking: bool,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageMove {
    pub allowed: bool,
    /// A missed Code step a tribunal may punish with an uplift of up to 25%.
    pub possible_uplift: bool,
    pub findings: Vec<StageFinding>,
}

/// Checks a move from stage `from` to stage `to` of a case of type `kind`. An unknown stage
/// is an input error; a move the procedure forbids comes back with `allowed: false` and the
/// reasons, so the person sees what is missing.
pub fn check_move(kind: CaseType, from: &str, to: &str, facts: &StageFacts) -> Result<StageMove, String> {
    let all = stages(kind);
    let position = |code: &str| all.iter().position(|stage| stage.code == code);
    let from_at = position(from).ok_or_else(|| format!("\"{from}\" is not a stage of a {} case", kind.label()))?;
    let to_at = position(to).ok_or_else(|| {
        let names: Vec<&str> = all.iter().map(|stage| stage.code).collect();
        format!("Choose a stage of a {} case: {}", kind.label().to_lowercase(), names.join(", "))
    })?;
    let mut findings = Vec::new();
    if to_at == from_at {
        findings.push(blocking("STAGE_UNCHANGED", format!("The case is already at \"{}\".", all[to_at].label)));
    } else if to_at < from_at {
        findings.push(blocking(
            "STAGE_BACKWARDS",
            format!(
                "A procedure does not go back from \"{}\" to \"{}\"; record what happened in the timeline instead.",
                all[from_at].label, all[to_at].label
            ),
        ));
    }
    for skipped in all.iter().take(to_at).skip(from_at + 1).filter(|stage| stage.required) {
        findings.push(blocking(
            "STAGE_REQUIRED",
            format!("\"{}\" must come before \"{}\".", skipped.label, all[to_at].label),
        ));
    }
    let mut possible_uplift = false;
    if let (Some(code_type), true) = (code_case_type(kind), findings.is_empty()) {
        let first_state = all.iter().find_map(|stage| stage.code_state);
        let from_state = all[from_at].code_state.or(first_state);
        if let (Some(from_state), Some(to_state)) = (from_state, all[to_at].code_state) {
            let input = TransitionInput {
                case_type: code_type,
                from: from_state,
                to: to_state,
                notice_recorded: facts.notice_recorded || visited_notice(all, from_at),
                notice_states_accompaniment_right: facts.notice_states_accompaniment_right,
                outcome: facts.outcome,
                appeal_offered: facts.appeal_offered,
            };
            if from_state != to_state {
                let check = check_transition(&input).map_err(|error| error.to_string())?;
                possible_uplift = check.possible_uplift;
                findings.extend(check.findings.iter().map(|finding| StageFinding {
                    code: finding.code,
                    blocking: finding.blocking,
                    message: finding.message.to_owned(),
                }));
            }
        }
    }
    let allowed = !findings.iter().any(|finding| finding.blocking);
    Ok(StageMove { allowed, possible_uplift, findings })
}

/// Whether the case has passed the written-notice stage already (it is on file).
fn visited_notice(all: &[Stage], from_at: usize) -> bool {
    all.iter().take(from_at + 1).any(|stage| stage.code_state == Some(ProcedureState::Notified))
}

fn blocking(code: &'static str, message: String) -> StageFinding {
    StageFinding { code, blocking: true, message }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(result: &StageMove) -> Vec<&'static str> {
        result.findings.iter().map(|finding| finding.code).collect()
    }

    #[test]
    fn every_template_starts_at_intake_and_has_unique_stage_codes() {
        for kind in CaseType::ALL {
            let all = stages(kind);
            assert_eq!(all[0].code, INTAKE, "{kind:?}");
            for (index, stage) in all.iter().enumerate() {
                assert!(all.iter().skip(index + 1).all(|later| later.code != stage.code), "{kind:?} {}", stage.code);
            }
        }
    }

    #[test]
    fn a_disciplinary_hearing_without_written_notice_breaches_the_code() {
        // rules.md rule 3, vector 1.
        let result = check_move(CaseType::Disciplinary, "investigation", "hearing", &StageFacts::default()).unwrap();
        assert!(!result.allowed);
        assert!(result.possible_uplift);
        assert!(codes(&result).contains(&"ACAS_MISSING_WRITTEN_NOTICE"));
    }

    #[test]
    fn a_hearing_after_the_notice_stage_is_allowed_with_the_accompaniment_warning() {
        // rules.md rule 3, vector 2: the notice is on file but does not mention the companion.
        let result = check_move(CaseType::Disciplinary, "notified", "hearing", &StageFacts::default()).unwrap();
        assert!(result.allowed);
        assert_eq!(codes(&result), ["ACAS_PARA10"]);
        let facts = StageFacts { notice_states_accompaniment_right: true, ..StageFacts::default() };
        let result = check_move(CaseType::Disciplinary, "notified", "hearing", &facts).unwrap();
        assert!(result.allowed && result.findings.is_empty());
    }

    #[test]
    fn a_dismissal_without_an_appeal_offer_is_flagged() {
        // rules.md rule 3, vector 3.
        let facts = StageFacts { outcome: Some(Outcome::Dismissal), ..StageFacts::default() };
        let result = check_move(CaseType::Disciplinary, "hearing", "decided", &facts).unwrap();
        assert!(result.allowed);
        assert!(codes(&result).contains(&"ACAS_PARA26"));
    }

    #[test]
    fn procedures_do_not_go_backwards_or_stand_still() {
        let result = check_move(CaseType::Disciplinary, "decided", "investigation", &StageFacts::default()).unwrap();
        assert_eq!(codes(&result), ["STAGE_BACKWARDS"]);
        let result = check_move(CaseType::Pay, "raised", "raised", &StageFacts::default()).unwrap();
        assert_eq!(codes(&result), ["STAGE_UNCHANGED"]);
        assert!(!result.allowed);
    }

    #[test]
    fn no_decision_without_the_hearing_or_meeting() {
        // ACAS Code paras 11 and 33: the decision follows a meeting the worker can attend.
        for (kind, from) in [(CaseType::Disciplinary, "investigation"), (CaseType::Grievance, "raised")] {
            let result = check_move(kind, from, "decided", &StageFacts::default()).unwrap();
            assert!(!result.allowed, "{kind:?}");
            assert_eq!(codes(&result), ["STAGE_REQUIRED"]);
        }
    }

    #[test]
    fn a_tribunal_claim_needs_early_conciliation_first() {
        let result = check_move(CaseType::TribunalReferral, "intake", "claim_lodged", &StageFacts::default()).unwrap();
        assert!(!result.allowed);
        assert_eq!(codes(&result), ["STAGE_REQUIRED"]);
        let result =
            check_move(CaseType::TribunalReferral, "early_conciliation", "claim_lodged", &StageFacts::default())
                .unwrap();
        assert!(result.allowed);
    }

    #[test]
    fn a_grievance_is_raised_in_writing_before_the_meeting() {
        let result = check_move(CaseType::Grievance, "intake", "meeting", &StageFacts::default()).unwrap();
        assert_eq!(codes(&result), ["STAGE_REQUIRED"]);
        let result = check_move(CaseType::Grievance, "raised", "meeting", &StageFacts::default()).unwrap();
        assert!(result.allowed, "{result:?}");
    }

    #[test]
    fn optional_stages_may_be_skipped_and_non_code_types_are_not_checked_against_the_code() {
        let result = check_move(CaseType::SicknessAbsence, "intake", "attendance_meeting", &StageFacts::default());
        assert!(result.unwrap().allowed);
        let result = check_move(CaseType::Disciplinary, "intake", "investigation", &StageFacts::default()).unwrap();
        assert!(result.allowed && result.findings.is_empty(), "{result:?}");
    }

    #[test]
    fn unknown_stages_are_input_errors_naming_the_choices() {
        let error = check_move(CaseType::Pay, "intake", "hearing", &StageFacts::default()).unwrap_err();
        assert!(error.contains("raised") && error.contains("pay case"), "{error}");
        assert!(check_move(CaseType::Pay, "nowhere", "raised", &StageFacts::default()).is_err());
    }
}
