//! Failed sign-in records, shared by every instance through the database.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use steward_app::ports::{StoreResult, ThrottleStore};

use crate::errors::backend;
use crate::time;
use crate::Db;

#[async_trait]
impl ThrottleStore for Db {
    async fn failures_since(&self, key: &str, since: DateTime<Utc>) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT COUNT(*) FROM login_failures WHERE throttle_key = $1 AND at >= $2")
            .bind(key)
            .bind(time::to_text(since))
            .fetch_one(&self.read)
            .await
            .map_err(backend)
    }

    async fn record_failure(&self, key: &str, at: DateTime<Utc>) -> StoreResult<i64> {
        sqlx::query_scalar("INSERT INTO login_failures (throttle_key, at) VALUES ($1, $2) RETURNING id")
            .bind(key)
            .bind(time::to_text(at))
            .fetch_one(&self.write)
            .await
            .map_err(backend)
    }

    async fn forget_failure(&self, id: i64) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE id = $1").bind(id).execute(&self.write).await.map_err(backend)?;
        Ok(())
    }

    async fn clear_failures(&self, key: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE throttle_key = $1")
            .bind(key)
            .execute(&self.write)
            .await
            .map_err(backend)?;
        Ok(())
    }
}
