//! Reading cases: one case file with its timeline (every view audited: it is member data),
//! the list of cases (a rep's or lawyer's own; others by scope, or "mine"), and a member's
//! cases for their record.

use steward_domain::case::kind::CaseType;
use steward_domain::case::timeline::EntryKind;
use steward_domain::ids::MemberId;
use steward_domain::permissions::{Action, Target};
use steward_domain::role::Role;

use crate::ports::{CaseFile, CaseId, CaseQuery, CaseSummary, Store, TimelineEntry};
use crate::{AppError, RequestContext};

/// Cases per page.
pub const CASES_PER_PAGE: u32 = 25;

#[derive(Debug, Clone, PartialEq)]
pub struct CaseView {
    pub file: CaseFile,
    pub timeline: Vec<TimelineEntry>,
}

pub async fn view_case(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    kind: Option<EntryKind>,
) -> Result<CaseView, AppError> {
    let mut file = super::load(store, ctx, id, Action::ViewCase).await?;
    // A collective case and the cases spun out of it often name other members: show only
    // the linked cases the asker may open.
    if let Some(parent) = file.parent.take() {
        file.parent = visible(store, ctx, parent.id).await?.then_some(parent);
    }
    let mut children = Vec::with_capacity(file.children.len());
    for child in std::mem::take(&mut file.children) {
        if visible(store, ctx, child.id).await? {
            children.push(child);
        }
    }
    file.children = children;
    let timeline = store.case_timeline(id, kind).await?;
    store.record(&ctx.audit("case.view", "case", Some(id.to_string()), file.summary.reference.to_string())).await?;
    Ok(CaseView { file, timeline })
}

async fn visible(store: &dyn Store, ctx: &RequestContext, id: CaseId) -> Result<bool, AppError> {
    Ok(match store.case_file(id).await? {
        Some(file) => ctx.require(Action::ViewCase, super::target_of(&file, ctx)).is_ok(),
        None => false,
    })
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CaseListFilter {
    /// Only cases the asker is on.
    pub mine: bool,
    /// open (the default), closed or all.
    pub status: String,
    pub case_type: String,
    /// 1-based.
    pub page: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub struct CaseList {
    pub cases: Vec<CaseSummary>,
    pub page: u32,
    pub has_more: bool,
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
    let only_mine = filter.mine || matches!(ctx.actor.role, Role::Rep | Role::Lawyer);
    let query = CaseQuery {
        scope: ctx.actor.scope,
        viewer: ctx.actor.user_id,
        team_only: only_mine,
        status,
        case_type,
        limit: CASES_PER_PAGE,
        offset: (page - 1) * CASES_PER_PAGE,
    };
    let mut cases = store.list_cases(&query).await?;
    let has_more = cases.len() > CASES_PER_PAGE as usize;
    cases.truncate(CASES_PER_PAGE as usize);
    Ok(CaseList { cases, page, has_more, only_mine })
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
    let mut visible = Vec::new();
    for summary in cases {
        if let Some(file) = store.case_file(summary.id).await? {
            if ctx.require(Action::ViewCase, super::target_of(&file, ctx)).is_ok() {
                visible.push(summary);
            }
        }
    }
    Ok(visible)
}
