//! The case team and its escalation level. Officers, caseworkers and administrators put
//! people on a case or take them off; being on the team is what lets a rep or a lawyer
//! open the file at all.

use steward_domain::assignment::preference;
use steward_domain::case::kind::{CaseRole, EscalationLevel};
use steward_domain::case::referral::ReferralStatus;
use steward_domain::case::timeline::EntryKind;
use steward_domain::ids::UserId;
use steward_domain::permissions::Action;
use steward_domain::role::Role;
use steward_domain::training::Competence;
use steward_domain::workload::Capacity;

use super::{optional_text, system_entry};
use crate::ports::{CaseChange, CaseFile, CaseId, Store, UserRecord};
use crate::{AppError, RequestContext};

/// Whether an account of `role` may play `part` on a case.
pub(super) fn may_play(role: Role, part: CaseRole) -> bool {
    match role {
        Role::Rep => part == CaseRole::Rep,
        Role::Lawyer => part == CaseRole::Lawyer,
        Role::Caseworker => part == CaseRole::Caseworker,
        Role::Officer => matches!(part, CaseRole::Officer | CaseRole::Caseworker),
        Role::Admin | Role::Staff => part == CaseRole::Caseworker,
    }
}

/// Someone who could join a case's team, with their workload as last placed.
#[derive(Debug, Clone)]
pub struct TeamCandidate {
    pub user: UserRecord,
    /// None until their first workload snapshot (or for roles that carry no cases).
    pub capacity: Option<Capacity>,
    /// Whether they hold current training in what this type of case calls for.
    pub trained: bool,
    /// Open cases at their last workload snapshot (0 before the first).
    pub open_cases: u32,
}

/// Active people who could join the case's team and are not on it yet: those whose own scope
/// covers the case's workplace (its reps, its branch's caseworkers, its region's officers,
/// union-wide people), so a union of thousands offers the few who can help here. In the order
/// `assignment::preference` gives (trained for the case's type and with capacity first, anyone
/// over capacity last); fewest open cases, then name, within each. Lawyers are offered too
/// (union-wide); they join through the legal referral.
pub async fn team_candidates(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
) -> Result<Vec<TeamCandidate>, AppError> {
    let file = super::load(store, ctx, id, Action::ManageCaseTeam).await?;
    team_candidates_of(store, ctx, &file).await
}

/// The same for a case file already loaded (the case page has it), checked again here.
pub async fn team_candidates_of(
    store: &dyn Store,
    ctx: &RequestContext,
    file: &CaseFile,
) -> Result<Vec<TeamCandidate>, AppError> {
    ctx.require(Action::ManageCaseTeam, super::target_of(file, ctx))?;
    let place = file.summary.path;
    let placed: std::collections::HashMap<_, _> =
        store.capacities_covering(place).await?.into_iter().map(|placed| (placed.user, placed)).collect();
    let called_for = Competence::for_case_type(file.summary.case_type);
    let trained = crate::training::holders_of(store, ctx, &[called_for]).await?;
    let mut candidates: Vec<TeamCandidate> = store
        .active_users_covering(place)
        .await?
        .into_iter()
        .filter(|user| file.team_role_of(user.id).is_none())
        .filter(|user| CaseRole::ALL.iter().any(|part| may_play(user.role, *part)))
        .map(|user| {
            let placed = placed.get(&user.id);
            TeamCandidate {
                capacity: placed.map(|placed| placed.capacity),
                open_cases: placed.map_or(0, |placed| placed.open_cases),
                trained: trained.contains(&user.id),
                user,
            }
        })
        .collect();
    let rank = |candidate: &TeamCandidate| preference(candidate.trained, candidate.capacity);
    // Within one preference, fewest open cases first: cases go round the team.
    candidates.sort_by(|a, b| {
        rank(a).cmp(&rank(b)).then(a.open_cases.cmp(&b.open_cases)).then_with(|| a.user.name.cmp(&b.user.name))
    });
    Ok(candidates)
}

pub async fn add_to_team(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    user: UserId,
    part: &str,
) -> Result<(), AppError> {
    let file = super::load(store, ctx, id, Action::ManageCaseTeam).await?;
    let part = CaseRole::parse(part).map_err(|message| AppError::field("role", message))?;
    let Some(person) = store.user(user).await?.filter(|person| person.active) else {
        return Err(AppError::field("user", "Choose a colleague with an active account"));
    };
    if !may_play(person.role, part) {
        return Err(AppError::field(
            "role",
            format!(
                "{} has a {} account and cannot be the case's {}",
                person.name,
                person.role.label().to_lowercase(),
                part.label().to_lowercase()
            ),
        ));
    }
    if part == CaseRole::Lawyer {
        return Err(AppError::field(
            "user",
            "A lawyer joins through the legal referral, with an end date for their access",
        ));
    }
    if file.team_role_of(user).is_some() {
        return Err(AppError::field("user", format!("{} is on the team already", person.name)));
    }
    let entry =
        system_entry(ctx, EntryKind::TeamChange, format!("{} joined as {}.", person.name, part.label().to_lowercase()));
    let audit = ctx.audit("case.team_add", "case", Some(id.to_string()), format!("user {} as {}", user, part.as_str()));
    Ok(store.change_case(id, CaseChange::AddToTeam(user, part), &entry, &audit).await?)
}

pub async fn remove_from_team(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    user: UserId,
) -> Result<(), AppError> {
    let file = super::load(store, ctx, id, Action::ManageCaseTeam).await?;
    let Some(member) = file.team.iter().find(|member| member.user == user) else {
        return Err(AppError::field("user", "That person is not on this case's team"));
    };
    let entry = system_entry(
        ctx,
        EntryKind::TeamChange,
        format!("{} left the team ({}).", member.name, member.role.label().to_lowercase()),
    );
    let audit = ctx.audit("case.team_remove", "case", Some(id.to_string()), format!("user {user}"));
    Ok(store.change_case(id, CaseChange::RemoveFromTeam(user), &entry, &audit).await?)
}

pub async fn set_escalation(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    level: &str,
    note: &str,
) -> Result<(), AppError> {
    let file = super::load_open(store, ctx, id, Action::ManageCaseTeam).await?;
    let level = EscalationLevel::parse(level).map_err(|message| AppError::field("level", message))?;
    if level == file.summary.escalation_level {
        return Err(AppError::field("level", format!("The case is at {} level already", level.label().to_lowercase())));
    }
    if level == EscalationLevel::Legal {
        let approved = store.referrals(id).await?.iter().any(|referral| referral.status == ReferralStatus::Approved);
        if !approved {
            return Err(AppError::field(
                "level",
                "A case goes to legal level through a referral: ask for one with the file checklist, and a \
                 regional officer approves it",
            ));
        }
    }
    let note = optional_text(note, "note", 20_000)?;
    let direction = if level > file.summary.escalation_level { "Escalated" } else { "Handed back" };
    let mut body = format!("{direction} from {} to {}.", file.summary.escalation_level.label(), level.label());
    if let Some(note) = note {
        body.push_str(&format!("\n\n{note}"));
    }
    let entry = system_entry(ctx, EntryKind::TeamChange, body);
    let audit = ctx.audit("case.escalate", "case", Some(id.to_string()), level.as_str().to_owned());
    Ok(store
        .change_case(id, CaseChange::Escalation { from: file.summary.escalation_level, to: level }, &entry, &audit)
        .await?)
}
