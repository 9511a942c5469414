//! The `steward` binary: one program that serves the web UI and API and runs the
//! administrative commands. Exit status: 0 success, 2 bad input (one line on stderr),
//! 1 any other failure.

mod commands;
mod config;
mod exit;

use clap::{Parser, Subcommand};

use crate::config::DatabaseArgs;
use crate::exit::Failure;

#[derive(Parser)]
#[command(name = "steward", version, about = "Casework and representation software for trade unions")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web interface and the JSON API.
    Serve(commands::serve::ServeArgs),
    /// Apply database migrations and exit.
    Migrate {
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Manage user accounts.
    #[command(subcommand)]
    User(commands::user::UserCommand),
    /// Manage personal API tokens.
    #[command(subcommand)]
    Token(commands::token::TokenCommand),
    /// Import records from files.
    #[command(subcommand)]
    Import(commands::import::ImportCommand),
    /// Write a consistent copy of a SQLite database while it is in use.
    Backup(commands::backup::BackupArgs),
    /// Put a backup in place as a new data directory's database, after checking it.
    Restore(commands::restore::RestoreArgs),
    /// Fill an empty database with a fictional union for trying Steward out.
    Demo(commands::demo::DemoArgs),
    /// Compute a UK statutory or procedural deadline and print it as JSON.
    Calc(commands::calc::CalcArgs),
    /// Workload snapshots (servers refresh them each minute).
    #[command(subcommand)]
    Workload(commands::workload::WorkloadCommand),
}

fn main() {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => {
            // clap prints help/version to stdout with status 0 and usage errors with status 2.
            let _ = error.print();
            std::process::exit(if error.use_stderr() { 2 } else { 0 });
        }
    };
    init_logging();
    if let Command::Calc(args) = cli.command {
        // Pure arithmetic: no database, no async runtime.
        if let Err(failure) = commands::calc::run(args) {
            exit::fail(&failure);
        }
        return;
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => exit::fail(&Failure::Other(format!("cannot start the async runtime: {error}"))),
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Serve(args) => commands::serve::run(args).await,
            Command::Migrate { database } => commands::migrate::run(database).await,
            Command::User(command) => commands::user::run(command).await,
            Command::Token(command) => commands::token::run(command).await,
            Command::Import(command) => commands::import::run(command).await,
            Command::Backup(args) => commands::backup::run(args).await,
            Command::Restore(args) => commands::restore::run(args).await,
            Command::Demo(args) => commands::demo::run(args).await,
            Command::Workload(command) => commands::workload::run(command).await,
            Command::Calc(_) => Ok(()),
        }
    });
    if let Err(failure) = result {
        exit::fail(&failure);
    }
}

fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("STEWARD_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,sqlx=warn"));
    tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr).init();
}
