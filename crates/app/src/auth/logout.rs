//! Ending one session, or every session of the signed-in user ("sign out everywhere").

use steward_domain::permissions::{Action, Target};

use crate::ports::Store;
use crate::secrets::token_hash;
use crate::{AppError, RequestContext};

pub async fn logout(store: &dyn Store, ctx: &RequestContext, session_token: &str) -> Result<(), AppError> {
    ctx.require(Action::ManageOwnAccount, Target::Any)?;
    let audit = ctx.audit("auth.logout", "user", Some(ctx.actor.user_id.to_string()), String::new());
    store.delete_session(&token_hash(session_token), &audit).await?;
    Ok(())
}

pub async fn logout_everywhere(store: &dyn Store, ctx: &RequestContext) -> Result<u64, AppError> {
    ctx.require(Action::ManageOwnAccount, Target::Any)?;
    let audit = ctx.audit("auth.logout_everywhere", "user", Some(ctx.actor.user_id.to_string()), String::new());
    Ok(store.delete_user_sessions(ctx.actor.user_id, &audit).await?)
}
