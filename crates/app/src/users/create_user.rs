use chrono::{DateTime, Utc};
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::UserId;
use steward_domain::member::{EmailAddress, PersonName};
use steward_domain::organisation::Scope;
use steward_domain::permissions::{Action, Target};
use steward_domain::role::Role;

use crate::ports::{AuditEntry, NewUser, Store};
use crate::secrets::{check_password_strength, hash_password};
use crate::{AppError, RequestContext};

#[derive(Debug, Clone, Default)]
pub struct UserDraft {
    pub email: String,
    pub name: String,
    pub role: String,
    pub scope: String,
    pub password: String,
}

impl UserDraft {
    fn validate(&self) -> Result<NewUser, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = errors.take("email", EmailAddress::parse(&self.email));
        let name = errors.take("name", PersonName::parse(&self.name, "name"));
        let role = errors.take("role", Role::parse(&self.role));
        let scope_text = if self.scope.trim().is_empty() { "union" } else { self.scope.as_str() };
        let scope = errors.take("scope", Scope::parse(scope_text));
        errors.take("password", check_password_strength(&self.password));
        match (email, name, role, scope) {
            (Some(email), Some(name), Some(role), Some(scope)) if errors.is_empty() => {
                let password_hash = hash_password(&self.password).map_err(|message| {
                    let mut errors = FieldErrors::new();
                    errors.add("password", message);
                    errors
                })?;
                Ok(NewUser {
                    email: email.as_str().to_owned(),
                    name: name.as_str().to_owned(),
                    role,
                    scope,
                    password_hash,
                })
            }
            _ => Err(errors),
        }
    }
}

/// An administrator adds an account.
pub async fn create_user(store: &dyn Store, ctx: &RequestContext, draft: &UserDraft) -> Result<UserId, AppError> {
    ctx.require(Action::ManageUsers, Target::Any)?;
    let new = draft.validate().map_err(AppError::Invalid)?;
    let audit = ctx.audit("user.create", "user", None, format!("{} as {}", new.email, new.role.as_str()));
    Ok(store.create_user(&new, &audit).await?)
}

/// Adds an account from the command line, where shell access to the server is the authority
/// (this is how the first administrator is made).
pub async fn create_user_unchecked(
    store: &dyn Store,
    draft: &UserDraft,
    now: DateTime<Utc>,
) -> Result<UserId, AppError> {
    let new = draft.validate().map_err(AppError::Invalid)?;
    let audit = AuditEntry {
        at: now,
        actor_user_id: None,
        actor_label: "cli".into(),
        action: "user.create".into(),
        entity: "user".into(),
        entity_id: None,
        detail: format!("{} as {}", new.email, new.role.as_str()),
        source: None,
    };
    Ok(store.create_user(&new, &audit).await?)
}
