//! `steward restore BACKUP --data-dir NEW`: checks that a backup is a sound, current Steward
//! database and puts it in place as the data directory's database. It never overwrites a
//! database that exists; restore into a new data directory, then point Steward at it.

use std::path::PathBuf;

use clap::Args;

use crate::config::DatabaseArgs;
use crate::exit::Failure;

#[derive(Args)]
pub struct RestoreArgs {
    /// A file written by `steward backup`.
    pub backup: PathBuf,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub async fn run(args: RestoreArgs) -> Result<(), Failure> {
    let url = args.database.checked_url()?;
    let Some(target) = url.strip_prefix("sqlite://").map(|path| PathBuf::from(path.split('?').next().unwrap_or(path)))
    else {
        return Err(Failure::BadInput(
            "steward restore restores SQLite backups; for PostgreSQL run: pg_restore --dbname=DATABASE_URL steward.dump".into(),
        ));
    };
    if !args.backup.is_file() {
        return Err(Failure::BadInput(format!("{} is not a file", args.backup.display())));
    }
    if target.exists() {
        return Err(Failure::BadInput(format!(
            "{} already exists; restore into a new --data-dir and point Steward at it",
            target.display()
        )));
    }
    check_backup(&args.backup).await?;
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|error| Failure::Other(format!("cannot create {}: {error}", parent.display())))?;
    }
    // Copy beside the target and rename, so a crash mid-copy never leaves a half database
    // under the real name.
    let partial = target.with_extension("db.restoring");
    std::fs::copy(&args.backup, &partial)
        .map_err(|error| Failure::Other(format!("cannot copy the backup: {error}")))?;
    std::fs::File::open(&partial)
        .and_then(|file| file.sync_all())
        .map_err(|error| Failure::Other(format!("cannot flush the restored copy: {error}")))?;
    std::fs::rename(&partial, &target)
        .map_err(|error| Failure::Other(format!("cannot put the copy in place: {error}")))?;
    println!("Restored {} to {}", args.backup.display(), target.display());
    Ok(())
}

/// The backup must open, pass SQLite's integrity check, and be a Steward database whose
/// migrations this binary knows.
async fn check_backup(backup: &std::path::Path) -> Result<(), Failure> {
    let not_a_backup =
        |reason: String| Failure::BadInput(format!("{} is not a usable backup: {reason}", backup.display()));
    let mut header = [0u8; 16];
    let read = std::fs::File::open(backup).and_then(|mut file| std::io::Read::read_exact(&mut file, &mut header));
    if read.is_err() || &header != b"SQLite format 3\0" {
        return Err(not_a_backup("it is not a SQLite database file".into()));
    }
    let url = format!("sqlite://{}", backup.display());
    let db = steward_store::Db::connect_without_migrating(&url).await.map_err(|e| not_a_backup(e.to_string()))?;
    let verdict = db.integrity_check().await.map_err(|e| not_a_backup(e.to_string()));
    let pending = db.pending_migrations().await.map_err(|e| not_a_backup(e.to_string()));
    db.close().await;
    match verdict? {
        ok if ok == "ok" => {}
        other => return Err(not_a_backup(format!("integrity check says {other}"))),
    }
    match pending? {
        None => Err(not_a_backup("it is not a Steward database".into())),
        Some(_) => Ok(()),
    }
}
