use std::io::Read;

use chrono::Utc;
use clap::Subcommand;
use steward_app::users::UserDraft;

use crate::config::DatabaseArgs;
use crate::exit::Failure;

#[derive(Subcommand)]
pub enum UserCommand {
    /// Add a user. The password is read from standard input so it never appears in the
    /// process list or shell history.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// admin, officer, caseworker, staff, rep or lawyer.
        #[arg(long)]
        role: String,
        /// union, region:ID, branch:ID or workplace:ID (required except for admin, whose scope is the union).
        #[arg(long, default_value = "")]
        scope: String,
        /// Read the password from standard input (required).
        #[arg(long, required = true)]
        password_stdin: bool,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

pub async fn run(command: UserCommand) -> Result<(), Failure> {
    let UserCommand::Add { email, name, role, scope, password_stdin: _, database } = command;
    let mut password = String::new();
    std::io::stdin()
        .take(4096)
        .read_to_string(&mut password)
        .map_err(|error| Failure::BadInput(format!("cannot read the password from standard input: {error}")))?;
    let password = password.trim_end_matches(['\r', '\n']).to_owned();
    let db = database.open().await?;
    let draft = UserDraft { email, name, role, scope, password };
    let id = steward_app::users::create_user_unchecked(&db, &draft, Utc::now()).await?;
    println!("User {} added (id {id})", draft.email.trim());
    Ok(())
}
