//! `steward import members FILE.csv`: every row checked, good rows written in batches, each bad
//! row reported with its line number and reason. Re-running the same file changes nothing.

use std::path::PathBuf;

use clap::Subcommand;
use indicatif::{ProgressBar, ProgressStyle};

use crate::commands::cli_context;
use crate::config::DatabaseArgs;
use crate::exit::Failure;

#[derive(Subcommand)]
pub enum ImportCommand {
    /// Import members from a CSV file with a header row naming the columns:
    /// membership_number, first_name, last_name, email, phone, workplace_id, job_title, joined_on, status.
    Members {
        file: PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Import employers' pay bills for the facility-time figures from a CSV file with a header
    /// row: employer_id (or employer, the name), period_start (1 April), pay_bill (pounds) and
    /// optionally months_over_49_employees. Re-running the same file changes nothing.
    PayBill {
        file: PathBuf,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Take in e-mail from an mbox file or a maildir directory as enquiries. Messages already
    /// taken in (same Message-ID) are skipped, so re-running changes nothing. A message that
    /// cannot be stored is reported by position and the rest carry on; the exit status is 1.
    Mail {
        path: PathBuf,
        /// The address members write to (acknowledgements are never sent to it).
        #[arg(long, env = "STEWARD_MAIL_ADDRESS", default_value = "enquiries@localhost")]
        address: String,
        /// Send no acknowledgements: for old mail, whose senders should not hear from us now.
        #[arg(long)]
        no_acknowledge: bool,
        #[command(flatten)]
        database: DatabaseArgs,
    },
    /// Take in the unseen messages of an IMAP folder once, marking each \Seen after it is
    /// stored (for cron; `steward serve --imap-url` does this continuously). The password comes
    /// from --password-file or STEWARD_IMAP_PASSWORD.
    Imap {
        /// imaps://USER@HOST:PORT/FOLDER, or imap:// (STARTTLS; plain text only to loopback).
        /// Write @ in the user name as %40; the folder defaults to INBOX.
        url: String,
        /// A file holding the IMAP password (one line).
        #[arg(long, env = "STEWARD_IMAP_PASSWORD_FILE")]
        password_file: Option<PathBuf>,
        /// The address members write to (acknowledgements are never sent to it).
        #[arg(long, env = "STEWARD_MAIL_ADDRESS", default_value = "enquiries@localhost")]
        address: String,
        #[command(flatten)]
        database: DatabaseArgs,
    },
}

pub async fn run(command: ImportCommand) -> Result<(), Failure> {
    match command {
        ImportCommand::Members { file, database } => import_members(file, database).await,
        ImportCommand::PayBill { file, database } => crate::commands::import_pay_bill::run(file, database).await,
        ImportCommand::Mail { path, address, no_acknowledge, database } => {
            crate::commands::import_mail::run(path, address, !no_acknowledge, database).await
        }
        ImportCommand::Imap { url, password_file, address, database } => {
            let source =
                crate::commands::imap_intake::ImapSource::new(&url, password_file.as_deref(), "--password-file")?;
            crate::commands::imap_intake::import_once(source, address, database).await
        }
    }
}

async fn import_members(file: PathBuf, database: DatabaseArgs) -> Result<(), Failure> {
    let opened = std::fs::File::open(&file)
        .map_err(|error| Failure::BadInput(format!("cannot read {}: {error}", file.display())))?;
    let parsed = steward_app::members::parse_member_csv(std::io::BufReader::new(opened)).map_err(Failure::BadInput)?;
    let rows = parsed.rows;
    let mut problems: Vec<(u64, String)> = parsed.problems.into_iter().map(|p| (p.line, p.reason)).collect();
    let db = database.open_for_import().await?;
    let bar = ProgressBar::new(rows.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let progress_bar = bar.clone();
    let progress = move |done: u64| progress_bar.set_position(done);
    let report = steward_app::members::import_members(&db, &cli_context(), rows, &progress).await?;
    bar.finish_and_clear();
    db.refresh_statistics().await?;
    // Closing checkpoints SQLite's WAL into the database and syncs it: the import's commits
    // were not each flushed (`open_for_import`), so only now are they all on disk.
    db.close().await;
    problems.extend(report.problems.into_iter().map(|p| (p.line, p.reason)));
    problems.sort_by_key(|(line, _)| *line);
    for (line, reason) in &problems {
        eprintln!("line {line}: {reason}");
    }
    let counts = report.counts;
    println!(
        "{} created, {} updated, {} unchanged, {} rejected",
        counts.created,
        counts.updated,
        counts.unchanged,
        problems.len()
    );
    if problems.is_empty() {
        Ok(())
    } else {
        Err(Failure::BadInput(format!("{} row(s) were rejected; the other rows were imported", problems.len())))
    }
}
