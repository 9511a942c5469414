//! Referring a case to the union's lawyers: the step that needs named people. Whoever asks
//! attests to the full file checklist; a regional officer approves (moving the case to legal
//! level in the same write) or declines with a reason; an external lawyer then joins for a
//! fixed period and loses the file when it ends (the minute's sweep takes them off, and until
//! it does the access check already refuses them).

use chrono::{DateTime, Days, NaiveDate, Utc};
use steward_domain::case::kind::{CaseRole, EscalationLevel};
use steward_domain::case::referral::{check_access_until, ChecklistItem, ReferralStatus};
use steward_domain::case::timeline::{parse_entry_text, EntryKind};
use steward_domain::ids::UserId;
use steward_domain::permissions::Action;
use steward_domain::role::Role;

use super::{optional_text, system_entry};
use crate::ports::{AuditEntry, CaseId, ExpiredAccess, NewReferral, NewTimelineEntry, ReferralDecision, Store};
use crate::{AppError, RequestContext};

/// Asks for a legal referral. Every checklist item must be ticked: the officer decides on a
/// complete file, not a promise of one.
pub async fn request_referral(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    summary: &str,
    ticked: &[String],
) -> Result<i64, AppError> {
    let file = super::load_open(store, ctx, id, Action::ManageCaseTeam).await?;
    if file.summary.escalation_level == EscalationLevel::Legal {
        return Err(AppError::field("summary", "This case is with the union's lawyers already"));
    }
    let summary = parse_entry_text(summary).map_err(|message| AppError::field("summary", message))?;
    let mut checklist = Vec::new();
    for raw in ticked {
        let item = ChecklistItem::parse(raw).map_err(|message| AppError::field("checklist", message))?;
        if !checklist.contains(&item) {
            checklist.push(item);
        }
    }
    let missing = ChecklistItem::missing(&checklist);
    if !missing.is_empty() {
        let labels: Vec<&str> = missing.iter().map(|item| item.label()).collect();
        return Err(AppError::field(
            "checklist",
            format!("The file is not ready for the lawyers yet. Still to do: {}.", labels.join("; ")),
        ));
    }
    let entry = system_entry(
        ctx,
        EntryKind::TeamChange,
        format!("Legal referral requested; waiting for a regional officer's approval.\n\n{summary}"),
    );
    let referral = NewReferral {
        summary,
        checklist,
        requested_by: Some(ctx.actor.user_id).filter(|user| user.0 > 0),
        requested_by_label: ctx.actor_label.clone(),
        requested_at: ctx.now,
    };
    let audit = ctx.audit("case.referral_request", "case", Some(id.to_string()), String::new());
    store.request_referral(id, &referral, &entry, &audit).await.map_err(|error| match AppError::from(error) {
        AppError::Conflict { field: "referral", .. } => {
            AppError::field("summary", "A referral is waiting for an officer already")
        }
        other => other,
    })
}

/// An officer's decision on the waiting referral. Approving takes the case to legal level.
pub async fn decide_referral(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    referral: i64,
    approve: bool,
    note: &str,
) -> Result<(), AppError> {
    let file = super::load_open(store, ctx, id, Action::DecideReferral).await?;
    let waiting = store
        .referrals(id)
        .await?
        .into_iter()
        .find(|candidate| candidate.id == referral && candidate.status == ReferralStatus::Requested)
        .ok_or_else(|| AppError::field("referral", "That referral has been decided already or is not on this case"))?;
    let note = optional_text(note, "note", 20_000)?;
    let from = file.summary.escalation_level;
    let (decision, body, action) = if approve {
        let mut body = format!("Legal referral approved; the case moves from {} to legal level.", from.label());
        if let Some(note) = &note {
            body.push_str(&format!("\n\n{note}"));
        }
        (ReferralDecision::Approve { from }, body, "case.referral_approve")
    } else {
        let Some(reason) = note.as_deref() else {
            return Err(AppError::field("note", "Say why the referral is declined, so the team knows what to do next"));
        };
        (ReferralDecision::Decline { reason }, format!("Legal referral declined.\n\n{reason}"), "case.referral_decline")
    };
    let entry = system_entry(ctx, EntryKind::TeamChange, body);
    let audit = ctx.audit(action, "case", Some(id.to_string()), format!("referral {}", waiting.id));
    Ok(store.decide_referral(id, waiting.id, decision, &entry, &audit).await?)
}

/// Puts an external lawyer on a case that has gone to legal level, until the end of
/// `until` (a date, UK time is close enough: access ends at midnight UTC after it).
pub async fn add_external_lawyer(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    user: UserId,
    until: &str,
) -> Result<(), AppError> {
    let file = super::load_open(store, ctx, id, Action::ManageCaseTeam).await?;
    if file.summary.escalation_level != EscalationLevel::Legal {
        return Err(AppError::field("user", "A lawyer joins once a regional officer has approved the legal referral"));
    }
    let Some(person) = store.user(user).await?.filter(|person| person.active && person.role == Role::Lawyer) else {
        return Err(AppError::field("user", "Choose a lawyer with an active account"));
    };
    if file.team_role_of(user).is_some() {
        return Err(AppError::field("user", format!("{} is on the team already", person.name)));
    }
    let until = access_end(until, ctx.now)?;
    let entry = system_entry(
        ctx,
        EntryKind::TeamChange,
        format!(
            "{} joined as {} until {}.",
            person.name,
            CaseRole::Lawyer.label().to_lowercase(),
            until.format("%-d %B %Y %H:%M UTC")
        ),
    );
    let audit = ctx.audit(
        "case.team_add",
        "case",
        Some(id.to_string()),
        format!("user {user} as lawyer until {}", until.to_rfc3339()),
    );
    Ok(store.add_external_lawyer(id, user, until, &entry, &audit).await?)
}

/// The end of the day named, checked against the limits on external access.
fn access_end(raw: &str, now: DateTime<Utc>) -> Result<DateTime<Utc>, AppError> {
    let problem = |message: String| AppError::field("access_until", message);
    let date = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| problem("Give the last day of access as a date, like 2027-03-31".into()))?;
    let next_midnight = date
        .checked_add_days(Days::new(1))
        .and_then(|day| day.and_hms_opt(0, 0, 0))
        .map(|moment| moment.and_utc())
        .ok_or_else(|| problem("That date is out of range".into()))?;
    check_access_until(next_midnight, now).map_err(problem)
}

/// Takes external lawyers off the files whose access has run out; run every minute by the
/// server. Returns how many it took off.
pub async fn end_expired_access(store: &dyn Store, now: DateTime<Utc>) -> Result<u32, AppError> {
    let mut ended = 0;
    for access in store.expired_access(now, 100).await? {
        let entry = NewTimelineEntry {
            kind: EntryKind::TeamChange,
            author: None,
            author_label: "Steward".into(),
            body: format!("{}'s access to the file ended.", access.name),
            minutes: None,
            corrects: None,
            occurred_at: access.expired_at,
        };
        let audit = expiry_audit(&access, now);
        if store.end_external_access(&access, &entry, &audit).await? {
            ended += 1;
        }
    }
    Ok(ended)
}

fn expiry_audit(access: &ExpiredAccess, now: DateTime<Utc>) -> AuditEntry {
    AuditEntry {
        at: now,
        actor_user_id: None,
        actor_label: "access expiry".into(),
        action: "case.team_access_expired".into(),
        entity: "case".into(),
        entity_id: Some(access.case.to_string()),
        detail: format!("user {}", access.user),
        source: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn access_runs_to_the_end_of_the_day_named() {
        let now = DateTime::parse_from_rfc3339("2026-12-02T10:00:00Z").unwrap().with_timezone(&Utc);
        let end = access_end("2027-03-31", now).unwrap();
        assert_eq!(end.to_rfc3339(), "2027-04-01T00:00:00+00:00");
        assert!(matches!(access_end("31/03/2027", now), Err(AppError::Invalid(_))));
        assert!(matches!(access_end("2026-12-01", now), Err(AppError::Invalid(_))));
        assert!(matches!(access_end("2028-12-01", now), Err(AppError::Invalid(_))));
    }
}
