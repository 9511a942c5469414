//! When a rep stands down (or anyone leaves a case team for good), their open cases are
//! offered for reallocation: an officer, caseworker or administrator hands each part to a
//! colleague, and the person who stood down loses access to each case as it is handed on.

use steward_domain::case::access::CaseAccess;
use steward_domain::case::kind::CaseRole;
use steward_domain::case::timeline::EntryKind;
use steward_domain::ids::UserId;
use steward_domain::permissions::{Action, Target};

use super::team::may_play;
use super::{optional_text, system_entry, target_of};
use crate::ports::{CaseChange, CaseSummary, Store, UserRecord};
use crate::{AppError, RequestContext};

/// The open cases `user` is on that the asker may reallocate, with the part they play.
pub async fn cases_to_reallocate(
    store: &dyn Store,
    ctx: &RequestContext,
    user: UserId,
) -> Result<(UserRecord, Vec<(CaseSummary, CaseRole)>), AppError> {
    ctx.require(Action::ManageCaseTeam, Target::Any)?;
    let person = store.user(user).await?.ok_or(AppError::NotFound)?;
    let held = store.cases_held_by(user, "open").await?;
    // Where each case sits and the asker's own part on it, read for all of them at once.
    let ids: Vec<_> = held.iter().map(|(summary, _)| summary.id).collect();
    let access: std::collections::HashMap<_, _> =
        store.case_access(&ids, ctx.actor.user_id).await?.into_iter().map(|row| (row.id, row)).collect();
    let cases = held
        .into_iter()
        .filter(|(summary, _)| {
            access.get(&summary.id).is_some_and(|row| {
                let target = Target::Case(CaseAccess { path: Some(row.path), team_role: row.team_role_at(ctx.now) });
                ctx.require(Action::ManageCaseTeam, target).is_ok()
            })
        })
        .collect();
    Ok((person, cases))
}

/// Hands every open case `from` is on (that the asker may manage) to `to`, and takes `from`
/// off the teams of their closed cases, so they keep no access; returns how many open cases
/// moved. Each case is its own write, so one someone else changed meanwhile is skipped.
pub async fn reallocate_cases(
    store: &dyn Store,
    ctx: &RequestContext,
    from: UserId,
    to: UserId,
    reason: &str,
) -> Result<usize, AppError> {
    let (person, cases) = cases_to_reallocate(store, ctx, from).await?;
    if from == to {
        return Err(AppError::field("to", "Choose someone else to take the cases"));
    }
    let Some(taker) = store.user(to).await?.filter(|taker| taker.active) else {
        return Err(AppError::field("to", "Choose a colleague with an active account"));
    };
    let reason = optional_text(reason, "reason", 2_000)?;
    if let Some((_, role)) = cases.iter().find(|(_, role)| !may_play(taker.role, *role)) {
        return Err(AppError::field(
            "to",
            format!(
                "{} cannot be a case's {}: choose someone with the same kind of account",
                taker.name,
                role.label().to_lowercase()
            ),
        ));
    }
    let mut moved = 0;
    for (summary, role) in &cases {
        let mut body = format!("{} handed over to {} ({}).", person.name, taker.name, role.label().to_lowercase());
        if let Some(reason) = &reason {
            body.push_str(&format!(" {reason}"));
        }
        let entry = system_entry(ctx, EntryKind::TeamChange, body);
        let detail = format!("user {} to user {} as {}", from, to, role.as_str());
        let audit = ctx.audit("case.reallocate", "case", Some(summary.id.to_string()), detail);
        match store.change_case(summary.id, CaseChange::Reallocate { from, to, role: *role }, &entry, &audit).await {
            Ok(()) => moved += 1,
            Err(crate::ports::StoreError::Stale) => {}
            Err(error) => return Err(error.into()),
        }
    }
    for (summary, _) in store.cases_held_by(from, "closed").await? {
        let Some(file) = store.case_file(summary.id).await? else { continue };
        if ctx.require(Action::ManageCaseTeam, target_of(&file, ctx)).is_err() {
            continue;
        }
        let entry = system_entry(ctx, EntryKind::TeamChange, format!("{} left the team (stood down).", person.name));
        let audit = ctx.audit("case.team_remove", "case", Some(summary.id.to_string()), format!("user {from}"));
        match store.change_case(summary.id, CaseChange::RemoveFromTeam(from), &entry, &audit).await {
            Ok(()) | Err(crate::ports::StoreError::Stale) => {}
            Err(error) => return Err(error.into()),
        }
    }
    Ok(moved)
}

/// Who could take over all of `from`'s open parts: active people, other than `from`, whose
/// accounts may play every part `from` plays.
pub async fn reallocation_candidates(
    store: &dyn Store,
    ctx: &RequestContext,
    from: UserId,
) -> Result<Vec<UserRecord>, AppError> {
    let (_, cases) = cases_to_reallocate(store, ctx, from).await?;
    let mut users: Vec<UserRecord> = store
        .list_users()
        .await?
        .into_iter()
        .filter(|user| user.active && user.id != from)
        .filter(|user| cases.iter().all(|(_, role)| may_play(user.role, *role)))
        .collect();
    users.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(users)
}
