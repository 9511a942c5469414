//! Where the data lives and how to serve it. Each setting comes from the first of: a flag,
//! its STEWARD_* environment variable, the config file (`--config FILE` or STEWARD_CONFIG,
//! TOML), the default.

use std::path::{Path, PathBuf};

use clap::Args;
use serde::Deserialize;
use steward_store::Db;

use crate::exit::Failure;

const DEFAULT_DATA_DIR: &str = "./steward-data";

#[derive(Args, Debug, Clone)]
pub struct DatabaseArgs {
    /// A TOML file with any of: data_dir, database, listen, secure_cookies, smtp_url,
    /// smtp_password_file, imap_url, imap_password_file, imap_poll_seconds.
    #[arg(long, env = "STEWARD_CONFIG")]
    pub config: Option<PathBuf>,
    /// Directory for Steward's data (the SQLite file, by default) [default: ./steward-data].
    #[arg(long, env = "STEWARD_DATA_DIR")]
    pub data_dir: Option<PathBuf>,
    /// Database URL: sqlite://PATH or postgres://USER@HOST/DB. Defaults to DATA_DIR/steward.db.
    #[arg(long, env = "STEWARD_DATABASE_URL")]
    pub database: Option<String>,
}

/// The settings a config file may hold; unknown keys are refused so typos do not pass silently.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub data_dir: Option<PathBuf>,
    pub database: Option<String>,
    pub listen: Option<String>,
    pub secure_cookies: Option<bool>,
    pub smtp_url: Option<String>,
    pub smtp_password_file: Option<PathBuf>,
    pub imap_url: Option<String>,
    pub imap_password_file: Option<PathBuf>,
    pub imap_poll_seconds: Option<u64>,
}

impl DatabaseArgs {
    /// The config file's settings, or none when no file was named.
    pub fn file(&self) -> Result<ConfigFile, Failure> {
        let Some(path) = &self.config else { return Ok(ConfigFile::default()) };
        read_config(path)
    }

    /// The database URL, refused early (exit 2) when it names no backend Steward knows.
    pub fn checked_url(&self) -> Result<String, Failure> {
        let file = self.file()?;
        let url = match self.database.clone().or(file.database) {
            Some(url) => url,
            None => {
                let data_dir =
                    self.data_dir.clone().or(file.data_dir).unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR));
                format!("sqlite://{}", data_dir.join("steward.db").display())
            }
        };
        if url.starts_with("sqlite:") || url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(url)
        } else {
            Err(Failure::BadInput(format!("\"{url}\" is not a database URL: use sqlite://PATH or postgres://...")))
        }
    }

    /// The data directory: the flag or STEWARD_DATA_DIR, then the config file, then the default.
    pub fn data_dir(&self, file: &ConfigFile) -> PathBuf {
        self.data_dir.clone().or_else(|| file.data_dir.clone()).unwrap_or_else(|| PathBuf::from(DEFAULT_DATA_DIR))
    }

    /// Opens the database and applies pending migrations.
    pub async fn open(&self) -> Result<Db, Failure> {
        Db::connect(&self.checked_url()?).await.map_err(|error| Failure::Other(error.to_string()))
    }

    /// For imports, which are safe to re-run: see `Db::connect_for_bulk_load`.
    pub async fn open_for_import(&self) -> Result<Db, Failure> {
        Db::connect_for_bulk_load(&self.checked_url()?).await.map_err(|error| Failure::Other(error.to_string()))
    }
}

fn read_config(path: &Path) -> Result<ConfigFile, Failure> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| Failure::BadInput(format!("cannot read the config file {}: {error}", path.display())))?;
    toml::from_str(&text).map_err(|error| {
        let reason = error.message().replace('\n', " ");
        Failure::BadInput(format!("the config file {} is not valid: {reason}", path.display()))
    })
}
