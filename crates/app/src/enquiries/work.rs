//! Working on an enquiry: taking it (so colleagues see who is answering and nobody answers
//! twice by accident), passing it to a colleague (suggested by training, capacity and how
//! many open enquiries each holds), letting it go, and closing it with an outcome.

use steward_domain::assignment::preference;
use steward_domain::ids::UserId;
use steward_domain::permissions::{authorize, Action};
use steward_domain::training::{self, Competence};

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
    super::load(store, ctx, id, Action::WorkOnEnquiry).await
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
    let holder = detail.summary.assigned_to;
    if holder == Some(ctx.actor.user_id) {
        return Ok(());
    }
    let taken_from = match (holder, &detail.summary.assigned_name) {
        (Some(_), Some(name)) => format!("taken over from {name}"),
        _ => String::new(),
    };
    let audit = ctx.audit("enquiry.take", "enquiry", Some(id.to_string()), taken_from);
    // Guarded by the holder just read: two people taking it at once cannot both succeed.
    store.assign_enquiry(id, holder, Some(ctx.actor.user_id), &audit).await.map_err(taken_meanwhile)
}

/// The asker lets go of an enquiry they hold, back to the queue. Someone else's is theirs to
/// let go of (or to be passed on by whoever assigns work).
pub async fn release_enquiry(store: &dyn Store, ctx: &RequestContext, id: EnquiryId) -> Result<(), AppError> {
    let detail = check(store, ctx, id).await?;
    match detail.summary.assigned_to {
        None => return Ok(()),
        Some(holder) if holder != ctx.actor.user_id => {
            let name = detail.summary.assigned_name.unwrap_or_else(|| "Someone else".into());
            return Err(AppError::Conflict {
                field: "assigned_to",
                message: format!("{name} is working on this; only they can let it go (or pass it to a colleague)"),
            });
        }
        Some(_) => {}
    }
    let audit = ctx.audit("enquiry.release", "enquiry", Some(id.to_string()), String::new());
    store.assign_enquiry(id, Some(ctx.actor.user_id), None::<UserId>, &audit).await.map_err(taken_meanwhile)
}

fn taken_meanwhile(error: crate::ports::StoreError) -> AppError {
    match error {
        crate::ports::StoreError::Stale => AppError::Conflict {
            field: "assigned_to",
            message: "Someone took this enquiry a moment ago; reload the page to see who".into(),
        },
        other => other.into(),
    }
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
    /// Whether they hold current training in what the enquiry is about.
    pub trained: bool,
}

/// Who may answer an enquiry, best first, and what the enquiry seems to be about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AssigneeSuggestions {
    /// The competences the member's words call for (none when they name no area).
    pub called_for: Vec<Competence>,
    pub people: Vec<AssigneeSuggestion>,
}

/// Everyone who may answer this enquiry (active, allowed to work on enquiries, with a scope
/// that covers it), in the order `assignment::preference` gives: trained for what the member
/// wrote about and with capacity first, anyone over capacity last; within each, fewest open
/// enquiries first, so enquiries go round the team when nothing else tells people apart.
pub async fn assignment_suggestions(
    store: &dyn Store,
    ctx: &RequestContext,
    id: EnquiryId,
) -> Result<AssigneeSuggestions, AppError> {
    let detail = check(store, ctx, id).await?;
    let target = super::target_of(&detail.summary);
    let members_words: Vec<&str> = std::iter::once(detail.summary.subject.as_str())
        .chain(
            detail.messages.iter().filter(|m| m.direction == "in").flat_map(|m| [m.subject.as_str(), m.body.as_str()]),
        )
        .collect();
    let called_for = training::called_for_by(&members_words.join("\n"));
    let trained = crate::training::holders_of(store, ctx, &called_for).await?;
    let held = store.open_enquiries_held().await?;
    let capacities = crate::workload::capacity_by_person(store).await?;
    let mut people: Vec<AssigneeSuggestion> = store
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
            trained: trained.contains(&user.id),
            user: user.id,
            name: user.name,
        })
        .collect();
    let rank = |s: &AssigneeSuggestion| preference(s.trained, s.capacity);
    people.sort_by(|a, b| {
        rank(a).cmp(&rank(b)).then(a.open_enquiries.cmp(&b.open_enquiries)).then_with(|| a.name.cmp(&b.name))
    });
    Ok(AssigneeSuggestions { called_for, people })
}

/// Passes the enquiry to a colleague who may answer it.
pub async fn assign_enquiry_to(
    store: &dyn Store,
    ctx: &RequestContext,
    id: EnquiryId,
    user: UserId,
) -> Result<(), AppError> {
    let candidates = assignment_suggestions(store, ctx, id).await?;
    let Some(chosen) = candidates.people.iter().find(|c| c.user == user) else {
        return Err(AppError::field("assign_to", "Choose a colleague who can answer this enquiry"));
    };
    let holder = check(store, ctx, id).await?.summary.assigned_to;
    let detail = format!("to {}", chosen.name);
    let audit = ctx.audit("enquiry.assign", "enquiry", Some(id.to_string()), detail);
    store.assign_enquiry(id, holder, Some(user), &audit).await.map_err(taken_meanwhile)
}
