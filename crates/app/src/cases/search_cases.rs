//! Finding a case: by its reference (what people quote on the phone), or by the member it is
//! for (name or membership number, through the members' word index). Only cases the asker may
//! open are found; a reference to a case they may not open reads as no match.

use steward_domain::case::reference::CaseReference;
use steward_domain::permissions::{authorize, Action, Target};

use super::view_case::may_view;
use crate::ports::{CaseId, CaseSummary, MemberQuery, Store};
use crate::{AppError, RequestContext};

/// Members whose cases a search lists at most (the best matches first).
const MEMBERS_SEARCHED: u32 = 20;

#[derive(Debug, Clone, Default)]
pub struct CaseSearch {
    /// The case the reference names, when the asker may open it.
    pub exact: Option<CaseId>,
    /// Cases of the members matching the words, newest first.
    pub cases: Vec<CaseSummary>,
    pub members_matched: usize,
}

pub async fn search_cases(store: &dyn Store, ctx: &RequestContext, raw: &str) -> Result<CaseSearch, AppError> {
    ctx.require(Action::ListCases, Target::Any)?;
    let text = raw.trim();
    if text.chars().count() < 2 || text.chars().count() > 100 {
        return Err(AppError::field(
            "q",
            "Search with a case reference, or 2 to 100 characters of a member's name or number",
        ));
    }
    if let Some(reference) = CaseReference::parse(text) {
        let Some(id) = store.case_id_by_reference(reference).await? else { return Ok(CaseSearch::default()) };
        let visible = store.case_access(&[id], ctx.actor.user_id).await?.iter().any(|row| may_view(ctx, row));
        return Ok(CaseSearch { exact: visible.then_some(id), ..CaseSearch::default() });
    }
    // Members are searched within the asker's scope; a role that may not list members (an
    // external lawyer) finds cases by reference only.
    if !authorize(&ctx.actor, Action::ListMembers, Target::Any).is_allowed() {
        return Ok(CaseSearch::default());
    }
    let query = MemberQuery {
        scope: ctx.actor.scope,
        text: Some(text.to_owned()),
        status: None,
        workplace: None,
        branch: None,
        employer: None,
        page: 1,
        per_page: MEMBERS_SEARCHED,
    };
    let members = store.search_members(&query).await?.members;
    // `member_cases` keeps only the cases the asker may open (one access read per member).
    let mut cases: Vec<CaseSummary> = Vec::new();
    for member in &members {
        for summary in super::member_cases(store, ctx, member.id).await? {
            if !cases.iter().any(|known| known.id == summary.id) {
                cases.push(summary);
            }
        }
    }
    cases.sort_by(|a, b| b.updated_at.cmp(&a.updated_at).then(b.id.cmp(&a.id)));
    let audit = ctx.audit("case.search", "case", None, format!("{} members, {} cases", members.len(), cases.len()));
    store.record(&audit).await?;
    Ok(CaseSearch { exact: None, members_matched: members.len(), cases })
}
