//! Logging union time. Time against a case also goes on its timeline (as time spent), in the
//! same write; time against a meeting is against that meeting's case.

use chrono::{Days, NaiveDate};
use steward_domain::case::timeline::{parse_optional_text, EntryKind};
use steward_domain::facility::category::{hours_label, parse_duration, TimeCategory};
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::EmployerId;
use steward_domain::organisation::Scope;
use steward_domain::permissions::{Action, Target};

use crate::ports::{CaseId, EnquiryId, NewTimeEntry, NewTimelineEntry, Store};
use crate::{AppError, RequestContext};
use steward_domain::enquiry::uk_time::to_uk_local;

/// Time as typed. A blank date is today.
#[derive(Debug, Clone, Default)]
pub struct TimeDraft {
    pub category: String,
    pub employer_paid: bool,
    pub worked_on: String,
    pub duration: String,
    pub case: Option<CaseId>,
    pub enquiry: Option<EnquiryId>,
    pub meeting: Option<i64>,
    pub note: String,
}

/// How far back time may be logged: the publication year closes in July for the year before.
const MAX_DAYS_BACK: u64 = 400;
const MAX_NOTE_CHARS: usize = 2_000;

pub async fn log_time(store: &dyn Store, ctx: &RequestContext, draft: &TimeDraft) -> Result<i64, AppError> {
    ctx.require(Action::LogTime, Target::Any)?;
    let today = to_uk_local(ctx.now).date();
    let mut errors = FieldErrors::new();
    let category = errors.take("category", TimeCategory::parse(&draft.category));
    let minutes = errors.take("duration", parse_duration(&draft.duration));
    let worked_on = errors.take("worked_on", parse_worked_on(&draft.worked_on, today));
    let note = errors.take("note", parse_optional_text(&draft.note, MAX_NOTE_CHARS));
    let (Some(category), Some(minutes), Some(worked_on), Some(note)) = (category, minutes, worked_on, note) else {
        return Err(AppError::Invalid(errors));
    };
    // A meeting's time is against its case.
    let mut case = draft.case;
    if let Some(meeting) = draft.meeting {
        let found =
            store.meeting(meeting).await?.ok_or_else(|| AppError::field("meeting", "There is no such meeting"))?;
        // A meeting on a case the asker may not work on reads as not found, like the case, so
        // the message below never confirms that someone else's meeting exists.
        crate::cases::load_open(store, ctx, found.case, Action::WorkOnCase).await?;
        if case.is_some_and(|case| case != found.case) {
            return Err(AppError::field("meeting", "That meeting is on another case"));
        }
        case = Some(found.case);
    }
    let timeline = match case {
        Some(id) => {
            crate::cases::load_open(store, ctx, id, Action::WorkOnCase).await?;
            let mut body = format!("{} of {}.", hours_label(u64::from(minutes)), category.label().to_lowercase());
            if let Some(note) = &note {
                body.push_str(&format!("\n\n{note}"));
            }
            Some(NewTimelineEntry {
                kind: EntryKind::TimeSpent,
                author: Some(ctx.actor.user_id).filter(|user| user.0 > 0),
                author_label: ctx.actor_label.clone(),
                body,
                minutes: Some(minutes),
                corrects: None,
                occurred_at: ctx.now,
            })
        }
        None => None,
    };
    if let Some(enquiry) = draft.enquiry {
        let detail = store.enquiry(enquiry).await?.ok_or(AppError::NotFound)?;
        ctx.require(Action::WorkOnEnquiry, crate::enquiries::target_of(&detail.summary))?;
    }
    let entry = NewTimeEntry {
        user: ctx.actor.user_id,
        employer: employer_of(store, ctx).await?,
        category,
        employer_paid: category == TimeCategory::Activities && draft.employer_paid,
        worked_on,
        minutes,
        case,
        enquiry: draft.enquiry,
        meeting: draft.meeting,
        note,
        created_at: ctx.now,
    };
    let audit =
        ctx.audit("time.log", "time_entry", None, format!("{} min of {} on {}", minutes, category.as_str(), worked_on));
    Ok(store.add_time_entry(&entry, timeline.as_ref(), &audit).await?)
}

pub async fn delete_time_entry(store: &dyn Store, ctx: &RequestContext, id: i64) -> Result<(), AppError> {
    ctx.require(Action::LogTime, Target::Any)?;
    let audit = ctx.audit("time.delete", "time_entry", Some(id.to_string()), String::new());
    Ok(store.delete_time_entry(ctx.actor.user_id, id, &audit).await?)
}

fn parse_worked_on(raw: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(today);
    }
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d").map_err(|_| "Give the date as YYYY-MM-DD".to_string())?;
    if date > today {
        return Err("Log time once it is worked, not ahead".into());
    }
    if today.checked_sub_days(Days::new(MAX_DAYS_BACK)).is_some_and(|earliest| date < earliest) {
        return Err(format!("Time can be logged up to {MAX_DAYS_BACK} days back"));
    }
    Ok(date)
}

/// Whose facility time it is: the employer on the person's profile, else their workplace's.
async fn employer_of(store: &dyn Store, ctx: &RequestContext) -> Result<Option<EmployerId>, AppError> {
    if let Some(employer) = store.rep_profile(ctx.actor.user_id).await?.employer {
        return Ok(Some(employer));
    }
    match ctx.actor.scope {
        Scope::Workplace(workplace) => Ok(store.routing_place(workplace).await?.employer.map(EmployerId)),
        Scope::Union | Scope::Region(_) | Scope::Branch(_) => Ok(None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn time_is_logged_for_the_past_year_and_never_ahead() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        assert_eq!(parse_worked_on("", today), Ok(today));
        assert_eq!(parse_worked_on("2026-11-30", today), Ok(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()));
        assert!(parse_worked_on("2026-12-03", today).unwrap_err().contains("not ahead"));
        assert!(parse_worked_on("2024-01-01", today).unwrap_err().contains("400"));
        assert!(parse_worked_on("30/11/2026", today).is_err());
    }
}
