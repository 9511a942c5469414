//! Reading cases: one case file with its timeline (every view audited: it is member data),
//! the list of cases (a rep's or lawyer's own; others by scope, or "mine"), and a member's
//! cases for their record.

use std::collections::HashMap;

use steward_domain::case::access::CaseAccess;
use steward_domain::case::kind::CaseType;
use steward_domain::case::timeline::EntryKind;
use steward_domain::ids::MemberId;
use steward_domain::permissions::{Action, Target};
use steward_domain::role::Role;

use crate::ports::{
    CaseAccessRow, CaseCursor, CaseFile, CaseId, CaseQuery, CaseSummary, Store, TimelineCursor, TimelineEntry,
};
use crate::{AppError, RequestContext};

/// Cases per page.
pub const CASES_PER_PAGE: u32 = 25;

/// Timeline entries per page of a case file, newest first.
pub const ENTRIES_PER_PAGE: u32 = 50;

#[derive(Debug, Clone, PartialEq)]
pub struct CaseView {
    pub file: CaseFile,
    /// The newest `ENTRIES_PER_PAGE` entries (older than the page's cursor), newest first.
    pub timeline: Vec<TimelineEntry>,
    /// Where the next, older page starts, when there are older entries.
    pub older: Option<TimelineCursor>,
}

/// The case file with the newest page of its timeline.
pub async fn view_case(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    kind: Option<EntryKind>,
) -> Result<CaseView, AppError> {
    view_case_page(store, ctx, id, kind, None).await
}

/// The case file with one page of its timeline: the entries older than `before`, newest first.
pub async fn view_case_page(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    kind: Option<EntryKind>,
    before: Option<TimelineCursor>,
) -> Result<CaseView, AppError> {
    let mut file = super::load(store, ctx, id, Action::ViewCase).await?;
    // A collective case and the cases spun out of it often name other members: show only
    // the linked cases the asker may open, checked in one read.
    let linked: Vec<CaseId> = file.parent.iter().chain(&file.children).map(|linked| linked.id).collect();
    let visible = visible_cases(store, ctx, &linked).await?;
    file.parent = file.parent.take().filter(|parent| visible.contains(&parent.id));
    file.children.retain(|child| visible.contains(&child.id));
    let mut timeline = store.case_timeline(id, kind, before, ENTRIES_PER_PAGE).await?;
    let older = if timeline.len() > ENTRIES_PER_PAGE as usize {
        timeline.truncate(ENTRIES_PER_PAGE as usize);
        timeline.last().map(TimelineCursor::after)
    } else {
        None
    };
    store.record(&ctx.audit("case.view", "case", Some(id.to_string()), file.summary.reference.to_string())).await?;
    Ok(CaseView { file, timeline, older })
}

/// Which of `ids` the asker may view, from one read of where they sit and the asker's part.
async fn visible_cases(store: &dyn Store, ctx: &RequestContext, ids: &[CaseId]) -> Result<Vec<CaseId>, AppError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows = store.case_access(ids, ctx.actor.user_id).await?;
    Ok(rows.into_iter().filter(|row| may_view(ctx, row)).map(|row| row.id).collect())
}

pub(super) fn may_view(ctx: &RequestContext, row: &CaseAccessRow) -> bool {
    let target = Target::Case(CaseAccess { path: Some(row.path), team_role: row.team_role_at(ctx.now) });
    ctx.require(Action::ViewCase, target).is_ok()
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseListFilter {
    /// Only cases the asker is on.
    pub mine: bool,
    /// open (the default), closed or all.
    pub status: String,
    pub case_type: String,
    /// 1-based; shown on the page. Without `after`, pages after the first are skipped to
    /// by counting (for API clients that ask by number).
    pub page: u32,
    /// The cursor of the previous page's last case (`CaseCursor::to_token`): the next page.
    pub after: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseList {
    pub cases: Vec<CaseSummary>,
    pub page: u32,
    pub has_more: bool,
    /// The cursor for the next page, when there is one.
    pub next: Option<CaseCursor>,
    /// Whether the list is only the asker's own cases (always, for reps and lawyers).
    pub only_mine: bool,
}

pub async fn list_cases(
    store: &dyn Store,
    ctx: &RequestContext,
    filter: &CaseListFilter,
) -> Result<CaseList, AppError> {
    ctx.require(Action::ListCases, Target::Any)?;
    let status = match filter.status.trim() {
        "" | "open" => Some("open"),
        "closed" => Some("closed"),
        "all" => None,
        _ => return Err(AppError::field("status", "Choose open, closed or all")),
    };
    let case_type = match filter.case_type.trim() {
        "" => None,
        raw => Some(CaseType::parse(raw).map_err(|message| AppError::field("case_type", message))?),
    };
    let page = filter.page.max(1);
    if page > 10_000 {
        return Err(AppError::field("page", "There are not that many pages"));
    }
    let after = match filter.after.trim() {
        "" => None,
        raw => Some(CaseCursor::from_token(raw).ok_or_else(|| AppError::field("after", "Use the links to page"))?),
    };
    let only_mine = filter.mine || matches!(ctx.actor.role, Role::Rep | Role::Lawyer);
    let query = CaseQuery {
        scope: ctx.actor.scope,
        viewer: ctx.actor.user_id,
        team_only: only_mine,
        status,
        case_type,
        limit: CASES_PER_PAGE,
        offset: if after.is_some() { 0 } else { (page - 1) * CASES_PER_PAGE },
        after,
    };
    let mut cases = store.list_cases(&query).await?;
    let has_more = cases.len() > CASES_PER_PAGE as usize;
    cases.truncate(CASES_PER_PAGE as usize);
    let next = if has_more { cases.last().map(CaseCursor::after) } else { None };
    Ok(CaseList { cases, page, has_more, next, only_mine })
}

/// The cases a member is on that the asker may see, for the member's record (the member view
/// itself is checked and audited by the caller).
pub async fn member_cases(
    store: &dyn Store,
    ctx: &RequestContext,
    member: MemberId,
) -> Result<Vec<CaseSummary>, AppError> {
    ctx.require(Action::ListCases, Target::Any)?;
    let cases = store.member_cases(member).await?;
    let ids: Vec<CaseId> = cases.iter().map(|summary| summary.id).collect();
    let access: HashMap<CaseId, CaseAccessRow> =
        store.case_access(&ids, ctx.actor.user_id).await?.into_iter().map(|row| (row.id, row)).collect();
    Ok(cases.into_iter().filter(|summary| access.get(&summary.id).is_some_and(|row| may_view(ctx, row))).collect())
}
