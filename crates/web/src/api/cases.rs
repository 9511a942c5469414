//! `/api/v1/cases`: the case list, opening a case (or promoting an enquiry to one), one case
//! file with its timeline, writing on the timeline, moving the procedure on, closing and
//! reopening, the team and its escalation level, and the union's case rules.
//!
//! Handlers check only what the wire promises (the exact words an enum field lists, the
//! documented lengths and dates) and then call the same use cases as the pages, which decide
//! everything else. A case the caller may not see reads as not found.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use steward_app::cases::{CaseListFilter, CaseView, EntryDraft, OpenCaseForm, PromoteForm, StageForm};
use steward_app::ports::{
    CaseFile, CaseId, CaseSettings, CaseSummary, EnquiryId, LinkedCase, TimelineCursor, TimelineEntry,
};
use steward_app::AppError;
use steward_domain::case::kind::{CaseRole, CaseType, EscalationLevel};
use steward_domain::case::procedure::{find_stage, stages, StageMove};
use steward_domain::case::timeline::{EntryKind, MAX_ENTRY_CHARS, MAX_ENTRY_MINUTES};
use steward_domain::case::OUTCOMES;
use steward_domain::ids::UserId;

use super::schema_types::{
    CaseOutcomeName, CaseRoleName, CaseStatusFilterName, CaseStatusName, CaseTypeName, EligibilityName, EntryKindName,
    EscalationLevelName, StageDecisionName, WrittenEntryKindName,
};
use super::wire_checks::WireChecks;
use super::{parse_path_id, ApiJson, ApiQuery, Created};
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

/// The most members besides the lead that one case names (the use case's
/// `MAX_CASE_MEMBERS`, 200, less the lead member).
const MAX_OTHER_MEMBERS: usize = 199;
const TITLE_CHARS: usize = 200;
const REASON_CHARS: usize = 2_000;
const NOTE_CHARS: usize = 20_000;
const DECISIONS: [&str; 4] = ["no_action", "warning", "final_warning", "dismissal"];

// ---- what the API sends --------------------------------------------------------------------

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseOut {
    pub id: i64,
    /// CASE-YYYY-NNNNNN
    pub reference: String,
    pub title: String,
    #[schema(value_type = CaseTypeName)]
    pub case_type: String,
    /// The procedure stage's code (see `stages` on the case file).
    pub stage: String,
    pub stage_label: String,
    #[schema(value_type = CaseStatusName)]
    pub status: String,
    pub lead_member_id: i64,
    pub lead_member_name: String,
    pub workplace_id: i64,
    pub workplace_name: String,
    pub branch_id: i64,
    pub region_id: i64,
    /// 1 (light) to 5 (heavy).
    #[schema(minimum = 1, maximum = 5)]
    pub complexity: u8,
    /// 1 (light) to 5 (heavy).
    #[schema(minimum = 1, maximum = 5)]
    pub emotional_load: u8,
    #[schema(value_type = EscalationLevelName)]
    pub escalation_level: String,
    #[schema(value_type = EligibilityName)]
    pub eligibility: String,
    /// How the case ended, once closed.
    #[schema(value_type = Option<CaseOutcomeName>)]
    pub outcome: Option<String>,
    /// When the soonest open deadline or task on the case falls due.
    #[schema(format = Date, value_type = Option<String>)]
    pub next_due_on: Option<String>,
    #[schema(format = DateTime, value_type = String)]
    pub created_at: String,
    #[schema(format = DateTime, value_type = String)]
    pub updated_at: String,
}

impl From<CaseSummary> for CaseOut {
    fn from(c: CaseSummary) -> Self {
        Self {
            id: c.id.0,
            reference: c.reference.to_string(),
            stage_label: find_stage(c.case_type, &c.stage).map_or_else(|| c.stage.clone(), |s| s.label.to_owned()),
            title: c.title,
            case_type: c.case_type.as_str().to_owned(),
            stage: c.stage,
            status: c.status,
            lead_member_id: c.lead_member.0,
            lead_member_name: c.lead_member_name,
            workplace_id: c.path.workplace.0,
            workplace_name: c.workplace_name,
            branch_id: c.path.branch.0,
            region_id: c.path.region.0,
            complexity: c.complexity.value(),
            emotional_load: c.emotional_load.value(),
            escalation_level: c.escalation_level.as_str().to_owned(),
            eligibility: c.eligibility.as_str().to_owned(),
            outcome: c.outcome,
            next_due_on: c.next_due_on.map(|on| on.to_string()),
            created_at: c.created_at.to_rfc3339(),
            updated_at: c.updated_at.to_rfc3339(),
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseListOut {
    pub cases: Vec<CaseOut>,
    pub page: u32,
    /// Whether a next page exists.
    pub has_more: bool,
    /// Pass as `after` for the next page (faster than asking by `page`).
    pub next_after: Option<String>,
    /// Whether the list holds only the caller's own cases (always, for reps and lawyers).
    pub only_mine: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseMemberOut {
    pub member_id: i64,
    pub name: String,
    pub membership_number: String,
    /// The member the case is chiefly for.
    pub lead: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseTeamMemberOut {
    pub user_id: i64,
    pub name: String,
    pub email: String,
    #[schema(value_type = CaseRoleName)]
    pub role: String,
    #[schema(format = DateTime, value_type = String)]
    pub added_at: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LinkedCaseOut {
    pub id: i64,
    pub reference: String,
    pub title: String,
    #[schema(value_type = CaseStatusName)]
    pub status: String,
}

impl From<LinkedCase> for LinkedCaseOut {
    fn from(c: LinkedCase) -> Self {
        Self { id: c.id.0, reference: c.reference.to_string(), title: c.title, status: c.status }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseEnquiryOut {
    pub id: i64,
    /// ENQ-YYYY-NNNNNN
    pub reference: String,
}

/// One stage of the case's procedure, in order.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseStageOut {
    pub code: String,
    pub label: String,
    /// A later stage cannot be reached without passing through this one.
    pub required: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseEntryOut {
    pub id: i64,
    #[schema(value_type = EntryKindName)]
    pub kind: String,
    pub author: String,
    pub body: String,
    pub minutes: Option<u32>,
    /// The entry this one corrects.
    pub corrects: Option<i64>,
    /// When it happened.
    #[schema(format = DateTime, value_type = String)]
    pub occurred_at: String,
    /// When it was written down.
    #[schema(format = DateTime, value_type = String)]
    pub created_at: String,
}

impl From<TimelineEntry> for CaseEntryOut {
    fn from(e: TimelineEntry) -> Self {
        Self {
            id: e.id,
            kind: e.kind.as_str().to_owned(),
            author: e.author_label,
            body: e.body,
            minutes: e.minutes,
            corrects: e.corrects,
            occurred_at: e.occurred_at.to_rfc3339(),
            created_at: e.created_at.to_rfc3339(),
        }
    }
}

/// A case file with the newest page of its timeline (50 entries, shown oldest first).
#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseDetailOut {
    pub case: CaseOut,
    pub members: Vec<CaseMemberOut>,
    pub team: Vec<CaseTeamMemberOut>,
    /// The collective case this one spun out of.
    pub parent: Option<LinkedCaseOut>,
    /// Cases spun out of this one.
    pub children: Vec<LinkedCaseOut>,
    /// The enquiry promoted to this case.
    pub enquiry: Option<CaseEnquiryOut>,
    #[schema(format = Date, value_type = String)]
    pub problem_arose_on: String,
    /// Why the eligibility rule gives advice only; empty when full representation is due.
    pub eligibility_reasons: Vec<String>,
    /// Why full representation was given against the rule, when it was.
    pub eligibility_override: Option<String>,
    #[schema(format = DateTime, value_type = Option<String>)]
    pub closed_at: Option<String>,
    /// The stages of this type of case, in order: the codes a stage move may name.
    pub stages: Vec<CaseStageOut>,
    pub timeline: Vec<CaseEntryOut>,
    /// Pass as `before` for the page of older entries, when there are any.
    pub timeline_before: Option<String>,
}

fn detail_out(view: CaseView) -> CaseDetailOut {
    let CaseView { file, mut timeline, older } = view;
    // The store reads newest first; the API has always listed oldest first.
    timeline.reverse();
    let CaseFile {
        summary,
        members,
        team,
        parent,
        children,
        enquiry,
        problem_arose_on,
        eligibility_reasons,
        eligibility_override,
        closed_at,
    } = file;
    let stages = stages(summary.case_type)
        .iter()
        .map(|s| CaseStageOut { code: s.code.to_owned(), label: s.label.to_owned(), required: s.required })
        .collect();
    CaseDetailOut {
        case: CaseOut::from(summary),
        members: members
            .into_iter()
            .map(|m| CaseMemberOut {
                member_id: m.member.0,
                name: m.name,
                membership_number: m.membership_number,
                lead: m.lead,
            })
            .collect(),
        team: team
            .into_iter()
            .map(|t| CaseTeamMemberOut {
                user_id: t.user.0,
                name: t.name,
                email: t.email,
                role: t.role.as_str().to_owned(),
                added_at: t.added_at.to_rfc3339(),
            })
            .collect(),
        parent: parent.map(LinkedCaseOut::from),
        children: children.into_iter().map(LinkedCaseOut::from).collect(),
        enquiry: enquiry.map(|(id, reference)| CaseEnquiryOut { id: id.0, reference: reference.to_string() }),
        problem_arose_on: problem_arose_on.to_string(),
        eligibility_reasons,
        eligibility_override,
        closed_at: closed_at.map(|at| at.to_rfc3339()),
        stages,
        timeline: timeline.into_iter().map(CaseEntryOut::from).collect(),
        timeline_before: older.map(|older| older.to_token()),
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct StageFindingOut {
    /// A stable code such as STAGE_BACKWARDS or NO_WRITTEN_NOTICE.
    pub code: String,
    /// A blocking finding stops the move.
    pub blocking: bool,
    pub message: String,
}

/// What a stage move finds: whether it may be made, and the warnings it raises.
#[derive(Serialize, utoipa::ToSchema)]
pub struct StageMoveOut {
    pub allowed: bool,
    /// A missed ACAS Code step a tribunal may punish with an uplift of up to 25%.
    pub possible_uplift: bool,
    pub findings: Vec<StageFindingOut>,
}

impl From<StageMove> for StageMoveOut {
    fn from(m: StageMove) -> Self {
        Self {
            allowed: m.allowed,
            possible_uplift: m.possible_uplift,
            findings: m
                .findings
                .into_iter()
                .map(|f| StageFindingOut { code: f.code.to_owned(), blocking: f.blocking, message: f.message })
                .collect(),
        }
    }
}

/// The union's case rules.
#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseSettingsOut {
    /// Weeks of membership before a problem arose that full representation needs.
    pub qualifying_weeks: u32,
    /// Whether members in arrears are still represented.
    pub represent_in_arrears: bool,
}

impl From<CaseSettings> for CaseSettingsOut {
    fn from(s: CaseSettings) -> Self {
        Self {
            qualifying_weeks: s.eligibility.qualifying_weeks,
            represent_in_arrears: s.eligibility.represent_in_arrears,
        }
    }
}

// ---- what the API takes --------------------------------------------------------------------

impl WireChecks {
    fn rating(&mut self, field: &str, value: i64, what: &str) {
        if !(1..=5).contains(&value) {
            self.0.add(field, format!("Rate the {what} from 1 (light) to 5 (heavy)"));
        }
    }

    fn case_type(&mut self, raw: &str) {
        let words: Vec<&str> = CaseType::ALL.iter().map(|kind| kind.as_str()).collect();
        self.word("case_type", raw, &words, || CaseType::parse("").err().unwrap_or_default());
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CaseListParams {
    /// Only the cases the caller is on (always so for reps and lawyers).
    pub mine: Option<bool>,
    /// open (default), closed or all.
    #[param(value_type = Option<CaseStatusFilterName>)]
    pub status: Option<String>,
    #[param(value_type = Option<CaseTypeName>)]
    pub case_type: Option<String>,
    /// 1 (default) to 10000; 25 cases a page. Ignored (beyond being echoed) with `after`.
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<u32>,
    /// `next_after` of the previous page: the cases after it.
    pub after: Option<String>,
}

/// A case to open, for one member or (with `other_members`) a collective case.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OpenCaseInput {
    #[schema(min_length = 1, max_length = 200)]
    pub title: String,
    #[schema(value_type = CaseTypeName)]
    pub case_type: String,
    /// The lead member's membership number.
    pub membership_number: String,
    /// Membership numbers of the others on a collective case.
    #[serde(default)]
    #[schema(max_items = 199)]
    pub other_members: Option<Vec<String>>,
    /// When the problem began (eligibility is judged against it); not in the future.
    #[schema(format = Date, value_type = String)]
    pub problem_arose_on: String,
    /// 1 (light) to 5 (heavy).
    #[schema(minimum = 1, maximum = 5)]
    pub complexity: i64,
    /// 1 (light) to 5 (heavy).
    #[schema(minimum = 1, maximum = 5)]
    pub emotional_load: i64,
    /// Why full representation is given although the union's rule says advice only
    /// (officers, caseworkers and administrators only).
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub override_reason: Option<String>,
    /// The collective case this one spins out of.
    #[serde(default)]
    #[schema(minimum = 1)]
    pub parent_case: Option<i64>,
}

/// Opening a case from an enquiry: the member is the enquiry's, the thread is copied onto
/// the timeline and the enquiry is closed as "case opened".
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PromoteInput {
    /// Blank or absent takes the enquiry's subject.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub title: Option<String>,
    #[schema(value_type = CaseTypeName)]
    pub case_type: String,
    #[schema(format = Date, value_type = String)]
    pub problem_arose_on: String,
    #[schema(minimum = 1, maximum = 5)]
    pub complexity: i64,
    #[schema(minimum = 1, maximum = 5)]
    pub emotional_load: i64,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub override_reason: Option<String>,
}

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CaseViewParams {
    /// Only timeline entries of this kind.
    #[param(value_type = Option<EntryKindName>)]
    pub kind: Option<String>,
    /// `timeline_before` of a case file read before: the page of entries older than it.
    pub before: Option<String>,
}

/// One entry for the timeline. Entries are never edited: to correct one, write a new entry
/// with `corrects` naming it (its kind is then `correction`).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EntryInput {
    /// Required unless `corrects` is given.
    #[serde(default)]
    #[schema(value_type = Option<WrittenEntryKindName>)]
    pub kind: Option<String>,
    #[schema(min_length = 1, max_length = 20000)]
    pub body: String,
    /// Minutes spent (required for time_spent).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 1440)]
    pub minutes: Option<i64>,
    /// When it happened, not in the future; absent is now.
    #[serde(default)]
    #[schema(format = Date, value_type = Option<String>)]
    pub occurred_on: Option<String>,
    /// An entry on this case's timeline that this one corrects.
    #[serde(default)]
    #[schema(minimum = 1)]
    pub corrects: Option<i64>,
}

/// A move of the procedure to stage `to`, with the facts the ACAS Code's checks depend on.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StageInput {
    /// A stage code of this type of case (listed in the case file's `stages`).
    #[schema(max_length = 100)]
    pub to: String,
    /// A written notice of the hearing is on file.
    #[serde(default)]
    pub notice_recorded: bool,
    #[serde(default)]
    pub notice_states_accompaniment_right: bool,
    /// The decision, when moving to a decision stage.
    #[serde(default)]
    #[schema(value_type = Option<StageDecisionName>)]
    pub decision: Option<String>,
    #[serde(default)]
    pub appeal_offered: bool,
    /// Kept on the timeline with the change.
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub note: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseCloseInput {
    #[schema(value_type = CaseOutcomeName)]
    pub outcome: String,
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub note: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseReopenInput {
    #[schema(min_length = 1, max_length = 2000)]
    pub reason: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TeamMemberInput {
    /// A colleague with an active account.
    #[schema(minimum = 1)]
    pub user_id: i64,
    /// The part they play; it must suit their account's role.
    #[schema(value_type = CaseRoleName)]
    pub role: String,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EscalationInput {
    #[schema(value_type = EscalationLevelName)]
    pub level: String,
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub note: Option<String>,
}

#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CaseSettingsInput {
    /// Weeks of membership before a problem arose that full representation needs (0 for none).
    #[schema(minimum = 0, maximum = 104)]
    pub qualifying_weeks: i64,
    pub represent_in_arrears: bool,
}

fn case_id(raw: &str) -> Result<CaseId, ApiError> {
    parse_path_id(raw).map(CaseId)
}

fn stage_form(input: StageInput) -> Result<StageForm, ApiError> {
    let mut checks = WireChecks::default();
    checks.length("to", &input.to, 100);
    if let Some(decision) = &input.decision {
        checks.word("decision", decision, &DECISIONS, || {
            "Choose no_action, warning, final_warning or dismissal".to_owned()
        });
    }
    if let Some(note) = &input.note {
        checks.length("note", note, NOTE_CHARS);
    }
    checks.finish()?;
    Ok(StageForm {
        to: input.to,
        notice_recorded: input.notice_recorded,
        notice_states_accompaniment_right: input.notice_states_accompaniment_right,
        decision: input.decision.unwrap_or_default(),
        appeal_offered: input.appeal_offered,
        note: input.note.unwrap_or_default(),
    })
}

/// The case just opened, read back for the response (the read is audited like any other).
async fn opened(state: &AppState, auth: &Auth, id: CaseId) -> Response {
    match steward_app::cases::view_case(state.store.as_ref(), &auth.context(), id, None).await {
        Ok(view) => (StatusCode::CREATED, Json(detail_out(view))).into_response(),
        Err(error) => {
            tracing::error!(case = id.0, "a case was opened but could not be read back");
            ApiError(error).into_response()
        }
    }
}

// ---- handlers ------------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/cases", tag = "cases", params(CaseListParams),
    responses((status = 200, body = CaseListOut), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn list(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(params): ApiQuery<CaseListParams>,
) -> Result<Json<CaseListOut>, ApiError> {
    let mut checks = WireChecks::default();
    if let Some(status) = &params.status {
        checks.word("status", status, &["open", "closed", "all"], || "Choose open, closed or all".to_owned());
    }
    if let Some(case_type) = &params.case_type {
        checks.case_type(case_type);
    }
    if params.page.is_some_and(|page| !(1..=10_000).contains(&page)) {
        checks.0.add("page", "Use a page from 1 to 10000");
    }
    checks.finish()?;
    let filter = CaseListFilter {
        mine: params.mine.unwrap_or(false),
        status: params.status.unwrap_or_default(),
        case_type: params.case_type.unwrap_or_default(),
        page: params.page.unwrap_or(1),
        after: params.after.unwrap_or_default(),
    };
    let list = steward_app::cases::list_cases(state.store.as_ref(), &auth.context(), &filter).await?;
    Ok(Json(CaseListOut {
        cases: list.cases.into_iter().map(CaseOut::from).collect(),
        page: list.page,
        has_more: list.has_more,
        next_after: list.next.map(|next| next.to_token()),
        only_mine: list.only_mine,
    }))
}

#[utoipa::path(post, path = "/api/v1/cases", tag = "cases", request_body = OpenCaseInput,
    responses((status = 201, body = CaseDetailOut, description = "The case was opened"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 409, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn create(State(state): State<AppState>, auth: Auth, ApiJson(input): ApiJson<OpenCaseInput>) -> Response {
    let mut checks = WireChecks::default();
    if input.title.is_empty() {
        checks.0.add("title", "Give the case a short title (up to 200 characters)");
    }
    checks.length("title", &input.title, TITLE_CHARS);
    checks.case_type(&input.case_type);
    let others = input.other_members.unwrap_or_default();
    if others.len() > MAX_OTHER_MEMBERS {
        checks.0.add(
            "other_members",
            format!("Name at most {MAX_OTHER_MEMBERS} other members; link larger groups as separate cases"),
        );
    }
    for number in &others {
        if number.trim().is_empty() || number.contains(|c: char| c == ',' || c.is_whitespace()) {
            checks.0.add("other_members", "Give one membership number in each item of the list");
        }
    }
    checks.date("problem_arose_on", &input.problem_arose_on);
    checks.rating("complexity", input.complexity, "complexity");
    checks.rating("emotional_load", input.emotional_load, "emotional load");
    if let Some(reason) = &input.override_reason {
        checks.length("override_reason", reason, REASON_CHARS);
    }
    checks.positive("parent_case", input.parent_case);
    if let Err(error) = checks.finish() {
        return error.into_response();
    }
    let form = OpenCaseForm {
        title: input.title,
        case_type: input.case_type,
        membership_number: input.membership_number,
        other_members: others.join("\n"),
        problem_arose_on: input.problem_arose_on,
        complexity: input.complexity.to_string(),
        emotional_load: input.emotional_load.to_string(),
        override_reason: input.override_reason.unwrap_or_default(),
        parent_case: input.parent_case,
    };
    match steward_app::cases::open_case(state.store.as_ref(), &auth.context(), &form).await {
        Ok((id, _reference)) => opened(&state, &auth, id).await,
        Err(error) => ApiError(error).into_response(),
    }
}

#[utoipa::path(get, path = "/api/v1/cases/{id}", tag = "cases",
    params(("id" = i64, Path, description = "Case id"), CaseViewParams),
    responses((status = 200, body = CaseDetailOut), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiQuery(params): ApiQuery<CaseViewParams>,
) -> Result<Json<CaseDetailOut>, ApiError> {
    let id = case_id(&id)?;
    let kind = match params.kind.as_deref() {
        None => None,
        Some(raw) => match EntryKind::parse(raw).filter(|kind| kind.as_str() == raw) {
            Some(kind) => Some(kind),
            None => {
                let names: Vec<&str> = EntryKind::ALL.iter().map(|kind| kind.as_str()).collect();
                return Err(AppError::field("kind", format!("Choose a kind of entry: {}", names.join(", "))).into());
            }
        },
    };
    let before = match params.before.as_deref() {
        None => None,
        Some(raw) => Some(
            TimelineCursor::from_token(raw)
                .ok_or_else(|| AppError::field("before", "Use timeline_before from an earlier answer"))?,
        ),
    };
    let view = steward_app::cases::view_case_page(state.store.as_ref(), &auth.context(), id, kind, before).await?;
    Ok(Json(detail_out(view)))
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/entries", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    request_body = EntryInput,
    responses((status = 201, body = Created, description = "The entry was added; `id` is the entry's"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn add_entry(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<EntryInput>,
) -> Result<Response, ApiError> {
    let id = case_id(&id)?;
    let mut checks = WireChecks::default();
    if let Some(kind) = &input.kind {
        let words: Vec<&str> = EntryKind::WRITTEN.iter().map(|kind| kind.as_str()).collect();
        checks.word("kind", kind, &words, || EntryKind::parse_written("").err().unwrap_or_default());
    }
    if input.body.is_empty() {
        checks.0.add("body", "Write what happened");
    }
    checks.length("body", &input.body, MAX_ENTRY_CHARS);
    if input.minutes.is_some_and(|minutes| !(1..=i64::from(MAX_ENTRY_MINUTES)).contains(&minutes)) {
        checks.0.add("minutes", format!("Give the time in whole minutes, from 1 to {MAX_ENTRY_MINUTES}"));
    }
    if let Some(date) = &input.occurred_on {
        checks.date("occurred_on", date);
    }
    checks.positive("corrects", input.corrects);
    checks.finish()?;
    let draft = EntryDraft {
        kind: input.kind.unwrap_or_default(),
        body: input.body,
        minutes: input.minutes.map(|minutes| minutes.to_string()).unwrap_or_default(),
        occurred_on: input.occurred_on.unwrap_or_default(),
        corrects: input.corrects,
    };
    let entry = steward_app::cases::record_entry(state.store.as_ref(), &auth.context(), id, &draft).await?;
    Ok(super::created(entry))
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/stage-check", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    request_body = StageInput,
    responses((status = 200, body = StageMoveOut, description = "What the move would find; nothing is changed"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"), (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn check_stage(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<StageInput>,
) -> Result<Json<StageMoveOut>, ApiError> {
    let id = case_id(&id)?;
    let form = stage_form(input)?;
    let found = steward_app::cases::check_stage_move(state.store.as_ref(), &auth.context(), id, &form).await?;
    Ok(Json(found.into()))
}

#[utoipa::path(put, path = "/api/v1/cases/{id}/stage", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    request_body = StageInput,
    responses((status = 200, body = StageMoveOut, description = "Moved; the warnings are kept on the timeline"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json", description = "Invalid, or a move the procedure forbids: `errors.to` says why")),
    security(("bearer" = [])))]
pub async fn change_stage(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<StageInput>,
) -> Result<Json<StageMoveOut>, ApiError> {
    let id = case_id(&id)?;
    let form = stage_form(input)?;
    let moved = steward_app::cases::change_stage(state.store.as_ref(), &auth.context(), id, &form).await?;
    Ok(Json(moved.into()))
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/close", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    request_body = CaseCloseInput,
    responses((status = 204, description = "Closed"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn close(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CaseCloseInput>,
) -> Result<StatusCode, ApiError> {
    let id = case_id(&id)?;
    let mut checks = WireChecks::default();
    let codes: Vec<&str> = OUTCOMES.iter().map(|(code, _)| *code).collect();
    checks.word("outcome", &input.outcome, &codes, || format!("Choose how the case ended: {}", codes.join(", ")));
    if let Some(note) = &input.note {
        checks.length("note", note, NOTE_CHARS);
    }
    checks.finish()?;
    let note = input.note.unwrap_or_default();
    steward_app::cases::close_case(state.store.as_ref(), &auth.context(), id, &input.outcome, &note).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/reopen", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    request_body = CaseReopenInput,
    responses((status = 204, description = "Reopened"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn reopen(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<CaseReopenInput>,
) -> Result<StatusCode, ApiError> {
    let id = case_id(&id)?;
    let mut checks = WireChecks::default();
    if input.reason.is_empty() {
        checks.0.add("reason", "Say why the case is being reopened");
    }
    checks.length("reason", &input.reason, REASON_CHARS);
    checks.finish()?;
    steward_app::cases::reopen_case(state.store.as_ref(), &auth.context(), id, &input.reason).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/team", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    request_body = TeamMemberInput,
    responses((status = 204, description = "Added to the team"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn add_to_team(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<TeamMemberInput>,
) -> Result<StatusCode, ApiError> {
    let id = case_id(&id)?;
    let mut checks = WireChecks::default();
    checks.positive("user_id", Some(input.user_id));
    let roles: Vec<&str> = CaseRole::ALL.iter().map(|role| role.as_str()).collect();
    checks.word("role", &input.role, &roles, || CaseRole::parse("").err().unwrap_or_default());
    checks.finish()?;
    let ctx = auth.context();
    steward_app::cases::add_to_team(state.store.as_ref(), &ctx, id, UserId(input.user_id), &input.role).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/cases/{id}/team/{user_id}", tag = "cases",
    params(("id" = i64, Path, description = "Case id"), ("user_id" = i64, Path, description = "A user on the case's team")),
    responses((status = 204, description = "Taken off the team"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json", description = "That person is not on the team")),
    security(("bearer" = [])))]
pub async fn remove_from_team(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, user)): Path<(String, String)>,
) -> Result<StatusCode, ApiError> {
    let id = case_id(&id)?;
    let user = UserId(parse_path_id(&user)?);
    steward_app::cases::remove_from_team(state.store.as_ref(), &auth.context(), id, user).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(put, path = "/api/v1/cases/{id}/escalation", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    request_body = EscalationInput,
    responses((status = 204, description = "Saved"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn escalation(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<EscalationInput>,
) -> Result<StatusCode, ApiError> {
    let id = case_id(&id)?;
    let mut checks = WireChecks::default();
    let levels: Vec<&str> = EscalationLevel::ALL.iter().map(|level| level.as_str()).collect();
    checks.word("level", &input.level, &levels, || EscalationLevel::parse("").err().unwrap_or_default());
    if let Some(note) = &input.note {
        checks.length("note", note, NOTE_CHARS);
    }
    checks.finish()?;
    let note = input.note.unwrap_or_default();
    steward_app::cases::set_escalation(state.store.as_ref(), &auth.context(), id, &input.level, &note).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/enquiries/{id}/promote", tag = "cases", params(("id" = i64, Path, description = "Enquiry id")),
    request_body = PromoteInput,
    responses((status = 201, body = CaseDetailOut, description = "The case was opened and the enquiry closed as case opened"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn promote(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<PromoteInput>,
) -> Response {
    let enquiry = match parse_path_id(&id) {
        Ok(id) => EnquiryId(id),
        Err(error) => return error.into_response(),
    };
    let mut checks = WireChecks::default();
    if let Some(title) = &input.title {
        checks.length("title", title, TITLE_CHARS);
    }
    checks.case_type(&input.case_type);
    checks.date("problem_arose_on", &input.problem_arose_on);
    checks.rating("complexity", input.complexity, "complexity");
    checks.rating("emotional_load", input.emotional_load, "emotional load");
    if let Some(reason) = &input.override_reason {
        checks.length("override_reason", reason, REASON_CHARS);
    }
    if let Err(error) = checks.finish() {
        return error.into_response();
    }
    let form = PromoteForm {
        title: input.title.unwrap_or_default(),
        case_type: input.case_type,
        problem_arose_on: input.problem_arose_on,
        complexity: input.complexity.to_string(),
        emotional_load: input.emotional_load.to_string(),
        override_reason: input.override_reason.unwrap_or_default(),
    };
    let (files, max) = (state.files.as_ref(), state.config.max_document_bytes);
    match steward_app::cases::promote_enquiry(state.store.as_ref(), files, &auth.context(), enquiry, &form, max).await {
        Ok((id, _reference)) => opened(&state, &auth, id).await,
        Err(error) => ApiError(error).into_response(),
    }
}

#[utoipa::path(get, path = "/api/v1/case-settings", tag = "cases",
    responses((status = 200, body = CaseSettingsOut), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn settings(State(state): State<AppState>, auth: Auth) -> Result<Json<CaseSettingsOut>, ApiError> {
    let settings = steward_app::cases::case_settings(state.store.as_ref(), &auth.context()).await?;
    Ok(Json(settings.into()))
}

#[utoipa::path(put, path = "/api/v1/case-settings", tag = "cases", request_body = CaseSettingsInput,
    responses((status = 200, body = CaseSettingsOut, description = "Saved"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn save_settings(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<CaseSettingsInput>,
) -> Result<Json<CaseSettingsOut>, ApiError> {
    let weeks = input.qualifying_weeks.to_string();
    let ctx = auth.context();
    let saved =
        steward_app::cases::save_case_settings(state.store.as_ref(), &ctx, &weeks, input.represent_in_arrears).await?;
    Ok(Json(saved.into()))
}
