//! The rows describing documents on cases (migration `0015_case_documents`). The bytes are
//! not here: the file store keeps them under each row's `file_key`.

use async_trait::async_trait;
use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use steward_app::ports::{
    AuditEntry, CaseDocument, CaseDocumentStore, CaseId, FileKey, NewCaseDocument, NewTimelineEntry, StoreError,
    StoreResult,
};
use steward_domain::case::document::DocumentType;
use steward_domain::ids::UserId;

use crate::audit::insert_audit;
use crate::cases::{insert_entry, touch_open};
use crate::errors::{backend, on_write};
use crate::time;
use crate::Db;

const COLUMNS: &str = "id, case_id, filename, doc_type, size_bytes, sha256, file_key, uploaded_by, \
     uploaded_by_label, uploaded_at";

#[async_trait]
impl CaseDocumentStore for Db {
    async fn add_case_document(
        &self,
        id: CaseId,
        document: &NewCaseDocument,
        entry: &NewTimelineEntry,
        audit: &AuditEntry,
    ) -> StoreResult<i64> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        touch_open(&mut tx, id, audit).await?;
        let document_id = insert_document(&mut tx, id, document).await?;
        insert_entry(&mut tx, id, entry, &time::to_text(audit.at)).await?;
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(document_id)
    }

    async fn case_documents(&self, id: CaseId) -> StoreResult<Vec<CaseDocument>> {
        let sql = format!(
            "SELECT {COLUMNS} FROM case_documents WHERE case_id = $1 ORDER BY uploaded_at DESC, id DESC LIMIT 1000"
        );
        let rows = sqlx::query(&sql).bind(id.0).fetch_all(&self.read).await.map_err(backend)?;
        rows.iter().map(from_row).collect()
    }

    async fn case_document(&self, id: CaseId, document: i64) -> StoreResult<Option<CaseDocument>> {
        let sql = format!("SELECT {COLUMNS} FROM case_documents WHERE id = $1 AND case_id = $2");
        let row = sqlx::query(&sql).bind(document).bind(id.0).fetch_optional(&self.read).await.map_err(backend)?;
        row.as_ref().map(from_row).transpose()
    }
}

/// Writes a document's row (its bytes are already in the file store); returns its id.
pub(crate) async fn insert_document(
    conn: &mut AnyConnection,
    id: CaseId,
    document: &NewCaseDocument,
) -> StoreResult<i64> {
    let size =
        i64::try_from(document.size_bytes).map_err(|_| StoreError::Backend("document size out of range".into()))?;
    sqlx::query_scalar(
        "INSERT INTO case_documents (case_id, filename, doc_type, size_bytes, sha256, file_key, uploaded_by, \
         uploaded_by_label, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(id.0)
    .bind(&document.filename)
    .bind(document.doc_type.as_str())
    .bind(size)
    .bind(&document.sha256)
    .bind(document.file_key.as_str())
    .bind(document.uploaded_by.map(|user| user.0))
    .bind(&document.uploaded_by_label)
    .bind(time::to_text(document.uploaded_at))
    .fetch_one(&mut *conn)
    .await
    .map_err(on_write("document"))
}

fn from_row(row: &AnyRow) -> StoreResult<CaseDocument> {
    let int = |i: usize| row.try_get::<i64, _>(i).map_err(backend);
    let text = |i: usize| row.try_get::<String, _>(i).map_err(backend);
    let kind = text(3)?;
    let key = text(6)?;
    Ok(CaseDocument {
        id: int(0)?,
        case: CaseId(int(1)?),
        filename: text(2)?,
        doc_type: DocumentType::parse(&kind)
            .ok_or_else(|| StoreError::Backend(format!("stored document type \"{kind}\" is unknown")))?,
        size_bytes: u64::try_from(int(4)?).map_err(|_| StoreError::Backend("document size out of range".into()))?,
        sha256: text(5)?,
        file_key: FileKey::parse(&key)
            .ok_or_else(|| StoreError::Backend(format!("stored file key \"{key}\" is malformed")))?,
        uploaded_by: row.try_get::<Option<i64>, _>(7).map_err(backend)?.map(UserId),
        uploaded_by_label: text(8)?,
        uploaded_at: time::from_text(&text(9)?)?,
    })
}
