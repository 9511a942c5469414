//! What every handler can reach: the store and the file store (behind the app's ports) and
//! web settings.

use std::sync::Arc;

use steward_app::enquiries::{form_secret, FormSecret};
use steward_app::ports::FileStore;
use steward_app::{AppError, Store};
use tokio::sync::OnceCell;

#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Mark cookies `Secure` and send HSTS; set when Steward is served over TLS
    /// (directly or by a proxy in front of it).
    pub secure_cookies: bool,
    /// The address members write to: intake never acknowledges mail from it.
    pub mail_address: String,
    /// The largest document a case accepts, in bytes.
    pub max_document_bytes: usize,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            secure_cookies: false,
            mail_address: "enquiries@localhost".into(),
            max_document_bytes: steward_domain::case::document::DEFAULT_MAX_DOCUMENT_BYTES,
        }
    }
}

#[derive(Clone)]
pub struct AppState {
    pub store: Arc<dyn Store>,
    /// Where documents' bytes are kept.
    pub files: Arc<dyn FileStore>,
    pub config: WebConfig,
    /// The contact form's signing key: read from the database (made there by the first
    /// instance that needs it) once, then kept for the life of the process.
    contact_form_secret: Arc<OnceCell<FormSecret>>,
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, files: Arc<dyn FileStore>, config: WebConfig) -> Self {
        Self { store, files, config, contact_form_secret: Arc::new(OnceCell::new()) }
    }

    pub async fn contact_form_secret(&self) -> Result<&FormSecret, AppError> {
        self.contact_form_secret.get_or_try_init(|| form_secret(self.store.as_ref(), chrono::Utc::now())).await
    }
}
