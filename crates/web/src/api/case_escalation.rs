//! `/api/v1/cases/{id}/escalation`, `/risk`, `/referrals` and `/lawyers`, and
//! `/api/v1/case-settings/guidance`: the escalation side of a case file (the team's view of
//! the stakes, the union's guidance prompt, legal referrals and the external lawyer's
//! time-bound place on the file) and the union's guidance rules.
//!
//! As in `cases.rs`, handlers check only what the wire promises (the exact words an enum
//! field lists, the documented ranges, lengths and dates) and then call the same use cases as
//! the pages, which decide everything else. A case the caller may not see reads as not found.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::{Deserialize, Serialize};
use steward_app::cases::EscalationView;
use steward_app::ports::{AssessedRisk, CaseId, Referral, StoredGuidanceRule};
use steward_domain::case::escalation::{EscalationPrompt, GuidanceDraft, TribunalRisk};
use steward_domain::case::kind::{CaseType, EscalationLevel};
use steward_domain::case::referral::ChecklistItem;
use steward_domain::case::timeline::MAX_ENTRY_CHARS;
use steward_domain::ids::UserId;
use steward_domain::member::parse_iso_date;

use super::schema_types::{CaseTypeName, EscalationLevelName};
use super::wire_checks::WireChecks;
use super::{parse_path_id, ApiJson, Created};
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

/// The most pounds a case's value may be put at (the domain's limit).
const MAX_POUNDS: i64 = 100_000_000;
const NOTE_CHARS: usize = 20_000;
const REASON_CHARS: usize = 500;

// ---- names for the document (never constructed: they describe fields) ----------------------

/// How likely the case is to end in an employment tribunal claim.
#[allow(dead_code)]
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum TribunalRiskName {
    Unlikely,
    Possible,
    Likely,
}

/// An item of the file checklist a legal referral attests to.
#[allow(dead_code)]
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChecklistItemName {
    Chronology,
    MemberStatement,
    KeyDocuments,
    ProcedureRecord,
    DeadlinesCalculated,
    EligibilityConfirmed,
    MemberConsent,
}

#[allow(dead_code)]
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReferralStatusName {
    Requested,
    Approved,
    Declined,
}

#[allow(dead_code)]
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ReferralDecisionName {
    Approve,
    Decline,
}

/// The levels guidance may send a case up to (every case starts at rep or higher).
#[allow(dead_code)]
#[derive(Serialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum GuidanceLevelName {
    Caseworker,
    Officer,
    Legal,
}

// ---- what the API sends --------------------------------------------------------------------

/// The team's latest view of the case's stakes.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RiskOut {
    #[schema(value_type = TribunalRiskName)]
    pub tribunal_risk: String,
    /// What the member stands to win or lose, in whole pounds, when it was put in money.
    pub value_pounds: Option<u32>,
    pub assessed_by: String,
    #[schema(format = DateTime, value_type = String)]
    pub assessed_at: String,
}

impl From<AssessedRisk> for RiskOut {
    fn from(r: AssessedRisk) -> Self {
        Self {
            tribunal_risk: r.risk.tribunal_risk.as_str().to_owned(),
            value_pounds: r.risk.value_pounds,
            assessed_by: r.assessed_by,
            assessed_at: r.assessed_at.to_rfc3339(),
        }
    }
}

/// What the union's guidance asks for when it wants the case higher than it is.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PromptOut {
    /// The highest level any applying rule asks for.
    #[schema(value_type = EscalationLevelName)]
    pub level: String,
    /// Every applying rule's reason, highest level first.
    pub reasons: Vec<String>,
}

impl From<EscalationPrompt> for PromptOut {
    fn from(p: EscalationPrompt) -> Self {
        Self { level: p.level.as_str().to_owned(), reasons: p.reasons }
    }
}

/// A referral to the union's lawyers.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ReferralOut {
    pub id: i64,
    #[schema(value_type = ReferralStatusName)]
    pub status: String,
    pub summary: String,
    /// The checklist items the requester attested to.
    #[schema(value_type = Vec<ChecklistItemName>)]
    pub checklist: Vec<String>,
    pub requested_by: String,
    #[schema(format = DateTime, value_type = String)]
    pub requested_at: String,
    pub decided_by: Option<String>,
    #[schema(format = DateTime, value_type = Option<String>)]
    pub decided_at: Option<String>,
    /// The officer's note (the reason, when declined).
    pub decision_note: Option<String>,
}

impl From<Referral> for ReferralOut {
    fn from(r: Referral) -> Self {
        Self {
            id: r.id,
            status: r.status.as_str().to_owned(),
            summary: r.summary,
            checklist: r.checklist.iter().map(|item| item.as_str().to_owned()).collect(),
            requested_by: r.requested_by,
            requested_at: r.requested_at.to_rfc3339(),
            decided_by: r.decided_by,
            decided_at: r.decided_at.map(|at| at.to_rfc3339()),
            decision_note: r.decision_note,
        }
    }
}

/// A case's escalation: the stakes, what guidance asks for, and its legal referrals.
#[derive(Serialize, utoipa::ToSchema)]
pub struct EscalationOut {
    /// Absent until someone assesses the stakes.
    pub risk: Option<RiskOut>,
    /// Absent when no guidance rule asks for more than the case has (and on closed cases).
    pub prompt: Option<PromptOut>,
    /// Newest first.
    pub referrals: Vec<ReferralOut>,
}

impl From<EscalationView> for EscalationOut {
    fn from(v: EscalationView) -> Self {
        Self {
            risk: v.risk.map(RiskOut::from),
            prompt: v.prompt.map(PromptOut::from),
            referrals: v.referrals.into_iter().map(ReferralOut::from).collect(),
        }
    }
}

/// One line of the union's guidance: a case meeting every condition set should be at
/// `level` or above.
#[derive(Serialize, utoipa::ToSchema)]
pub struct GuidanceRuleOut {
    pub id: i64,
    #[schema(value_type = Option<CaseTypeName>)]
    pub case_type: Option<String>,
    /// 1 (light) to 5 (heavy).
    #[schema(minimum = 1, maximum = 5)]
    pub min_complexity: Option<u8>,
    #[schema(value_type = Option<TribunalRiskName>)]
    pub min_tribunal_risk: Option<String>,
    pub min_value_pounds: Option<u32>,
    #[schema(value_type = GuidanceLevelName)]
    pub level: String,
    pub reason: String,
    /// The conditions in words.
    pub conditions: String,
}

impl From<StoredGuidanceRule> for GuidanceRuleOut {
    fn from(stored: StoredGuidanceRule) -> Self {
        let conditions = stored.rule.conditions();
        let rule = stored.rule;
        Self {
            id: stored.id,
            case_type: rule.case_type.map(|kind| kind.as_str().to_owned()),
            min_complexity: rule.min_complexity.map(|rating| rating.value()),
            min_tribunal_risk: rule.min_tribunal_risk.map(|risk| risk.as_str().to_owned()),
            min_value_pounds: rule.min_value_pounds,
            level: rule.level.as_str().to_owned(),
            reason: rule.reason,
            conditions,
        }
    }
}

// ---- what the API takes --------------------------------------------------------------------

impl WireChecks {
    fn text(&mut self, field: &str, raw: &str, max: usize) {
        if raw.chars().count() > max {
            self.0.add(field, format!("Keep this to {max} characters"));
        }
    }

    fn required_text(&mut self, field: &str, raw: &str, max: usize, message: &str) {
        if raw.is_empty() {
            self.0.add(field, message);
        }
        self.text(field, raw, max);
    }

    fn pounds(&mut self, field: &str, value: Option<i64>) {
        if value.is_some_and(|pounds| !(0..=MAX_POUNDS).contains(&pounds)) {
            self.0.add(field, format!("Give the value as whole pounds, from 0 to {MAX_POUNDS}"));
        }
    }

    fn tribunal_risk(&mut self, field: &str, raw: &str) {
        let words: Vec<&str> = TribunalRisk::ALL.iter().map(|risk| risk.as_str()).collect();
        self.word(field, raw, &words, || format!("Choose the tribunal risk: {}", words.join(", ")));
    }
}

/// The team's view of the case's stakes; the guidance prompt follows from it.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskInput {
    #[schema(value_type = TribunalRiskName)]
    pub tribunal_risk: String,
    /// What the member stands to win or lose, in whole pounds; absent when it cannot be put
    /// in money.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100000000)]
    pub value_pounds: Option<i64>,
}

/// A request for a legal referral. Every checklist item must be attested: the officer
/// decides on a complete file.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ReferralInput {
    /// Why the case needs the union's lawyers; kept on the timeline.
    #[schema(min_length = 1, max_length = 20000)]
    pub summary: String,
    /// The checklist items the file holds (all of them are needed).
    #[schema(value_type = Vec<ChecklistItemName>, max_items = 100)]
    pub checklist: Vec<String>,
}

/// A regional officer's decision on the waiting referral. Approving takes the case to legal
/// level; declining needs a note saying why.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionInput {
    #[schema(value_type = ReferralDecisionName)]
    pub decision: String,
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub note: Option<String>,
}

/// An external lawyer joining a case at legal level, until the end of `access_until` (UTC).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LawyerInput {
    /// A lawyer with an active account.
    #[schema(minimum = 1)]
    pub user_id: i64,
    /// The last day of access: after today, within 366 days.
    #[schema(format = Date, value_type = String)]
    pub access_until: String,
}

/// A guidance rule. Every condition is optional but at least one must be set.
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GuidanceRuleInput {
    #[serde(default)]
    #[schema(value_type = Option<CaseTypeName>)]
    pub case_type: Option<String>,
    /// 1 (light) to 5 (heavy).
    #[serde(default)]
    #[schema(minimum = 1, maximum = 5)]
    pub min_complexity: Option<i64>,
    #[serde(default)]
    #[schema(value_type = Option<TribunalRiskName>)]
    pub min_tribunal_risk: Option<String>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100000000)]
    pub min_value_pounds: Option<i64>,
    #[schema(value_type = GuidanceLevelName)]
    pub level: String,
    /// Why, in the words the team will see with the prompt.
    #[schema(min_length = 1, max_length = 500)]
    pub reason: String,
}

fn case_id(raw: &str) -> Result<CaseId, ApiError> {
    parse_path_id(raw).map(CaseId)
}

// ---- handlers ------------------------------------------------------------------------------

#[utoipa::path(get, path = "/api/v1/cases/{id}/escalation", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    responses((status = 200, body = EscalationOut),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
) -> Result<Json<EscalationOut>, ApiError> {
    let id = case_id(&id)?;
    let view = steward_app::cases::view_escalation(state.store.as_ref(), &auth.context(), id).await?;
    Ok(Json(view.into()))
}

#[utoipa::path(put, path = "/api/v1/cases/{id}/risk", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    request_body = RiskInput,
    responses((status = 204, description = "Saved"), (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn assess_risk(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RiskInput>,
) -> Result<StatusCode, ApiError> {
    let id = case_id(&id)?;
    let mut checks = WireChecks::default();
    checks.tribunal_risk("tribunal_risk", &input.tribunal_risk);
    checks.pounds("value_pounds", input.value_pounds);
    checks.finish()?;
    let value = input.value_pounds.map(|pounds| pounds.to_string()).unwrap_or_default();
    let ctx = auth.context();
    steward_app::cases::assess_risk(state.store.as_ref(), &ctx, id, &input.tribunal_risk, &value).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/referrals", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    request_body = ReferralInput,
    responses((status = 201, body = Created, description = "Requested; `id` is the referral's, waiting for a regional officer"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json",
               description = "Invalid, the checklist is incomplete, a referral is waiting already, or the case is at legal level")),
    security(("bearer" = [])))]
pub async fn request_referral(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<ReferralInput>,
) -> Result<Response, ApiError> {
    let id = case_id(&id)?;
    let mut checks = WireChecks::default();
    checks.required_text("summary", &input.summary, MAX_ENTRY_CHARS, "Say why the case needs the union's lawyers");
    let items: Vec<&str> = ChecklistItem::ALL.iter().map(|item| item.as_str()).collect();
    for ticked in &input.checklist {
        checks.word("checklist", ticked, &items, || format!("Name checklist items from: {}", items.join(", ")));
    }
    if input.checklist.len() > 100 {
        checks.0.add("checklist", "List at most 100 checklist items");
    }
    checks.finish()?;
    let ctx = auth.context();
    let referral =
        steward_app::cases::request_referral(state.store.as_ref(), &ctx, id, &input.summary, &input.checklist).await?;
    Ok(super::created(referral))
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/referrals/{referral_id}/decision", tag = "cases",
    params(("id" = i64, Path, description = "Case id"), ("referral_id" = i64, Path, description = "The waiting referral")),
    request_body = DecisionInput,
    responses((status = 204, description = "Decided; an approval takes the case to legal level"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json",
               description = "Invalid, a decline without a note, or no such referral waiting on this case")),
    security(("bearer" = [])))]
pub async fn decide_referral(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, referral)): Path<(String, String)>,
    ApiJson(input): ApiJson<DecisionInput>,
) -> Result<StatusCode, ApiError> {
    let id = case_id(&id)?;
    let referral = parse_path_id(&referral)?;
    let mut checks = WireChecks::default();
    checks.word("decision", &input.decision, &["approve", "decline"], || "Choose approve or decline".to_owned());
    if let Some(note) = &input.note {
        checks.text("note", note, NOTE_CHARS);
    }
    checks.finish()?;
    let approve = input.decision == "approve";
    let note = input.note.unwrap_or_default();
    let ctx = auth.context();
    steward_app::cases::decide_referral(state.store.as_ref(), &ctx, id, referral, approve, &note).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/cases/{id}/lawyers", tag = "cases", params(("id" = i64, Path, description = "Case id")),
    request_body = LawyerInput,
    responses((status = 204, description = "The lawyer is on the team until the end of `access_until`"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"), (status = 409, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json",
               description = "Invalid, not a lawyer, on the team already, or the case is not at legal level")),
    security(("bearer" = [])))]
pub async fn add_lawyer(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<LawyerInput>,
) -> Result<StatusCode, ApiError> {
    let id = case_id(&id)?;
    let mut checks = WireChecks::default();
    if input.user_id < 1 {
        checks.0.add("user_id", "Give the id of a user (a whole number from 1)");
    }
    if parse_iso_date(&input.access_until).is_none() {
        checks.0.add("access_until", "Give the last day of access as YYYY-MM-DD");
    }
    checks.finish()?;
    let ctx = auth.context();
    let user = UserId(input.user_id);
    steward_app::cases::add_external_lawyer(state.store.as_ref(), &ctx, id, user, &input.access_until).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(get, path = "/api/v1/case-settings/guidance", tag = "cases",
    responses((status = 200, body = [GuidanceRuleOut]), (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn guidance_rules(State(state): State<AppState>, auth: Auth) -> Result<Json<Vec<GuidanceRuleOut>>, ApiError> {
    let rules = steward_app::cases::guidance_rules(state.store.as_ref(), &auth.context()).await?;
    Ok(Json(rules.into_iter().map(GuidanceRuleOut::from).collect()))
}

#[utoipa::path(post, path = "/api/v1/case-settings/guidance", tag = "cases", request_body = GuidanceRuleInput,
    responses((status = 201, body = Created, description = "The rule is added; `id` is the rule's"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"), (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json", description = "Invalid, or no condition set")),
    security(("bearer" = [])))]
pub async fn add_guidance_rule(
    State(state): State<AppState>,
    auth: Auth,
    ApiJson(input): ApiJson<GuidanceRuleInput>,
) -> Result<Response, ApiError> {
    let mut checks = WireChecks::default();
    if let Some(case_type) = &input.case_type {
        let words: Vec<&str> = CaseType::ALL.iter().map(|kind| kind.as_str()).collect();
        checks.word("case_type", case_type, &words, || format!("Choose a type of case: {}", words.join(", ")));
    }
    if input.min_complexity.is_some_and(|rating| !(1..=5).contains(&rating)) {
        checks.0.add("min_complexity", "Rate the complexity from 1 (light) to 5 (heavy)");
    }
    if let Some(risk) = &input.min_tribunal_risk {
        checks.tribunal_risk("min_tribunal_risk", risk);
    }
    checks.pounds("min_value_pounds", input.min_value_pounds);
    let levels: Vec<&str> = EscalationLevel::ALL
        .iter()
        .filter(|level| **level != EscalationLevel::Rep)
        .map(|level| level.as_str())
        .collect();
    checks.word("level", &input.level, &levels, || format!("Choose the level: {}", levels.join(", ")));
    checks.required_text("reason", &input.reason, REASON_CHARS, "Say why, in the words the team will see");
    if input.reason.chars().any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
        checks.0.add("reason", "The text contains characters that cannot be stored");
    }
    checks.finish()?;
    let number = |value: Option<i64>| value.map(|value| value.to_string()).unwrap_or_default();
    let (min_complexity, min_value_pounds) = (number(input.min_complexity), number(input.min_value_pounds));
    let draft = GuidanceDraft {
        case_type: input.case_type.as_deref().unwrap_or_default(),
        min_complexity: &min_complexity,
        min_tribunal_risk: input.min_tribunal_risk.as_deref().unwrap_or_default(),
        min_value_pounds: &min_value_pounds,
        level: &input.level,
        reason: &input.reason,
    };
    let id = steward_app::cases::add_guidance_rule(state.store.as_ref(), &auth.context(), &draft).await?;
    Ok(super::created(id))
}

#[utoipa::path(delete, path = "/api/v1/case-settings/guidance/{rule_id}", tag = "cases",
    params(("rule_id" = i64, Path, description = "Guidance rule id")),
    responses((status = 204, description = "Deleted"),
              (status = 401, body = Problem, content_type = "application/problem+json"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn delete_guidance_rule(
    State(state): State<AppState>,
    auth: Auth,
    Path(rule): Path<String>,
) -> Result<StatusCode, ApiError> {
    let rule = parse_path_id(&rule)?;
    steward_app::cases::delete_guidance_rule(state.store.as_ref(), &auth.context(), rule).await?;
    Ok(StatusCode::NO_CONTENT)
}
