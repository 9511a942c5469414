//! Bulk import of member rows (from CSV in the CLI). Every row is checked first; good rows
//! are written in batches, bad rows are reported with their line number and reason.

use steward_domain::member::{MemberDetails, MemberDraft};
use steward_domain::permissions::{Action, Target};

use super::workplace_path;
use crate::ports::{ImportCounts, Store};
use crate::{AppError, RequestContext};

const BATCH_SIZE: usize = 1_000;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub line: u64,
    pub reason: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub counts: ImportCounts,
    pub problems: Vec<RowProblem>,
}

/// Imports `(line, draft)` rows, calling `progress` with the number of rows handled so far.
pub async fn import_members(
    store: &dyn Store,
    ctx: &RequestContext,
    rows: Vec<(u64, MemberDraft)>,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<ImportReport, AppError> {
    ctx.require(Action::CreateMember, Target::Any)?;
    ctx.require(Action::EditMember, Target::Any)?;
    let today = ctx.now.date_naive();
    let mut report = ImportReport::default();
    let mut seen_numbers = std::collections::HashSet::new();
    let mut batch: Vec<MemberDetails> = Vec::with_capacity(BATCH_SIZE);
    let mut handled = 0u64;
    let mut known_paths = std::collections::HashMap::new();

    for (line, draft) in rows {
        handled += 1;
        match draft.validate(today) {
            Err(errors) => report.problems.push(RowProblem { line, reason: errors.summary() }),
            Ok(details) => {
                let path = match known_paths.get(&details.workplace_id) {
                    Some(path) => Some(*path),
                    None => {
                        let found = workplace_path(store, details.workplace_id).await.ok();
                        if let Some(path) = found {
                            known_paths.insert(details.workplace_id, path);
                        }
                        found
                    }
                };
                let allowed = path.is_some_and(|path| ctx.require(Action::CreateMember, Target::At(path)).is_ok());
                if !allowed {
                    report.problems.push(RowProblem {
                        line,
                        reason: format!(
                            "workplace_id: no workplace {} that you may add members to",
                            details.workplace_id
                        ),
                    });
                } else if !seen_numbers.insert(details.membership_number.clone()) {
                    report.problems.push(RowProblem {
                        line,
                        reason: format!(
                            "membership_number: {} appears earlier in the file",
                            details.membership_number.as_str()
                        ),
                    });
                } else {
                    batch.push(details);
                }
            }
        }
        if batch.len() == BATCH_SIZE {
            write_batch(store, ctx, &mut batch, &mut report.counts).await?;
            progress(handled);
        }
    }
    write_batch(store, ctx, &mut batch, &mut report.counts).await?;
    progress(handled);
    Ok(report)
}

async fn write_batch(
    store: &dyn Store,
    ctx: &RequestContext,
    batch: &mut Vec<MemberDetails>,
    counts: &mut ImportCounts,
) -> Result<(), AppError> {
    if batch.is_empty() {
        return Ok(());
    }
    let audit = ctx.audit("member.import", "member", None, format!("{} rows", batch.len()));
    let written = store.import_members(batch, &audit).await?;
    counts.created += written.created;
    counts.updated += written.updated;
    counts.unchanged += written.unchanged;
    batch.clear();
    Ok(())
}
