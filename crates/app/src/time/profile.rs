//! A person's profile for facility time: who employs them, their contracted and full-time
//! hours a week, the facility time they have, and what an hour of theirs costs the employer
//! (for the publication figures). Officers and administrators keep it; each person sees their own.

use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::{EmployerId, UserId};
use steward_domain::permissions::Action;

use crate::organisation::people;
use crate::ports::{RepProfile, Store, UserRecord};
use crate::{AppError, RequestContext};

#[derive(Debug, Clone, Default)]
pub struct ProfileDraft {
    pub employer: String,
    pub contracted_hours_per_week: String,
    pub full_time_hours_per_week: String,
    pub facility_hours_per_week: String,
    /// Pounds and pence per hour: gross pay plus employer's NI and pension.
    pub hourly_cost: String,
}

/// A person and their profile, for the page and the API that keep it.
#[derive(Debug, Clone)]
pub struct PersonProfile {
    pub user: UserRecord,
    pub profile: RepProfile,
}

async fn person_kept_by(store: &dyn Store, ctx: &RequestContext, user: UserId) -> Result<UserRecord, AppError> {
    people::person_kept_by(store, ctx, user, Action::ManageRepProfiles).await
}

pub async fn rep_profile(store: &dyn Store, ctx: &RequestContext, user: UserId) -> Result<PersonProfile, AppError> {
    let person = if user == ctx.actor.user_id {
        store.user(user).await?.ok_or(AppError::NotFound)?
    } else {
        person_kept_by(store, ctx, user).await?
    };
    Ok(PersonProfile { profile: store.rep_profile(user).await?, user: person })
}

pub async fn save_rep_profile(
    store: &dyn Store,
    ctx: &RequestContext,
    user: UserId,
    draft: &ProfileDraft,
) -> Result<RepProfile, AppError> {
    let person = person_kept_by(store, ctx, user).await?;
    let mut errors = FieldErrors::new();
    let employer = match draft.employer.trim() {
        "" => Some(None),
        raw => match raw.parse::<i64>() {
            Ok(id) if id > 0 => Some(Some(EmployerId(id))),
            _ => {
                errors.add("employer", "Choose an employer");
                None
            }
        },
    };
    let weekly = |errors: &mut FieldErrors, field: &str, raw: &str| -> Option<Option<u32>> {
        if raw.trim().is_empty() {
            return Some(None);
        }
        errors.take(field, parse_weekly_hours(raw)).map(Some)
    };
    let contracted = weekly(&mut errors, "contracted_hours_per_week", &draft.contracted_hours_per_week);
    let full_time = weekly(&mut errors, "full_time_hours_per_week", &draft.full_time_hours_per_week);
    let facility = weekly(&mut errors, "facility_hours_per_week", &draft.facility_hours_per_week);
    let cost = errors.take("hourly_cost", parse_pence(&draft.hourly_cost));
    if let (Some(Some(contracted)), Some(Some(full_time))) = (contracted, full_time) {
        if contracted > full_time {
            errors.add("contracted_hours_per_week", "Contracted hours cannot be more than a full-time week");
        }
    }
    let (Some(employer), Some(contracted), Some(full_time), Some(facility), Some(cost)) =
        (employer, contracted, full_time, facility, cost)
    else {
        return Err(AppError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let profile = RepProfile {
        employer,
        contracted_minutes_per_week: contracted,
        full_time_minutes_per_week: full_time,
        facility_minutes_per_week: facility,
        hourly_cost_pence: cost,
    };
    let audit = ctx.audit("time.profile_save", "user", Some(user.to_string()), person.email.clone());
    store.save_rep_profile(user, &profile, &audit).await.map_err(|error| match AppError::from(error) {
        AppError::Invalid(_) => AppError::field("employer", "There is no such employer"),
        other => other,
    })?;
    Ok(profile)
}

/// Hours a week, as hours or hours and minutes; at most the week's 168 hours.
fn parse_weekly_hours(raw: &str) -> Result<u32, String> {
    let message = || "Give hours a week, like 37.5 or 37:30".to_string();
    let text = raw.trim();
    let minutes = if let Some((hours, minutes)) = text.split_once(':') {
        let hours: u32 = hours.parse().map_err(|_| message())?;
        let minutes: u32 = minutes.parse().map_err(|_| message())?;
        // Checked before multiplying, so a huge number of hours cannot overflow.
        if minutes >= 60 || hours > 168 {
            return Err(message());
        }
        hours * 60 + minutes
    } else {
        let hours: f64 = text.parse().map_err(|_| message())?;
        if !hours.is_finite() || hours < 0.0 {
            return Err(message());
        }
        (hours * 60.0).round() as u32
    };
    if minutes > 168 * 60 {
        return Err("A week has 168 hours".into());
    }
    Ok(minutes)
}

/// Pounds and pence, like 18.40 or £18.40; blank for unknown.
fn parse_pence(raw: &str) -> Result<Option<u64>, String> {
    let text = raw.trim().trim_start_matches('£');
    if text.is_empty() {
        return Ok(None);
    }
    let message = || "Give the cost per hour in pounds and pence, like 18.40".to_string();
    let (pounds, pence) = text.split_once('.').unwrap_or((text, "0"));
    let pounds: u64 = pounds.parse().map_err(|_| message())?;
    let pence: u64 = match pence.len() {
        1 => pence.parse::<u64>().map_err(|_| message())? * 10,
        2 => pence.parse().map_err(|_| message())?,
        _ => return Err(message()),
    };
    if pounds > 10_000 {
        return Err("That is more than £10,000 an hour; check the figure".into());
    }
    Ok(Some(pounds * 100 + pence))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_hours_and_costs_are_read_as_typed() {
        assert_eq!(parse_weekly_hours("37.5"), Ok(2_250));
        assert_eq!(parse_weekly_hours("37:30"), Ok(2_250));
        assert!(parse_weekly_hours("200").is_err());
        assert!(parse_weekly_hours("-1").is_err());
        assert!(parse_weekly_hours("1:60").is_err());
        assert!(parse_weekly_hours("4294967295:00").is_err(), "no overflow");
        assert_eq!(parse_pence("£18.40"), Ok(Some(1_840)));
        assert_eq!(parse_pence("18.4"), Ok(Some(1_840)));
        assert_eq!(parse_pence("20"), Ok(Some(2_000)));
        assert_eq!(parse_pence(""), Ok(None));
        for bad in ["18.404", "ten", "-3", "20000"] {
            assert!(parse_pence(bad).is_err(), "{bad}");
        }
    }
}
