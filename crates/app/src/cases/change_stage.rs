//! Moving a case's procedure on. The domain checks the move (stage order, required stages,
//! the ACAS Code's minimum steps); a move the Code forbids is refused with the reasons, and
//! the warnings it raises are kept on the timeline with the change.

use steward_domain::case::procedure::{check_move, find_stage, StageFacts, StageMove};
use steward_domain::case::timeline::EntryKind;
use steward_domain::deadlines::rules::acas_code_workflow::Outcome;
use steward_domain::field_errors::FieldErrors;
use steward_domain::permissions::Action;

use super::{optional_text, system_entry};
use crate::ports::{CaseChange, CaseId, Store};
use crate::{AppError, RequestContext};

#[derive(Debug, Clone, Default)]
pub struct StageForm {
    pub to: String,
    pub notice_recorded: bool,
    pub notice_states_accompaniment_right: bool,
    /// no_action, warning, final_warning or dismissal, at a decision.
    pub decision: String,
    pub appeal_offered: bool,
    pub note: String,
}

fn facts(form: &StageForm) -> Result<StageFacts, AppError> {
    let outcome = match form.decision.trim() {
        "" => None,
        "no_action" => Some(Outcome::NoAction),
        "warning" => Some(Outcome::Warning),
        "final_warning" => Some(Outcome::FinalWarning),
        "dismissal" => Some(Outcome::Dismissal),
        _ => return Err(AppError::field("decision", "Choose no_action, warning, final_warning or dismissal")),
    };
    Ok(StageFacts {
        notice_recorded: form.notice_recorded,
        notice_states_accompaniment_right: form.notice_states_accompaniment_right,
        outcome,
        appeal_offered: form.appeal_offered,
    })
}

/// What moving to `form.to` would find, without moving.
pub async fn check_stage_move(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    form: &StageForm,
) -> Result<StageMove, AppError> {
    let file = super::load(store, ctx, id, Action::ViewCase).await?;
    let summary = &file.summary;
    check_move(summary.case_type, &summary.stage, form.to.trim(), &facts(form)?)
        .map_err(|message| AppError::field("to", message))
}

pub async fn change_stage(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    form: &StageForm,
) -> Result<StageMove, AppError> {
    let file = super::load_open(store, ctx, id, Action::WorkOnCase).await?;
    let summary = &file.summary;
    let to = form.to.trim();
    let checked = check_move(summary.case_type, &summary.stage, to, &facts(form)?)
        .map_err(|message| AppError::field("to", message))?;
    let note = optional_text(&form.note, "note", 20_000)?;
    if !checked.allowed {
        let mut errors = FieldErrors::new();
        let reasons: Vec<&str> = checked
            .findings
            .iter()
            .filter(|finding| finding.blocking)
            .map(|finding| finding.message.as_str())
            .collect();
        errors.add("to", reasons.join(" "));
        return Err(AppError::Invalid(errors));
    }
    let label =
        |code: &str| find_stage(summary.case_type, code).map_or(code.to_owned(), |stage| stage.label.to_owned());
    let mut body = format!("{} -> {}", label(&summary.stage), label(to));
    for finding in &checked.findings {
        body.push_str(&format!("\nWarning {}: {}", finding.code, finding.message));
    }
    if checked.possible_uplift {
        body.push_str("\nA missed Code step may let a tribunal raise an award by up to 25%.");
    }
    if let Some(note) = note {
        body.push_str(&format!("\n\n{note}"));
    }
    let entry = system_entry(ctx, EntryKind::StageChange, body);
    let audit = ctx.audit("case.stage", "case", Some(id.to_string()), format!("{} -> {to}", summary.stage));
    store.change_case(id, CaseChange::Stage { from: &summary.stage, to }, &entry, &audit).await?;
    Ok(checked)
}
