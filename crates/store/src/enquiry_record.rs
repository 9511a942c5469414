//! What makes an enquiry a record staff can finish: linking it to the right member (a
//! guarded write, so two people correcting the same enquiry cannot overwrite each other
//! unseen), and reading back what the sender sent: attachments with their bytes and the
//! message as it arrived. Reads always name the enquiry too, so an attachment or message id
//! from another enquiry finds nothing.

use sqlx::any::AnyRow;
use sqlx::{AnyPool, Row};
use steward_app::ports::{AuditEntry, EnquiryAttachment, EnquiryAttachmentInfo, EnquiryId, StoreError, StoreResult};
use steward_domain::ids::{MemberId, WorkplaceId};

use crate::audit::insert_audit;
use crate::errors::{backend, on_write};
use crate::sql::{Arg, Sql};
use crate::time;
use crate::Db;

pub(crate) async fn link_member(
    db: &Db,
    id: EnquiryId,
    from: Option<MemberId>,
    to: MemberId,
    workplace: WorkplaceId,
    audit: &AuditEntry,
) -> StoreResult<()> {
    let mut tx = db.write.begin().await.map_err(backend)?;
    // Member ids start at 1, so 0 stands for "no member" in the guard on both backends.
    let updated = sqlx::query(
        "UPDATE enquiries SET member_id = $1, workplace_id = $2, updated_at = $3 \
         WHERE id = $4 AND status <> 'closed' AND COALESCE(member_id, 0) = $5",
    )
    .bind(to.0)
    .bind(workplace.0)
    .bind(time::to_text(audit.at))
    .bind(id.0)
    .bind(from.map_or(0, |member| member.0))
    .execute(&mut *tx)
    .await
    .map_err(on_write("member_id"))?;
    if updated.rows_affected() == 0 {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM enquiries WHERE id = $1")
            .bind(id.0)
            .fetch_optional(&mut *tx)
            .await
            .map_err(backend)?;
        return Err(if exists.is_some() { StoreError::Stale } else { StoreError::NotFound });
    }
    insert_audit(&mut tx, audit, Some(id.to_string())).await?;
    tx.commit().await.map_err(backend)?;
    Ok(())
}

/// The enquiry's attachments without their bytes, each with the message it came with.
pub(crate) async fn attachment_list(pool: &AnyPool, id: EnquiryId) -> StoreResult<Vec<(i64, EnquiryAttachmentInfo)>> {
    let rows = sqlx::query(
        "SELECT a.message_id, a.id, a.name, CAST(LENGTH(a.content) AS BIGINT) FROM enquiry_attachments a \
         JOIN enquiry_messages g ON g.id = a.message_id WHERE g.enquiry_id = $1 ORDER BY a.id",
    )
    .bind(id.0)
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    rows.iter()
        .map(|row| {
            let size: i64 = row.try_get(3).map_err(backend)?;
            let info = EnquiryAttachmentInfo {
                id: row.try_get(1).map_err(backend)?,
                name: row.try_get(2).map_err(backend)?,
                size_bytes: u64::try_from(size).unwrap_or_default(),
            };
            Ok((row.try_get(0).map_err(backend)?, info))
        })
        .collect()
}

/// The enquiry's attachments with their bytes: all of them, or the one `only` names.
pub(crate) async fn attachments(
    pool: &AnyPool,
    id: EnquiryId,
    only: Option<i64>,
) -> StoreResult<Vec<EnquiryAttachment>> {
    let mut sql = Sql::new(
        "SELECT a.id, a.message_id, a.name, a.content_type, a.content FROM enquiry_attachments a \
         JOIN enquiry_messages g ON g.id = a.message_id WHERE g.enquiry_id = ",
    );
    sql.bind(Arg::Int(id.0));
    if let Some(attachment) = only {
        sql.push(" AND a.id = ").bind(Arg::Int(attachment));
    }
    sql.push(" ORDER BY a.id");
    let rows = sql.query().fetch_all(pool).await.map_err(backend)?;
    rows.iter()
        .map(|row| {
            Ok(EnquiryAttachment {
                id: row.try_get(0)?,
                message: row.try_get(1)?,
                name: row.try_get(2)?,
                claimed_type: row.try_get(3)?,
                bytes: row.try_get(4)?,
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(backend)
}

/// A message's raw bytes as received, when it is the enquiry's and kept them.
pub(crate) async fn original(pool: &AnyPool, id: EnquiryId, message: i64) -> StoreResult<Option<Vec<u8>>> {
    let raw: Option<Option<Vec<u8>>> =
        sqlx::query_scalar("SELECT raw FROM enquiry_messages WHERE id = $1 AND enquiry_id = $2")
            .bind(message)
            .bind(id.0)
            .fetch_optional(pool)
            .await
            .map_err(backend)?;
    Ok(raw.flatten())
}

/// A 0/1 column (both backends give a whole number for `CASE ... THEN 1`) as a bool.
pub(crate) fn flag(row: &AnyRow, index: usize) -> StoreResult<bool> {
    let value: i64 = row.try_get(index).map_err(backend)?;
    Ok(value != 0)
}
