use steward_domain::ids::UserId;
use steward_domain::permissions::{Action, Target};

use crate::ports::Store;
use crate::{AppError, RequestContext};

/// An administrator turns an account off (its sessions end at once and its API tokens stop
/// working) or back on. Nobody can turn off their own account, so the last administrator
/// cannot lock everyone out.
pub async fn set_user_active(
    store: &dyn Store,
    ctx: &RequestContext,
    id: UserId,
    active: bool,
) -> Result<(), AppError> {
    ctx.require(Action::ManageUsers, Target::Any)?;
    if id == ctx.actor.user_id && !active {
        return Err(AppError::field("active", "You cannot turn off your own account"));
    }
    let action = if active { "user.reactivate" } else { "user.deactivate" };
    let audit = ctx.audit(action, "user", Some(id.to_string()), String::new());
    Ok(store.set_user_active(id, active, &audit).await?)
}
