use steward_domain::permissions::{Action, Target};

use crate::ports::{MemberPage, MemberQuery, Store};
use crate::{AppError, RequestContext};

pub const MAX_PER_PAGE: u32 = 100;
/// Far beyond any real list; keeps offsets small and the API's stated range honest.
pub const MAX_PAGE: u32 = 1_000_000;

/// Lists members the asker may see. The query's scope is always forced to the asker's own,
/// whatever the caller passed, so a list cannot leak members from elsewhere.
pub async fn search_members(
    store: &dyn Store,
    ctx: &RequestContext,
    query: MemberQuery,
) -> Result<MemberPage, AppError> {
    ctx.require(Action::ListMembers, Target::Any)?;
    if query.text.as_deref().is_some_and(|text| text.chars().count() > 100) {
        return Err(AppError::field("q", "Search for at most 100 characters"));
    }
    if query.text.as_deref().is_some_and(|text| text.chars().any(char::is_control)) {
        return Err(AppError::field("q", "Search for letters, digits and punctuation only"));
    }
    let text = query.text.as_deref().map(str::trim).filter(|text| !text.is_empty());
    let ids = [query.workplace.map(|id| ("workplace_id", id.0)), query.branch.map(|id| ("branch_id", id.0))];
    let ids = ids.into_iter().chain([query.employer.map(|id| ("employer_id", id.0))]).flatten();
    for (field, id) in ids {
        if id < 1 {
            return Err(AppError::field(field, "Ids are whole numbers from 1"));
        }
    }
    if !(1..=MAX_PAGE).contains(&query.page) {
        return Err(AppError::field("page", format!("Pages are numbered from 1 to {MAX_PAGE}")));
    }
    if !(1..=MAX_PER_PAGE).contains(&query.per_page) {
        return Err(AppError::field("per_page", format!("Ask for between 1 and {MAX_PER_PAGE} members per page")));
    }
    if text.is_some_and(|text| !text.chars().any(char::is_alphanumeric)) {
        // Only punctuation: nothing can match, and an unfiltered list would be a surprise.
        return Ok(MemberPage { members: Vec::new(), total: 0, page: query.page, per_page: query.per_page });
    }
    let query = MemberQuery { scope: ctx.actor.scope, text: text.map(str::to_owned), ..query };
    Ok(store.search_members(&query).await?)
}
