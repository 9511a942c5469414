use steward_domain::permissions::{Action, Target};

use crate::ports::{MemberPage, MemberQuery, Store};
use crate::{AppError, RequestContext};

pub const MAX_PER_PAGE: u32 = 100;

/// Lists members the asker may see. The query's scope is always forced to the asker's own,
/// whatever the caller passed, so a list cannot leak members from elsewhere.
pub async fn search_members(
    store: &dyn Store,
    ctx: &RequestContext,
    query: MemberQuery,
) -> Result<MemberPage, AppError> {
    ctx.require(Action::ListMembers, Target::Any)?;
    let text = query.text.as_deref().map(str::trim).filter(|text| !text.is_empty());
    if text.is_some_and(|text| text.chars().count() > 100) {
        return Err(AppError::field("q", "Search for at most 100 characters"));
    }
    if query.page == 0 {
        return Err(AppError::field("page", "Pages are numbered from 1"));
    }
    if !(1..=MAX_PER_PAGE).contains(&query.per_page) {
        return Err(AppError::field("per_page", format!("Ask for between 1 and {MAX_PER_PAGE} members per page")));
    }
    let query = MemberQuery { scope: ctx.actor.scope, text: text.map(str::to_owned), ..query };
    Ok(store.search_members(&query).await?)
}
