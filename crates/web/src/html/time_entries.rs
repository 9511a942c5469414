//! "My time": a person's week of union time (entries, totals by kind, the week against the
//! facility time on their profile), a quick-entry form that works on a phone, and deleting
//! one's own slip of the thumb. Logging against a case from its page is `case_time.rs`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Days, NaiveDate};
use serde::Deserialize;
use steward_app::ports::TimeEntry;
use steward_app::time::{week_start, MyWeek, TimeDraft};
use steward_app::AppError;
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::facility::category::{hours_label, TimeCategory};
use steward_domain::field_errors::FieldErrors;

use super::members::Choice;
use super::{render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

/// The quick-entry form as typed (on `/time` and on a case page); the checkbox arrives only
/// when ticked.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct TimeValues {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub duration: String,
    #[serde(default)]
    pub worked_on: String,
    #[serde(default)]
    pub note: String,
    #[serde(default)]
    pub employer_paid: Option<String>,
    /// The case page's form only: one of the case's meetings.
    #[serde(default)]
    pub meeting: String,
}

impl TimeValues {
    /// The draft for the use case (a blank date is today).
    pub fn draft(&self) -> TimeDraft {
        TimeDraft {
            category: self.category.clone(),
            employer_paid: self.employer_paid.is_some(),
            worked_on: self.worked_on.clone(),
            duration: self.duration.clone(),
            case: None,
            enquiry: None,
            meeting: None,
            note: self.note.clone(),
        }
    }
}

/// The kinds of time for a select, `current` (or duties, when nothing was chosen) selected.
pub fn category_choices(current: &str) -> Vec<Choice> {
    let current = if current.trim().is_empty() { TimeCategory::Duties.as_str() } else { current.trim() };
    TimeCategory::ALL
        .into_iter()
        .map(|category| Choice {
            value: category.as_str().into(),
            label: category.label().into(),
            selected: category.as_str() == current,
        })
        .collect()
}

/// The Monday of the week `worked_on` falls in, or of this week when it is blank or unreadable.
pub fn week_of(worked_on: &str, today: NaiveDate) -> NaiveDate {
    week_start(NaiveDate::parse_from_str(worked_on.trim(), "%Y-%m-%d").unwrap_or(today))
}

pub struct EntryRow {
    pub entry: TimeEntry,
    /// "Mon 30 Nov"
    pub day: String,
    pub hours: String,
    pub category_label: &'static str,
}

pub struct TotalRow {
    pub label: &'static str,
    pub hours: String,
}

#[derive(Template)]
#[template(path = "time/week.html")]
struct WeekPage {
    layout: Layout,
    /// "30 November 2026"
    week_label: String,
    week_iso: String,
    previous_week: String,
    /// None when the week shown is this week or later: time is not logged ahead.
    next_week: Option<String>,
    entries: Vec<EntryRow>,
    totals: Vec<TotalRow>,
    total_minutes: u64,
    total_hours: String,
    facility_minutes: u64,
    facility_hours: String,
    /// The facility time a week on the person's profile, when set.
    allowance_hours: Option<String>,
    allowance_minutes: u64,
    /// How much of the allowance is left (or "over by"), when one is set.
    allowance_note: Option<String>,
    categories: Vec<Choice>,
    values: TimeValues,
    errors: FieldErrors,
    notice: Option<&'static str>,
}

impl WeekPage {
    fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

#[derive(Deserialize, Default)]
pub struct WeekParams {
    #[serde(default)]
    week: String,
    #[serde(default)]
    done: String,
}

pub async fn page(State(state): State<AppState>, auth: Auth, Query(params): Query<WeekParams>) -> Response {
    let today = to_uk_local(auth.context().now).date();
    let mut errors = FieldErrors::new();
    let day = match params.week.trim() {
        "" => today,
        raw => match NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
            Ok(day) => day,
            Err(_) => {
                errors.add("week", "Give the week as a date, YYYY-MM-DD");
                today
            }
        },
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let notice = match params.done.as_str() {
        "logged" => Some("Time logged."),
        "deleted" => Some("The entry is deleted."),
        _ => None,
    };
    show(&state, &auth, day, TimeValues::default(), errors, notice, status).await
}

pub async fn log(State(state): State<AppState>, auth: Auth, CsrfForm(values): CsrfForm<TimeValues>) -> Response {
    let ctx = auth.context();
    let today = to_uk_local(ctx.now).date();
    match steward_app::time::log_time(state.store.as_ref(), &ctx, &values.draft()).await {
        Ok(_) => {
            let week = week_of(&values.worked_on, today);
            Redirect::to(&format!("/time?week={week}&done=logged")).into_response()
        }
        Err(AppError::Invalid(errors)) => {
            let day = week_of(&values.worked_on, today);
            show(&state, &auth, day, values, errors, None, StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error) => HtmlError(error).into_response(),
    }
}

#[derive(Deserialize, Default)]
pub struct DeleteValues {
    #[serde(default)]
    week: String,
}

pub async fn delete(
    State(state): State<AppState>,
    auth: Auth,
    Path(entry): Path<String>,
    CsrfForm(values): CsrfForm<DeleteValues>,
) -> Response {
    let Some(entry) = entry.parse::<i64>().ok().filter(|id| *id > 0) else {
        return HtmlError(AppError::NotFound).into_response();
    };
    let ctx = auth.context();
    match steward_app::time::delete_time_entry(state.store.as_ref(), &ctx, entry).await {
        Ok(()) => {
            let week = week_of(&values.week, to_uk_local(ctx.now).date());
            Redirect::to(&format!("/time?week={week}&done=deleted")).into_response()
        }
        Err(error) => HtmlError(error).into_response(),
    }
}

async fn show(
    state: &AppState,
    auth: &Auth,
    day: NaiveDate,
    mut values: TimeValues,
    errors: FieldErrors,
    notice: Option<&'static str>,
    status: StatusCode,
) -> Response {
    let ctx = auth.context();
    let today = to_uk_local(ctx.now).date();
    let week = match steward_app::time::my_week(state.store.as_ref(), &ctx, day).await {
        Ok(week) => week,
        Err(error) => return HtmlError(error).into_response(),
    };
    if values.worked_on.trim().is_empty() {
        values.worked_on = today.to_string();
    }
    let MyWeek { starts_on, entries, totals, total_minutes, facility_minutes, profile } = week;
    let allowance = profile.facility_minutes_per_week.map(u64::from);
    let allowance_note = allowance.filter(|minutes| *minutes > 0).map(|allowance| {
        if facility_minutes > allowance {
            format!("{} over the week's facility time", hours_label(facility_minutes - allowance))
        } else {
            format!("{} of facility time left this week", hours_label(allowance - facility_minutes))
        }
    });
    let next = starts_on.checked_add_days(Days::new(7));
    let title = if errors.is_empty() { "My time".to_owned() } else { "Error: My time".to_owned() };
    let page = WeekPage {
        layout: Layout::new(auth, title, "/time"),
        week_label: starts_on.format("%-d %B %Y").to_string(),
        week_iso: starts_on.to_string(),
        previous_week: starts_on.checked_sub_days(Days::new(7)).unwrap_or(starts_on).to_string(),
        next_week: next.filter(|next| *next <= today).map(|next| next.to_string()),
        entries: entries
            .into_iter()
            .map(|entry| EntryRow {
                day: entry.worked_on.format("%a %-d %b").to_string(),
                hours: hours_label(u64::from(entry.minutes)),
                category_label: entry.category.label(),
                entry,
            })
            .collect(),
        totals: totals
            .into_iter()
            .map(|(category, minutes)| TotalRow { label: category.label(), hours: hours_label(minutes) })
            .collect(),
        total_minutes,
        total_hours: hours_label(total_minutes),
        facility_minutes,
        facility_hours: hours_label(facility_minutes),
        allowance_hours: allowance.map(hours_label),
        allowance_minutes: allowance.unwrap_or(0),
        allowance_note,
        categories: category_choices(&values.category),
        values,
        errors,
        notice,
    };
    render_with_status(status, &page)
}
