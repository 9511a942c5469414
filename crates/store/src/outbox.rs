//! The outbox: mail waiting to be sent, claimed with a lease so that several instances on one
//! database never send the same message twice.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Row;
use steward_app::enquiries::InboundAttachment;
use steward_app::ports::{OutboxMail, OutboxStore, StoreResult};

use crate::errors::backend;
use crate::time;
use crate::Db;

#[async_trait]
impl OutboxStore for Db {
    async fn claim_outbox(
        &self,
        worker: &str,
        now: DateTime<Utc>,
        lease_until: DateTime<Utc>,
        limit: u32,
    ) -> StoreResult<Vec<(i64, OutboxMail)>> {
        // The outer condition is checked again on each row as it is updated (PostgreSQL
        // re-reads a row another transaction just changed), so a row claimed meanwhile by
        // another instance is skipped rather than claimed twice.
        let rows = sqlx::query(
            "UPDATE outbox SET claimed_by = $1, claimed_until = $2, attempts = attempts + 1 \
             WHERE id IN (SELECT id FROM outbox WHERE sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $3) ORDER BY id LIMIT $4) \
             AND sent_at IS NULL AND (claimed_until IS NULL OR claimed_until < $3) \
             RETURNING id, recipient, subject, body, in_reply_to, message_id, automatic, enquiry_message_id",
        )
        .bind(worker)
        .bind(time::to_text(lease_until))
        .bind(time::to_text(now))
        .bind(i64::from(limit))
        .fetch_all(&self.write)
        .await
        .map_err(backend)?;
        let mut claimed = Vec::with_capacity(rows.len());
        for row in &rows {
            let source: Option<i64> = row.try_get(7).map_err(backend)?;
            let attachments = match source {
                Some(message) => attachments_of(&self.read, message).await?,
                None => Vec::new(),
            };
            let mail = OutboxMail {
                to: row.try_get(1).map_err(backend)?,
                subject: row.try_get(2).map_err(backend)?,
                body: row.try_get(3).map_err(backend)?,
                in_reply_to: row.try_get(4).map_err(backend)?,
                message_id: row.try_get(5).map_err(backend)?,
                automatic: row.try_get::<i64, _>(6).map_err(backend)? != 0,
                attachments,
            };
            claimed.push((row.try_get(0).map_err(backend)?, mail));
        }
        Ok(claimed)
    }

    async fn mark_sent(&self, id: i64, at: DateTime<Utc>) -> StoreResult<()> {
        sqlx::query("UPDATE outbox SET sent_at = $1, last_error = NULL WHERE id = $2")
            .bind(time::to_text(at))
            .bind(id)
            .execute(&self.write)
            .await
            .map_err(backend)?;
        Ok(())
    }

    async fn mark_failed(&self, id: i64, error: &str, retry_at: DateTime<Utc>) -> StoreResult<()> {
        let error: String = error.chars().filter(|c| !c.is_control()).take(500).collect();
        sqlx::query("UPDATE outbox SET claimed_until = $1, last_error = $2 WHERE id = $3")
            .bind(time::to_text(retry_at))
            .bind(error)
            .bind(id)
            .execute(&self.write)
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// The files attached to the enquiry message an outgoing mail records.
async fn attachments_of(pool: &sqlx::AnyPool, message: i64) -> StoreResult<Vec<InboundAttachment>> {
    let rows =
        sqlx::query("SELECT name, content_type, content FROM enquiry_attachments WHERE message_id = $1 ORDER BY id")
            .bind(message)
            .fetch_all(pool)
            .await
            .map_err(backend)?;
    rows.iter()
        .map(|row| {
            Ok(InboundAttachment { name: row.try_get(0)?, content_type: row.try_get(1)?, bytes: row.try_get(2)? })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()
        .map_err(backend)
}
