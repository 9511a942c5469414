//! Cases: the file that reps, caseworkers, officers and lawyers share. This module holds the
//! pure rules: references, case types and their procedures (with the ACAS Code's checks on
//! each step), ratings, eligibility at intake, the team and who on it may see the file.

pub mod access;
pub mod deadline;
pub mod document;
pub mod eligibility;
pub mod escalation;
pub mod kind;
pub mod letter;
pub mod meeting;
pub mod procedure;
pub mod rating;
pub mod reference;
pub mod referral;
pub mod timeline;

/// How a case can end.
pub const OUTCOMES: [(&str, &str); 10] = [
    ("resolved_informally", "Resolved informally"),
    ("upheld", "Upheld: the member's case succeeded"),
    ("partly_upheld", "Partly upheld"),
    ("not_upheld", "Not upheld"),
    ("sanction_reduced", "Sanction reduced or withdrawn"),
    ("settled", "Settled (agreement or COT3)"),
    ("withdrawn", "Withdrawn by the member"),
    ("advice_given", "Advice given, no further action"),
    ("referred_to_legal", "Passed to the union's solicitors"),
    ("membership_ended", "Membership ended"),
];

/// The label of an outcome code, if it is one.
pub fn outcome_label(code: &str) -> Option<&'static str> {
    OUTCOMES.iter().find(|(known, _)| *known == code).map(|(_, label)| *label)
}
