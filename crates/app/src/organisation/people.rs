//! Where a person's account sits in the organisation, for pages about people rather than
//! records: an officer for a region sees and keeps the people whose own scope lies within it.

use steward_domain::ids::{BranchId, UserId};
use steward_domain::organisation::Scope;
use steward_domain::permissions::{Action, Target};

use crate::ports::{Organisation, Store, UserRecord};
use crate::{AppError, RequestContext};

/// The branch a person's scope sits in, if it sits in one.
pub fn branch_of(scope: Scope, org: &Organisation) -> Option<BranchId> {
    match scope {
        Scope::Workplace(workplace) => org.workplaces.iter().find(|w| w.id == workplace).map(|w| w.branch),
        Scope::Branch(branch) => Some(branch),
        Scope::Region(_) | Scope::Union => None,
    }
}

/// Whether a person whose account covers `scope` lies within the viewer's scope.
pub fn person_within(scope: Scope, viewer: Scope, org: &Organisation) -> bool {
    match viewer {
        Scope::Union => true,
        Scope::Region(region) => match scope {
            Scope::Region(own) => own == region,
            Scope::Branch(_) | Scope::Workplace(_) => {
                branch_of(scope, org).and_then(|branch| org.branch(branch)).is_some_and(|b| b.region == region)
            }
            Scope::Union => false,
        },
        Scope::Branch(branch) => branch_of(scope, org) == Some(branch),
        Scope::Workplace(workplace) => scope == Scope::Workplace(workplace),
    }
}

/// The person, if the asker may keep their records by `action` (a profile, training): an
/// officer keeps the people within their own scope; someone outside it reads as not found.
pub async fn person_kept_by(
    store: &dyn Store,
    ctx: &RequestContext,
    user: UserId,
    action: Action,
) -> Result<UserRecord, AppError> {
    ctx.require(action, Target::Any)?;
    let person = store.user(user).await?.ok_or(AppError::NotFound)?;
    let org = store.organisation().await?;
    if !person_within(person.scope, ctx.actor.scope, &org) {
        return Err(AppError::NotFound);
    }
    Ok(person)
}
