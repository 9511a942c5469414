use std::net::SocketAddr;
use std::sync::Arc;

use clap::Args;
use steward_web::{router, AppState, WebConfig};

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
    /// The address members write to; intake never acknowledges mail from it.
    #[arg(long, env = "STEWARD_MAIL_ADDRESS", default_value = "enquiries@localhost")]
    pub mail_address: String,
    #[command(flatten)]
    pub database: DatabaseArgs,
}

pub async fn run(args: ServeArgs) -> Result<(), Failure> {
    let file = args.database.file()?;
    let listen = args.listen.clone().or(file.listen).unwrap_or_else(|| "127.0.0.1:8080".to_owned());
    let secure_cookies = args.secure_cookies || file.secure_cookies.unwrap_or(false);
    let address: SocketAddr = listen.parse().map_err(|_| {
        Failure::BadInput(format!("\"{listen}\" is not an address to listen on: use HOST:PORT, e.g. 127.0.0.1:8080"))
    })?;
    let db = args.database.open().await?;
    if args.demo {
        crate::commands::demo::seed_if_empty(&db, crate::commands::demo::DEFAULT_MEMBERS).await?;
    }
    let listener = tokio::net::TcpListener::bind(address)
        .await
        .map_err(|error| Failure::Other(format!("cannot listen on {address}: {error}")))?;
    let local = listener.local_addr().map_err(|error| Failure::Other(error.to_string()))?;
    let state =
        AppState::new(Arc::new(db.clone()), WebConfig { secure_cookies, mail_address: args.mail_address.clone() });
    let app = router(state).into_make_service_with_connect_info::<SocketAddr>();
    tracing::info!("Steward is listening on http://{local}");
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
