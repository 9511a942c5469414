//! Where the data lives. Flags win over STEWARD_* environment variables, which win over the
//! defaults (`./steward-data/steward.db`).

use std::path::PathBuf;

use clap::Args;
use steward_store::Db;

use crate::exit::Failure;

#[derive(Args, Debug, Clone)]
pub struct DatabaseArgs {
    /// Directory for Steward's data (the SQLite file, by default).
    #[arg(long, env = "STEWARD_DATA_DIR", default_value = "./steward-data")]
    pub data_dir: PathBuf,
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB. Defaults to DATA_DIR/steward.db.
    #[arg(long, env = "STEWARD_DATABASE_URL")]
    pub database: Option<String>,
}

impl DatabaseArgs {
    pub fn url(&self) -> String {
        self.database.clone().unwrap_or_else(|| format!("sqlite://{}", self.data_dir.join("steward.db").display()))
    }

    /// The database URL, refused early (exit 2) when it names no backend Steward knows.
    pub fn checked_url(&self) -> Result<String, Failure> {
        let url = self.url();
        if url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(url)
        } else {
            Err(Failure::BadInput(format!("\"{url}\" is not a database URL: use sqlite://PATH or postgres://...")))
        }
    }

    /// Opens the database and applies pending migrations.
    pub async fn open(&self) -> Result<Db, Failure> {
        Db::connect(&self.checked_url()?).await.map_err(|error| Failure::Other(error.to_string()))
    }
}
