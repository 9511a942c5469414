//! `/api/v1/time`: one's own week of union time, logging time (generally, against an enquiry
//! or a meeting, or against a case with `/api/v1/cases/{id}/time`, which also writes the
//! case's timeline), deleting one's own entry, and the facility-time profile officers keep
//! for each person (`/api/v1/users/{id}/profile`).
//!
//! The wire is exact: time is whole `minutes` (1 to 1440), kinds are the listed words, dates
//! are YYYY-MM-DD; a value the document forbids is refused before the use case runs, and the
//! use cases decide the rest (no time ahead, a case the caller works on, an existing employer).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use steward_app::ports::{CaseId, EnquiryId, RepProfile, TimeEntry};
use steward_app::time::{MyWeek, PersonProfile, ProfileDraft, TimeDraft};
use steward_app::AppError;
use steward_domain::facility::category::{TimeCategory, MAX_ENTRY_MINUTES};
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::UserId;
use steward_domain::member::parse_iso_date;

use super::{parse_path_id, ApiJson, ApiQuery, Created};
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

const NOTE_CHARS: usize = 2_000;
/// A week has 10,080 minutes.
const WEEK_MINUTES: i64 = 7 * 24 * 60;
/// £10,000 an hour, in pence: the use case's ceiling.
const MAX_HOURLY_PENCE: i64 = 1_000_000;

/// The kinds of union time: duties, training, health and safety and union learning are paid
/// facility time; activities only when the employer pays.
#[allow(dead_code)] // never constructed: it describes a field in the schema
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TimeCategoryName {
    Duties,
    Activities,
    Training,
    HealthAndSafety,
    UnionLearning,
}

// ---- what the API sends --------------------------------------------------------------------

#[derive(Serialize, utoipa::ToSchema)]
pub struct TimeEntryOut {
    pub id: i64,
    #[schema(value_type = TimeCategoryName)]
    pub category: String,
    /// Union activities the employer pays for (they then count as facility time).
    pub employer_paid: bool,
    #[schema(format = Date, value_type = String)]
    pub worked_on: String,
    pub minutes: u32,
    pub case_id: Option<i64>,
    /// CASE-YYYY-NNNNNN, when the time is against a case.
    pub case_reference: Option<String>,
    pub enquiry_id: Option<i64>,
    pub meeting_id: Option<i64>,
    pub note: Option<String>,
    #[schema(format = DateTime, value_type = String)]
    pub created_at: String,
}

impl From<TimeEntry> for TimeEntryOut {
    fn from(e: TimeEntry) -> Self {
        Self {
            id: e.id,
            category: e.category.as_str().to_owned(),
            employer_paid: e.employer_paid,
            worked_on: e.worked_on.to_string(),
            minutes: e.minutes,
            case_id: e.case.map(|case| case.0),
            case_reference: e.case_reference,
            enquiry_id: e.enquiry.map(|enquiry| enquiry.0),
            meeting_id: e.meeting,
            note: e.note,
            created_at: e.created_at.to_rfc3339(),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CategoryTotalOut {
    #[schema(value_type = TimeCategoryName)]
    pub category: String,
    pub minutes: u64,
}

/// One person's week, Monday to Sunday.
#[derive(Serialize, utoipa::ToSchema)]
pub struct WeekOut {
    #[schema(format = Date, value_type = String)]
    pub starts_on: String,
    #[schema(format = Date, value_type = String)]
    pub ends_on: String,
    /// Newest first.
    pub entries: Vec<TimeEntryOut>,
    /// Minutes by kind; kinds with no time are left out.
    pub totals: Vec<CategoryTotalOut>,
    pub total_minutes: u64,
    /// Of the total, what counts as paid facility time.
    pub facility_minutes: u64,
    /// The facility time a week on the person's profile, when set.
    pub facility_minutes_per_week: Option<u32>,
}

impl From<MyWeek> for WeekOut {
    fn from(week: MyWeek) -> Self {
        Self {
            starts_on: week.starts_on.to_string(),
            ends_on: (week.starts_on + chrono::Days::new(6)).to_string(),
            entries: week.entries.into_iter().map(TimeEntryOut::from).collect(),
            totals: week
                .totals
                .into_iter()
                .map(|(category, minutes)| CategoryTotalOut { category: category.as_str().to_owned(), minutes })
                .collect(),
            total_minutes: week.total_minutes,
            facility_minutes: week.facility_minutes,
            facility_minutes_per_week: week.profile.facility_minutes_per_week,
        }
    }
}

/// What a person's union time is measured against.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ProfileOut {
    pub user_id: i64,
    pub name: String,
    /// Whose facility time it is; absent means the employer of their workplace.
    pub employer_id: Option<i64>,
    pub contracted_minutes_per_week: Option<u32>,
    pub full_time_minutes_per_week: Option<u32>,
    pub facility_minutes_per_week: Option<u32>,
    /// Gross pay plus employer's National Insurance and pension, per hour, in pence.
    pub hourly_cost_pence: Option<u64>,
}

fn profile_out(user: UserId, name: String, profile: RepProfile) -> ProfileOut {
    ProfileOut {
        user_id: user.0,
        name,
        employer_id: profile.employer.map(|employer| employer.0),
        contracted_minutes_per_week: profile.contracted_minutes_per_week,
        full_time_minutes_per_week: profile.full_time_minutes_per_week,
        facility_minutes_per_week: profile.facility_minutes_per_week,
        hourly_cost_pence: profile.hourly_cost_pence,
    }
}

// ---- what the API takes --------------------------------------------------------------------

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WeekParams {
    /// Any day of the week wanted; absent is this week.
    #[param(format = Date, value_type = Option<String>)]
    pub week: Option<String>,
}

/// Time to log: generally, or against an enquiry or one of a case's meetings.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeInput {
    #[schema(value_type = TimeCategoryName)]
    pub category: String,
    /// Whole minutes, 1 to 1440 (a day); log longer work one day at a time.
    #[schema(minimum = 1, maximum = 1440)]
    pub minutes: i64,
    /// The day the time was worked, not in the future; absent is today (UK time).
    #[serde(default)]
    #[schema(format = Date, value_type = Option<String>)]
    pub worked_on: Option<String>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: Option<String>,
    /// For activities: the employer pays for this time (ignored for other kinds).
    #[serde(default)]
    pub employer_paid: Option<bool>,
    /// An enquiry the caller works on.
    #[serde(default)]
    #[schema(minimum = 1)]
    pub enquiry_id: Option<i64>,
    /// A meeting on a case the caller works on; the time also goes on that case's timeline.
    #[serde(default)]
    #[schema(minimum = 1)]
    pub meeting_id: Option<i64>,
}

/// Time against this case (it also goes on the case's timeline as time spent).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseTimeInput {
    #[schema(value_type = TimeCategoryName)]
    pub category: String,
    /// Whole minutes, 1 to 1440 (a day).
    #[schema(minimum = 1, maximum = 1440)]
    pub minutes: i64,
    #[serde(default)]
    #[schema(format = Date, value_type = Option<String>)]
    pub worked_on: Option<String>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub note: Option<String>,
    /// One of this case's meetings.
    #[serde(default)]
    #[schema(minimum = 1)]
    pub meeting_id: Option<i64>,
}

/// The whole profile: every field must be given; null clears it.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileInput {
    /// An employer of the organisation; null means their workplace's.
    #[serde(deserialize_with = "present")]
    #[schema(required = true, minimum = 1)]
    pub employer_id: Option<i64>,
    /// At most a week (10080 minutes), and no more than the full-time week.
    #[serde(deserialize_with = "present")]
    #[schema(required = true, minimum = 0, maximum = 10080)]
    pub contracted_minutes_per_week: Option<i64>,
    #[serde(deserialize_with = "present")]
    #[schema(required = true, minimum = 0, maximum = 10080)]
    pub full_time_minutes_per_week: Option<i64>,
    #[serde(deserialize_with = "present")]
    #[schema(required = true, minimum = 0, maximum = 10080)]
    pub facility_minutes_per_week: Option<i64>,
    /// Pence per hour, up to £10,000.
    #[serde(deserialize_with = "present")]
    #[schema(required = true, minimum = 0, maximum = 1000000)]
    pub hourly_cost_pence: Option<i64>,
}

/// A field that must be in the body, though it may be null (serde otherwise reads a missing
/// `Option` as `None`, and a PUT of `{}` would clear the profile).
fn present<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
    Option::<i64>::deserialize(deserializer)
}

/// The fields both time inputs share, checked against what the document promises.
struct TimeWire<'a> {
    category: &'a str,
    minutes: i64,
    worked_on: Option<&'a str>,
    note: Option<&'a str>,
    ids: &'a [(&'static str, Option<i64>)],
}

fn check_time(wire: &TimeWire) -> Result<(), ApiError> {
    let mut errors = FieldErrors::new();
    if !TimeCategory::ALL.iter().any(|category| category.as_str() == wire.category) {
        errors.add("category", TimeCategory::parse("").err().unwrap_or_default());
    }
    if !(1..=i64::from(MAX_ENTRY_MINUTES)).contains(&wire.minutes) {
        errors.add("minutes", format!("Give the time in whole minutes, from 1 to {MAX_ENTRY_MINUTES}"));
    }
    if wire.worked_on.is_some_and(|date| parse_iso_date(date).is_none()) {
        errors.add("worked_on", "Give the date as YYYY-MM-DD");
    }
    if wire.note.is_some_and(|note| note.chars().count() > NOTE_CHARS) {
        errors.add("note", format!("Keep this to {NOTE_CHARS} characters"));
    }
    for (field, id) in wire.ids.iter().copied() {
        if id.is_some_and(|id| id < 1) {
            errors.add(field, "Give the id of a record (a whole number from 1)");
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError(AppError::Invalid(errors)))
    }
}

fn draft(category: String, minutes: i64, worked_on: Option<String>, note: Option<String>) -> TimeDraft {
    TimeDraft {
        category,
        // Whole minutes, as the duration parser reads them.
        duration: format!("{minutes}m"),
        worked_on: worked_on.unwrap_or_default(),
        note: note.unwrap_or_default(),
        ..TimeDraft::default()
    }
}

/// Minutes a week as the profile use case reads hours: "37:30".
fn weekly(minutes: Option<i64>) -> String {
    minutes.map_or_else(String::new, |minutes| format!("{}:{:02}", minutes / 60, minutes % 60))
}

// ---- handlers ------------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/time", tag = "time", params(WeekParams),
    responses((status = 200, body = WeekOut), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn my_week(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(params): ApiQuery<WeekParams>,
) -> Result<Json<WeekOut>, ApiError> {
    let ctx = auth.context();
    let day = match params.week.as_deref() {
        None => steward_domain::enquiry::uk_time::to_uk_local(ctx.now).date(),
        Some(raw) => {
            parse_iso_date(raw).ok_or_else(|| AppError::field("week", "Give the week as a date, YYYY-MM-DD"))?
        }
    };
    let week = steward_app::time::my_week(state.store.as_ref(), &ctx, day).await?;
    Ok(Json(week.into()))
}

#[utoipa::path(post, path = "/api/v1/time", tag = "time", request_body = TimeInput,
    responses((status = 201, body = Created, description = "Logged; `id` is the time entry's"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "The enquiry or meeting's case is not one the caller works on"),
              (status = 409, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn log(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<TimeInput>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    check_time(&TimeWire {
        category: &input.category,
        minutes: input.minutes,
        worked_on: input.worked_on.as_deref(),
        note: input.note.as_deref(),
        ids: &[("enquiry_id", input.enquiry_id), ("meeting_id", input.meeting_id)],
    })?;
    let mut draft = draft(input.category, input.minutes, input.worked_on, input.note);
    draft.employer_paid = input.employer_paid.unwrap_or(false);
    draft.enquiry = input.enquiry_id.map(EnquiryId);
    draft.meeting = input.meeting_id;
    let id = steward_app::time::log_time(state.store.as_ref(), &auth.context(), &draft).await.map_err(meeting_field)?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

#[utoipa::path(delete, path = "/api/v1/time/{entry_id}", tag = "time",
    params(("entry_id" = i64, Path, description = "One of the caller's own time entries")),
    responses((status = 204, description = "Deleted"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "No such entry of the caller's")),
    security(("bearer" = [])))]
pub async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    Path(entry): Path<String>,
) -> Result<StatusCode, ApiError> {
    let entry = parse_path_id(&entry)?;
    steward_app::time::delete_time_entry(state.store.as_ref(), &auth.context(), entry).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/time", tag = "time", params(("id" = i64, Path, description = "Case id")),
    request_body = CaseTimeInput,
    responses((status = 201, body = Created, description = "Logged and put on the timeline; `id` is the time entry's"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json", description = "Invalid, or the case is closed (`errors.status`)")),
    security(("bearer" = [])))]
pub async fn log_on_case(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CaseTimeInput>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let case = CaseId(parse_path_id(&id)?);
    check_time(&TimeWire {
        category: &input.category,
        minutes: input.minutes,
        worked_on: input.worked_on.as_deref(),
        note: input.note.as_deref(),
        ids: &[("meeting_id", input.meeting_id)],
    })?;
    let mut draft = draft(input.category, input.minutes, input.worked_on, input.note);
    draft.case = Some(case);
    draft.meeting = input.meeting_id;
    let id = steward_app::time::log_time(state.store.as_ref(), &auth.context(), &draft).await.map_err(meeting_field)?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// The use case names the form's fields; the wire's are `minutes` and `meeting_id`.
fn meeting_field(error: AppError) -> ApiError {
    match error {
        AppError::Invalid(errors) => {
            let mut renamed = FieldErrors::new();
            for (field, message) in errors.iter() {
                let field = match field {
                    "duration" => "minutes",
                    "meeting" => "meeting_id",
                    other => other,
                };
                renamed.add(field, message);
            }
            ApiError(AppError::Invalid(renamed))
        }
        other => ApiError(other),
    }
}

#[utoipa::path(get, path = "/api/v1/users/{id}/profile", tag = "time", params(("id" = i64, Path, description = "User id")),
    responses((status = 200, body = ProfileOut), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"), (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn profile(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<ProfileOut>, ApiError> {
    let user = UserId(parse_path_id(&id)?);
    let PersonProfile { user: person, profile } =
        steward_app::time::rep_profile(state.store.as_ref(), &auth.context(), user).await?;
    Ok(Json(profile_out(user, person.name, profile)))
}

#[utoipa::path(put, path = "/api/v1/users/{id}/profile", tag = "time", params(("id" = i64, Path, description = "User id")),
    request_body = ProfileInput,
    responses((status = 200, body = ProfileOut, description = "Saved"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json", description = "Invalid, no such employer, or contracted hours over the full-time week")),
    security(("bearer" = [])))]
pub async fn save_profile(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ProfileInput>,
) -> Result<Json<ProfileOut>, ApiError> {
    let user = UserId(parse_path_id(&id)?);
    let mut errors = FieldErrors::new();
    if input.employer_id.is_some_and(|id| id < 1) {
        errors.add("employer_id", "Give the id of an employer (a whole number from 1)");
    }
    for (field, value) in [
        ("contracted_minutes_per_week", input.contracted_minutes_per_week),
        ("full_time_minutes_per_week", input.full_time_minutes_per_week),
        ("facility_minutes_per_week", input.facility_minutes_per_week),
    ] {
        if value.is_some_and(|minutes| !(0..=WEEK_MINUTES).contains(&minutes)) {
            errors.add(field, format!("Give whole minutes a week, from 0 to {WEEK_MINUTES}"));
        }
    }
    if input.hourly_cost_pence.is_some_and(|pence| !(0..=MAX_HOURLY_PENCE).contains(&pence)) {
        errors.add("hourly_cost_pence", format!("Give pence an hour, from 0 to {MAX_HOURLY_PENCE}"));
    }
    if !errors.is_empty() {
        return Err(ApiError(AppError::Invalid(errors)));
    }
    let draft = ProfileDraft {
        employer: input.employer_id.map_or_else(String::new, |id| id.to_string()),
        contracted_hours_per_week: weekly(input.contracted_minutes_per_week),
        full_time_hours_per_week: weekly(input.full_time_minutes_per_week),
        facility_hours_per_week: weekly(input.facility_minutes_per_week),
        hourly_cost: input
            .hourly_cost_pence
            .map_or_else(String::new, |pence| format!("{}.{:02}", pence / 100, pence % 100)),
    };
    let ctx = auth.context();
    let saved = steward_app::time::save_rep_profile(state.store.as_ref(), &ctx, user, &draft).await.map_err(
        |error| match error {
            AppError::Invalid(errors) => {
                let mut renamed = FieldErrors::new();
                for (field, message) in errors.iter() {
                    let field = match field {
                        "employer" => "employer_id",
                        "contracted_hours_per_week" => "contracted_minutes_per_week",
                        "full_time_hours_per_week" => "full_time_minutes_per_week",
                        "facility_hours_per_week" => "facility_minutes_per_week",
                        "hourly_cost" => "hourly_cost_pence",
                        other => other,
                    };
                    renamed.add(field, message);
                }
                ApiError(AppError::Invalid(renamed))
            }
            other => ApiError(other),
        },
    )?;
    let person = steward_app::time::rep_profile(state.store.as_ref(), &ctx, user).await?;
    Ok(Json(profile_out(user, person.user.name, saved)))
}
