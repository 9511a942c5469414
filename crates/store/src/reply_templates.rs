//! Reply templates: named texts with merge fields, shared by everyone answering enquiries.

use async_trait::async_trait;
use sqlx::Row;
use steward_app::ports::{AuditEntry, ReplyTemplate, ReplyTemplateStore, StoreError, StoreResult};

use crate::audit::insert_audit;
use crate::errors::{backend, on_write};
use crate::time;
use crate::Db;

#[async_trait]
impl ReplyTemplateStore for Db {
    async fn reply_templates(&self) -> StoreResult<Vec<ReplyTemplate>> {
        let rows = sqlx::query("SELECT id, name, body FROM reply_templates ORDER BY name, id")
            .fetch_all(&self.read)
            .await
            .map_err(backend)?;
        rows.iter().map(template_from_row).collect()
    }

    async fn reply_template(&self, id: i64) -> StoreResult<Option<ReplyTemplate>> {
        let row = sqlx::query("SELECT id, name, body FROM reply_templates WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.read)
            .await
            .map_err(backend)?;
        row.as_ref().map(template_from_row).transpose()
    }

    async fn save_reply_template(
        &self,
        id: Option<i64>,
        name: &str,
        body: &str,
        audit: &AuditEntry,
    ) -> StoreResult<i64> {
        let at = time::to_text(audit.at);
        let mut tx = self.write.begin().await.map_err(backend)?;
        let id = match id {
            None => sqlx::query_scalar(
                "INSERT INTO reply_templates (name, body, created_at, updated_at) VALUES ($1, $2, $3, $3) RETURNING id",
            )
            .bind(name)
            .bind(body)
            .bind(at)
            .fetch_one(&mut *tx)
            .await
            .map_err(on_write("name"))?,
            Some(id) => {
                let updated =
                    sqlx::query("UPDATE reply_templates SET name = $1, body = $2, updated_at = $3 WHERE id = $4")
                        .bind(name)
                        .bind(body)
                        .bind(at)
                        .bind(id)
                        .execute(&mut *tx)
                        .await
                        .map_err(on_write("name"))?;
                if updated.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                id
            }
        };
        insert_audit(&mut tx, audit, Some(id.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(id)
    }
}

fn template_from_row(row: &sqlx::any::AnyRow) -> StoreResult<ReplyTemplate> {
    Ok(ReplyTemplate {
        id: row.try_get(0).map_err(backend)?,
        name: row.try_get(1).map_err(backend)?,
        body: row.try_get(2).map_err(backend)?,
    })
}
