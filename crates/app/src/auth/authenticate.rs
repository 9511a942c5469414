//! Turning a session cookie or bearer token into an actor. One SHA-256 and one indexed
//! lookup per request: no password hashing on the hot path.

use chrono::{DateTime, Utc};
use steward_domain::permissions::Actor;

use crate::ports::{Store, UserRecord};
use crate::secrets::token_hash;
use crate::AppError;

/// A signed-in user, with the CSRF token their session's forms must carry (none for API tokens).
#[derive(Debug, Clone)]
pub struct SignedIn {
    pub actor: Actor,
    pub email: String,
    pub name: String,
    pub csrf_token: Option<String>,
}

impl SignedIn {
    fn from_user(user: UserRecord, csrf_token: Option<String>) -> Self {
        Self {
            actor: Actor { user_id: user.id, role: user.role, scope: user.scope },
            email: user.email,
            name: user.name,
            csrf_token,
        }
    }
}

pub async fn authenticate_session(store: &dyn Store, token: &str, now: DateTime<Utc>) -> Result<SignedIn, AppError> {
    let (session, user) = store.session(&token_hash(token), now).await?.ok_or(AppError::Unauthenticated)?;
    Ok(SignedIn::from_user(user, Some(session.csrf_token)))
}

pub async fn authenticate_api_token(store: &dyn Store, token: &str) -> Result<SignedIn, AppError> {
    let user = store.user_by_api_token(&token_hash(token)).await?.ok_or(AppError::Unauthenticated)?;
    if !user.active {
        return Err(AppError::Unauthenticated);
    }
    Ok(SignedIn::from_user(user, None))
}
