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
    Ok(())
}
