//! Each person's private calendar feed: an unguessable address (kept only as a hash) that a
//! calendar app polls without signing in, listing the meetings and deadlines of their cases.
//! Making a new address ends the old one. Every read of the feed is audited.

use chrono::{DateTime, Days, Duration, Utc};
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::permissions::{Action, Actor, Target};

use crate::ports::{AuditEntry, DueItem, Meeting, Store, UserRecord};
use crate::secrets::{random_token, token_hash};
use crate::{AppError, RequestContext};

/// Meetings and deadlines from this long ago stay in the feed, so a calendar keeps the recent past.
const FEED_PAST_DAYS: i64 = 30;
const FEED_LIMIT: u32 = 500;

/// Makes (or replaces) the asker's feed address; returns the secret part, shown once.
pub async fn create_calendar_feed(store: &dyn Store, ctx: &RequestContext) -> Result<String, AppError> {
    ctx.require(Action::ListCases, Target::Any)?;
    let token = random_token();
    let audit = ctx.audit("calendar_feed.create", "user", Some(ctx.actor.user_id.to_string()), String::new());
    store.set_calendar_feed(ctx.actor.user_id, &token_hash(&token), &audit).await?;
    Ok(token)
}

/// What a feed shows.
#[derive(Debug, Clone, PartialEq)]
pub struct CalendarFeed {
    pub user: UserRecord,
    pub meetings: Vec<Meeting>,
    pub deadlines: Vec<DueItem>,
    /// The next facility-time publication deadline, for those who may see the figures.
    pub publication_deadlines: Vec<crate::facility::PublicationDue>,
}

/// The feed behind a secret address, or not found. The owner's role must still allow cases.
pub async fn calendar_feed(store: &dyn Store, token: &str, now: DateTime<Utc>) -> Result<CalendarFeed, AppError> {
    if token.is_empty()
        || token.len() > 200
        || !token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(AppError::NotFound);
    }
    let user = store.user_by_calendar_feed(&token_hash(token)).await?.ok_or(AppError::NotFound)?;
    let actor = Actor { user_id: user.id, role: user.role, scope: user.scope };
    if !steward_domain::permissions::authorize(&actor, Action::ListCases, Target::Any).is_allowed() {
        return Err(AppError::NotFound);
    }
    let since = now - Duration::days(FEED_PAST_DAYS);
    let meetings = store.meetings_for_user(user.id, since, FEED_LIMIT).await?;
    let until = to_uk_local(now).date().checked_add_days(Days::new(366)).unwrap_or(chrono::NaiveDate::MAX);
    let deadlines = store.due_for_user(user.id, until, FEED_LIMIT).await?;
    let publication_deadlines =
        if steward_domain::permissions::authorize(&actor, Action::ViewFacilityReport, Target::Any).is_allowed() {
            crate::facility::next_publication_deadline(to_uk_local(now).date()).into_iter().collect()
        } else {
            Vec::new()
        };
    store
        .record(&AuditEntry {
            at: now,
            actor_user_id: Some(user.id),
            actor_label: user.email.clone(),
            action: "calendar_feed.read".into(),
            entity: "user".into(),
            entity_id: Some(user.id.to_string()),
            detail: format!("{} meetings, {} deadlines", meetings.len(), deadlines.len()),
            source: None,
        })
        .await?;
    Ok(CalendarFeed { user, meetings, deadlines, publication_deadlines })
}
