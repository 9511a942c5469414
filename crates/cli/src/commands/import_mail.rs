//! `steward import mail PATH`: messages stream from the mailbox (read on a blocking thread)
//! into intake one at a time, so a 100,000-message mbox never sits in memory whole.
//!
//! One message that cannot be stored does not stop the run: it is reported by its position
//! in the mailbox with the reason, the rest are taken in, and the exit status is 1 at the end
//! so a script notices. Re-running is safe, because messages already taken in are skipped.

use std::path::PathBuf;

use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};
use steward_app::enquiries::{receive_email, IntakeSettings, Received};

use crate::config::DatabaseArgs;
use crate::exit::Failure;

/// How many failures are listed again in the final error line; all are printed as they happen.
const FAILURES_SUMMARISED: usize = 5;

pub async fn run(path: PathBuf, address: String, acknowledge: bool, database: DatabaseArgs) -> Result<(), Failure> {
    if !path.exists() {
        return Err(Failure::BadInput(format!("{} does not exist", path.display())));
    }
    let db = database.open_for_import().await?;
    let settings = IntakeSettings { acknowledge, ..IntakeSettings::standard(&address) };
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Vec<u8>>(64);
    let reader_path = path.clone();
    let reader = tokio::task::spawn_blocking(move || {
        steward_mail::read_mailbox(&reader_path, |raw| {
            let _ = sender.blocking_send(raw);
        })
    });

    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {pos} messages ({per_sec})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    let (mut opened, mut replies, mut duplicates, mut flagged) = (0u64, 0u64, 0u64, 0u64);
    let mut failed: Vec<(u64, String)> = Vec::new();
    let mut position = 0u64;
    while let Some(raw) = receiver.recv().await {
        position += 1;
        let email = steward_mail::parse_email(&raw);
        let is_flagged = email.problem.is_some();
        match receive_email(&db, email, &settings, Utc::now()).await {
            Ok(Received::Opened { .. }) => opened += 1,
            Ok(Received::Replied { .. }) => replies += 1,
            Ok(Received::Duplicate) => duplicates += 1,
            Err(error) => {
                bar.suspend(|| eprintln!("steward: message {position} was not taken in: {error}"));
                failed.push((position, error.to_string()));
                bar.inc(1);
                continue;
            }
        }
        flagged += u64::from(is_flagged);
        bar.inc(1);
    }
    bar.finish_and_clear();
    let read = reader.await.map_err(|error| Failure::Other(format!("the mailbox reader stopped: {error}")))?;
    db.close().await; // checkpoints and syncs what `open_for_import` left unflushed
    println!(
        "{opened} enquiries opened, {replies} replies added, {duplicates} already taken in, {flagged} flagged as unreadable, {} failed",
        failed.len()
    );
    read.map_err(|error| Failure::BadInput(error.to_string()))?;
    if failed.is_empty() {
        return Ok(());
    }
    let listed: Vec<String> =
        failed.iter().take(FAILURES_SUMMARISED).map(|(at, reason)| format!("message {at}: {reason}")).collect();
    let more = failed.len().saturating_sub(FAILURES_SUMMARISED);
    let more = if more > 0 { format!("; and {more} more above") } else { String::new() };
    Err(Failure::Other(format!(
        "{} of {position} messages were not taken in (re-run to retry them; the rest are kept): {}{more}",
        failed.len(),
        listed.join("; ")
    )))
}
