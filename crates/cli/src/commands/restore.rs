//! `steward restore BACKUP --data-dir NEW`: checks that a backup is a sound, current Steward
//! database and puts it in place as the data directory's database, with the document files
//! `steward backup` copied to `BACKUP.files/` as the data directory's `files/`. It never
//! overwrites a database or a files directory that exists; restore into a new data directory,
//! then point Steward at it. Afterwards every document row's file is looked for, and missing
//! ones are reported as a warning.

use std::path::PathBuf;

use clap::Args;

use super::backup::{copy_tree, files_beside, report_missing, sync_parent};
use crate::config::DatabaseArgs;
use crate::exit::Failure;

#[derive(Args)]
pub struct RestoreArgs {
    /// A file written by `steward backup`.
    pub backup: PathBuf,
    /// Where to put the documents' files, as for `steward serve` [default: DATA_DIR/files].
    #[arg(long, env = "STEWARD_FILES_DIR")]
    pub files_dir: Option<PathBuf>,
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
    let files = match args.files_dir.clone() {
        Some(dir) => dir,
        None => args.database.data_dir(&args.database.file()?).join("files"),
    };
    if files.exists() {
        return Err(Failure::BadInput(format!(
            "{} already exists; restore into a new --data-dir (or --files-dir) and point Steward at it",
            files.display()
        )));
    }
    let files_backup = files_beside(&args.backup);
    let files_backup = files_backup.is_dir().then_some(files_backup);
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
    // The files go in place before the database: a data directory with its database has its
    // files too, even after a crash mid-restore.
    match &files_backup {
        Some(from) => match restore_files(from, &files) {
            Ok(count) => println!("Restored {count} document files from {} to {}", from.display(), files.display()),
            Err(failure) => {
                let _ = std::fs::remove_file(&partial);
                return Err(failure);
            }
        },
        None => println!(
            "No documents beside the backup ({} is not there): restoring the database only",
            files_beside(&args.backup).display()
        ),
    }
    std::fs::rename(&partial, &target)
        .map_err(|error| Failure::Other(format!("cannot put the copy in place: {error}")))?;
    sync_parent(&target).map_err(Failure::Other)?;
    println!("Restored {} to {}", args.backup.display(), target.display());
    report_missing(&target, &files).await;
    Ok(())
}

/// Copies the backup's files to a temporary name beside `to` and renames it into place.
fn restore_files(from: &std::path::Path, to: &std::path::Path) -> Result<u64, Failure> {
    if let Some(parent) = to.parent() {
        std::fs::create_dir_all(parent)
            .map_err(|error| Failure::Other(format!("cannot create {}: {error}", parent.display())))?;
    }
    let mut partial = to.as_os_str().to_owned();
    partial.push(".restoring");
    let partial = PathBuf::from(partial);
    if partial.exists() {
        // Left by a restore that stopped part-way; nothing uses it.
        std::fs::remove_dir_all(&partial)
            .map_err(|error| Failure::Other(format!("cannot remove {}: {error}", partial.display())))?;
    }
    let copied = copy_tree(from, &partial).and_then(|count| {
        std::fs::rename(&partial, to)
            .map_err(|error| format!("cannot rename {} into place: {error}", partial.display()))?;
        sync_parent(to)?;
        Ok(count)
    });
    copied.map_err(|reason| {
        let _ = std::fs::remove_dir_all(&partial);
        Failure::Other(format!("cannot restore the documents: {reason}"))
    })
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
