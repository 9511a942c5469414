//! `/api/v1/cases/{id}/deadlines` and `/meetings`, and `/api/v1/me`: a case's deadlines and
//! tasks (by hand or from a calculator, with its inputs and explanation kept), marking them
//! done, meetings with the statutory postponement window and the companion's clashes, their
//! outcomes, what is due for the caller, and the caller's private calendar feed address.
//!
//! As in `cases.rs`, handlers check only what the wire promises (the exact words an enum
//! field lists, the documented lengths, dates and times) and then call the same use cases as
//! the pages. A case the caller may not see reads as not found.

use std::collections::BTreeMap;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::{NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use steward_app::cases::{DeadlineDraft, MeetingDraft, ScheduledMeeting};
use steward_app::ports::{CaseDeadline, CaseId, DueItem, Meeting};
use steward_app::AppError;
use steward_domain::case::deadline::{Urgency, CASE_DEADLINE_RULES};
use steward_domain::case::meeting::{MeetingType, MAX_MINUTES, MIN_MINUTES};
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::field_errors::FieldErrors;

use super::calculate::CalculationOut;
use super::wire_checks::WireChecks;
use super::{parse_path_id, ApiJson, ApiQuery, Created};
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

const TITLE_CHARS: usize = 200;
const PLACE_CHARS: usize = 300;
const VIDEO_LINK_CHARS: usize = 500;
const NOTE_CHARS: usize = 20_000;

// ---- names for the document (never constructed: they describe fields) ----------------------

#[allow(dead_code)]
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineKindName {
    Deadline,
    Task,
}

/// The calculators whose result a case can carry as a deadline
/// (`steward_domain::case::deadline::CASE_DEADLINE_RULES`).
#[allow(dead_code)]
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseDeadlineRuleName {
    EtDeadlineWithEc,
    EtPrimaryLimit,
    AccompanimentPostponementLatest,
    AppealWindow,
    FlexibleWorkingDecision,
    SubjectAccessResponse,
    CollectiveRedundancyObligations,
    FitNote,
    DpComplaintAcknowledgement,
    CaseRetention,
}

#[allow(dead_code)]
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MeetingTypeName {
    Investigation,
    DisciplinaryHearing,
    GrievanceMeeting,
    CapabilityMeeting,
    AbsenceReview,
    AppealHearing,
    Consultation,
    TribunalHearing,
    Preparation,
    Other,
}

/// How close an open deadline is, by today's date in the UK.
#[allow(dead_code)]
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum UrgencyName {
    Overdue,
    DueToday,
    /// Within the next seven days.
    DueSoon,
    Later,
}

// ---- what the API sends --------------------------------------------------------------------

#[derive(Serialize, utoipa::ToSchema)]
pub struct DeadlineOut {
    pub id: i64,
    pub case_id: i64,
    #[schema(value_type = DeadlineKindName)]
    pub kind: String,
    pub title: String,
    #[schema(format = Date, value_type = String)]
    pub due_on: String,
    /// The calculator the date came from, for a calculated deadline.
    #[schema(value_type = Option<CaseDeadlineRuleName>)]
    pub rule: Option<String>,
    /// How the calculator reached the date.
    pub explanation: Option<String>,
    /// Who does a task.
    pub owner_id: Option<i64>,
    pub owner_name: Option<String>,
    /// Who added it.
    pub created_by: String,
    #[schema(format = DateTime, value_type = Option<String>)]
    pub done_at: Option<String>,
    /// How close the due date is; absent once done.
    #[schema(value_type = Option<UrgencyName>)]
    pub urgency: Option<String>,
}

fn deadline_out(deadline: CaseDeadline, today: NaiveDate) -> DeadlineOut {
    let urgency = deadline.done_at.is_none().then(|| Urgency::of(deadline.due_on, today).as_str().to_owned());
    DeadlineOut {
        id: deadline.id,
        case_id: deadline.case.0,
        kind: deadline.kind,
        title: deadline.title,
        due_on: deadline.due_on.to_string(),
        rule: deadline.rule,
        explanation: deadline.explanation,
        owner_id: deadline.owner.map(|owner| owner.0),
        owner_name: deadline.owner_name,
        created_by: deadline.created_by,
        done_at: deadline.done_at.map(|at| at.to_rfc3339()),
        urgency,
    }
}

/// A case's deadlines and tasks, soonest first as the store keeps them.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DeadlineListOut {
    pub deadlines: Vec<DeadlineOut>,
}

/// An open deadline or task of one of the caller's cases.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DueItemOut {
    pub deadline: DeadlineOut,
    /// CASE-YYYY-NNNNNN
    pub case_reference: String,
    pub case_title: String,
}

/// What is due for the caller in the next seven days, and anything overdue: their cases'
/// deadlines and the tasks they own.
#[derive(Serialize, utoipa::ToSchema)]
pub struct DueListOut {
    pub items: Vec<DueItemOut>,
}

fn due_out(item: DueItem, today: NaiveDate) -> DueItemOut {
    DueItemOut {
        deadline: deadline_out(item.deadline, today),
        case_reference: item.reference.to_string(),
        case_title: item.case_title,
    }
}

/// A deadline kept from a calculation.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CalculatedDeadlineOut {
    /// The new deadline's id.
    pub id: i64,
    /// The date the case must meet, taken from the calculation's result.
    #[schema(format = Date, value_type = String)]
    pub due_on: String,
    pub calculation: CalculationOut,
}

/// For a hearing with the statutory right to be accompanied: the latest date the member may
/// propose instead if the companion cannot come (five working days after the date set).
#[derive(Serialize, utoipa::ToSchema)]
pub struct PostponementOut {
    #[schema(format = Date, value_type = String)]
    pub latest: String,
    pub explanation: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MeetingOut {
    pub id: i64,
    pub case_id: i64,
    /// CASE-YYYY-NNNNNN
    pub case_reference: String,
    #[schema(value_type = MeetingTypeName)]
    pub meeting_type: String,
    pub meeting_label: String,
    #[schema(format = DateTime, value_type = String)]
    pub starts_at: String,
    #[schema(format = DateTime, value_type = String)]
    pub ends_at: String,
    pub place: Option<String>,
    pub video_link: Option<String>,
    /// The member attending.
    pub member_id: Option<i64>,
    pub member_name: Option<String>,
    /// Who goes with the member.
    pub companion_id: Option<i64>,
    pub companion_name: Option<String>,
    pub prep_notes: Option<String>,
    pub outcome: Option<String>,
    pub postponement: Option<PostponementOut>,
    #[schema(format = DateTime, value_type = String)]
    pub created_at: String,
}

impl From<Meeting> for MeetingOut {
    fn from(m: Meeting) -> Self {
        let postponement = m.postponement_latest.map(|latest| PostponementOut {
            latest: latest.to_string(),
            explanation: m.postponement_explanation.clone().unwrap_or_default(),
        });
        Self {
            id: m.id,
            case_id: m.case.0,
            case_reference: m.case_reference.to_string(),
            meeting_type: m.meeting_type.as_str().to_owned(),
            meeting_label: m.meeting_type.label().to_owned(),
            starts_at: m.starts_at.to_rfc3339(),
            ends_at: m.ends_at.to_rfc3339(),
            place: m.place,
            video_link: m.video_link,
            member_id: m.member.as_ref().map(|(id, _)| id.0),
            member_name: m.member.map(|(_, name)| name),
            companion_id: m.companion.as_ref().map(|(id, _)| id.0),
            companion_name: m.companion.map(|(_, name)| name),
            prep_notes: m.prep_notes,
            outcome: m.outcome,
            postponement,
            created_at: m.created_at.to_rfc3339(),
        }
    }
}

/// A case's meetings.
#[derive(Serialize, utoipa::ToSchema)]
pub struct MeetingListOut {
    pub meetings: Vec<MeetingOut>,
}

/// Another meeting the companion has at the same time. It may be on a case the caller cannot
/// open, so only its time is told.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ClashOut {
    #[schema(format = DateTime, value_type = String)]
    pub starts_at: String,
    #[schema(format = DateTime, value_type = String)]
    pub ends_at: String,
}

/// A meeting set, with what the person setting it should know.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ScheduledMeetingOut {
    /// The new meeting's id.
    pub id: i64,
    /// The companion's other meetings at the same time: a warning, not a refusal.
    pub clashes: Vec<ClashOut>,
    /// For a hearing with the right to be accompanied.
    pub postponement: Option<PostponementOut>,
}

impl From<ScheduledMeeting> for ScheduledMeetingOut {
    fn from(s: ScheduledMeeting) -> Self {
        Self {
            id: s.id,
            clashes: s
                .clashes
                .into_iter()
                .map(|other| ClashOut { starts_at: other.starts_at.to_rfc3339(), ends_at: other.ends_at.to_rfc3339() })
                .collect(),
            postponement: s
                .postponement
                .map(|(latest, explanation)| PostponementOut { latest: latest.to_string(), explanation }),
        }
    }
}

/// The caller's private calendar feed.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CalendarFeedOut {
    /// The feed's address on this server, `/calendar/<secret>.ics`, shown only now: a calendar
    /// app polls it without signing in. Making a new one stops the old.
    pub url: String,
}

// ---- what the API takes --------------------------------------------------------------------

/// No query parameters: an unknown one is refused rather than ignored.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoParams {}

/// A deadline or a task entered by hand.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadlineInput {
    #[schema(value_type = DeadlineKindName)]
    pub kind: String,
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    #[schema(format = Date, value_type = String)]
    pub due_on: String,
    /// For a task only: who does it (a user on the case's team); absent is the caller.
    #[serde(default)]
    #[schema(minimum = 1)]
    pub owner: Option<i64>,
}

/// A deadline worked out by one of the calculators (see `GET /api/v1/calculate` for each
/// rule's inputs), kept with its inputs and explanation.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CalculatedDeadlineInput {
    #[schema(value_type = CaseDeadlineRuleName)]
    pub rule: String,
    /// The rule's inputs by name, e.g. {"outcome-date": "2026-01-05", "nation": "england-and-wales"};
    /// values are strings, numbers or booleans.
    #[schema(value_type = Object)]
    pub inputs: BTreeMap<String, serde_json::Value>,
}

/// A meeting to set. A hearing with the right to be accompanied gets its postponement window
/// from the workplace's nation.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingInput {
    #[schema(value_type = MeetingTypeName)]
    pub meeting_type: String,
    /// UK local time, YYYY-MM-DDTHH:MM.
    #[schema(pattern = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}$", example = "2026-03-02T10:00")]
    pub starts_at: String,
    /// How long it lasts.
    #[schema(minimum = 5, maximum = 720)]
    pub minutes: i64,
    /// Where it is; a place or a video link is needed.
    #[serde(default)]
    #[schema(max_length = 300)]
    pub place: Option<String>,
    /// An https:// address.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub video_link: Option<String>,
    /// The member attending (one of the case's members); absent is the lead member.
    #[serde(default)]
    #[schema(minimum = 1)]
    pub member: Option<i64>,
    /// Who goes with the member (a user on the case's team).
    #[serde(default)]
    #[schema(minimum = 1)]
    pub companion: Option<i64>,
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub prep_notes: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingOutcomeInput {
    /// How the meeting went; kept on the timeline.
    #[schema(min_length = 1, max_length = 20000)]
    pub outcome: String,
}

impl WireChecks {
    fn choose(&mut self, field: &str, raw: &str, words: &[&str], what: &str) {
        if !words.contains(&raw) {
            self.0.add(field, format!("Choose {what}: {}", words.join(", ")));
        }
    }

    /// Exactly YYYY-MM-DDTHH:MM (the use case also reads other shapes the forms send).
    fn local_time(&mut self, field: &str, raw: &str) {
        let bytes = raw.as_bytes();
        let shape_ok = bytes.len() == 16
            && bytes.iter().enumerate().all(|(i, b)| match i {
                4 | 7 => *b == b'-',
                10 => *b == b'T',
                13 => *b == b':',
                _ => b.is_ascii_digit(),
            });
        if !shape_ok || chrono::NaiveDateTime::parse_from_str(raw, "%Y-%m-%dT%H:%M").is_err() {
            self.0.add(field, "Give the date and time as YYYY-MM-DDTHH:MM (UK time)");
        }
    }
}

fn case_id(raw: &str) -> Result<CaseId, ApiError> {
    parse_path_id(raw).map(CaseId)
}

fn uk_today() -> NaiveDate {
    to_uk_local(Utc::now()).date()
}

/// The calculators' inputs as the text they parse; anything but a string, number or boolean
/// is refused (null leaves the input out).
fn calculator_inputs(body: BTreeMap<String, serde_json::Value>) -> Result<BTreeMap<String, String>, ApiError> {
    let mut inputs = BTreeMap::new();
    let mut errors = FieldErrors::new();
    for (name, value) in body {
        let text = match value {
            serde_json::Value::Null => continue,
            serde_json::Value::String(text) => text,
            serde_json::Value::Number(number) => number.to_string(),
            serde_json::Value::Bool(flag) => flag.to_string(),
            _ => {
                errors.add(&name, format!("{name} must be a string, number or boolean"));
                continue;
            }
        };
        inputs.insert(name, text);
    }
    if errors.is_empty() {
        Ok(inputs)
    } else {
        Err(ApiError(AppError::Invalid(errors)))
    }
}

// ---- handlers ------------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/cases/{id}/deadlines", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = DeadlineListOut), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn deadlines(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiQuery(NoParams {}): ApiQuery<NoParams>,
) -> Result<Json<DeadlineListOut>, ApiError> {
    let id = case_id(&id)?;
    let all = steward_app::cases::case_deadlines(state.store.as_ref(), &auth.context(), id).await?;
    let today = uk_today();
    Ok(Json(DeadlineListOut { deadlines: all.into_iter().map(|d| deadline_out(d, today)).collect() }))
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/deadlines", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    request_body = DeadlineInput,
    responses((status = 201, body = Created, description = "Added; `id` is the deadline's"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json", description = "Invalid, a task for someone not on the team, or a closed case")),
    security(("bearer" = [])))]
pub async fn add_deadline(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<DeadlineInput>,
) -> Result<Response, ApiError> {
    let id = case_id(&id)?;
    let mut checks = WireChecks::default();
    checks.choose("kind", &input.kind, &["deadline", "task"], "deadline or task");
    checks.required("title", &input.title, "Say what is due in a few words (up to 200 characters)");
    checks.length("title", &input.title, TITLE_CHARS);
    checks.date("due_on", &input.due_on);
    checks.positive("owner", input.owner);
    if input.owner.is_some() && input.kind == "deadline" {
        checks.0.add("owner", "Only a task has an owner");
    }
    checks.finish()?;
    let draft = DeadlineDraft { kind: input.kind, title: input.title, due_on: input.due_on, owner: input.owner };
    let deadline = steward_app::cases::add_deadline(state.store.as_ref(), &auth.context(), id, &draft).await?;
    Ok(super::created(deadline))
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/deadlines/calculated", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    request_body = CalculatedDeadlineInput,
    responses((status = 201, body = CalculatedDeadlineOut, description = "Calculated and added"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json", description = "Invalid inputs (named by the rule's input names), a calculation that gives no date, or a closed case")),
    security(("bearer" = [])))]
pub async fn add_calculated_deadline(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CalculatedDeadlineInput>,
) -> Result<Response, ApiError> {
    let id = case_id(&id)?;
    let mut checks = WireChecks::default();
    let rules: Vec<&str> = CASE_DEADLINE_RULES.iter().map(|rule| rule.rule).collect();
    checks.choose("rule", &input.rule, &rules, "a calculator that gives a date to meet");
    checks.finish()?;
    let inputs = calculator_inputs(input.inputs)?;
    let ctx = auth.context();
    let (deadline, calculation) =
        steward_app::cases::add_calculated_deadline(state.store.as_ref(), &ctx, id, &input.rule, &inputs).await?;
    let due_on = steward_domain::case::deadline::due_date_of(&calculation).map(|on| on.to_string()).unwrap_or_default();
    let out = CalculatedDeadlineOut { id: deadline, due_on, calculation: calculation.into() };
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/deadlines/{deadline_id}/done", tag = "cases",
    params(("id" = i64, Path, description = "Case id"), ("deadline_id" = i64, Path, description = "A deadline or task on the case")),
    responses((status = 204, description = "Marked done"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json", description = "It is marked done already")),
    security(("bearer" = [])))]
pub async fn complete_deadline(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, deadline)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let id = case_id(&id)?;
    let deadline = parse_path_id(&deadline)?;
    steward_app::cases::complete_deadline(state.store.as_ref(), &auth.context(), id, deadline).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/cases/{id}/meetings", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = MeetingListOut), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn meetings(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiQuery(NoParams {}): ApiQuery<NoParams>,
) -> Result<Json<MeetingListOut>, ApiError> {
    let id = case_id(&id)?;
    let all = steward_app::cases::case_meetings(state.store.as_ref(), &auth.context(), id).await?;
    Ok(Json(MeetingListOut { meetings: all.into_iter().map(MeetingOut::from).collect() }))
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/meetings", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    request_body = MeetingInput,
    responses((status = 201, body = ScheduledMeetingOut, description = "Set; clashes are warnings"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json", description = "Invalid, a companion not on the team, or a closed case")),
    security(("bearer" = [])))]
pub async fn schedule_meeting(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<MeetingInput>,
) -> Result<Response, ApiError> {
    let id = case_id(&id)?;
    let mut checks = WireChecks::default();
    let types: Vec<&str> = MeetingType::ALL.iter().map(|kind| kind.as_str()).collect();
    checks.choose("meeting_type", &input.meeting_type, &types, "the kind of meeting");
    checks.local_time("starts_at", &input.starts_at);
    if !(i64::from(MIN_MINUTES)..=i64::from(MAX_MINUTES)).contains(&input.minutes) {
        checks.0.add("minutes", format!("Give the length in minutes, from {MIN_MINUTES} to {MAX_MINUTES}"));
    }
    checks.optional_length("place", input.place.as_deref(), PLACE_CHARS);
    checks.optional_length("video_link", input.video_link.as_deref(), VIDEO_LINK_CHARS);
    checks.positive("member", input.member);
    checks.positive("companion", input.companion);
    checks.optional_length("prep_notes", input.prep_notes.as_deref(), NOTE_CHARS);
    checks.finish()?;
    let draft = MeetingDraft {
        meeting_type: input.meeting_type,
        starts_at: input.starts_at,
        minutes: input.minutes.to_string(),
        place: input.place.unwrap_or_default(),
        video_link: input.video_link.unwrap_or_default(),
        member: input.member,
        companion: input.companion,
        prep_notes: input.prep_notes.unwrap_or_default(),
    };
    let scheduled = steward_app::cases::schedule_meeting(state.store.as_ref(), &auth.context(), id, &draft).await?;
    Ok((StatusCode::CREATED, Json(ScheduledMeetingOut::from(scheduled))).into_response())
}

#[utoipa::path(put, path = "/api/v1/cases/{id}/meetings/{meeting_id}/outcome", tag = "cases",
    params(("id" = i64, Path, description = "Case id"), ("meeting_id" = i64, Path, description = "A meeting on the case")),
    request_body = MeetingOutcomeInput,
    responses((status = 204, description = "Kept, and written on the timeline"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn meeting_outcome(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, meeting)): Path<(String, String)>,
    ApiJson(input): ApiJson<MeetingOutcomeInput>,
) -> Result<StatusCode, ApiError> {
    let id = case_id(&id)?;
    let meeting = parse_path_id(&meeting)?;
    let mut checks = WireChecks::default();
    checks.required("outcome", &input.outcome, "Say how the meeting went");
    checks.length("outcome", &input.outcome, NOTE_CHARS);
    checks.finish()?;
    let ctx = auth.context();
    steward_app::cases::record_meeting_outcome(state.store.as_ref(), &ctx, id, meeting, &input.outcome).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/me/due", tag = "cases",
    responses((status = 200, body = DueListOut), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn my_due(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(NoParams {}): ApiQuery<NoParams>,
) -> Result<Json<DueListOut>, ApiError> {
    let items = steward_app::cases::my_due_items(state.store.as_ref(), &auth.context()).await?;
    let today = uk_today();
    Ok(Json(DueListOut { items: items.into_iter().map(|item| due_out(item, today)).collect() }))
}

#[utoipa::path(post, path = "/api/v1/me/calendar-feed", tag = "cases",
    responses((status = 201, body = CalendarFeedOut, description = "A new feed address; any earlier one stops working"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create_calendar_feed(State(state): State<AppState>, auth: Auth) -> Result<Response, ApiError> {
    let token = steward_app::cases::create_calendar_feed(state.store.as_ref(), &auth.context()).await?;
    let out = CalendarFeedOut { url: calendar_feed_path(&token) };
    Ok((StatusCode::CREATED, Json(out)).into_response())
}

/// Where a feed with this secret is served (see `html::calendar_routes`).
pub fn calendar_feed_path(token: &str) -> String {
    format!("/calendar/{token}.ics")
}
