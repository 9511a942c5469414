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
        // Administrators act union-wide, so their scope is the union; everyone else is given
        // the part of the union they work in explicitly (default deny: no silent "union").
        let scope = match (role, self.scope.trim()) {
            (Some(Role::Admin), "" | "union") => Some(Scope::Union),
            (Some(Role::Admin), _) => {
                errors.add("scope", "An administrator's scope is the whole union");
                None
            }
            (_, "") => {
                errors.add(
                    "scope",
                    "Choose the part of the union this person works in: union, region:ID, branch:ID or workplace:ID",
                );
                None
            }
            (_, text) => errors.take("scope", Scope::parse(text)),
        };
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

/// The scope must name a region, branch or workplace that exists.
async fn check_scope_exists(store: &dyn Store, scope: Scope) -> Result<(), AppError> {
    let exists = match scope {
        Scope::Union => true,
        Scope::Workplace(id) => store.workplace_path(id).await?.is_some(),
        Scope::Region(id) => store.organisation().await?.region(id).is_some(),
        Scope::Branch(id) => store.organisation().await?.branch(id).is_some(),
    };
    if exists {
        Ok(())
    } else {
        Err(AppError::field("scope", format!("There is no {} in the organisation", scope.to_text())))
    }
}

/// An administrator adds an account.
pub async fn create_user(store: &dyn Store, ctx: &RequestContext, draft: &UserDraft) -> Result<UserId, AppError> {
    ctx.require(Action::ManageUsers, Target::Any)?;
    let new = draft.validate().map_err(AppError::Invalid)?;
    check_scope_exists(store, new.scope).await?;
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
    check_scope_exists(store, new.scope).await?;
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
