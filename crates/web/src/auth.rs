//! Who is making this request. HTML pages authenticate by session cookie, the API by bearer
//! token; the access middleware (see `routes.rs`) puts the result in the request's extensions
//! and handlers take it with the `Auth` extractor.

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{header, HeaderMap};
use chrono::Utc;
use std::net::SocketAddr;
use steward_app::auth::{authenticate_api_token, authenticate_session, SignedIn};
use steward_app::{AppError, RequestContext};

use crate::state::AppState;

pub const SESSION_COOKIE: &str = "steward_session";
pub const LOGIN_CSRF_COOKIE: &str = "steward_login_csrf";

/// The signed-in user of this request.
#[derive(Debug, Clone)]
pub struct Auth {
    pub signed_in: SignedIn,
    /// The raw session token (HTML requests only), needed to end the session.
    pub session_token: Option<String>,
    pub source: Option<String>,
}

impl Auth {
    pub fn context(&self) -> RequestContext {
        RequestContext {
            actor: self.signed_in.actor,
            actor_label: self.signed_in.email.clone(),
            source: self.source.clone(),
            now: Utc::now(),
        }
    }

    pub fn csrf_token(&self) -> &str {
        self.signed_in.csrf_token.as_deref().unwrap_or_default()
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Auth {
    type Rejection = crate::problem::ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts.extensions.get::<Auth>().cloned().ok_or(crate::problem::ApiError(AppError::Unauthenticated))
    }
}

/// Authenticates by bearer token for API paths and by session cookie otherwise.
pub async fn authenticate(state: &AppState, parts: &Parts) -> Result<Auth, AppError> {
    let source = client_address(parts);
    if parts.uri.path().starts_with("/api/") {
        let token = bearer_token(&parts.headers).ok_or(AppError::Unauthenticated)?;
        let signed_in = authenticate_api_token(state.store.as_ref(), token).await?;
        return Ok(Auth { signed_in, session_token: None, source });
    }
    let token = cookie(&parts.headers, SESSION_COOKIE).ok_or(AppError::Unauthenticated)?;
    let signed_in = authenticate_session(state.store.as_ref(), &token, Utc::now()).await?;
    Ok(Auth { signed_in, session_token: Some(token), source })
}

pub fn client_address(parts: &Parts) -> Option<String> {
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|ConnectInfo(address)| address.ip().to_string())
}

fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    (scheme.eq_ignore_ascii_case("bearer") && !token.trim().is_empty()).then(|| token.trim())
}

/// The value of one cookie from the `Cookie` headers.
pub fn cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
}

/// `raw` if it is a path on this site and nothing else: printable ASCII without spaces or
/// backslashes, starting with one `/`. Browsers drop tabs and newlines from URLs and read `\`
/// as `/`, so `/\tevil.example` or `/\evil.example` would otherwise leave the site.
pub fn local_path(raw: &str) -> Option<&str> {
    let printable = raw.bytes().all(|b| (0x21..=0x7e).contains(&b) && b != b'\\');
    (printable && raw.starts_with('/') && !raw.starts_with("//")).then_some(raw)
}

/// A `Set-Cookie` value: HttpOnly, SameSite=Lax, Secure when served over TLS.
pub fn set_cookie(name: &str, value: &str, max_age_secs: i64, secure: bool) -> String {
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age_secs}{secure}")
}
