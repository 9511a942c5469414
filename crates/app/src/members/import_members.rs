//! Bulk import of member rows (from CSV in the CLI). Rows are checked and written in batches
//! of 5,000, each batch in one transaction; bad rows are reported with their line number and
//! reason and the good ones are imported. A row may create a member in the asker's scope, or
//! change one the asker may edit: an existing member elsewhere is never taken over.

use std::collections::HashMap;

use steward_domain::ids::WorkplaceId;
use steward_domain::member::{MemberDetails, MemberDraft};
use steward_domain::organisation::OrgPath;
use steward_domain::permissions::{Action, Target};

use super::workplace_path;
use crate::ports::{ImportCounts, Store};
use crate::{AppError, RequestContext};

const BATCH_SIZE: usize = 5_000;

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
/// On a storage failure the batches already written stay written; the error says so.
pub async fn import_members(
    store: &dyn Store,
    ctx: &RequestContext,
    rows: Vec<(u64, MemberDraft)>,
    progress: &(dyn Fn(u64) + Send + Sync),
) -> Result<ImportReport, AppError> {
    ctx.require(Action::CreateMember, Target::Any)?;
    let today = ctx.now.date_naive();
    let mut import = Import { store, ctx, report: ImportReport::default(), paths: HashMap::new() };
    let mut seen_numbers = std::collections::HashSet::new();
    let mut batch: Vec<(u64, MemberDetails)> = Vec::with_capacity(BATCH_SIZE);
    let mut handled = 0u64;

    for (line, draft) in rows {
        handled += 1;
        match draft.validate(today) {
            Err(errors) => import.problem(line, errors.summary()),
            Ok(details) => {
                let allowed = import.may(Action::CreateMember, details.workplace_id).await;
                if !allowed {
                    let reason =
                        format!("workplace_id: no workplace {} that you may add members to", details.workplace_id);
                    import.problem(line, reason);
                } else if !seen_numbers.insert(details.membership_number.clone()) {
                    let number = details.membership_number.as_str();
                    import.problem(line, format!("membership_number: {number} appears earlier in the file"));
                } else {
                    batch.push((line, details));
                }
            }
        }
        if batch.len() == BATCH_SIZE {
            import.write(&mut batch).await.map_err(|error| partial(error, handled))?;
            progress(handled);
        }
    }
    import.write(&mut batch).await.map_err(|error| partial(error, handled))?;
    progress(handled);
    Ok(import.report)
}

fn partial(error: AppError, handled: u64) -> AppError {
    match error {
        AppError::Storage(message) => {
            AppError::Storage(format!("{message} (stopped near row {handled}; earlier batches were imported)"))
        }
        other => other,
    }
}

struct Import<'a> {
    store: &'a dyn Store,
    ctx: &'a RequestContext,
    report: ImportReport,
    paths: HashMap<WorkplaceId, Option<OrgPath>>,
}

impl Import<'_> {
    fn problem(&mut self, line: u64, reason: String) {
        self.report.problems.push(RowProblem { line, reason });
    }

    /// Whether the asker may do `action` to a member at this workplace (unknown workplaces: no).
    async fn may(&mut self, action: Action, workplace: WorkplaceId) -> bool {
        let path = match self.paths.get(&workplace) {
            Some(path) => *path,
            None => {
                let path = workplace_path(self.store, workplace).await.ok();
                self.paths.insert(workplace, path);
                path
            }
        };
        path.is_some_and(|path| self.ctx.require(action, Target::At(path)).is_ok())
    }

    /// Writes a batch, first dropping rows that would change a member the asker may not edit.
    async fn write(&mut self, batch: &mut Vec<(u64, MemberDetails)>) -> Result<(), AppError> {
        if batch.is_empty() {
            return Ok(());
        }
        let numbers: Vec<&str> = batch.iter().map(|(_, d)| d.membership_number.as_str()).collect();
        let existing: HashMap<String, WorkplaceId> = self
            .store
            .members_by_number(&numbers)
            .await?
            .into_iter()
            .map(|member| (member.membership_number, member.workplace))
            .collect();
        let mut allowed = Vec::with_capacity(batch.len());
        for (line, details) in batch.drain(..) {
            match existing.get(details.membership_number.as_str()) {
                Some(current) if !self.may(Action::EditMember, *current).await => {
                    let number = details.membership_number.as_str();
                    self.problem(line, format!("membership_number: no member {number} that you may change"));
                }
                _ => allowed.push(details),
            }
        }
        if allowed.is_empty() {
            return Ok(());
        }
        let audit = self.ctx.audit("member.import", "member", None, String::new());
        let written = self.store.import_members(&allowed, &audit).await?;
        self.report.counts.created += written.created;
        self.report.counts.updated += written.updated;
        self.report.counts.unchanged += written.unchanged;
        Ok(())
    }
}
