//! The syllabus file of a training time-off request (migration `0024_time_off_syllabus`). The
//! bytes are not here: the file store keeps them under each row's `file_key`. Every change
//! starts with an update of the request guarded by its owner and its draft status, which
//! also holds the request's row for the rest of the transaction, so of two replacements at
//! once the second sees (and hands back for removal) the first one's file.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use steward_app::ports::{AuditEntry, FileKey, StoreError, StoreResult, SyllabusFile, TimeOffSyllabusStore};
use steward_domain::case::document::DocumentType;
use steward_domain::ids::UserId;

use crate::audit::insert_audit;
use crate::errors::{backend, on_write};
use crate::time;
use crate::time_off::why_unchanged;
use crate::Db;

const COLUMNS: &str =
    "request_id, filename, doc_type, size_bytes, sha256, file_key, uploaded_by, uploaded_by_label, uploaded_at";

#[async_trait]
impl TimeOffSyllabusStore for Db {
    async fn set_time_off_syllabus(
        &self,
        user: UserId,
        file: &SyllabusFile,
        audit: &AuditEntry,
    ) -> StoreResult<Option<FileKey>> {
        let size =
            i64::try_from(file.size_bytes).map_err(|_| StoreError::Backend("syllabus size out of range".into()))?;
        let mut tx = self.write.begin().await.map_err(backend)?;
        touch_draft(&mut tx, file.request, user, file.uploaded_at).await?;
        let replaced = current_key(&mut tx, file.request).await?;
        sqlx::query(
            "INSERT INTO time_off_syllabus_files (request_id, filename, doc_type, size_bytes, sha256, file_key, \
             uploaded_by, uploaded_by_label, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             ON CONFLICT (request_id) DO UPDATE SET filename = excluded.filename, doc_type = excluded.doc_type, \
             size_bytes = excluded.size_bytes, sha256 = excluded.sha256, file_key = excluded.file_key, \
             uploaded_by = excluded.uploaded_by, uploaded_by_label = excluded.uploaded_by_label, \
             uploaded_at = excluded.uploaded_at",
        )
        .bind(file.request)
        .bind(&file.filename)
        .bind(file.doc_type.as_str())
        .bind(size)
        .bind(&file.sha256)
        .bind(file.file_key.as_str())
        .bind(file.uploaded_by.map(|user| user.0))
        .bind(&file.uploaded_by_label)
        .bind(time::to_text(file.uploaded_at))
        .execute(&mut *tx)
        .await
        .map_err(on_write("file"))?;
        insert_audit(&mut tx, audit, Some(file.request.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(replaced)
    }

    async fn remove_time_off_syllabus(
        &self,
        id: i64,
        user: UserId,
        at: DateTime<Utc>,
        audit: &AuditEntry,
    ) -> StoreResult<Option<FileKey>> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        touch_draft(&mut tx, id, user, at).await?;
        let Some(removed) = current_key(&mut tx, id).await? else {
            // Nothing to remove: the transaction is dropped, so nothing is written.
            return Ok(None);
        };
        sqlx::query("DELETE FROM time_off_syllabus_files WHERE request_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(Some(removed))
    }

    async fn time_off_syllabus(&self, id: i64) -> StoreResult<Option<SyllabusFile>> {
        let sql = format!("SELECT {COLUMNS} FROM time_off_syllabus_files WHERE request_id = $1");
        let row = sqlx::query(&sql).bind(id).fetch_optional(&self.read).await.map_err(backend)?;
        row.as_ref().map(from_row).transpose()
    }
}

/// Marks one of `user`'s drafts changed; `NotFound` or `Stale` (see `why_unchanged`) otherwise.
async fn touch_draft(conn: &mut AnyConnection, id: i64, user: UserId, at: DateTime<Utc>) -> StoreResult<()> {
    let changed =
        sqlx::query("UPDATE time_off_requests SET updated_at = $1 WHERE id = $2 AND user_id = $3 AND status = 'draft'")
            .bind(time::to_text(at))
            .bind(id)
            .bind(user.0)
            .execute(&mut *conn)
            .await
            .map_err(backend)?;
    if changed.rows_affected() == 0 {
        return Err(why_unchanged(conn, id, Some(user)).await);
    }
    Ok(())
}

async fn current_key(conn: &mut AnyConnection, id: i64) -> StoreResult<Option<FileKey>> {
    let key: Option<String> = sqlx::query_scalar("SELECT file_key FROM time_off_syllabus_files WHERE request_id = $1")
        .bind(id)
        .fetch_optional(&mut *conn)
        .await
        .map_err(backend)?;
    key.map(|key| parse_key(&key)).transpose()
}

fn parse_key(raw: &str) -> StoreResult<FileKey> {
    FileKey::parse(raw).ok_or_else(|| StoreError::Backend(format!("stored file key \"{raw}\" is malformed")))
}

fn from_row(row: &AnyRow) -> StoreResult<SyllabusFile> {
    let int = |i: usize| row.try_get::<i64, _>(i).map_err(backend);
    let text = |i: usize| row.try_get::<String, _>(i).map_err(backend);
    let kind = text(2)?;
    Ok(SyllabusFile {
        request: int(0)?,
        filename: text(1)?,
        doc_type: DocumentType::parse(&kind)
            .ok_or_else(|| StoreError::Backend(format!("stored document type \"{kind}\" is unknown")))?,
        size_bytes: u64::try_from(int(3)?).map_err(|_| StoreError::Backend("syllabus size out of range".into()))?,
        sha256: text(4)?,
        file_key: parse_key(&text(5)?)?,
        uploaded_by: row.try_get::<Option<i64>, _>(6).map_err(backend)?.map(UserId),
        uploaded_by_label: text(7)?,
        uploaded_at: time::from_text(&text(8)?)?,
    })
}
