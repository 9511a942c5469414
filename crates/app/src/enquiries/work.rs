//! Working on an enquiry: taking it (so colleagues see who is answering and nobody answers
//! twice by accident), passing it to a colleague (suggested by how many open enquiries each
//! holds), letting it go, and closing it with an outcome.

use steward_domain::ids::UserId;
use steward_domain::permissions::{authorize, Action, Target};

use crate::ports::{EnquiryId, Store};
use crate::{AppError, RequestContext};

/// How an enquiry can end.
pub const OUTCOMES: [(&str, &str); 5] = [
    ("answered", "Answered"),
    ("case_opened", "A case was opened"),
    ("referred", "Referred elsewhere"),
    ("no_action", "No action needed"),
    ("duplicate_or_spam", "Duplicate or spam"),
];

async fn check(
    store: &dyn Store,
    ctx: &RequestContext,
    id: EnquiryId,
) -> Result<crate::ports::EnquiryDetail, AppError> {
    ctx.require(Action::WorkOnEnquiry, Target::Any)?;
    let detail = store.enquiry(id).await?.ok_or(AppError::NotFound)?;
    ctx.require(Action::WorkOnEnquiry, super::target_of(&detail.summary))?;
    Ok(detail)
}

/// The asker takes the enquiry. Taking one someone else holds needs `take_over`, so two
/// people do not end up answering the same member without knowing.
pub async fn take_enquiry(
    store: &dyn Store,
    ctx: &RequestContext,
    id: EnquiryId,
    take_over: bool,
) -> Result<(), AppError> {
    let detail = check(store, ctx, id).await?;
    if let (Some(holder), false) = (detail.summary.assigned_to, take_over) {
        if holder != ctx.actor.user_id {
            let name = detail.summary.assigned_name.unwrap_or_else(|| "someone else".into());
            return Err(AppError::Conflict {
                field: "assigned_to",
                message: format!("{name} is already working on this"),
            });
        }
    }
    let audit = ctx.audit("enquiry.take", "enquiry", Some(id.to_string()), String::new());
    Ok(store.assign_enquiry(id, Some(ctx.actor.user_id), &audit).await?)
}

pub async fn release_enquiry(store: &dyn Store, ctx: &RequestContext, id: EnquiryId) -> Result<(), AppError> {
    check(store, ctx, id).await?;
    let audit = ctx.audit("enquiry.release", "enquiry", Some(id.to_string()), String::new());
    Ok(store.assign_enquiry(id, None::<UserId>, &audit).await?)
}

pub async fn close_enquiry(
    store: &dyn Store,
    ctx: &RequestContext,
    id: EnquiryId,
    outcome: &str,
) -> Result<(), AppError> {
    let detail = check(store, ctx, id).await?;
    if detail.summary.status == "closed" {
        return Err(AppError::field("outcome", "This enquiry is already closed"));
    }
    let Some((code, _)) = OUTCOMES.iter().find(|(code, _)| *code == outcome) else {
        return Err(AppError::field("outcome", "Choose how the enquiry ended"));
    };
    let audit = ctx.audit("enquiry.close", "enquiry", Some(id.to_string()), (*code).to_owned());
    Ok(store.close_enquiry(id, code, ctx.now, &audit).await?)
}

/// A colleague who could answer an enquiry, with their current load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssigneeSuggestion {
    pub user: UserId,
    pub name: String,
    /// Open enquiries they hold now.
    pub open_enquiries: u32,
    /// Their workload against their branch's thresholds, once it has been computed.
    pub capacity: Option<steward_domain::workload::Capacity>,
}

/// Everyone who may answer this enquiry (active, allowed to work on enquiries, with a scope
/// that covers it): those with capacity first, then those near it, then those over it (by
/// the workload dashboard's score); within each, fewest open enquiries first, so enquiries go
/// round the team when nobody's workload is known yet. Training and accreditation will
/// refine this once they are recorded.
pub async fn assignment_suggestions(
    store: &dyn Store,
    ctx: &RequestContext,
    id: EnquiryId,
) -> Result<Vec<AssigneeSuggestion>, AppError> {
    let detail = check(store, ctx, id).await?;
    let target = super::target_of(&detail.summary);
    let held = store.open_enquiries_held().await?;
    let capacities = crate::workload::capacity_by_person(store).await?;
    let mut suggestions: Vec<AssigneeSuggestion> = store
        .list_users()
        .await?
        .into_iter()
        .filter(|user| {
            let actor = steward_domain::permissions::Actor { user_id: user.id, role: user.role, scope: user.scope };
            user.active && authorize(&actor, Action::WorkOnEnquiry, target).is_allowed()
        })
        .map(|user| AssigneeSuggestion {
            open_enquiries: held.iter().find(|(holder, _)| *holder == user.id).map_or(0, |(_, count)| *count),
            capacity: capacities.get(&user.id).map(|(_, capacity)| *capacity),
            user: user.id,
            name: user.name,
        })
        .collect();
    // Unknown capacity (staff and administrators carry no cases) ranks with "has capacity".
    let rank = |s: &AssigneeSuggestion| s.capacity.unwrap_or(steward_domain::workload::Capacity::Under);
    suggestions.sort_by(|a, b| {
        rank(a).cmp(&rank(b)).then(a.open_enquiries.cmp(&b.open_enquiries)).then_with(|| a.name.cmp(&b.name))
    });
    Ok(suggestions)
}

/// Passes the enquiry to a colleague who may answer it.
pub async fn assign_enquiry_to(
    store: &dyn Store,
    ctx: &RequestContext,
    id: EnquiryId,
    user: UserId,
) -> Result<(), AppError> {
    let candidates = assignment_suggestions(store, ctx, id).await?;
    let Some(chosen) = candidates.iter().find(|c| c.user == user) else {
        return Err(AppError::field("assign_to", "Choose a colleague who can answer this enquiry"));
    };
    let detail = format!("to {}", chosen.name);
    let audit = ctx.audit("enquiry.assign", "enquiry", Some(id.to_string()), detail);
    Ok(store.assign_enquiry(id, Some(user), &audit).await?)
}
