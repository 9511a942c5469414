//! `steward import mail PATH`: messages stream from the mailbox (read on a blocking thread)
//! into intake one at a time, so a 100,000-message mbox never sits in memory whole.

use std::path::PathBuf;

use chrono::Utc;
use indicatif::{ProgressBar, ProgressStyle};
use steward_app::enquiries::{receive_email, IntakeSettings, Received};

use crate::config::DatabaseArgs;
use crate::exit::Failure;

pub async fn run(path: PathBuf, address: String, database: DatabaseArgs) -> Result<(), Failure> {
    if !path.exists() {
        return Err(Failure::BadInput(format!("{} does not exist", path.display())));
    }
    let db = database.open_for_import().await?;
    let settings = IntakeSettings::standard(&address);
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
    while let Some(raw) = receiver.recv().await {
        let email = steward_mail::parse_email(&raw);
        let is_flagged = email.problem.is_some();
        match receive_email(&db, email, &settings, Utc::now()).await? {
            Received::Opened { .. } => opened += 1,
            Received::Replied { .. } => replies += 1,
            Received::Duplicate => duplicates += 1,
        }
        flagged += u64::from(is_flagged);
        bar.inc(1);
    }
    bar.finish_and_clear();
    let read = reader.await.map_err(|error| Failure::Other(format!("the mailbox reader stopped: {error}")))?;
    read.map_err(|error| Failure::BadInput(error.to_string()))?;
    db.close().await; // checkpoints and syncs what `open_for_import` left unflushed
    println!("{opened} enquiries opened, {replies} replies added, {duplicates} already taken in, {flagged} flagged as unreadable");
    Ok(())
}
