//! Personal API tokens: shown once, stored only as a hash.

use chrono::{DateTime, Utc};

use crate::ports::{AuditEntry, Store};
use crate::secrets::{random_token, token_hash};
use crate::AppError;

/// Issues a token for the user with this email. Called from the CLI by someone with shell
/// access to the server, which is why it takes no actor.
pub async fn create_api_token(
    store: &dyn Store,
    email: &str,
    name: &str,
    now: DateTime<Utc>,
) -> Result<String, AppError> {
    let email = email.trim().to_lowercase();
    let user = store
        .user_by_email(&email)
        .await?
        .ok_or_else(|| AppError::field("email", format!("No user has the email address {email}")))?;
    if !user.active {
        return Err(AppError::field("email", "That account is disabled"));
    }
    let token = format!("stw_{}", random_token());
    let audit = AuditEntry {
        at: now,
        actor_user_id: Some(user.id),
        actor_label: "cli".into(),
        action: "token.create".into(),
        entity: "user".into(),
        entity_id: Some(user.id.to_string()),
        detail: format!("token \"{name}\""),
        source: None,
    };
    store.create_api_token(user.id, name, &token_hash(&token), &audit).await?;
    Ok(token)
}
