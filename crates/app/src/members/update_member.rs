use steward_domain::ids::MemberId;
use steward_domain::member::MemberDraft;
use steward_domain::permissions::{Action, Target};

use super::workplace_path;
use crate::ports::Store;
use crate::{AppError, RequestContext};

/// Replaces a member's details. The asker must cover both the member's current workplace
/// and the one they are moving to.
pub async fn update_member(
    store: &dyn Store,
    ctx: &RequestContext,
    id: MemberId,
    draft: &MemberDraft,
) -> Result<(), AppError> {
    ctx.require(Action::EditMember, Target::Any)?;
    let current = store.member(id).await?.ok_or(AppError::NotFound)?;
    let current_path = workplace_path(store, current.workplace).await?;
    ctx.require(Action::EditMember, Target::At(current_path))?;
    let details = draft.validate(ctx.now.date_naive()).map_err(AppError::Invalid)?;
    let new_path = workplace_path(store, details.workplace_id).await?;
    ctx.require(Action::EditMember, Target::At(new_path))
        .map_err(|_| AppError::field("workplace_id", "Choose a workplace that exists"))?;
    let changed = describe_changes(&current, &details);
    let audit = ctx.audit("member.update", "member", Some(id.to_string()), changed);
    store.update_member(id, &details, &audit).await?;
    Ok(())
}

/// Names the fields that changed (not their values: the audit log is itself read by people).
fn describe_changes(current: &crate::ports::MemberRecord, new: &steward_domain::member::MemberDetails) -> String {
    let changed = current.changed_fields(new);
    if changed.is_empty() {
        "no changes".into()
    } else {
        format!("changed {}", changed.join(", "))
    }
}
