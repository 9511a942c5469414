use steward_domain::permissions::{Action, Target};

use crate::ports::{AuditPage, AuditQuery, Store};
use crate::{AppError, RequestContext};

pub async fn list_audit(store: &dyn Store, ctx: &RequestContext, query: AuditQuery) -> Result<AuditPage, AppError> {
    ctx.require(Action::ViewAuditLog, Target::Any)?;
    let filters = [&query.entity, &query.entity_id, &query.actor_label];
    if filters.into_iter().flatten().any(|text| text.chars().any(char::is_control) || text.chars().count() > 200) {
        return Err(AppError::field("filter", "Filter by up to 200 printable characters"));
    }
    if query.before_id.is_some_and(|id| id < 1) {
        return Err(AppError::field("before_id", "Ids are whole numbers from 1"));
    }
    if !(1..=200).contains(&query.limit) {
        return Err(AppError::field("limit", "Ask for between 1 and 200 entries"));
    }
    Ok(store.audit_entries(&query).await?)
}
