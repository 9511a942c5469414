//! Everything that differs between SQLite and PostgreSQL, in one place: connection set-up,
//! pool shape, embedded migrations and online backup.

use std::str::FromStr;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{AnyPool, ConnectOptions, Executor};

use crate::db::Backend;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("./migrations/postgres");

pub(crate) fn migrator(backend: Backend) -> &'static Migrator {
    match backend {
        Backend::Sqlite => &SQLITE_MIGRATIONS,
        Backend::Postgres => &POSTGRES_MIGRATIONS,
    }
}

/// The migration descriptions of each backend, in order; a test insists they are identical.
pub fn migration_names() -> (Vec<String>, Vec<String>) {
    let names = |migrator: &Migrator| {
        migrator.iter().map(|m| format!("{:04}_{}", m.version, m.description)).collect::<Vec<_>>()
    };
    (names(&SQLITE_MIGRATIONS), names(&POSTGRES_MIGRATIONS))
}

/// SQLite settings for every connection:
/// - WAL so readers never wait for the writer;
/// - synchronous=FULL so a committed write is on disk before we answer (survives power loss,
///   not only a process crash);
/// - foreign keys on (SQLite leaves them off by default);
/// - a busy timeout so a second process (e.g. `steward import` while serving) waits rather than fails.
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA temp_store = MEMORY;";

/// The single writer keeps up to 16 MiB of pages rather than 2: a bulk import touches index
/// pages all over the file and otherwise re-reads them through the kernel for every batch.
/// Readers keep the default; memory-mapping the file instead was tried and counts the file
/// once per connection in the server's resident size (666 MiB after 150 pages).
const SQLITE_WRITER_PRAGMAS: &str = "PRAGMA cache_size = -16384;";
/// A bulk load also lets the WAL grow to about 80 MB (20,000 pages) before it is copied back
/// into the database, not 4 MB: each batch rewrites many of the same index pages, and each
/// checkpoint copied them all again (about 0.5 s of a 100k member import's CPU). Commits are
/// no less durable against a process crash; against a power cut, more of the last commits may
/// be unsynced until `steward import members` / `import mail` close the database at the end,
/// which checkpoints and syncs them (re-running an import takes in what was lost).
const SQLITE_BULK_WRITER_PRAGMAS: &str =
    "PRAGMA cache_size = -16384; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 20000;";

/// Whether each SQLite commit waits for the disk (the server, always) or commits are
/// flushed in batches by the WAL checkpoint (bulk imports, which can be re-run).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Durability {
    EveryCommit,
    Batched,
}

/// How long a request waits for a connection before failing (and how long start-up waits
/// for an unreachable database), rather than sqlx's 30-second default.
const ACQUIRE_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(10);

/// Two pools for SQLite: many readers and a single writer, because SQLite allows one writer
/// at a time and a deferred transaction that upgrades to a write can fail rather than wait.
/// PostgreSQL uses one pool for both.
pub(crate) async fn connect_pools(
    backend: Backend,
    url: &str,
    max_connections: u32,
    durability: Durability,
) -> Result<(AnyPool, AnyPool), sqlx::Error> {
    let mut url_options = AnyConnectOptions::from_str(url)?;
    if durability == Durability::Batched {
        // A bulk load's statements take seconds by design (a whole chunk of an import or of
        // `demo --scale`); a warning for each would bury the progress bar.
        url_options = url_options.disable_statement_logging();
    }
    match backend {
        Backend::Sqlite => {
            let options = |extra: &'static str| {
                AnyPoolOptions::new().acquire_timeout(ACQUIRE_TIMEOUT).after_connect(move |conn, _meta| {
                    Box::pin(async move {
                        conn.execute(SQLITE_PRAGMAS).await?;
                        conn.execute(extra).await?;
                        Ok(())
                    })
                })
            };
            let writer_pragmas = match durability {
                Durability::EveryCommit => SQLITE_WRITER_PRAGMAS,
                Durability::Batched => SQLITE_BULK_WRITER_PRAGMAS,
            };
            let write = options(writer_pragmas).max_connections(1).connect_with(url_options.clone()).await?;
            let read = options("").max_connections(max_connections).connect_with(url_options).await?;
            Ok((read, write))
        }
        Backend::Postgres => {
            let pool = AnyPoolOptions::new()
                .acquire_timeout(ACQUIRE_TIMEOUT)
                .max_connections(max_connections)
                .connect_with(url_options)
                .await?;
            Ok((pool.clone(), pool))
        }
    }
}

/// A consistent copy of a live SQLite database, taken without stopping writers.
pub(crate) fn sqlite_backup_statement(target: &str) -> String {
    format!("VACUUM INTO '{}'", target.replace('\'', "''"))
}
