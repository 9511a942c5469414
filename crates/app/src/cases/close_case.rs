//! Closing a case with its outcome, and reopening it with a reason.

use steward_domain::case::timeline::EntryKind;
use steward_domain::case::{outcome_label, OUTCOMES};
use steward_domain::permissions::Action;

use super::{optional_text, system_entry};
use crate::ports::{CaseChange, CaseId, Store};
use crate::{AppError, RequestContext};

pub async fn close_case(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    outcome: &str,
    note: &str,
) -> Result<(), AppError> {
    super::load_open(store, ctx, id, Action::WorkOnCase).await?;
    let Some(label) = outcome_label(outcome.trim()) else {
        let codes: Vec<&str> = OUTCOMES.iter().map(|(code, _)| *code).collect();
        return Err(AppError::field("outcome", format!("Choose how the case ended: {}", codes.join(", "))));
    };
    let note = optional_text(note, "note", 20_000)?;
    let body = match note {
        Some(note) => format!("Outcome: {label}.\n\n{note}"),
        None => format!("Outcome: {label}."),
    };
    let entry = system_entry(ctx, EntryKind::Closed, body);
    let audit = ctx.audit("case.close", "case", Some(id.to_string()), outcome.trim().to_owned());
    Ok(store.change_case(id, CaseChange::Close { outcome: outcome.trim() }, &entry, &audit).await?)
}

pub async fn reopen_case(store: &dyn Store, ctx: &RequestContext, id: CaseId, reason: &str) -> Result<(), AppError> {
    let file = super::load(store, ctx, id, Action::WorkOnCase).await?;
    if file.summary.is_open() {
        return Err(AppError::field("status", "This case is open already"));
    }
    let Some(reason) = optional_text(reason, "reason", 2_000)? else {
        return Err(AppError::field("reason", "Say why the case is being reopened"));
    };
    let entry = system_entry(ctx, EntryKind::Reopened, format!("Reopened: {reason}"));
    let audit = ctx.audit("case.reopen", "case", Some(id.to_string()), reason);
    Ok(store.change_case(id, CaseChange::Reopen, &entry, &audit).await?)
}
