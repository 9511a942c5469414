//! What every handler can reach: the store (behind the app's port) and web settings.

use std::sync::Arc;

use steward_app::Store;

#[derive(Debug, Clone, Default)]
pub struct WebConfig {
    /// Mark cookies `Secure` and send HSTS; set when Steward is served over TLS
    /// (directly or by a proxy in front of it).
    pub secure_cookies: bool,
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
