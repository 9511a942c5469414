//! Server-side sessions and API tokens, both stored only as SHA-256 hashes of the secret.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::Row;
use steward_app::ports::{AuditEntry, NewSession, SessionRecord, SessionStore, StoreResult, UserRecord};
use steward_domain::ids::UserId;

use crate::audit::insert_audit;
use crate::errors::{backend, on_write};
use crate::time;
use crate::users::{user_from_row, USER_COLUMNS};
use crate::Db;

#[async_trait]
impl SessionStore for Db {
    async fn create_session(&self, session: &NewSession, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        // Expired sessions are swept as new ones are made, so the table stays small.
        sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
            .bind(time::to_text(session.created_at))
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
            .bind(&session.token_hash)
            .bind(session.user.0)
            .bind(&session.csrf_token)
            .bind(time::to_text(session.created_at))
            .bind(time::to_text(session.expires_at))
            .execute(&mut *tx)
            .await
            .map_err(on_write("session"))?;
        insert_audit(&mut tx, audit, Some(session.user.to_string())).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn session(&self, token_hash: &str, now: DateTime<Utc>) -> StoreResult<Option<(SessionRecord, UserRecord)>> {
        let sql = format!(
            "SELECT {USER_COLUMNS}, s.csrf_token, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id \
             WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.active = 1"
        );
        let row = sqlx::query(&sql)
            .bind(token_hash)
            .bind(time::to_text(now))
            .fetch_optional(&self.read)
            .await
            .map_err(backend)?;
        let Some(row) = row else { return Ok(None) };
        let user = user_from_row(&row)?;
        let expires: String = row.try_get(9).map_err(backend)?;
        let session = SessionRecord {
            user: user.id,
            csrf_token: row.try_get(8).map_err(backend)?,
            expires_at: time::from_text(&expires)?,
        };
        Ok(Some((session, user)))
    }

    async fn delete_session(&self, token_hash: &str, audit: &AuditEntry) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        insert_audit(&mut tx, audit, None).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn delete_user_sessions(&self, user: UserId, audit: &AuditEntry) -> StoreResult<u64> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        let deleted = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user.0)
            .execute(&mut *tx)
            .await
            .map_err(backend)?;
        insert_audit(&mut tx, audit, None).await?;
        tx.commit().await.map_err(backend)?;
        Ok(deleted.rows_affected())
    }

    async fn create_api_token(
        &self,
        user: UserId,
        name: &str,
        token_hash: &str,
        audit: &AuditEntry,
    ) -> StoreResult<()> {
        let mut tx = self.write.begin().await.map_err(backend)?;
        sqlx::query("INSERT INTO api_tokens (token_hash, user_id, name, created_at) VALUES ($1, $2, $3, $4)")
            .bind(token_hash)
            .bind(user.0)
            .bind(name)
            .bind(time::to_text(audit.at))
            .execute(&mut *tx)
            .await
            .map_err(on_write("token"))?;
        insert_audit(&mut tx, audit, None).await?;
        tx.commit().await.map_err(backend)?;
        Ok(())
    }

    async fn user_by_api_token(&self, token_hash: &str) -> StoreResult<Option<UserRecord>> {
        let sql =
            format!("SELECT {USER_COLUMNS} FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1");
        let row = sqlx::query(&sql).bind(token_hash).fetch_optional(&self.read).await.map_err(backend)?;
        row.as_ref().map(user_from_row).transpose()
    }
}
