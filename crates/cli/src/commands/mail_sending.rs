//! Mail out of the outbox (acknowledgements and replies) through an SMTP server while
//! `steward serve` runs. The server, its sign-in and how the connection is protected are
//! checked before the server starts, so a bad setting exits 2 at once rather than leaving mail
//! to pile up; a server that refuses a message later (a wrong password, say) leaves it queued
//! with the reason recorded, to be tried again.

use std::path::{Path, PathBuf};

use steward_mail::{SmtpSender, SmtpUrl};

use crate::exit::Failure;

/// The environment variable that may hold the SMTP password (never a flag: flags show in `ps`).
pub const PASSWORD_VARIABLE: &str = "STEWARD_SMTP_PASSWORD";

/// The sender `serve` uses, if a server is named (each setting already merged from its flag,
/// environment variable and config file).
pub fn serve_sender(
    url: Option<String>,
    password_file: Option<PathBuf>,
    mail_address: &str,
) -> Result<Option<(SmtpSender, SmtpUrl)>, Failure> {
    let Some(url) = url else {
        if password_file.is_some() {
            return Err(Failure::BadInput("--smtp-password-file was given without --smtp-url".into()));
        }
        return Ok(None);
    };
    let url = SmtpUrl::parse(&url).map_err(Failure::BadInput)?;
    let password = match password_file {
        Some(path) => Some(read_password(&path)?),
        None => std::env::var(PASSWORD_VARIABLE).ok().filter(|password| !password.is_empty()),
    };
    let sender = SmtpSender::new(&url, password.as_deref(), mail_address).map_err(Failure::BadInput)?;
    Ok(Some((sender, url)))
}

fn read_password(path: &Path) -> Result<String, Failure> {
    let text = std::fs::read_to_string(path).map_err(|error| {
        Failure::BadInput(format!("cannot read the SMTP password file {}: {error}", path.display()))
    })?;
    let password = text.trim_end_matches(['\r', '\n']);
    if password.is_empty() {
        return Err(Failure::BadInput(format!("the SMTP password file {} is empty", path.display())));
    }
    Ok(password.to_owned())
}

/// Every second, send what the outbox holds. Each instance runs this; the outbox's claims make
/// sure a message goes out once however many instances share the database.
pub async fn send_mail_forever(db: steward_store::Db, sender: SmtpSender) {
    let worker = format!("{}-{}", std::process::id(), steward_app::secrets::random_token());
    loop {
        match steward_app::enquiries::deliver_outbox(&db, &sender, &worker, chrono::Utc::now()).await {
            Ok(delivered) if delivered.failed > 0 => {
                tracing::warn!(
                    sent = delivered.sent,
                    failed = delivered.failed,
                    "some mail could not be sent; it will be retried"
                );
            }
            Ok(_) => {}
            Err(error) => tracing::error!(%error, "the outbox could not be read"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    }
}
