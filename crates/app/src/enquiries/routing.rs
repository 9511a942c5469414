//! Routing rules: officers (for their region's branches) and administrators say where new
//! enquiries go, by keyword, employer, workplace, branch and channel: to a person, or to a
//! named queue (pay, health and safety, ...) that whoever works it filters the queue by. A new
//! enquiry that nobody holds yet goes where the first rule it matches says.

use chrono::{DateTime, Utc};
use steward_domain::enquiry::routing::{first_match, EnquiryFacts, RuleConditions};
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::{BranchId, UserId, WorkplaceId};
use steward_domain::organisation::Scope;
use steward_domain::permissions::{authorize, Action, Actor, Target};

use crate::ports::{AuditEntry, EnquiryId, EnquiryQueue, RoutingRule, RuleTarget, Store, StoreError};
use crate::{AppError, RequestContext};

pub const CHANNELS: [(&str, &str); 4] = [("email", "E-mail"), ("web", "Web form"), ("phone", "Phone"), ("api", "API")];

pub async fn routing_rules(store: &dyn Store, ctx: &RequestContext) -> Result<Vec<RoutingRule>, AppError> {
    ctx.require(Action::ManageEnquirySettings, Target::Any)?;
    Ok(store.routing_rules().await?)
}

/// A rule as typed: ids as text, empty meaning "any".
#[derive(Debug, Clone, Default)]
pub struct RoutingRuleDraft {
    pub branch: String,
    pub keyword: String,
    pub employer: String,
    pub workplace: String,
    pub channel: String,
    /// The person the rule gives enquiries to, or empty when it names a queue.
    pub assign_to: String,
    /// The queue the rule puts enquiries in, or empty when it names a person.
    pub queue: String,
}

pub async fn add_routing_rule(
    store: &dyn Store,
    ctx: &RequestContext,
    draft: &RoutingRuleDraft,
) -> Result<i64, AppError> {
    ctx.require(Action::ManageEnquirySettings, Target::Any)?;
    let organisation = store.organisation().await?;
    let mut errors = FieldErrors::new();
    let id = |raw: &str| -> Result<Option<i64>, String> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        raw.parse::<i64>().map(Some).map_err(|_| "Choose from the list".to_owned())
    };
    let branch = errors.take(
        "branch",
        id(&draft.branch).and_then(|branch| match branch {
            None => Ok(None),
            Some(b) => organisation
                .branches
                .iter()
                .find(|x| x.id.0 == b && ctx.actor.scope.covers_branch(x.id, x.region))
                .map(|x| Some(x.id.0))
                .ok_or_else(|| "Choose one of your branches".to_owned()),
        }),
    );
    if branch == Some(None) && ctx.actor.scope != Scope::Union {
        errors.add("branch", "Choose the branch the rule is for");
    }
    let employer = errors.take(
        "employer",
        id(&draft.employer).and_then(|employer| match employer {
            Some(e) if !organisation.employers.iter().any(|x| x.id.0 == e) => {
                Err("Choose an employer from the list".into())
            }
            other => Ok(other),
        }),
    );
    let workplace = errors.take(
        "workplace",
        id(&draft.workplace).and_then(|workplace| match workplace {
            Some(w) if !organisation.workplaces.iter().any(|x| x.id.0 == w) => {
                Err("Choose a workplace from the list".into())
            }
            other => Ok(other),
        }),
    );
    let keyword = draft.keyword.trim();
    if keyword.chars().count() > 100 || keyword.chars().any(char::is_control) {
        errors.add("keyword", "Use a word or short phrase, at most 100 characters");
    }
    let channel = draft.channel.trim();
    if !channel.is_empty() && !CHANNELS.iter().any(|(value, _)| *value == channel) {
        errors.add("channel", "Choose a channel from the list");
    }
    let target = match (draft.assign_to.trim(), draft.queue.trim()) {
        (_, "") => {
            let assignee = match draft.assign_to.trim().parse::<i64>() {
                Ok(user) => store.user(UserId(user)).await?,
                Err(_) => None,
            };
            match (assignee, branch.flatten()) {
                (Some(user), branch)
                    if user.active && can_answer_in(&user.role, user.scope, user.id, branch, &organisation) =>
                {
                    Some(RuleTarget::Person { user: user.id, name: user.name })
                }
                _ => {
                    errors.add("assign_to", "Choose someone who can answer enquiries in the rule's branch, or a queue");
                    None
                }
            }
        }
        ("", queue) => {
            let queues = store.enquiry_queues().await?;
            match queue.parse::<i64>().ok().and_then(|id| queues.into_iter().find(|q| q.id == id)) {
                Some(found) => Some(RuleTarget::Queue { queue: found.id, name: found.name }),
                None => {
                    errors.add("queue", "Choose a queue from the list");
                    None
                }
            }
        }
        _ => {
            errors.add("queue", "Choose a person or a queue, not both");
            None
        }
    };
    let (Some(branch), Some(employer), Some(workplace), Some(target), true) =
        (branch, employer, workplace, target, errors.is_empty())
    else {
        return Err(AppError::Invalid(errors));
    };
    let conditions = RuleConditions {
        branch,
        keyword: (!keyword.is_empty()).then(|| keyword.to_owned()),
        employer,
        workplace,
        channel: (!channel.is_empty()).then(|| channel.to_owned()),
    };
    let detail = match &target {
        RuleTarget::Person { user, .. } => format!("{conditions:?} -> user {user}"),
        RuleTarget::Queue { queue, .. } => format!("{conditions:?} -> queue {queue}"),
    };
    let audit = ctx.audit("routing_rule.create", "routing_rule", None, detail);
    Ok(store.add_routing_rule(&conditions, &target, &audit).await?)
}

/// The named queues, for the queue page's choice and the routing page.
pub async fn enquiry_queues(store: &dyn Store, ctx: &RequestContext) -> Result<Vec<EnquiryQueue>, AppError> {
    ctx.require(Action::ViewEnquiries, Target::Any)?;
    Ok(store.enquiry_queues().await?)
}

pub const MAX_QUEUE_NAME_CHARS: usize = 60;

/// Adds a named queue (names are unique whatever their case).
pub async fn add_enquiry_queue(store: &dyn Store, ctx: &RequestContext, name: &str) -> Result<i64, AppError> {
    ctx.require(Action::ManageEnquirySettings, Target::Any)?;
    let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() || name.chars().count() > MAX_QUEUE_NAME_CHARS || name.chars().any(char::is_control) {
        return Err(AppError::field(
            "name",
            format!("Name the queue in up to {MAX_QUEUE_NAME_CHARS} characters, for example Pay and grading"),
        ));
    }
    let audit = ctx.audit("enquiry_queue.create", "enquiry_queue", None, name.clone());
    match store.add_enquiry_queue(&name, &audit).await {
        Err(StoreError::Duplicate { .. }) => Err(AppError::field("name", "There is a queue with that name already")),
        other => Ok(other?),
    }
}

/// Removes a queue no rule sends to; the enquiries waiting in it go back to the general queue.
pub async fn delete_enquiry_queue(store: &dyn Store, ctx: &RequestContext, id: i64) -> Result<(), AppError> {
    ctx.require(Action::ManageEnquirySettings, Target::Any)?;
    let queues = store.enquiry_queues().await?;
    let Some(queue) = queues.iter().find(|q| q.id == id) else { return Err(AppError::NotFound) };
    let audit = ctx.audit("enquiry_queue.delete", "enquiry_queue", Some(id.to_string()), queue.name.clone());
    match store.delete_enquiry_queue(id, &audit).await {
        Err(StoreError::Stale) => Err(AppError::Conflict {
            field: "queue",
            message: format!("A routing rule sends enquiries to {}: remove the rule first", queue.name),
        }),
        other => Ok(other?),
    }
}

/// Whether someone may work on enquiries everywhere the rule applies (its branch, or the
/// whole union when it names none).
fn can_answer_in(
    role: &steward_domain::role::Role,
    scope: Scope,
    user: UserId,
    branch: Option<i64>,
    organisation: &crate::ports::Organisation,
) -> bool {
    let actor = Actor { user_id: user, role: *role, scope };
    if !authorize(&actor, Action::WorkOnEnquiry, Target::Any).is_allowed() {
        return false;
    }
    match branch {
        None => scope == Scope::Union,
        Some(b) => organisation.branches.iter().any(|x| x.id == BranchId(b) && scope.covers_branch(x.id, x.region)),
    }
}

pub async fn delete_routing_rule(store: &dyn Store, ctx: &RequestContext, id: i64) -> Result<(), AppError> {
    ctx.require(Action::ManageEnquirySettings, Target::Any)?;
    let rules = store.routing_rules().await?;
    let Some(rule) = rules.iter().find(|r| r.id == id) else { return Err(AppError::NotFound) };
    let organisation = store.organisation().await?;
    let in_scope = match rule.conditions.branch {
        None => ctx.actor.scope == Scope::Union,
        Some(b) => organisation.branches.iter().any(|x| x.id.0 == b && ctx.actor.scope.covers_branch(x.id, x.region)),
    };
    if !in_scope {
        return Err(AppError::NotFound);
    }
    let audit = ctx.audit("routing_rule.delete", "routing_rule", Some(id.to_string()), String::new());
    Ok(store.delete_routing_rule(id, &audit).await?)
}

/// The new enquiry, as intake knows it when routing.
#[derive(Debug, Clone, Copy)]
pub struct NewEnquiryFacts<'a> {
    pub id: EnquiryId,
    pub workplace: Option<WorkplaceId>,
    pub channel: &'a str,
    pub subject: &'a str,
    pub text: &'a str,
}

/// Sends a new enquiry where the first matching rule says: to its person (returned), or into
/// its queue (nobody holds it then).
pub async fn route_new_enquiry(
    store: &dyn Store,
    facts: NewEnquiryFacts<'_>,
    now: DateTime<Utc>,
) -> Result<Option<UserId>, AppError> {
    let rules = store.routing_rules().await?;
    if rules.is_empty() {
        return Ok(None);
    }
    let place = match facts.workplace {
        Some(workplace) => store.routing_place(workplace).await?,
        None => Default::default(),
    };
    let seen = EnquiryFacts {
        branch: place.branch.map(|b| b.0),
        employer: place.employer,
        workplace: place.workplace.map(|w| w.0),
        channel: facts.channel,
        subject: facts.subject,
        text: facts.text,
    };
    let candidates: Vec<(RuleConditions, (i64, RuleTarget))> =
        rules.into_iter().map(|rule| (rule.conditions, (rule.id, rule.target))).collect();
    let Some((rule, target)) = first_match(&candidates, &seen) else { return Ok(None) };
    let (detail, user) = match target {
        RuleTarget::Person { user, .. } => (format!("rule {rule} gave it to user {user}"), Some(*user)),
        RuleTarget::Queue { queue, name } => (format!("rule {rule} put it in queue {queue} ({name})"), None),
    };
    let audit = AuditEntry {
        at: now,
        actor_user_id: None,
        actor_label: "routing".into(),
        action: "enquiry.route".into(),
        entity: "enquiry".into(),
        entity_id: Some(facts.id.to_string()),
        detail,
        source: None,
    };
    match target {
        RuleTarget::Person { user, .. } => store.assign_enquiry(facts.id, None, Some(*user), &audit).await?,
        RuleTarget::Queue { queue, .. } => store.set_enquiry_queue(facts.id, Some(*queue), &audit).await?,
    }
    Ok(user)
}
