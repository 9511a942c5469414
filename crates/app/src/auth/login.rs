//! Sign-in with throttling per account and per client address. The counts live in the
//! database so that every instance behind a load balancer sees the same limits.

use chrono::{DateTime, Duration, Utc};

use crate::ports::{AuditEntry, NewSession, Store};
use crate::secrets::{decoy_hash, random_token, token_hash, verify_password};
use crate::AppError;

pub const SESSION_LIFETIME_HOURS: i64 = 12;
const WINDOW_MINUTES: i64 = 15;
const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
const MAX_FAILURES_PER_ADDRESS: i64 = 20;

/// The new session's secret (for the cookie) and its CSRF token.
#[derive(Debug, Clone)]
pub struct LoginOutcome {
    pub session_token: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
}

pub async fn login(
    store: &dyn Store,
    email: &str,
    password: &str,
    source: Option<&str>,
    now: DateTime<Utc>,
) -> Result<LoginOutcome, AppError> {
    let email = email.trim().to_lowercase();
    if email.is_empty() || email.len() > 254 || email.chars().any(char::is_control) {
        // No account has such an address; nothing is worth storing about the attempt.
        return Err(AppError::Unauthenticated);
    }
    let account_key = format!("account:{email}");
    let address_key = source.map(|address| format!("address:{address}"));
    let since = now - Duration::minutes(WINDOW_MINUTES);

    // The attempt is counted before the password is checked, so parallel guesses all see
    // each other and cannot slip past the limit together. A successful attempt is forgotten.
    let mut attempt_rows = vec![store.record_failure(&account_key, now).await?];
    if let Some(key) = &address_key {
        attempt_rows.push(store.record_failure(key, now).await?);
    }
    let locked = store.failures_since(&account_key, since).await? > MAX_FAILURES_PER_ACCOUNT
        || match &address_key {
            Some(key) => store.failures_since(key, since).await? > MAX_FAILURES_PER_ADDRESS,
            None => false,
        };
    if locked {
        // A refused attempt does not extend the lock: it lifts 15 minutes after the failures.
        for row in attempt_rows {
            store.forget_failure(row).await?;
        }
        store.record(&entry(now, &email, source, "auth.login_throttled")).await?;
        return Err(AppError::Throttled { retry_after_secs: WINDOW_MINUTES * 60 });
    }

    let user = store.user_by_email(&email).await?;
    let stored_hash = user.as_ref().map_or(decoy_hash(), |user| user.password_hash.as_str()).to_owned();
    // argon2 takes ~50 ms of CPU and checks take turns on one working area (secrets.rs), so it
    // runs off the async workers, which keep serving pages meanwhile.
    let typed = password.to_owned();
    let password_ok = tokio::task::spawn_blocking(move || verify_password(&typed, &stored_hash)).await.unwrap_or(false);
    let user = match user {
        Some(user) if password_ok && user.active => user,
        _ => {
            store.record(&entry(now, &email, source, "auth.login_failed")).await?;
            return Err(AppError::Unauthenticated);
        }
    };

    for row in attempt_rows {
        store.forget_failure(row).await?;
    }
    store.clear_failures(&account_key).await?;
    let outcome = LoginOutcome {
        session_token: random_token(),
        csrf_token: random_token(),
        expires_at: now + Duration::hours(SESSION_LIFETIME_HOURS),
    };
    let session = NewSession {
        token_hash: token_hash(&outcome.session_token),
        user: user.id,
        csrf_token: outcome.csrf_token.clone(),
        created_at: now,
        expires_at: outcome.expires_at,
    };
    let mut audit = entry(now, &email, source, "auth.login");
    audit.actor_user_id = Some(user.id);
    store.create_session(&session, &audit).await?;
    Ok(outcome)
}

fn entry(now: DateTime<Utc>, email: &str, source: Option<&str>, action: &str) -> AuditEntry {
    AuditEntry {
        at: now,
        actor_user_id: None,
        actor_label: email.to_owned(),
        action: action.to_owned(),
        entity: "user".to_owned(),
        entity_id: None,
        detail: String::new(),
        source: source.map(str::to_owned),
    }
}
