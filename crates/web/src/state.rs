//! What every handler can reach: the store (behind the app's port) and web settings.

use std::sync::Arc;

use steward_app::enquiries::{form_secret, FormSecret};
use steward_app::{AppError, Store};
use tokio::sync::OnceCell;

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` and send HSTS; set when Steward is served over TLS
    /// (directly or by a proxy in front of it).
    pub secure_cookies: bool,
    /// The address members write to: intake never acknowledges mail from it.
    pub mail_address: String,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self { secure_cookies: false, mail_address: "enquiries@localhost".into() }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    pub config: WebConfig,
    /// The contact form's signing key: read from the database (made there by the first
    /// instance that needs it) once, then kept for the life of the process.
    contact_form_secret: Arc<OnceCell<FormSecret>>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: WebConfig) -> Self {
        Self { store, config, contact_form_secret: Arc::new(OnceCell::new()) }
    }

    pub async fn contact_form_secret(&self) -> Result<&FormSecret, AppError> {
        self.contact_form_secret.get_or_try_init(|| form_secret(self.store.as_ref(), chrono::Utc::now())).await
    }
}
