//! Drafting a time-off request and changing the draft. The fields are checked here; what
//! only matters when the request goes to the employer (a training course's syllabus, the
//! notice) is checked on submit.

use chrono::{Days, NaiveDate};
use steward_domain::case::timeline::parse_optional_text;
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::facility::category::{parse_duration, TimeCategory};
use steward_domain::facility::compensation::MAX_REQUEST_DAYS;
use steward_domain::field_errors::FieldErrors;
use steward_domain::member::parse_iso_date;
use steward_domain::permissions::{Action, Target};

use super::{load_own, placement};
use crate::ports::{Meeting, NewTimeOffRequest, Store, TimeOffFields};
use crate::{AppError, RequestContext};

/// A request as typed. A blank end date is the start date.
#[derive(Debug, Clone, Default)]
pub struct TimeOffDraft {
    pub category: String,
    pub starts_on: String,
    pub ends_on: String,
    /// Hours in all: "7.5", "7:30", "90m", or "37.5" for a week's course.
    pub hours: String,
    pub purpose: String,
    pub meeting: Option<i64>,
    pub course_name: String,
    /// The course's syllabus or outline: pasted text or its web address.
    pub syllabus: String,
}

pub const MAX_PURPOSE_CHARS: usize = 2_000;
pub const MAX_COURSE_CHARS: usize = 200;
pub const MAX_SYLLABUS_CHARS: usize = 20_000;
/// Requests are made for the next two years at most, and after the event for 90 days.
const MAX_DAYS_AHEAD: u64 = 730;
const MAX_DAYS_BACK: u64 = 90;

pub async fn create_time_off(store: &dyn Store, ctx: &RequestContext, draft: &TimeOffDraft) -> Result<i64, AppError> {
    ctx.require(Action::RequestTimeOff, Target::Any)?;
    let fields = parse_fields(store, ctx, draft).await?;
    let (workplace, employer) = placement(store, ctx).await?;
    let new = NewTimeOffRequest { user: ctx.actor.user_id, employer, workplace, fields, created_at: ctx.now };
    let audit = ctx.audit(
        "time_off.create",
        "time_off_request",
        None,
        format!("{} from {}", new.fields.category.as_str(), new.fields.starts_on),
    );
    Ok(store.create_time_off_request(&new, &audit).await?)
}

pub async fn edit_time_off(
    store: &dyn Store,
    ctx: &RequestContext,
    id: i64,
    draft: &TimeOffDraft,
) -> Result<(), AppError> {
    let request = load_own(store, ctx, id).await?;
    if request.status != steward_domain::facility::time_off::RequestStatus::Draft {
        return Err(AppError::Conflict {
            field: "status",
            message: "Only a draft can be changed; withdraw this request and make a new one".into(),
        });
    }
    let fields = parse_fields(store, ctx, draft).await?;
    // A syllabus file belongs to a training request; it is not dropped without being asked.
    if fields.category != TimeCategory::Training && store.time_off_syllabus(id).await?.is_some() {
        return Err(AppError::field(
            "category",
            "This draft has a syllabus file attached: remove the file first, or keep the kind as training",
        ));
    }
    let audit = ctx.audit("time_off.edit", "time_off_request", Some(id.to_string()), String::new());
    Ok(store.update_time_off_draft(id, ctx.actor.user_id, &fields, ctx.now, &audit).await?)
}

async fn parse_fields(
    store: &dyn Store,
    ctx: &RequestContext,
    draft: &TimeOffDraft,
) -> Result<TimeOffFields, AppError> {
    let today = to_uk_local(ctx.now).date();
    let mut errors = FieldErrors::new();
    let category = errors.take("category", TimeCategory::parse(&draft.category));
    let starts_on = errors.take("starts_on", parse_start(&draft.starts_on, today));
    let ends_on = match (starts_on, draft.ends_on.trim()) {
        (Some(start), "") => Some(start),
        (start, raw) => errors.take("ends_on", parse_end(raw, start)),
    };
    let days = match (starts_on, ends_on) {
        (Some(start), Some(end)) => u32::try_from((end - start).num_days() + 1).unwrap_or(1),
        _ => 1,
    };
    let minutes = errors.take("hours", parse_hours(&draft.hours, days));
    let purpose = match errors.take("purpose", parse_optional_text(&draft.purpose, MAX_PURPOSE_CHARS)) {
        Some(Some(purpose)) => Some(purpose),
        Some(None) => {
            errors.add("purpose", "Say what the time off is for, for example: accompany a member at a hearing");
            None
        }
        None => None,
    };
    let course_name = errors.take("course_name", parse_optional_text(&draft.course_name, MAX_COURSE_CHARS));
    let syllabus = errors.take("syllabus", parse_optional_text(&draft.syllabus, MAX_SYLLABUS_CHARS));
    if let Some(meeting) = draft.meeting {
        if let Err(message) = check_meeting(store, ctx, meeting).await? {
            errors.add("meeting", message);
        }
    }
    let (
        Some(category),
        Some(starts_on),
        Some(ends_on),
        Some(minutes),
        Some(purpose),
        Some(course_name),
        Some(syllabus),
    ) = (category, starts_on, ends_on, minutes, purpose, course_name, syllabus)
    else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    Ok(TimeOffFields { category, starts_on, ends_on, minutes, purpose, meeting: draft.meeting, course_name, syllabus })
}

/// Whether the asker may link this meeting: it exists and its case is one they may see.
pub(super) async fn check_meeting(
    store: &dyn Store,
    ctx: &RequestContext,
    meeting: i64,
) -> Result<Result<Meeting, String>, AppError> {
    let missing = || Ok(Err("Choose a meeting on one of your cases".to_owned()));
    let Some(found) = store.meeting(meeting).await? else { return missing() };
    let Some(file) = store.case_file(found.case).await? else { return missing() };
    if ctx.require(Action::ViewCase, crate::cases::target_of(&file, ctx)).is_err() {
        return missing();
    }
    Ok(Ok(found))
}

fn parse_start(raw: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let date = parse_iso_date(raw).ok_or_else(|| "Give the first day as YYYY-MM-DD".to_string())?;
    if today.checked_add_days(Days::new(MAX_DAYS_AHEAD)).is_some_and(|latest| date > latest) {
        return Err("Ask for time off up to two years ahead".into());
    }
    if today.checked_sub_days(Days::new(MAX_DAYS_BACK)).is_some_and(|earliest| date < earliest) {
        return Err(format!("A request after the event is made within {MAX_DAYS_BACK} days"));
    }
    Ok(date)
}

fn parse_end(raw: &str, start: Option<NaiveDate>) -> Result<NaiveDate, String> {
    let date = parse_iso_date(raw).ok_or_else(|| "Give the last day as YYYY-MM-DD, or leave it blank".to_string())?;
    if let Some(start) = start {
        if date < start {
            return Err("The last day cannot be before the first".into());
        }
        if (date - start).num_days() >= MAX_REQUEST_DAYS {
            return Err(format!("One request covers at most {MAX_REQUEST_DAYS} days; make one for each part"));
        }
    }
    Ok(date)
}

/// Hours in all, over `days` days: the ways time is logged ("7.5", "7:30", "90m", "2h 15m"),
/// or whole and decimal hours beyond a day ("37.5" for a week's course).
fn parse_hours(raw: &str, days: u32) -> Result<u32, String> {
    let text = raw.trim().to_ascii_lowercase().replace(' ', "");
    if text.is_empty() {
        return Err("Give the hours you need off, for example 3.5 or 7:30".into());
    }
    let minutes = match parse_duration(&text) {
        Ok(minutes) => minutes,
        Err(message) => {
            let hours: f64 = text.trim_end_matches('h').parse().map_err(|_| message.clone())?;
            if !hours.is_finite() || hours <= 24.0 {
                return Err(message);
            }
            (hours * 60.0).round() as u32
        }
    };
    if u64::from(minutes) > u64::from(days) * 24 * 60 {
        return Err("That is more hours than the days hold; check the hours or the last day".into());
    }
    Ok(minutes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hours_are_read_as_typed_and_fit_the_days() {
        assert_eq!(parse_hours("7.5", 1), Ok(450));
        assert_eq!(parse_hours("7:30", 1), Ok(450));
        assert_eq!(parse_hours("90m", 1), Ok(90));
        assert_eq!(parse_hours("37.5", 5), Ok(2_250));
        assert!(parse_hours("37.5", 1).is_err());
        for bad in ["", "0", "-3", "ten", "NaN", "inf", "1e9"] {
            assert!(parse_hours(bad, 31).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_run_forward_within_a_month_and_two_years() {
        let today = NaiveDate::from_ymd_opt(2026, 5, 1).unwrap();
        assert!(parse_start("2026-05-12", today).is_ok());
        assert!(parse_start("2029-01-01", today).is_err());
        assert!(parse_start("2025-12-01", today).is_err());
        assert!(parse_start("12/05/2026", today).is_err());
        let start = NaiveDate::from_ymd_opt(2026, 5, 12);
        assert!(parse_end("2026-05-11", start).is_err());
        assert!(parse_end("2026-06-30", start).is_err());
        assert!(parse_end("2026-05-14", start).is_ok());
    }
}
