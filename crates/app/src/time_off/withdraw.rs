//! Withdrawing a request the rep no longer needs, until the manager has decided it. The
//! manager's link then says it was withdrawn.

use steward_domain::facility::time_off::RequestStatus;

use super::load_own;
use crate::ports::Store;
use crate::{AppError, RequestContext};

pub async fn withdraw_time_off(store: &dyn Store, ctx: &RequestContext, id: i64) -> Result<(), AppError> {
    let request = load_own(store, ctx, id).await?;
    if !request.status.may_become(RequestStatus::Withdrawn) {
        return Err(AppError::Conflict {
            field: "status",
            message: format!(
                "This request is {} and can no longer be withdrawn",
                request.status.label().to_lowercase()
            ),
        });
    }
    let audit =
        ctx.audit("time_off.withdraw", "time_off_request", Some(id.to_string()), request.status.as_str().into());
    Ok(store.withdraw_time_off(id, request.status, &ctx.actor_label, ctx.now, &audit).await?)
}
