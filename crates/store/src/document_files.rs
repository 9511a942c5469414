//! Whether every file a row names is in a `LocalFileStore`: after `steward restore`, the rows
//! of case documents and time-off syllabus files are read in pages by id and each one's file
//! looked for (by its size, without reading it), so a restore that lost documents says so.

use std::path::PathBuf;

use sqlx::Row;
use steward_app::ports::{FileKey, StoreError, StoreResult};

use crate::errors::backend;
use crate::{Db, LocalFileStore};

/// How many rows are read at a time.
const PAGE: i64 = 5_000;
/// How many missing files are named in the report (all are counted).
const NAMED: usize = 20;
/// The migration that made the syllabus table; a backup from before it has none.
const SYLLABUS_MIGRATION: i64 = 24;

/// A row whose file is missing or not the size the row says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingFile {
    /// "case document 12 on case 3" or "syllabus of time-off request 7".
    pub what: String,
    pub filename: String,
    pub file_key: String,
    /// Whether a file is there but of another size (damaged), rather than absent.
    pub damaged: bool,
}

/// What the check found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileCheck {
    /// Rows looked at.
    pub checked: u64,
    /// Rows whose file is missing or damaged.
    pub missing: u64,
    /// The first few of them.
    pub named: Vec<MissingFile>,
}

impl Db {
    /// Looks for the file of every document row in `files`.
    pub async fn check_document_files(&self, files: &LocalFileStore) -> StoreResult<FileCheck> {
        let mut check = FileCheck::default();
        let cases = "SELECT id, case_id, filename, file_key, size_bytes FROM case_documents WHERE id > $1 \
                     ORDER BY id LIMIT $2";
        self.check_table(files, cases, &mut check, |id, owner| format!("case document {id} on case {owner}")).await?;
        let migrated: i64 =
            sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE version = $1 AND success = TRUE")
                .bind(SYLLABUS_MIGRATION)
                .fetch_one(&self.read)
                .await
                .map_err(backend)?;
        if migrated > 0 {
            let syllabi = "SELECT request_id, request_id, filename, file_key, size_bytes FROM time_off_syllabus_files \
                           WHERE request_id > $1 ORDER BY request_id LIMIT $2";
            self.check_table(files, syllabi, &mut check, |id, _| format!("syllabus of time-off request {id}")).await?;
        }
        Ok(check)
    }

    async fn check_table(
        &self,
        files: &LocalFileStore,
        sql: &str,
        check: &mut FileCheck,
        describe: impl Fn(i64, i64) -> String,
    ) -> StoreResult<()> {
        let mut after = 0_i64;
        loop {
            let rows = sqlx::query(sql).bind(after).bind(PAGE).fetch_all(&self.read).await.map_err(backend)?;
            let Some(last) = rows.last() else { return Ok(()) };
            after = last.try_get(0).map_err(backend)?;
            for row in &rows {
                let id: i64 = row.try_get(0).map_err(backend)?;
                let owner: i64 = row.try_get(1).map_err(backend)?;
                let key: String = row.try_get(3).map_err(backend)?;
                let size: i64 = row.try_get(4).map_err(backend)?;
                check.checked += 1;
                let found = stored_size(files, &key)?;
                if found == Some(size) {
                    continue;
                }
                check.missing += 1;
                if check.named.len() < NAMED {
                    check.named.push(MissingFile {
                        what: describe(id, owner),
                        filename: row.try_get(2).map_err(backend)?,
                        file_key: key,
                        damaged: found.is_some(),
                    });
                }
            }
        }
    }
}

/// The size of the file kept under `key`, or `None` when there is none. The layout is
/// `LocalFileStore`'s (`root/ab/abcdef...`); the contract suite checks the two agree.
fn stored_size(files: &LocalFileStore, key: &str) -> StoreResult<Option<i64>> {
    let Some(key) = FileKey::parse(key) else { return Ok(None) };
    let path: PathBuf = files.root().join(&key.as_str()[..2]).join(key.as_str());
    match std::fs::metadata(&path) {
        Ok(meta) if meta.is_file() => Ok(Some(i64::try_from(meta.len()).unwrap_or(i64::MAX))),
        Ok(_) => Ok(None),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(error) => Err(StoreError::Backend(format!("cannot look at {}: {error}", path.display()))),
    }
}
