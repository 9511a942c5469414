//! Opening the database named by a URL, applying migrations, and the health check.

use std::path::Path;

use async_trait::async_trait;
use sqlx::AnyPool;
use steward_app::ports::{Health, StoreError, StoreResult};

use crate::dialect::{self, Durability};
use crate::errors::backend;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

/// A connected database: the one value that implements every port.
#[derive(Clone)]
pub struct Db {
    pub(crate) read: AnyPool,
    pub(crate) write: AnyPool,
    backend: Backend,
}

impl Db {
    /// Connects to `sqlite://PATH` (created if missing) or `postgres://...` and applies any
    /// migrations not yet applied.
    pub async fn connect(url: &str) -> StoreResult<Self> {
        let db = Self::connect_without_migrating(url).await?;
        db.migrate().await?;
        Ok(db)
    }

    pub async fn connect_without_migrating(url: &str) -> StoreResult<Self> {
        Self::open(url, Durability::EveryCommit).await
    }

    /// For `steward import`: on SQLite a commit is not flushed to disk before the next one
    /// starts (`synchronous = NORMAL` in WAL mode). A crash of the process still loses
    /// nothing committed; a power cut may lose the last few commits, which re-running the
    /// import (idempotent: same rows, same Message-IDs) takes in again. The server never
    /// opens the database this way.
    pub async fn connect_for_bulk_load(url: &str) -> StoreResult<Self> {
        let db = Self::open(url, Durability::Batched).await?;
        db.migrate().await?;
        Ok(db)
    }

    async fn open(url: &str, durability: Durability) -> StoreResult<Self> {
        sqlx::any::install_default_drivers();
        let (backend, url) = normalise_url(url)?;
        let (read, write) = dialect::connect_pools(backend, &url, 8, durability).await.map_err(backend_error(&url))?;
        Ok(Self { read, write, backend })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// Applies pending migrations; returns how many were applied.
    pub async fn migrate(&self) -> StoreResult<usize> {
        let migrator = dialect::migrator(self.backend);
        let before = self.applied_migrations().await.unwrap_or(0);
        migrator.run(&self.write).await.map_err(|error| StoreError::Backend(format!("migration failed: {error}")))?;
        let after = self.applied_migrations().await.unwrap_or(before);
        Ok(after.saturating_sub(before))
    }

    /// How many known migrations this database still lacks; `None` when it has no migration
    /// table at all (not a Steward database).
    pub async fn pending_migrations(&self) -> StoreResult<Option<usize>> {
        let applied = match self.applied_migrations().await {
            Ok(applied) => applied,
            Err(_) => return Ok(None),
        };
        Ok(Some(dialect::migrator(self.backend).iter().count().saturating_sub(applied)))
    }

    async fn applied_migrations(&self) -> StoreResult<usize> {
        let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM _sqlx_migrations WHERE success = TRUE")
            .fetch_one(&self.read)
            .await
            .map_err(backend)?;
        Ok(usize::try_from(count).unwrap_or(0))
    }

    /// Writes a consistent copy of a SQLite database to `target` while it stays in use.
    pub async fn backup_sqlite(&self, target: &Path) -> StoreResult<()> {
        if self.backend != Backend::Sqlite {
            return Err(StoreError::Backend(
                "steward backup copies SQLite databases; for PostgreSQL use pg_dump --format=custom".into(),
            ));
        }
        if target.exists() {
            return Err(StoreError::Backend(format!("{} already exists; choose a new file", target.display())));
        }
        let target =
            target.to_str().ok_or_else(|| StoreError::Backend("the backup path must be valid UTF-8".into()))?;
        sqlx::query(&dialect::sqlite_backup_statement(target)).execute(&self.write).await.map_err(backend)?;
        Ok(())
    }

    /// Brings PostgreSQL's planner statistics up to date after a bulk load. Without them it
    /// plans member searches as if the tables were empty (8.8 s per search after a 100k
    /// import, docs/benchmarks.md); autovacuum would catch up, but only minutes later.
    /// SQLite is left alone: it plans from its indexes when it has no statistics, and
    /// statistics taken while a table is small mislead it later (an import into a database
    /// analysed with one member took 36 s instead of 10).
    pub async fn refresh_statistics(&self) -> StoreResult<()> {
        // Statistics of a near-empty table mislead PostgreSQL as they do SQLite: plans made
        // from "one member" (a cached foreign-key check among them) scan the whole table for
        // every row of the next bulk load. Left unanalysed, it assumes a modest table and uses
        // the indexes; `keep_statistics_fresh` analyses once a load has made the table large.
        let members: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM (SELECT 1 FROM members LIMIT 1000) m")
            .fetch_one(&self.read)
            .await
            .map_err(backend)?;
        if self.backend == Backend::Postgres && members >= 1000 {
            sqlx::query("ANALYZE members, member_search_terms, audit_log")
                .execute(&self.write)
                .await
                .map_err(backend)?;
        }
        Ok(())
    }

    /// During a bulk load on PostgreSQL, re-analyses the member tables whenever they have
    /// more than doubled since the planner last looked. Without it, plans made while `members`
    /// was tiny (after `steward demo --members 1`, say) stay cached for the whole load; the
    /// foreign-key check on every search word then scanned the whole table, and a 100k import
    /// took 416 s instead of about 12 (docs/benchmarks.md). ANALYZE invalidates those plans.
    pub(crate) async fn keep_statistics_fresh(&self) -> StoreResult<()> {
        if self.backend != Backend::Postgres {
            return Ok(());
        }
        let sizes: Option<(i64, f64)> = sqlx::query_as(
            "SELECT s.n_live_tup, c.reltuples::float8 FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid \
             WHERE s.relname = 'members'",
        )
        .fetch_optional(&self.write)
        .await
        .map_err(backend)?;
        if let Some((live, planned)) = sizes {
            if (live as f64) > 2.0 * planned.max(500.0) {
                sqlx::query("ANALYZE members, member_search_terms").execute(&self.write).await.map_err(backend)?;
            }
        }
        Ok(())
    }

    /// `PRAGMA integrity_check` on SQLite ("ok" when sound); PostgreSQL checks its own pages.
    pub async fn integrity_check(&self) -> StoreResult<String> {
        match self.backend {
            Backend::Sqlite => {
                sqlx::query_scalar("PRAGMA integrity_check").fetch_one(&self.read).await.map_err(backend)
            }
            Backend::Postgres => Ok("ok".into()),
        }
    }

    pub async fn close(&self) {
        self.read.close().await;
        self.write.close().await;
    }
}

#[async_trait]
impl Health for Db {
    async fn ping(&self) -> StoreResult<()> {
        sqlx::query("SELECT 1").execute(&self.read).await.map_err(backend)?;
        Ok(())
    }
}

/// Accepts `sqlite://PATH`, `sqlite:PATH` and `postgres://` / `postgresql://` URLs. For SQLite
/// the file and its directory are created when missing.
fn normalise_url(url: &str) -> StoreResult<(Backend, String)> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return Ok((Backend::Postgres, url.to_owned()));
    }
    let path = url.strip_prefix("sqlite://").or_else(|| url.strip_prefix("sqlite:")).ok_or_else(|| {
        StoreError::Backend(format!("\"{url}\" is not a database URL: use sqlite://PATH or postgres://..."))
    })?;
    let (path, _query) = path.split_once('?').unwrap_or((path, ""));
    if path.is_empty() {
        return Err(StoreError::Backend("the sqlite:// URL needs a file path".into()));
    }
    if let Some(parent) = Path::new(path).parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .map_err(|error| StoreError::Backend(format!("cannot create {}: {error}", parent.display())))?;
    }
    Ok((Backend::Sqlite, format!("sqlite://{path}?mode=rwc")))
}

fn backend_error(url: &str) -> impl Fn(sqlx::Error) -> StoreError + '_ {
    move |error| {
        let shown = url.split('@').next_back().unwrap_or(url);
        StoreError::Backend(format!("cannot open the database at {shown}: {error}"))
    }
}
