//! `/api/v1/workload`: who in the caller's scope is over, near or under capacity, with what
//! makes up each score, and each branch's thresholds (`/api/v1/workload/thresholds/{branch_id}`).
//! `/api/v1/wellbeing`: the caller's own private wellbeing records, those others shared with
//! them, and whether a run of emotionally heavy cases calls for a debrief; and a new record.
//!
//! The wire is exact: kinds are the listed words, a mood is a whole number from 1 to 5, ids
//! are whole numbers from 1, scores are above 0 and at most 1000; a value the document forbids
//! is refused before the use case runs, and the use cases decide the rest (a branch in the
//! caller's scope, `over` above `near`, a colleague to share with).

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::Json;
use serde::{Deserialize, Serialize};
use steward_app::ports::WellbeingRecord;
use steward_app::workload::{PersonLoad, WellbeingDraft, WorkloadDashboard};
use steward_app::AppError;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::BranchId;
use steward_domain::workload::{Capacity, Thresholds};

use super::schema_types::RoleName;
use super::wire_checks::WireChecks;
use super::{parse_path_id, ApiJson, ApiQuery, Created};
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

/// The use case's limit on a wellbeing note.
const NOTE_CHARS: usize = 5_000;
/// The highest threshold a branch may set.
const MAX_SCORE: f64 = 1000.0;

// ---- what the API sends --------------------------------------------------------------------

/// Where a person's score stands against their branch's thresholds.
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CapacityName {
    /// Below `near`.
    Under,
    /// From `near`, below `over`.
    Near,
    /// From `over`.
    Over,
}

impl From<Capacity> for CapacityName {
    fn from(capacity: Capacity) -> Self {
        match capacity {
            Capacity::Under => Self::Under,
            Capacity::Near => Self::Near,
            Capacity::Over => Self::Over,
        }
    }
}

/// How a score is made up: points for open cases (each the mean of its complexity and
/// emotional load), one for each deadline due by the week's end, and one for each hour
/// logged this week beyond the person's facility time.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ScoreOut {
    pub case_points: f64,
    pub deadline_points: f64,
    pub overtime_points: f64,
    pub total: f64,
}

/// A branch's thresholds: from `near` a person is near capacity, from `over` beyond it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ThresholdsOut {
    pub near: f64,
    pub over: f64,
}

impl From<Thresholds> for ThresholdsOut {
    fn from(t: Thresholds) -> Self {
        Self { near: t.near, over: t.over }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct WorkloadPersonOut {
    pub user_id: i64,
    pub name: String,
    #[schema(value_type = RoleName)]
    pub role: String,
    /// The branch whose thresholds apply; absent for people whose scope is a region or the
    /// whole union (the default thresholds apply).
    pub branch_id: Option<i64>,
    /// The branch's name, or "Union-wide".
    pub branch_name: String,
    /// Open cases the person is on.
    pub open_cases: u32,
    /// Open deadlines and tasks on those cases due by the end of this week (overdue too).
    pub deadlines_this_week: u32,
    /// Union time logged this week.
    pub minutes_this_week: u32,
    /// Their facility time a week, when their profile says.
    pub facility_minutes_per_week: Option<u32>,
    pub score: ScoreOut,
    pub capacity: CapacityName,
    pub thresholds: ThresholdsOut,
    /// When the figures were last worked out; absent before the first refresh.
    #[schema(format = DateTime, value_type = Option<String>)]
    pub computed_at: Option<String>,
}

impl From<PersonLoad> for WorkloadPersonOut {
    fn from(load: PersonLoad) -> Self {
        let snapshot = load.person.snapshot.as_ref();
        Self {
            user_id: load.person.user.0,
            role: load.person.role.as_str().to_owned(),
            branch_id: load.branch.map(|branch| branch.0),
            branch_name: load.branch_name,
            open_cases: snapshot.map_or(0, |s| s.open_cases),
            deadlines_this_week: snapshot.map_or(0, |s| s.deadlines_this_week),
            minutes_this_week: snapshot.map_or(0, |s| s.minutes_this_week),
            facility_minutes_per_week: load.person.facility_minutes_per_week,
            score: ScoreOut {
                case_points: load.score.case_points,
                deadline_points: load.score.deadline_points,
                overtime_points: load.score.overtime_points,
                total: load.score.total,
            },
            capacity: load.capacity.into(),
            thresholds: load.thresholds.into(),
            computed_at: load.person.computed_at.map(|at| at.to_rfc3339()),
            name: load.person.name,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct BranchThresholdsOut {
    pub branch_id: i64,
    pub branch_name: String,
    pub near: f64,
    pub over: f64,
}

/// Everyone in the caller's scope who carries cases, heaviest first.
#[derive(Serialize, utoipa::ToSchema)]
pub struct WorkloadOut {
    pub people: Vec<WorkloadPersonOut>,
    /// How many are over capacity.
    pub over: u32,
    /// How many are near capacity.
    pub near: u32,
    /// How many have capacity.
    pub under: u32,
    /// The oldest of the figures shown.
    #[schema(format = DateTime, value_type = Option<String>)]
    pub computed_at: Option<String>,
    /// The branches in the caller's scope with the thresholds each uses.
    pub branches: Vec<BranchThresholdsOut>,
    /// This page's number, and whether another follows.
    pub page: u32,
    pub has_next: bool,
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl From<WorkloadDashboard> for WorkloadOut {
    fn from(d: WorkloadDashboard) -> Self {
        Self {
            over: count(d.over),
            near: count(d.near),
            under: count(d.under),
            computed_at: d.computed_at.map(|at| at.to_rfc3339()),
            page: d.page,
            has_next: d.has_next,
            people: d.people.into_iter().map(WorkloadPersonOut::from).collect(),
            branches: d
                .branches
                .into_iter()
                .map(|(id, name, t)| BranchThresholdsOut {
                    branch_id: id.0,
                    branch_name: name,
                    near: t.near,
                    over: t.over,
                })
                .collect(),
        }
    }
}

/// What a wellbeing record is.
// Read through a string, so a number is refused as a wrong value (422) like a wrong word,
// rather than as unparseable JSON.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case", try_from = "String")]
pub enum WellbeingKind {
    /// How I am doing.
    CheckIn,
    /// Asking for supervision.
    Supervision,
    /// Asking for a debrief after a hard case.
    Debrief,
}

impl TryFrom<String> for WellbeingKind {
    type Error = &'static str;

    fn try_from(word: String) -> Result<Self, Self::Error> {
        [Self::CheckIn, Self::Supervision, Self::Debrief]
            .into_iter()
            .find(|kind| kind.as_str() == word)
            .ok_or("kind: choose check_in, supervision or debrief")
    }
}

impl WellbeingKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::CheckIn => "check_in",
            Self::Supervision => "supervision",
            Self::Debrief => "debrief",
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct WellbeingRecordOut {
    pub id: i64,
    /// Who made it.
    pub user_id: i64,
    pub user_name: String,
    #[schema(value_type = WellbeingKind)]
    pub kind: String,
    /// 1 (struggling) to 5 (doing well).
    #[schema(minimum = 1, maximum = 5)]
    pub mood: Option<u8>,
    pub note: Option<String>,
    /// The one colleague it is shared with, if any.
    pub shared_with_user_id: Option<i64>,
    pub shared_with_name: Option<String>,
    #[schema(format = DateTime, value_type = String)]
    pub created_at: String,
}

impl From<WellbeingRecord> for WellbeingRecordOut {
    fn from(r: WellbeingRecord) -> Self {
        let (shared_with_user_id, shared_with_name) =
            r.shared_with.map_or((None, None), |(id, name)| (Some(id.0), Some(name)));
        Self {
            id: r.id,
            user_id: r.user.0,
            user_name: r.user_name,
            kind: r.kind,
            mood: r.mood,
            note: r.note,
            shared_with_user_id,
            shared_with_name,
            created_at: r.created_at.to_rfc3339(),
        }
    }
}

/// Someone a record may be shared with.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ColleagueOut {
    pub user_id: i64,
    pub name: String,
    #[schema(value_type = RoleName)]
    pub role: String,
}

/// The caller's wellbeing page. Nobody else's records appear, whatever the caller's role.
#[derive(Serialize, utoipa::ToSchema)]
pub struct WellbeingOut {
    /// The caller's own records, newest first.
    pub records: Vec<WellbeingRecordOut>,
    /// Records colleagues chose to share with the caller, newest first.
    pub shared_with_me: Vec<WellbeingRecordOut>,
    /// Several of the caller's most recent cases were emotionally heavy: a debrief is offered.
    pub heavy_run: bool,
    /// Active officers and caseworkers a record may be shared with.
    pub colleagues: Vec<ColleagueOut>,
}

// ---- what the API takes --------------------------------------------------------------------

/// A branch's thresholds; scores have at most one decimal place.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThresholdsInput {
    /// The score from which a person is near capacity: above 0, at most 1000.
    #[schema(exclusive_minimum = 0.0, maximum = 1000.0)]
    pub near: f64,
    /// The score from which a person is over capacity: above `near`, at most 1000.
    #[schema(exclusive_minimum = 0.0, maximum = 1000.0)]
    pub over: f64,
}

/// A private wellbeing record.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct WellbeingInput {
    pub kind: WellbeingKind,
    /// 1 (struggling) to 5 (doing well); absent or null for none.
    #[serde(default)]
    #[schema(minimum = 1, maximum = 5)]
    pub mood: Option<i64>,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub note: Option<String>,
    /// An active officer or caseworker (see `colleagues`) to share it with; absent keeps it
    /// to oneself.
    #[serde(default)]
    #[schema(minimum = 1)]
    pub share_with_user_id: Option<i64>,
}

impl WireChecks {
    fn score(&mut self, field: &str, value: f64) {
        if !(value.is_finite() && value > 0.0 && value <= MAX_SCORE) {
            self.0.add(field, "Give a score above 0 and at most 1000");
        }
    }
}

/// The use case names the form's fields; the wire's is `share_with_user_id`.
fn wire_fields(error: AppError) -> ApiError {
    match error {
        AppError::Invalid(errors) => {
            let mut renamed = FieldErrors::new();
            for (field, message) in errors.iter() {
                renamed.add(if field == "share_with" { "share_with_user_id" } else { field }, message);
            }
            ApiError(AppError::Invalid(renamed))
        }
        other => ApiError(other),
    }
}

// ---- handlers ------------------------------------------------------------------------------

/// Which page of the list, and which capacity band.
#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct WorkloadParams {
    /// under, near or over; every band when absent.
    #[param(value_type = Option<CapacityName>)]
    pub capacity: Option<String>,
    /// 1 (default) to 10000; 50 people a page, heaviest first.
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<u32>,
}

#[utoipa::path(get, path = "/api/v1/workload", tag = "workload", params(WorkloadParams),
    responses((status = 200, body = WorkloadOut), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn dashboard(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(params): ApiQuery<WorkloadParams>,
) -> Result<Json<WorkloadOut>, ApiError> {
    let mut errors = FieldErrors::new();
    let capacity = match params.capacity.as_deref() {
        None => None,
        Some("under") => Some(Capacity::Under),
        Some("near") => Some(Capacity::Near),
        Some("over") => Some(Capacity::Over),
        Some(_) => {
            errors.add("capacity", "Choose under, near or over");
            None
        }
    };
    let page = params.page.unwrap_or(1);
    if !(1..=10_000).contains(&page) {
        errors.add("page", "Use a page from 1 to 10000");
    }
    if !errors.is_empty() {
        return Err(ApiError(AppError::Invalid(errors)));
    }
    let dashboard =
        steward_app::workload::workload_dashboard(state.store.as_ref(), &auth.context(), capacity, page).await?;
    Ok(Json(dashboard.into()))
}

#[utoipa::path(put, path = "/api/v1/workload/thresholds/{branch_id}", tag = "workload",
    params(("branch_id" = i64, Path, description = "A branch in the caller's scope")),
    request_body = ThresholdsInput,
    responses((status = 204, description = "Saved"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json", description = "No such branch in the caller's scope"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json", description = "Invalid, or `over` not above `near`")),
    security(("bearer" = [])))]
pub async fn save_thresholds(
    State(state): State<AppState>,
    auth: Auth,
    Path(branch_id): Path<String>,
    ApiJson(input): ApiJson<ThresholdsInput>,
) -> Result<StatusCode, ApiError> {
    let branch = BranchId(parse_path_id(&branch_id)?);
    let mut checks = WireChecks::default();
    checks.score("near", input.near);
    checks.score("over", input.over);
    checks.finish()?;
    // The use case reads the scores as the form sends them (at most one decimal place).
    let (near, over) = (input.near.to_string(), input.over.to_string());
    steward_app::workload::save_branch_thresholds(state.store.as_ref(), &auth.context(), branch, &near, &over).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/wellbeing", tag = "workload",
    responses((status = 200, body = WellbeingOut), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn wellbeing(State(state): State<AppState>, auth: Auth) -> Result<Json<WellbeingOut>, ApiError> {
    let ctx = auth.context();
    let view = steward_app::workload::my_wellbeing(state.store.as_ref(), &ctx).await?;
    let me = ctx.actor.user_id;
    let (records, shared_with_me): (Vec<WellbeingRecord>, Vec<WellbeingRecord>) =
        view.records.into_iter().partition(|record| record.user == me);
    // The store returns only the caller's and those shared with the caller; say so here too.
    let shared_with_me = shared_with_me
        .into_iter()
        .filter(|record| record.shared_with.as_ref().is_some_and(|(user, _)| *user == me))
        .map(WellbeingRecordOut::from)
        .collect();
    Ok(Json(WellbeingOut {
        records: records.into_iter().map(WellbeingRecordOut::from).collect(),
        shared_with_me,
        heavy_run: view.heavy_run,
        colleagues: view
            .colleagues
            .into_iter()
            .map(|user| ColleagueOut { user_id: user.id.0, name: user.name, role: user.role.as_str().to_owned() })
            .collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/wellbeing", tag = "workload", request_body = WellbeingInput,
    responses((status = 201, body = Created, description = "Recorded; `id` is the record's"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json", description = "Invalid, or not someone the record may be shared with")),
    security(("bearer" = [])))]
pub async fn record_wellbeing(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<WellbeingInput>,
) -> Result<(StatusCode, Json<Created>), ApiError> {
    let mut checks = WireChecks::default();
    if input.mood.is_some_and(|mood| !(1..=5).contains(&mood)) {
        checks.0.add("mood", "Choose from 1 (struggling) to 5 (doing well), or leave it out");
    }
    if input.note.as_deref().is_some_and(|note| note.chars().count() > NOTE_CHARS) {
        checks.0.add("note", format!("Keep this to {NOTE_CHARS} characters"));
    }
    if input.share_with_user_id.is_some_and(|id| id < 1) {
        checks.0.add("share_with_user_id", "Give the id of a colleague (a whole number from 1)");
    }
    checks.finish()?;
    let draft = WellbeingDraft {
        kind: input.kind.as_str().to_owned(),
        mood: input.mood.map(|mood| mood.to_string()).unwrap_or_default(),
        note: input.note.unwrap_or_default(),
        share_with: input.share_with_user_id.map(|id| id.to_string()).unwrap_or_default(),
    };
    let id = steward_app::workload::record_wellbeing(state.store.as_ref(), &auth.context(), &draft)
        .await
        .map_err(wire_fields)?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}
