use std::path::PathBuf;

use clap::Args;

use crate::config::DatabaseArgs;
use crate::exit::Failure;

#[derive(Args)]
pub struct BackupArgs {
    /// The file to write; it must not exist yet.
    pub path: PathBuf,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub async fn run(args: BackupArgs) -> Result<(), Failure> {
    let url = args.database.checked_url()?;
    if url.starts_with("postgres") {
        return Err(Failure::BadInput(
            "steward backup copies SQLite databases; for PostgreSQL run: pg_dump --format=custom --file=steward.dump DATABASE_URL".into(),
        ));
    }
    if args.path.exists() {
        return Err(Failure::BadInput(format!("{} already exists; choose a new file name", args.path.display())));
    }
    // A backup only reads: it must not migrate or otherwise write to the live database.
    let db = steward_store::Db::connect_without_migrating(&url).await?;
    db.backup_sqlite(&args.path).await?;
    println!("Backup written to {}", args.path.display());
    // Case documents live beside the database, not in it. Their files are written once under
    // random names before the row that names them, so copying the directory after the
    // database copy gives every document the copy knows of.
    let files = args.database.data_dir(&args.database.file()?).join("files");
    if files.is_dir() {
        println!(
            "Case documents are files in {}: copy that directory with the backup (e.g. cp -a {} BACKUP-DIR/files), \
             and put it back as DATA_DIR/files when restoring",
            files.display(),
            files.display()
        );
    }
    Ok(())
}
