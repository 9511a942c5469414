use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use clap::Args;
use steward_web::{router, AppState, WebConfig};

use crate::commands::{imap_intake, mail_sending};
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
    /// Send queued mail (acknowledgements, replies) through this SMTP server:
    /// smtps://USER@HOST:PORT (TLS, port 465) or smtp://USER@HOST:PORT (STARTTLS, port 587;
    /// plain text, port 25, only to loopback); USER@ only when it wants a sign-in. Password from
    /// --smtp-password-file or STEWARD_SMTP_PASSWORD. Without it, mail waits in the outbox.
    #[arg(long, env = "STEWARD_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// A file holding the SMTP password (one line).
    #[arg(long, env = "STEWARD_SMTP_PASSWORD_FILE")]
    pub smtp_password_file: Option<PathBuf>,
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
    /// Directory where documents on cases are kept; point every instance at the same shared
    /// directory [default: DATA_DIR/files].
    #[arg(long, env = "STEWARD_FILES_DIR")]
    pub files_dir: Option<PathBuf>,
    /// The largest document a case accepts, in MiB, from 1 to 1024 [default: 10].
    #[arg(long, env = "STEWARD_MAX_DOCUMENT_MIB")]
    pub max_document_mib: Option<u32>,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub async fn run(args: ServeArgs) -> Result<(), Failure> {
    let file = args.database.file()?;
    let files_dir = args.files_dir.clone().unwrap_or_else(|| args.database.data_dir(&file).join("files"));
    let imap = imap_intake::serve_source(
        args.imap_url.clone().or_else(|| file.imap_url.clone()),
        args.imap_password_file.clone().or_else(|| file.imap_password_file.clone()),
        args.imap_poll_seconds.or(file.imap_poll_seconds),
    )?;
    let sending = mail_sending::serve_sender(
        args.smtp_url.clone().or_else(|| file.smtp_url.clone()),
        args.smtp_password_file.clone().or_else(|| file.smtp_password_file.clone()),
        &args.mail_address,
    )?;
    let listen = args.listen.clone().or(file.listen).unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let secure_cookies = args.secure_cookies || file.secure_cookies.unwrap_or(false);
    let address: SocketAddr = listen.parse().map_err(|_| {
        Failure::BadInput(format!("\"{listen}\" is not an address to listen on: use HOST:PORT, e.g. 127.0.0.1:8080"))
    })?;
    let max_document_bytes = match args.max_document_mib {
        None => steward_domain::case::document::DEFAULT_MAX_DOCUMENT_BYTES,
        Some(mib @ 1..=1024) => mib as usize * 1024 * 1024,
        Some(other) => {
            return Err(Failure::BadInput(format!("--max-document-mib {other}: give a size from 1 to 1024 MiB")));
        }
    };
    let db = args.database.open().await?;
    if args.demo {
        crate::commands::demo::seed_if_empty(&db, crate::commands::demo::DEFAULT_MEMBERS).await?;
    }
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|error| Failure::Other(format!("cannot listen on {address}: {error}")))?;
    let local = listener.local_addr().map_err(|error| Failure::Other(error.to_string()))?;
    let files = Arc::new(steward_store::LocalFileStore::new(files_dir));
    let config = WebConfig { secure_cookies, mail_address: args.mail_address.clone(), max_document_bytes };
    let state = AppState::new(Arc::new(db.clone()), files, config);
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    tracing::info!("Steward is listening on http://{local}");
    if let Some((sender, url)) = sending {
        tracing::info!(server = %url, "sending queued mail over SMTP");
        tokio::spawn(mail_sending::send_mail_forever(db.clone(), sender));
    }
    if let Some((source, poll)) = imap {
        let settings = steward_app::enquiries::IntakeSettings::standard(&args.mail_address);
        tracing::info!(mailbox = %source.url, poll_seconds = poll.as_secs(), "taking in mail over IMAP");
        tokio::spawn(imap_intake::poll_forever(db.clone(), source, poll, settings));
    }
    tokio::spawn(escalate_forever(db.clone()));
    tokio::spawn(remind_forever(db.clone()));
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

/// Every minute: queues reminders of case deadlines and tasks falling due, takes external
/// lawyers off files whose access has ended, and refreshes the workload snapshots when they
/// are five minutes old. Every instance may run it; each reminder is sent
/// and each access ended once (the store's guarded writes decide).
async fn remind_forever(db: steward_store::Db) {
    loop {
        match steward_app::cases::send_deadline_reminders(&db, chrono::Utc::now()).await {
            Ok(0) => {}
            Ok(sent) => tracing::info!(sent, "reminders of case deadlines were queued"),
            Err(error) => tracing::error!(%error, "case deadlines could not be checked for reminders"),
        }
        match steward_app::cases::end_expired_access(&db, chrono::Utc::now()).await {
            Ok(0) => {}
            Ok(ended) => tracing::info!(ended, "external lawyers' access to case files ended"),
            Err(error) => tracing::error!(%error, "expired access to case files could not be ended"),
        }
        if let Err(error) = steward_app::workload::refresh_workload_if_due(&db, chrono::Utc::now()).await {
            tracing::error!(%error, "workload snapshots could not be refreshed");
        }
        tokio::time::sleep(std::time::Duration::from_secs(60)).await;
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
