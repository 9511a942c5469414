use steward_domain::ids::MemberId;
use steward_domain::permissions::{Action, Target};

use super::workplace_path;
use crate::ports::{AuditPage, AuditQuery, MemberRecord, Store};
use crate::{AppError, RequestContext};

/// Reads one member record; every view is written to the audit log (UK GDPR Art. 9 data).
pub async fn view_member(store: &dyn Store, ctx: &RequestContext, id: MemberId) -> Result<MemberRecord, AppError> {
    ctx.require(Action::ViewMember, Target::Any)?;
    let member = store.member(id).await?.ok_or(AppError::NotFound)?;
    let path = workplace_path(store, member.workplace).await?;
    ctx.require(Action::ViewMember, Target::At(path))?;
    store.record(&ctx.audit("member.view", "member", Some(id.to_string()), String::new())).await?;
    Ok(member)
}

/// The member's history: the changes to this record, newest first. Views are left out (they
/// would soon push the changes off the page); the audit log page lists them.
pub async fn member_history(
    store: &dyn Store,
    ctx: &RequestContext,
    member: &MemberRecord,
) -> Result<AuditPage, AppError> {
    let path = workplace_path(store, member.workplace).await?;
    ctx.require(Action::ViewMember, Target::At(path))?;
    let query = AuditQuery {
        entity: Some("member".into()),
        entity_id: Some(member.id.to_string()),
        exclude_action: Some("member.view".into()),
        limit: 50,
        ..AuditQuery::default()
    };
    Ok(store.audit_entries(&query).await?)
}
