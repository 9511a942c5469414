use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use steward_web::{router, AppState, WebConfig};

use crate::commands::imap_intake;
use crate::config::DatabaseArgs;
use crate::exit::Failure;

#[derive(Args)]
pub struct ServeArgs {
    /// Address and port to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "STEWARD_LISTEN")]
    pub listen: Option<String>,
    /// Seed a fictional union first, if the database is empty, and print how to sign in.
    #[arg(long)]
    pub demo: bool,
    /// Mark cookies Secure and send HSTS (set when served over HTTPS, e.g. behind a proxy).
    #[arg(long, env = "STEWARD_SECURE_COOKIES")]
    pub secure_cookies: bool,
    /// Send queued mail (acknowledgements) through this SMTP relay: smtp://HOST:PORT.
    /// Without it, mail waits in the outbox.
    #[arg(long, env = "STEWARD_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The address members write to; intake never acknowledges mail from it.
    #[arg(long, env = "STEWARD_MAIL_ADDRESS", default_value = "enquiries@localhost")]
    pub mail_address: String,
    /// Take in mail from this IMAP folder while serving: imaps://USER@HOST:PORT/FOLDER, or
    /// imap:// (STARTTLS; plain text only to loopback). Password from --imap-password-file or
    /// STEWARD_IMAP_PASSWORD.
    #[arg(long, env = "STEWARD_IMAP_URL")]
    pub imap_url: Option<String>,
    /// A file holding the IMAP password (one line).
    #[arg(long, env = "STEWARD_IMAP_PASSWORD_FILE")]
    pub imap_password_file: Option<PathBuf>,
    /// Seconds between IMAP polls; with IDLE, new mail arrives sooner [default: 60].
    #[arg(long, env = "STEWARD_IMAP_POLL_SECONDS")]
    pub imap_poll_seconds: Option<u64>,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub async fn run(args: ServeArgs) -> Result<(), Failure> {
    let file = args.database.file()?;
    let imap = imap_intake::serve_source(
        args.imap_url.clone().or_else(|| file.imap_url.clone()),
        args.imap_password_file.clone().or_else(|| file.imap_password_file.clone()),
        args.imap_poll_seconds.or(file.imap_poll_seconds),
    )?;
    let listen = args.listen.clone().or(file.listen).unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let secure_cookies = args.secure_cookies || file.secure_cookies.unwrap_or(false);
    let address: SocketAddr = listen.parse().map_err(|_| {
        Failure::BadInput(format!("\"{listen}\" is not an address to listen on: use HOST:PORT, e.g. 127.0.0.1:8080"))
    })?;
    let db = args.database.open().await?;
    if args.demo {
        crate::commands::demo::seed_if_empty(&db, crate::commands::demo::DEFAULT_MEMBERS).await?;
    }
    let sender = match &args.smtp_url {
        Some(url) => Some(steward_mail::SmtpSender::new(url, &args.mail_address).map_err(Failure::BadInput)?),
        None => None,
    };
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|error| Failure::Other(format!("cannot listen on {address}: {error}")))?;
    let local = listener.local_addr().map_err(|error| Failure::Other(error.to_string()))?;
    let state =
        AppState::new(Arc::new(db.clone()), WebConfig { secure_cookies, mail_address: args.mail_address.clone() });
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    tracing::info!("Steward is listening on http://{local}");
    if let Some(sender) = sender {
        tokio::spawn(send_mail_forever(db.clone(), sender));
    }
    if let Some((source, poll)) = imap {
        let settings = steward_app::enquiries::IntakeSettings::standard(&args.mail_address);
        tracing::info!(mailbox = %source.url, poll_seconds = poll.as_secs(), "taking in mail over IMAP");
        tokio::spawn(imap_intake::poll_forever(db.clone(), source, poll, settings));
    }
    tokio::spawn(escalate_forever(db.clone()));
    println!("Steward is listening on http://{local}");
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .map_err(|error| Failure::Other(format!("server stopped: {error}")))?;
    db.close().await;
    Ok(())
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down");
}

/// Every second, send what the outbox holds. Each instance runs this; the outbox's claims make
/// sure a message goes out once however many instances share the database.
async fn send_mail_forever(db: steward_store::Db, sender: steward_mail::SmtpSender) {
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

/// Checks for missed response targets every minute; every instance may run it, and each
/// enquiry is escalated once (the store's guarded update decides).
async fn escalate_forever(db: steward_store::Db) {
    loop {
        match steward_app::enquiries::escalate_overdue(&db, chrono::Utc::now()).await {
            Ok(0) => {}
            Ok(escalated) => tracing::info!(escalated, "enquiries past their response target were escalated"),
            Err(error) => tracing::error!(%error, "overdue enquiries could not be checked"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
    }
}
