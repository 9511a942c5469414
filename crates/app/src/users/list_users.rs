use steward_domain::permissions::{Action, Target};

use crate::ports::{Store, UserRecord};
use crate::{AppError, RequestContext};

pub async fn list_users(store: &dyn Store, ctx: &RequestContext) -> Result<Vec<UserRecord>, AppError> {
    ctx.require(Action::ListUsers, Target::Any)?;
    Ok(store.list_users().await?)
}
