use steward_domain::ids::MemberId;
use steward_domain::member::MemberDraft;
use steward_domain::permissions::{Action, Target};

use super::workplace_path;
use crate::ports::Store;
use crate::{AppError, RequestContext};

pub async fn create_member(store: &dyn Store, ctx: &RequestContext, draft: &MemberDraft) -> Result<MemberId, AppError> {
    ctx.require(Action::CreateMember, Target::Any)?;
    let details = draft.validate(ctx.now.date_naive()).map_err(AppError::Invalid)?;
    let path = workplace_path(store, details.workplace_id).await?;
    // Outside the asker's scope reads as "no such workplace", like any other scope miss.
    ctx.require(Action::CreateMember, Target::At(path))
        .map_err(|_| AppError::field("workplace_id", "Choose a workplace that exists"))?;
    let audit =
        ctx.audit("member.create", "member", None, format!("membership number {}", details.membership_number.as_str()));
    Ok(store.create_member(&details, &audit).await?)
}
