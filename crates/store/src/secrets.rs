//! Server secrets shared by every instance through the database.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sqlx::AnyPool;
use steward_app::ports::{ServerSecretStore, StoreResult};

use crate::errors::backend;
use crate::time;
use crate::Db;

#[async_trait]
impl ServerSecretStore for Db {
    async fn server_secret(&self, name: &str, candidate: &str, now: DateTime<Utc>) -> StoreResult<String> {
        if let Some(secret) = stored(&self.read, name).await? {
            return Ok(secret);
        }
        // Two instances starting together may both get here: the first insert wins and both
        // read back the winner's value.
        sqlx::query(
            "INSERT INTO server_secrets (name, secret, created_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING",
        )
        .bind(name)
        .bind(candidate)
        .bind(time::to_text(now))
        .execute(&self.write)
        .await
        .map_err(backend)?;
        stored(&self.write, name).await?.ok_or_else(|| backend(sqlx::Error::RowNotFound))
    }
}

async fn stored(pool: &AnyPool, name: &str) -> StoreResult<Option<String>> {
    sqlx::query_scalar("SELECT secret FROM server_secrets WHERE name = $1")
        .bind(name)
        .fetch_optional(pool)
        .await
        .map_err(backend)
}
