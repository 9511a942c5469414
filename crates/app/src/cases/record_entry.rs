//! Writing on a case's timeline: notes, calls, e-mails, meetings, documents and time spent.
//! Entries are never edited; a correction is a new entry pointing at the one it corrects.

use chrono::{Datelike, NaiveTime};
use steward_domain::case::timeline::{parse_entry_text, parse_minutes, EntryKind};
use steward_domain::enquiry::uk_time::{from_uk_local, to_uk_local};
use steward_domain::field_errors::FieldErrors;
use steward_domain::member::parse_iso_date;
use steward_domain::permissions::Action;

use crate::ports::{CaseId, NewTimelineEntry, Store};
use crate::{AppError, RequestContext};

#[derive(Debug, Clone, Default)]
pub struct EntryDraft {
    pub kind: String,
    pub body: String,
    /// Minutes spent, blank for none (required for `time_spent`).
    pub minutes: String,
    /// YYYY-MM-DD when it happened; blank is now.
    pub occurred_on: String,
    /// The entry this one corrects.
    pub corrects: Option<i64>,
}

pub async fn record_entry(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    draft: &EntryDraft,
) -> Result<i64, AppError> {
    // Closed cases still take notes and corrections: files are completed after the outcome.
    super::load(store, ctx, id, Action::WorkOnCase).await?;
    let mut errors = FieldErrors::new();
    // A correction is always recorded as one, whatever kind the corrected entry was.
    let kind = if draft.corrects.is_some() {
        Some(EntryKind::Correction)
    } else {
        errors.take("kind", EntryKind::parse_written(&draft.kind))
    };
    let body = errors.take("body", parse_entry_text(&draft.body));
    let minutes = errors.take("minutes", parse_minutes(&draft.minutes)).flatten();
    if kind == Some(EntryKind::TimeSpent) && minutes.is_none() && errors.get("minutes").is_none() {
        errors.add("minutes", "Say how many minutes were spent");
    }
    let today = to_uk_local(ctx.now).date();
    let occurred_at = match draft.occurred_on.trim() {
        "" => Some(ctx.now),
        raw => match parse_iso_date(raw) {
            Some(date) if date > today => {
                errors.add("occurred_on", "That date is in the future");
                None
            }
            Some(date) if date.year() < 1950 => {
                errors.add("occurred_on", "Check the year");
                None
            }
            Some(date) if date == today => Some(ctx.now),
            Some(date) => Some(from_uk_local(date.and_time(NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default()))),
            None => {
                errors.add("occurred_on", "Give the date as YYYY-MM-DD");
                None
            }
        },
    };
    if let Some(corrected) = draft.corrects {
        if !store.timeline_entry_on_case(id, corrected).await? {
            errors.add("corrects", "That entry is not on this case's timeline");
        }
    }
    let (Some(kind), Some(body), Some(occurred_at), true) = (kind, body, occurred_at, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let entry = NewTimelineEntry {
        kind,
        author: Some(ctx.actor.user_id).filter(|user| user.0 > 0),
        author_label: ctx.actor_label.clone(),
        body,
        minutes,
        corrects: draft.corrects,
        occurred_at,
    };
    let audit = ctx.audit("case.entry", "case", Some(id.to_string()), kind.as_str().to_owned());
    Ok(store.add_timeline_entry(id, &entry, &audit).await?)
}
