use axum::extract::State;
use axum::http::StatusCode;

use crate::state::AppState;

/// 200 once the database answers; 503 while it does not.
pub async fn healthz(State(state): State<AppState>) -> (StatusCode, &'static str) {
    match state.store.ping().await {
        Ok(()) => (StatusCode::OK, "ok"),
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database unreachable"),
    }
}
