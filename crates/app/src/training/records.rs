//! Keeping a person's training records, and reading who holds a competence on a day.

use std::collections::HashSet;

use chrono::NaiveDate;
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::UserId;
use steward_domain::member::parse_iso_date;
use steward_domain::permissions::{Action, Target};
use steward_domain::training::{check_dates, Competence};

use crate::organisation::people::person_kept_by;
use crate::ports::{NewTrainingRecord, Store, TrainingRecord, UserRecord};
use crate::{AppError, RequestContext};

/// The longest course title kept.
const MAX_COURSE_CHARS: usize = 200;

/// A record as typed: dates as YYYY-MM-DD, a blank refresher date for training that lasts.
#[derive(Debug, Clone, Default)]
pub struct TrainingDraft {
    pub competence: String,
    pub course: String,
    pub completed_on: String,
    pub expires_on: String,
}

/// A person with their records, each marked current or lapsed as of today.
#[derive(Debug, Clone)]
pub struct PersonTraining {
    pub user: UserRecord,
    pub records: Vec<(TrainingRecord, bool)>,
    pub today: NaiveDate,
}

fn today(ctx: &RequestContext) -> NaiveDate {
    to_uk_local(ctx.now).date()
}

async fn with_records(store: &dyn Store, ctx: &RequestContext, user: UserRecord) -> Result<PersonTraining, AppError> {
    let today = today(ctx);
    let records = store
        .training_records(user.id)
        .await?
        .into_iter()
        .map(|record| {
            let current = record.accreditation().current_on(today);
            (record, current)
        })
        .collect();
    Ok(PersonTraining { user, records, today })
}

/// One's own training, whatever one's role.
pub async fn my_training(store: &dyn Store, ctx: &RequestContext) -> Result<PersonTraining, AppError> {
    ctx.require(Action::ManageOwnAccount, Target::Any)?;
    let me = store.user(ctx.actor.user_id).await?.ok_or(AppError::NotFound)?;
    with_records(store, ctx, me).await
}

/// Someone's training, for the officer or administrator who keeps it.
pub async fn person_training(
    store: &dyn Store,
    ctx: &RequestContext,
    user: UserId,
) -> Result<PersonTraining, AppError> {
    let person = person_kept_by(store, ctx, user, Action::RecordTraining).await?;
    with_records(store, ctx, person).await
}

/// The person whose records the asker may change: never their own, since training ranks people
/// in assignment suggestions and a record should be someone else's word.
async fn person_to_change(store: &dyn Store, ctx: &RequestContext, user: UserId) -> Result<UserRecord, AppError> {
    let person = person_kept_by(store, ctx, user, Action::RecordTraining).await?;
    if user == ctx.actor.user_id {
        return Err(AppError::Conflict {
            field: "user",
            message: "Someone else records your training: it ranks you in assignment suggestions".into(),
        });
    }
    Ok(person)
}

pub async fn record_training(
    store: &dyn Store,
    ctx: &RequestContext,
    user: UserId,
    draft: &TrainingDraft,
) -> Result<i64, AppError> {
    let person = person_to_change(store, ctx, user).await?;
    let mut errors = FieldErrors::new();
    let competence = errors.take("competence", Competence::parse(&draft.competence));
    let course = errors.take("course", parse_course(&draft.course));
    let completed_on = errors.take("completed_on", parse_date(&draft.completed_on, "the date they completed it"));
    let expires_on = match draft.expires_on.trim() {
        "" => Some(None),
        raw => errors.take("expires_on", parse_date(raw, "the refresher date")).map(Some),
    };
    if let Some(completed) = completed_on {
        // An unreadable refresher date is reported already; the completion date is still checked.
        if let Err(message) = check_dates(completed, expires_on.flatten(), today(ctx)) {
            let field = if completed > today(ctx) { "completed_on" } else { "expires_on" };
            errors.add(field, message);
        }
    }
    let (Some(competence), Some(course), Some(completed_on), Some(expires_on)) =
        (competence, course, completed_on, expires_on)
    else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let record = NewTrainingRecord {
        user,
        competence,
        course,
        completed_on,
        expires_on,
        recorded_by: ctx.actor.user_id,
        recorded_at: ctx.now,
    };
    let detail = format!("{}: {} completed {}", person.email, competence.as_str(), completed_on);
    let audit = ctx.audit("training.record", "user", Some(user.to_string()), detail);
    Ok(store.add_training_record(&record, &audit).await?)
}

pub async fn remove_training(
    store: &dyn Store,
    ctx: &RequestContext,
    user: UserId,
    record: i64,
) -> Result<(), AppError> {
    let person = person_to_change(store, ctx, user).await?;
    let audit =
        ctx.audit("training.remove", "user", Some(user.to_string()), format!("{}: record {record}", person.email));
    Ok(store.remove_training_record(user, record, &audit).await?)
}

/// Everyone who holds any of `competences` today. Read for suggestions, so not audited.
pub async fn holders_of(
    store: &dyn Store,
    ctx: &RequestContext,
    competences: &[Competence],
) -> Result<HashSet<UserId>, AppError> {
    let mut holders = HashSet::new();
    for competence in competences {
        holders.extend(store.trained_in(*competence, today(ctx)).await?);
    }
    Ok(holders)
}

fn parse_course(raw: &str) -> Result<String, String> {
    let course = raw.trim();
    if course.is_empty() {
        return Err("Give the course's name".into());
    }
    if course.chars().count() > MAX_COURSE_CHARS {
        return Err(format!("Keep the course's name to {MAX_COURSE_CHARS} characters"));
    }
    if course.chars().any(char::is_control) {
        return Err("The course's name has characters that cannot be shown".into());
    }
    Ok(course.to_owned())
}

fn parse_date(raw: &str, what: &str) -> Result<NaiveDate, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(format!("Give {what}"));
    }
    parse_iso_date(raw).ok_or_else(|| format!("Give {what} as YYYY-MM-DD"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn course_names_are_trimmed_and_bounded() {
        assert_eq!(parse_course("  Reps stage 1 "), Ok("Reps stage 1".to_string()));
        assert!(parse_course("   ").is_err());
        assert!(parse_course(&"x".repeat(201)).is_err());
        assert!(parse_course("bad\u{0}name").is_err());
    }

    #[test]
    fn dates_are_iso() {
        assert!(parse_date("2026-02-30", "the date").is_err());
        assert!(parse_date("25-3-1", "the date").is_err(), "no year 25");
        assert!(parse_date("+10000-01-01", "the date").is_err());
        assert!(parse_date("", "the date").is_err());
        assert_eq!(parse_date("2026-02-28", "the date"), NaiveDate::from_ymd_opt(2026, 2, 28).ok_or(String::new()));
    }
}
