use chrono::Utc;
use clap::Subcommand;

use crate::config::DatabaseArgs;
use crate::exit::Failure;

#[derive(Subcommand)]
pub enum TokenCommand {
    /// Create a personal API token and print it (it is shown once, and stored only as a hash).
    Create {
        #[arg(long)]
        email: String,
        /// A label to recognise the token by.
        #[arg(long, default_value = "cli")]
        name: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

pub async fn run(command: TokenCommand) -> Result<(), Failure> {
    let TokenCommand::Create { email, name, database } = command;
    let db = database.open().await?;
    let token = steward_app::auth::create_api_token(&db, &email, &name, Utc::now()).await?;
    println!("{token}");
    Ok(())
}
