//! What every handler can reach: the store (behind the app's port) and web settings.

use std::sync::Arc;

use steward_app::Store;

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
}

impl AppState {
    pub fn new(store: Arc<dyn Store>, config: WebConfig) -> Self {
        Self { store, config }
    }
}
