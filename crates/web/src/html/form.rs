//! `CsrfForm<T>`: a URL-encoded form that is only accepted with the signed-in session's
//! CSRF token in its `csrf_token` field. Every state-changing page handler takes its input
//! through this extractor.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::auth::Auth;

pub struct CsrfForm<T>(pub T);

#[derive(Deserialize)]
struct CsrfField {
    #[serde(default)]
    csrf_token: String,
}

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for CsrfForm<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let expected = request.extensions().get::<Auth>().map(|auth| auth.csrf_token().to_owned()).unwrap_or_default();
        let bytes = Bytes::from_request(request, state).await.map_err(IntoResponse::into_response)?;
        let CsrfField { csrf_token } =
            serde_urlencoded::from_bytes(&bytes).unwrap_or(CsrfField { csrf_token: String::new() });
        if expected.is_empty() || !constant_time_eq(csrf_token.as_bytes(), expected.as_bytes()) {
            return Err((
                StatusCode::FORBIDDEN,
                "This form has expired or did not come from Steward. Go back, reload the page and try again.",
            )
                .into_response());
        }
        serde_urlencoded::from_bytes(&bytes)
            .map(CsrfForm)
            .map_err(|error| (StatusCode::BAD_REQUEST, format!("The form could not be read: {error}")).into_response())
    }
}

pub(crate) fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}
