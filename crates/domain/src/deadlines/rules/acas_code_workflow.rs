//! Rule 3: the ACAS Code of Practice on disciplinary and grievance procedures as a
//! workflow. A proposed move between procedure states is checked against the Code's
//! minimum steps; a missing step is a finding (and a possible 25% uplift), not a crash.

use serde::Serialize;

use crate::deadlines::calculation::{Calculation, Warning};
use crate::deadlines::calendar::Calendar;
use crate::deadlines::error::CalcError;
use crate::deadlines::inputs::{Choice, InputKind, InputSpec, Inputs};
use crate::deadlines::registry::RuleSpec;

const NAME: &str = "acas_code_workflow";
const SUMMARY: &str = "Check a disciplinary or grievance step against the ACAS Code's minimum requirements";
const SOURCE: &str = "ACAS Code of Practice 1 on Disciplinary and Grievance Procedures (2015) paras 1, 5-29, 32-47 \
    (paragraph numbers Medium confidence); TULRCA s.207 and s.207A (uplift up to 25%).";

/// What the case is about; the Code does not cover redundancy or fixed-term expiry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CodeCaseType {
    Misconduct,
    PoorPerformance,
    Grievance,
    RedundancySelection,
    FixedTermNonRenewal,
}

impl Choice for CodeCaseType {
    const NAMES: &'static [&'static str] =
        &["misconduct", "poor-performance", "grievance", "redundancy-selection", "fixed-term-non-renewal"];
    const VALUES: &'static [Self] = &[
        Self::Misconduct,
        Self::PoorPerformance,
        Self::Grievance,
        Self::RedundancySelection,
        Self::FixedTermNonRenewal,
    ];
}

/// A procedure state. Disciplinary: informal, investigation, notified, hearing, decided,
/// appeal, closed. Grievance: raised, meeting, decided, appeal, closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ProcedureState {
    Informal,
    Investigation,
    Notified,
    Hearing,
    Raised,
    Meeting,
    Decided,
    Appeal,
    Closed,
}

impl Choice for ProcedureState {
    const NAMES: &'static [&'static str] =
        &["informal", "investigation", "notified", "hearing", "raised", "meeting", "decided", "appeal", "closed"];
    const VALUES: &'static [Self] = &[
        Self::Informal,
        Self::Investigation,
        Self::Notified,
        Self::Hearing,
        Self::Raised,
        Self::Meeting,
        Self::Decided,
        Self::Appeal,
        Self::Closed,
    ];
}

/// The outcome recorded at the decision stage.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    NoAction,
    Warning,
    FinalWarning,
    Dismissal,
}

impl Choice for Outcome {
    const NAMES: &'static [&'static str] = &["no-action", "warning", "final-warning", "dismissal"];
    const VALUES: &'static [Self] = &[Self::NoAction, Self::Warning, Self::FinalWarning, Self::Dismissal];
}

/// Inputs to `acas_code_workflow`: the proposed move and what the case file records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TransitionInput {
    pub case_type: CodeCaseType,
    pub from: ProcedureState,
    pub to: ProcedureState,
    /// A written notice of the hearing is on file (implied when moving from `notified`).
    pub notice_recorded: bool,
    /// The notice told the worker of the right to be accompanied.
    pub notice_states_accompaniment_right: bool,
    pub outcome: Option<Outcome>,
    pub appeal_offered: bool,
}

/// One finding about the step; `blocking` findings mean the move breaches the Code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub blocking: bool,
    pub message: &'static str,
}

/// The result of the check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TransitionCheck {
    pub code_applies: bool,
    pub allowed: bool,
    pub possible_uplift: bool,
    pub findings: Vec<Finding>,
}

const INPUTS: &[InputSpec] = &[
    InputSpec::required("case-type", InputKind::Choice { allowed: CodeCaseType::NAMES }, "what the case is about"),
    InputSpec::required("from", InputKind::Choice { allowed: ProcedureState::NAMES }, "the current procedure state"),
    InputSpec::required("to", InputKind::Choice { allowed: ProcedureState::NAMES }, "the proposed next state"),
    InputSpec::optional("notice-recorded", InputKind::Bool, "a written hearing notice is on file (default false)"),
    InputSpec::optional(
        "notice-states-accompaniment-right",
        InputKind::Bool,
        "the notice mentions the right to be accompanied (default false)",
    ),
    InputSpec::optional("outcome", InputKind::Choice { allowed: Outcome::NAMES }, "the decision, once made"),
    InputSpec::optional("appeal-offered", InputKind::Bool, "the decision letter offers an appeal (default false)"),
];

pub(crate) const SPEC: RuleSpec = RuleSpec::new(NAME, SUMMARY, INPUTS, from_inputs);

fn from_inputs(_calendar: &Calendar, inputs: &Inputs) -> Result<Calculation, CalcError> {
    let input = TransitionInput {
        case_type: inputs.choice("case-type")?,
        from: inputs.choice("from")?,
        to: inputs.choice("to")?,
        notice_recorded: inputs.flag("notice-recorded")?,
        notice_states_accompaniment_right: inputs.flag("notice-states-accompaniment-right")?,
        outcome: inputs.opt_choice("outcome")?,
        appeal_offered: inputs.flag("appeal-offered")?,
    };
    calculate(&input)
}

/// The position of a state in its procedure, or `None` if it belongs to the other one.
fn stage(case_type: CodeCaseType, state: ProcedureState) -> Option<u8> {
    use ProcedureState as S;
    let grievance = case_type == CodeCaseType::Grievance;
    match (grievance, state) {
        (false, S::Informal) => Some(0),
        (false, S::Investigation) => Some(1),
        (false, S::Notified) => Some(2),
        (false, S::Hearing) => Some(3),
        (true, S::Raised) => Some(1),
        (true, S::Meeting) => Some(3),
        (_, S::Decided) => Some(4),
        (_, S::Appeal) => Some(5),
        (_, S::Closed) => Some(6),
        _ => None,
    }
}

const fn finding(code: &'static str, blocking: bool, message: &'static str) -> Finding {
    Finding { code, blocking, message }
}

/// Checks one proposed move (rules.md rule 3).
pub fn check_transition(input: &TransitionInput) -> Result<TransitionCheck, CalcError> {
    if matches!(input.case_type, CodeCaseType::RedundancySelection | CodeCaseType::FixedTermNonRenewal) {
        let info = finding("ACAS_CODE_NOT_APPLICABLE", false, "Info: the Code does not apply to redundancy dismissals or fixed-term expiry (para 1); use collective_redundancy_obligations and fair-selection checks.");
        return Ok(TransitionCheck {
            code_applies: false,
            allowed: true,
            possible_uplift: false,
            findings: vec![info],
        });
    }
    let (Some(from), Some(to)) = (stage(input.case_type, input.from), stage(input.case_type, input.to)) else {
        return Err(CalcError::Impossible(
            format!("{:?} or {:?} is not a state of this procedure", input.from, input.to).to_lowercase(),
        ));
    };
    let mut findings = Vec::new();
    if to <= from && input.from != input.to {
        findings.push(finding(
            "ACAS_INVALID_TRANSITION",
            true,
            "A procedure cannot move back to an earlier state; open a new stage instead.",
        ));
    }
    let disciplinary = input.case_type != CodeCaseType::Grievance;
    let notice_on_file = input.notice_recorded || input.from == ProcedureState::Notified;
    if disciplinary && input.to == ProcedureState::Hearing {
        if !notice_on_file {
            findings.push(finding("ACAS_MISSING_WRITTEN_NOTICE", true, "No written notice of the hearing is recorded: the worker must be told in writing of the allegations, evidence, time and place, and the right to be accompanied (paras 9-10)."));
        } else if !input.notice_states_accompaniment_right {
            findings.push(finding(
                "ACAS_PARA10",
                false,
                "The hearing notice does not record the right to be accompanied (para 10).",
            ));
        }
    }
    if input.to == ProcedureState::Hearing && input.from == ProcedureState::Investigation && notice_on_file {
        findings.push(finding(
            "ACAS_PARA5_SEPARATE_INVESTIGATION",
            false,
            "Where practicable, the investigation and the hearing should be conducted by different people (para 6).",
        ));
    }
    let leaving_decision = input.from == ProcedureState::Decided || input.to == ProcedureState::Decided;
    if disciplinary && leaving_decision && input.outcome == Some(Outcome::Dismissal) && !input.appeal_offered {
        findings.push(finding(
            "ACAS_PARA26",
            false,
            "A dismissal letter must give reasons, the date, notice and the right of appeal (paras 22, 26).",
        ));
    }
    if !disciplinary && input.to == ProcedureState::Decided && !input.appeal_offered {
        findings.push(finding(
            "ACAS_PARA40",
            false,
            "The grievance decision should be in writing and say how to appeal (para 40).",
        ));
    }
    let possible_uplift =
        findings.iter().any(|f| f.code != "ACAS_PARA5_SEPARATE_INVESTIGATION" && f.code != "ACAS_INVALID_TRANSITION");
    let allowed = !findings.iter().any(|f| f.blocking);
    Ok(TransitionCheck { code_applies: true, allowed, possible_uplift, findings })
}

/// Runs `acas_code_workflow` and explains it.
pub fn calculate(input: &TransitionInput) -> Result<Calculation, CalcError> {
    let result = check_transition(input)?;
    let mut warnings: Vec<Warning> = result.findings.iter().map(|f| Warning::new(f.code, f.message)).collect();
    if result.possible_uplift {
        warnings.push(Warning::new("POSSIBLE_UPLIFT", "An unreasonable failure to follow the Code may let a tribunal increase an award by up to 25% (TULRCA s.207A); raise it in the claim."));
    }
    let explanation = if !result.code_applies {
        String::from("The ACAS Code does not apply to this kind of case.")
    } else if result.findings.is_empty() {
        String::from("This step meets the Code's minimum requirements as recorded.")
    } else {
        let headline =
            if result.allowed { "This step can go ahead, but note:" } else { "This step breaches the Code:" };
        let details: Vec<&str> = result.findings.iter().map(|f| f.message).collect();
        format!("{headline} {}", details.join(" "))
    };
    Ok(Calculation::new(NAME, input, &result, explanation, warnings, SOURCE))
}

#[cfg(test)]
#[path = "acas_code_workflow_tests.rs"]
mod tests;
