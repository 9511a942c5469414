//! Response targets and escalation contacts per branch. Officers set them for the branches in
//! their region, administrators for any; branches without their own use the defaults.

use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::{BranchId, RegionId, UserId};
use steward_domain::permissions::{Action, Target};
use steward_domain::role::Role;

use crate::ports::{BranchEnquirySettings, Store, UserRecord};
use crate::{AppError, RequestContext};

/// Defaults: one working day for a first answer, half a day after the member writes again.
pub const DEFAULT_FIRST_RESPONSE_MINUTES: u32 = 8 * 60;
pub const DEFAULT_NEXT_RESPONSE_MINUTES: u32 = 4 * 60;
/// The longest target allowed: ten working days.
const MAX_TARGET_MINUTES: u32 = 10 * 8 * 60;

/// One branch as the settings page shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BranchTargets {
    pub branch: BranchId,
    pub branch_name: String,
    pub settings: BranchEnquirySettings,
    /// False when the branch uses the defaults.
    pub own_settings: bool,
    /// Who may be the escalation contact: id and name.
    pub candidates: Vec<(UserId, String)>,
}

/// Every branch the asker may configure, with its settings or the defaults.
pub async fn branch_targets(store: &dyn Store, ctx: &RequestContext) -> Result<Vec<BranchTargets>, AppError> {
    ctx.require(Action::ManageEnquirySettings, Target::Any)?;
    let organisation = store.organisation().await?;
    let saved = store.branch_enquiry_settings().await?;
    let users = store.list_users().await?;
    Ok(organisation
        .branches
        .into_iter()
        .filter(|b| ctx.actor.scope.covers_branch(b.id, b.region))
        .map(|b| {
            let own = saved.iter().find(|s| s.branch == b.id).cloned();
            let candidates = users
                .iter()
                .filter(|u| may_be_contact(u, b.id, b.region))
                .map(|u| (u.id, format!("{} ({})", u.name, u.role.label())))
                .collect();
            BranchTargets {
                candidates,
                branch: b.id,
                branch_name: b.name,
                own_settings: own.is_some(),
                settings: own.unwrap_or(BranchEnquirySettings {
                    branch: b.id,
                    first_response_minutes: DEFAULT_FIRST_RESPONSE_MINUTES,
                    next_response_minutes: DEFAULT_NEXT_RESPONSE_MINUTES,
                    escalate_to: None,
                }),
            }
        })
        .collect())
}

/// The first- and next-response targets (minutes) for an enquiry from this workplace: its
/// branch's own, else the intake defaults.
pub(crate) async fn targets_for(
    store: &dyn Store,
    defaults: &super::IntakeSettings,
    workplace: Option<steward_domain::ids::WorkplaceId>,
) -> Result<(u32, u32), AppError> {
    let own = match workplace {
        Some(workplace) => store.enquiry_settings_for_workplace(workplace).await?,
        None => None,
    };
    Ok(own.map_or((defaults.first_response_minutes, defaults.next_response_minutes), |s| {
        (s.first_response_minutes, s.next_response_minutes)
    }))
}

/// The text a form or API call gives: hours as typed, the contact's user id or nothing.
#[derive(Debug, Clone, Default)]
pub struct BranchTargetsDraft {
    pub first_response_hours: String,
    pub next_response_hours: String,
    pub escalate_to: String,
}

pub async fn save_branch_targets(
    store: &dyn Store,
    ctx: &RequestContext,
    branch: BranchId,
    draft: &BranchTargetsDraft,
) -> Result<(), AppError> {
    ctx.require(Action::ManageEnquirySettings, Target::Any)?;
    let organisation = store.organisation().await?;
    let Some(found) = organisation.branches.iter().find(|b| b.id == branch) else { return Err(AppError::NotFound) };
    if !ctx.actor.scope.covers_branch(found.id, found.region) {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::new();
    let first = errors.take("first_response_hours", business_minutes(&draft.first_response_hours));
    let next = errors.take("next_response_hours", business_minutes(&draft.next_response_hours));
    let contact = errors.take("escalate_to", contact(store, &draft.escalate_to, found.id, found.region).await?);
    let (Some(first), Some(next), Some(escalate_to)) = (first, next, contact) else {
        return Err(AppError::Invalid(errors));
    };
    let settings =
        BranchEnquirySettings { branch, first_response_minutes: first, next_response_minutes: next, escalate_to };
    let detail = format!(
        "{}: first answer {first} min, next {next} min, escalate to {}",
        found.name,
        escalate_to.map_or("nobody".into(), |u| format!("user {u}"))
    );
    let audit = ctx.audit("enquiry_settings.save", "branch", Some(branch.to_string()), detail);
    Ok(store.save_branch_enquiry_settings(&settings, &audit).await?)
}

/// Hours of business time, as "8" or "1.5", to whole minutes.
fn business_minutes(raw: &str) -> Result<u32, String> {
    let hours: f64 =
        raw.trim().parse().map_err(|_| "Give a number of working hours, for example 8 or 1.5".to_owned())?;
    let minutes = (hours * 60.0).round();
    if !minutes.is_finite() || minutes < 15.0 || minutes > f64::from(MAX_TARGET_MINUTES) {
        return Err("Give between a quarter of an hour and 80 working hours (ten days)".into());
    }
    // In range, so the conversion is exact.
    Ok(minutes as u32)
}

/// The escalation contact must be an active officer, caseworker or administrator whose
/// scope covers the branch, so the escalated enquiry is one they can open.
async fn contact(
    store: &dyn Store,
    raw: &str,
    branch: BranchId,
    region: RegionId,
) -> Result<Result<Option<UserId>, String>, AppError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(Ok(None));
    }
    let refused = || Ok(Err("Choose someone who can open this branch's enquiries".to_owned()));
    let Ok(id) = raw.parse::<i64>() else { return refused() };
    let Some(user) = store.user(UserId(id)).await? else { return refused() };
    if may_be_contact(&user, branch, region) {
        Ok(Ok(Some(user.id)))
    } else {
        refused()
    }
}

fn may_be_contact(user: &UserRecord, branch: BranchId, region: RegionId) -> bool {
    user.active
        && matches!(user.role, Role::Admin | Role::Officer | Role::Caseworker | Role::Staff)
        && user.scope.covers_branch(branch, region)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_become_minutes_within_limits() {
        assert_eq!(business_minutes("8"), Ok(480));
        assert_eq!(business_minutes(" 1.5 "), Ok(90));
        for bad in ["", "eight", "0", "0.1", "81", "NaN", "inf", "-2"] {
            assert!(business_minutes(bad).is_err(), "{bad}");
        }
    }
}
