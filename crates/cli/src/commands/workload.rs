//! `steward workload refresh`: recompute every person's workload snapshot now (servers do it
//! every five minutes; this is for a fresh import, a script, or timing it).

use std::time::Instant;

use clap::Subcommand;

use crate::config::DatabaseArgs;
use crate::exit::Failure;

#[derive(Subcommand)]
pub enum WorkloadCommand {
    /// Recompute every rep's, caseworker's and officer's workload snapshot and exit.
    Refresh {
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

pub async fn run(command: WorkloadCommand) -> Result<(), Failure> {
    match command {
        WorkloadCommand::Refresh { database } => {
            let db = steward_store::Db::connect(&database.checked_url()?).await?;
            let started = Instant::now();
            let people = steward_app::workload::refresh_workload(&db, chrono::Utc::now()).await?;
            println!("Workload refreshed for {people} people in {} ms", started.elapsed().as_millis());
            Ok(())
        }
    }
}
