//! Tests of the ACAS Code transition checks (rules.md rule 3 vectors).

use super::*;
use crate::deadlines::inputs::tests::assert_choice_names_round_trip;

fn step(case_type: CodeCaseType, from: ProcedureState, to: ProcedureState) -> TransitionInput {
    TransitionInput {
        case_type,
        from,
        to,
        notice_recorded: false,
        notice_states_accompaniment_right: false,
        outcome: None,
        appeal_offered: false,
    }
}

fn codes(check: &TransitionCheck) -> Vec<&'static str> {
    check.findings.iter().map(|f| f.code).collect()
}

#[test]
fn choice_names_round_trip() {
    assert_choice_names_round_trip::<CodeCaseType>();
    assert_choice_names_round_trip::<ProcedureState>();
    assert_choice_names_round_trip::<Outcome>();
}

#[test]
fn hearing_without_written_notice_is_blocked_with_possible_uplift() {
    let check =
        check_transition(&step(CodeCaseType::Misconduct, ProcedureState::Investigation, ProcedureState::Hearing))
            .expect("checks");
    assert!(codes(&check).contains(&"ACAS_MISSING_WRITTEN_NOTICE"));
    assert!(!check.allowed);
    assert!(check.possible_uplift);
}

#[test]
fn notice_without_accompaniment_right_warns_para_10() {
    let check = check_transition(&step(CodeCaseType::Misconduct, ProcedureState::Notified, ProcedureState::Hearing))
        .expect("checks");
    assert_eq!(codes(&check), vec!["ACAS_PARA10"]);
    assert!(check.allowed);
}

#[test]
fn dismissal_without_appeal_offer_warns_para_26() {
    let input = TransitionInput {
        outcome: Some(Outcome::Dismissal),
        ..step(CodeCaseType::Misconduct, ProcedureState::Hearing, ProcedureState::Decided)
    };
    assert!(codes(&check_transition(&input).expect("checks")).contains(&"ACAS_PARA26"));
}

#[test]
fn redundancy_selection_is_outside_the_code() {
    let check = check_transition(&step(
        CodeCaseType::RedundancySelection,
        ProcedureState::Investigation,
        ProcedureState::Hearing,
    ))
    .expect("checks");
    assert!(!check.code_applies);
    assert_eq!(codes(&check), vec!["ACAS_CODE_NOT_APPLICABLE"]);
}

#[test]
fn grievance_states_are_not_disciplinary_states() {
    assert!(
        check_transition(&step(CodeCaseType::Grievance, ProcedureState::Notified, ProcedureState::Hearing)).is_err()
    );
    let check = check_transition(&step(CodeCaseType::Grievance, ProcedureState::Raised, ProcedureState::Meeting))
        .expect("checks");
    assert!(check.allowed);
}

#[test]
fn moving_backwards_is_blocked() {
    let check =
        check_transition(&step(CodeCaseType::Misconduct, ProcedureState::Closed, ProcedureState::Investigation))
            .expect("checks");
    assert!(!check.allowed);
}
