//! Mail from an IMAP mailbox into enquiries: once (`steward import imap URL`, for cron) or for
//! as long as the server runs (`steward serve --imap-url`), waiting in IDLE between polls when
//! the server offers it. Each message is stored by the same intake as `steward import mail`
//! and only then marked `\Seen`, so a crash re-reads a message (a duplicate Message-ID changes
//! nothing) rather than losing it. A message that cannot be stored stays unseen, is logged and
//! is tried again at the next poll; the messages after it are still taken in.

use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::Utc;
use steward_app::enquiries::{receive_email, IntakeSettings, Received};
use steward_mail::{ImapError, ImapMailbox, ImapUrl};
use steward_store::Db;

use crate::config::DatabaseArgs;
use crate::exit::Failure;

/// The environment variable that may hold the IMAP password (never a flag: flags show in `ps`).
pub const PASSWORD_VARIABLE: &str = "STEWARD_IMAP_PASSWORD";
/// Reconnection waits double from 1 s up to this after each failure.
const LONGEST_BACKOFF: Duration = Duration::from_secs(300);

/// Where to take mail from, checked before anything starts.
#[derive(Clone)]
pub struct ImapSource {
    pub url: ImapUrl,
    password: String,
}

impl ImapSource {
    /// The URL and the password (from the file, else STEWARD_IMAP_PASSWORD); bad input exits 2.
    /// `file_flag` names the flag that gives the file, for the message when neither is set.
    pub fn new(url: &str, password_file: Option<&Path>, file_flag: &str) -> Result<Self, Failure> {
        let url = ImapUrl::parse(url).map_err(Failure::BadInput)?;
        let password = match password_file {
            Some(path) => std::fs::read_to_string(path)
                .map_err(|error| {
                    Failure::BadInput(format!("cannot read the IMAP password file {}: {error}", path.display()))
                })?
                .trim_end_matches(['\r', '\n'])
                .to_owned(),
            None => std::env::var(PASSWORD_VARIABLE).map_err(|_| {
                Failure::BadInput(format!(
                    "the IMAP password is missing: name a file holding it with {file_flag}, or set {PASSWORD_VARIABLE}"
                ))
            })?,
        };
        if password.is_empty() {
            return Err(Failure::BadInput("the IMAP password is empty".into()));
        }
        Ok(Self { url, password })
    }

    async fn connect(&self) -> Result<ImapMailbox, ImapError> {
        ImapMailbox::connect(&self.url, &self.password).await
    }
}

/// The mailbox `serve` takes mail from, if one is named (each setting already merged from its
/// flag, environment variable and config file), checked before the server starts so a bad
/// setting exits 2 at once.
pub fn serve_source(
    url: Option<String>,
    password_file: Option<PathBuf>,
    poll_seconds: Option<u64>,
) -> Result<Option<(ImapSource, Duration)>, Failure> {
    let Some(url) = url else {
        if password_file.is_some() || poll_seconds.is_some() {
            return Err(Failure::BadInput("IMAP settings were given without --imap-url".into()));
        }
        return Ok(None);
    };
    let source = ImapSource::new(&url, password_file.as_deref(), "--imap-password-file")?;
    let seconds = poll_seconds.unwrap_or(60);
    if !(1..=86_400).contains(&seconds) {
        return Err(Failure::BadInput(format!(
            "--imap-poll-seconds must be between 1 and 86400 (a day), not {seconds}"
        )));
    }
    Ok(Some((source, Duration::from_secs(seconds))))
}

/// What one pass over the unseen messages did.
#[derive(Debug, Default, Clone, Copy)]
pub struct Counts {
    pub opened: u64,
    pub replies: u64,
    pub duplicates: u64,
    pub flagged: u64,
    /// Messages intake could not store: left unseen for the next pass.
    pub failed: u64,
}

impl Counts {
    fn taken(&self) -> u64 {
        self.opened + self.replies + self.duplicates
    }
}

/// Takes in every unseen message once. An IMAP error ends the pass (the connection is no
/// good); a storage error for one message does not.
pub async fn take_in(mailbox: &mut ImapMailbox, db: &Db, settings: &IntakeSettings) -> Result<Counts, ImapError> {
    let mut counts = Counts::default();
    for uid in mailbox.unseen().await? {
        let Some(raw) = mailbox.fetch(uid).await? else { continue };
        let email = steward_mail::parse_email(&raw);
        let flagged = email.problem.is_some();
        match receive_email(db, email, settings, Utc::now()).await {
            Ok(received) => {
                mailbox.mark_seen(uid).await?;
                match received {
                    Received::Opened { .. } => counts.opened += 1,
                    Received::Replied { .. } => counts.replies += 1,
                    Received::Duplicate => counts.duplicates += 1,
                }
                counts.flagged += u64::from(flagged);
            }
            Err(error) => {
                counts.failed += 1;
                tracing::error!(uid, %error, "an IMAP message could not be stored; it stays unseen and is tried again");
            }
        }
    }
    Ok(counts)
}

/// `steward import imap URL`: one pass, then a summary line. Exit 2 for settings the person
/// must fix (URL, password, folder), 1 when the server cannot be reached or a message could
/// not be stored.
pub async fn import_once(source: ImapSource, address: String, database: DatabaseArgs) -> Result<(), Failure> {
    // Not `open_for_import`: a message is marked \Seen once stored, so every commit must be
    // on disk first or a power cut could lose it.
    let db = database.open().await?;
    let settings = IntakeSettings::standard(&address);
    let mut mailbox = source.connect().await.map_err(|error| match error.is_bad_input() {
        true => Failure::BadInput(error.to_string()),
        false => Failure::Other(error.to_string()),
    })?;
    let counts = take_in(&mut mailbox, &db, &settings).await.map_err(|error| Failure::Other(error.to_string()))?;
    mailbox.logout().await;
    db.close().await;
    println!(
        "{} enquiries opened, {} replies added, {} already taken in, {} flagged as unreadable",
        counts.opened, counts.replies, counts.duplicates, counts.flagged
    );
    if counts.failed > 0 {
        return Err(Failure::Other(format!(
            "{} message(s) could not be stored; they stay unseen and are tried again next time",
            counts.failed
        )));
    }
    Ok(())
}

/// The `serve` background task: never returns, never panics. Connection trouble is logged and
/// retried with a growing wait; new mail is taken in within seconds when the server has IDLE,
/// and within `poll` otherwise.
pub async fn poll_forever(db: Db, source: ImapSource, poll: Duration, settings: IntakeSettings) {
    let mut backoff = Duration::from_secs(1);
    loop {
        let error = poll_connected(&db, &source, poll, &settings, &mut backoff).await;
        tracing::warn!(mailbox = %source.url, %error, retry_in_seconds = backoff.as_secs(), "IMAP intake interrupted");
        tokio::time::sleep(backoff).await;
        backoff = (backoff * 2).min(LONGEST_BACKOFF);
    }
}

/// One connection's life: returns the error that ended it.
async fn poll_connected(
    db: &Db,
    source: &ImapSource,
    poll: Duration,
    settings: &IntakeSettings,
    backoff: &mut Duration,
) -> ImapError {
    let mut mailbox = match source.connect().await {
        Ok(mailbox) => mailbox,
        Err(error) => return error,
    };
    tracing::info!(mailbox = %source.url, idle = mailbox.can_idle(), "IMAP intake connected");
    *backoff = Duration::from_secs(1);
    loop {
        match take_in(&mut mailbox, db, settings).await {
            Ok(counts) if counts.taken() + counts.failed > 0 => tracing::info!(
                opened = counts.opened,
                replies = counts.replies,
                duplicates = counts.duplicates,
                flagged = counts.flagged,
                failed = counts.failed,
                "IMAP mail taken in"
            ),
            Ok(_) => {}
            Err(error) => return error,
        }
        if mailbox.can_idle() {
            mailbox = match mailbox.wait_for_change(poll).await {
                Ok((mailbox, _)) => mailbox,
                Err(error) => return error,
            };
        } else {
            tokio::time::sleep(poll).await;
        }
    }
}
