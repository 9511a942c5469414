//! Who is asking, from where and when: everything a use case needs to decide and to audit.

use chrono::{DateTime, Utc};
use steward_domain::permissions::{authorize, Action, Actor, Decision, Target};

use crate::error::AppError;
use crate::ports::AuditEntry;

#[derive(Debug, Clone)]
pub struct RequestContext {
    pub actor: Actor,
    /// How the actor is named in the audit log (their email address).
    pub actor_label: String,
    /// The client's address, when known.
    pub source: Option<String>,
    pub now: DateTime<Utc>,
}

impl RequestContext {
    /// Asks the one authorisation function; a scope miss becomes "not found" so that
    /// guessing ids reveals nothing.
    pub fn require(&self, action: Action, target: Target) -> Result<(), AppError> {
        match authorize(&self.actor, action, target) {
            Decision::Allow => Ok(()),
            Decision::DenyRole => Err(AppError::Forbidden),
            Decision::DenyScope => Err(AppError::NotFound),
        }
    }

    pub fn audit(&self, action: &str, entity: &str, entity_id: Option<String>, detail: String) -> AuditEntry {
        AuditEntry {
            at: self.now,
            // User id 0 is the command line acting with the server's own authority.
            actor_user_id: Some(self.actor.user_id).filter(|id| id.0 > 0),
            actor_label: self.actor_label.clone(),
            action: action.to_owned(),
            entity: entity.to_owned(),
            entity_id,
            detail,
            source: self.source.clone(),
        }
    }
}
