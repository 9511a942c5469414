//! `steward backup PATH`: a consistent copy of a live SQLite database at PATH, then the
//! document files (case documents, syllabus files) copied into `PATH.files/` beside it,
//! every file and directory flushed to disk. The copy of the files is made in
//! `PATH.files.partial` and renamed, so a directory named `PATH.files` is always whole.
//! `copy_tree` is shared with `steward restore`.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use clap::Args;

use crate::config::DatabaseArgs;
use crate::exit::Failure;

#[derive(Args)]
pub struct BackupArgs {
    /// The file to write; it must not exist yet, nor `PATH.files`.
    pub path: PathBuf,
    /// Where the documents' files are kept, as for `steward serve` [default: DATA_DIR/files].
    #[arg(long, env = "STEWARD_FILES_DIR")]
    pub files_dir: Option<PathBuf>,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub async fn run(args: BackupArgs) -> Result<(), Failure> {
    let url = args.database.checked_url()?;
    if url.starts_with("postgres") {
        return Err(Failure::BadInput(
            "steward backup copies SQLite databases; for PostgreSQL run: pg_dump --format=custom --file=steward.dump DATABASE_URL, and copy DATA_DIR/files beside it".into(),
        ));
    }
    if args.path.exists() {
        return Err(Failure::BadInput(format!("{} already exists; choose a new file name", args.path.display())));
    }
    let files_copy = files_beside(&args.path);
    if files_copy.exists() {
        return Err(Failure::BadInput(format!(
            "{} already exists; choose a new backup name (the documents are copied there)",
            files_copy.display()
        )));
    }
    let files = match args.files_dir.clone() {
        Some(dir) => dir,
        None => args.database.data_dir(&args.database.file()?).join("files"),
    };
    // A backup only reads: it must not migrate or otherwise write to the live database.
    let db = steward_store::Db::connect_without_migrating(&url).await?;
    db.backup_sqlite(&args.path).await?;
    db.close().await;
    println!("Backup written to {}", args.path.display());
    // Documents live beside the database, not in it. Their files are written once under
    // random names before the row that names them, so copying the directory after the
    // database copy gives every document the copy knows of (and perhaps a few newer files no
    // row of the copy names, which are harmless).
    if !holds_files(&files) {
        println!("No document files in {}: nothing to copy beside the backup", files.display());
        return Ok(());
    }
    let partial = with_suffix(&files_copy, ".partial");
    if partial.exists() {
        return Err(Failure::BadInput(format!("{} is in the way; remove it and run again", partial.display())));
    }
    let copied = copy_tree(&files, &partial).and_then(|count| {
        std::fs::rename(&partial, &files_copy)
            .map_err(|error| format!("cannot rename {} into place: {error}", partial.display()))?;
        sync_parent(&files_copy)?;
        Ok(count)
    });
    let count = match copied {
        Ok(count) => count,
        Err(reason) => {
            let _ = std::fs::remove_dir_all(&partial);
            return Err(Failure::Other(format!(
                "the database was backed up to {}, but its documents were not copied: {reason}",
                args.path.display()
            )));
        }
    };
    println!("{count} document files copied to {}", files_copy.display());
    // Every document the backup knows of should now have its file in the copy.
    report_missing(&args.path, &files_copy).await;
    Ok(())
}

/// `PATH.files`: where a backup's documents are.
pub(crate) fn files_beside(backup: &Path) -> PathBuf {
    with_suffix(backup, ".files")
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether `dir` holds at least one file (in any subdirectory).
fn holds_files(dir: &Path) -> bool {
    let Ok(entries) = std::fs::read_dir(dir) else { return false };
    entries.flatten().any(|entry| match entry.file_type() {
        Ok(kind) if kind.is_file() => !is_temporary(&entry.path()),
        Ok(kind) if kind.is_dir() => holds_files(&entry.path()),
        _ => false,
    })
}

/// A file the file store is still writing (`KEY.PID-N.tmp`): no row names it yet.
fn is_temporary(path: &Path) -> bool {
    path.extension().is_some_and(|ext| ext == "tmp")
}

/// Copies the regular files and directories under `from` into the new directory `to`,
/// flushing each file and then each directory to disk. Returns how many files were copied.
pub(crate) fn copy_tree(from: &Path, to: &Path) -> Result<u64, String> {
    std::fs::create_dir(to).map_err(|error| format!("cannot create {}: {error}", to.display()))?;
    let mut count = 0;
    let entries = std::fs::read_dir(from).map_err(|error| format!("cannot read {}: {error}", from.display()))?;
    for entry in entries {
        let entry = entry.map_err(|error| format!("cannot read {}: {error}", from.display()))?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type().map_err(|error| format!("cannot read {}: {error}", source.display()))?;
        if kind.is_dir() {
            count += copy_tree(&source, &target)?;
        } else if kind.is_file() && !is_temporary(&source) {
            std::fs::copy(&source, &target).map_err(|error| format!("cannot copy {}: {error}", source.display()))?;
            sync(&target)?;
            count += 1;
        }
    }
    sync(to)?;
    Ok(count)
}

fn sync(path: &Path) -> Result<(), String> {
    std::fs::File::open(path)
        .and_then(|handle| handle.sync_all())
        .map_err(|error| format!("cannot flush {}: {error}", path.display()))
}

/// Flushes the directory holding `path`, so a rename into it survives a crash.
pub(crate) fn sync_parent(path: &Path) -> Result<(), String> {
    match path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        Some(parent) => sync(parent),
        None => sync(Path::new(".")),
    }
}

/// Checks that every document row in the SQLite database at `database` has its file in
/// `files`, and prints a warning naming the missing ones. It never fails: a check that
/// cannot be made is a warning too.
pub(crate) async fn report_missing(database: &Path, files: &Path) {
    let url = format!("sqlite://{}", database.display());
    let db = match steward_store::Db::connect_without_migrating(&url).await {
        Ok(db) => db,
        Err(error) => {
            eprintln!("steward: warning: could not check the document files: {error}");
            return;
        }
    };
    let check = db.check_document_files(&steward_store::LocalFileStore::new(files)).await;
    db.close().await;
    match check {
        Ok(check) if check.missing == 0 => {
            println!("All {} documents have their files in {}", check.checked, files.display());
        }
        Ok(check) => {
            eprintln!(
                "steward: warning: {} of {} documents have no file (or a damaged one) in {}:",
                check.missing,
                check.checked,
                files.display()
            );
            for missing in &check.named {
                let problem = if missing.damaged { "damaged" } else { "missing" };
                eprintln!("  {} \"{}\" (file {}): {problem}", missing.what, missing.filename, missing.file_key);
            }
            if check.missing > check.named.len() as u64 {
                eprintln!("  and {} more", check.missing - check.named.len() as u64);
            }
        }
        Err(error) => eprintln!("steward: warning: could not check the document files: {error}"),
    }
}
