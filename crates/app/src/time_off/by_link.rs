//! The employer's manager, through the link: no account, so the secret in the address is the
//! credential. It is looked up by its hash; an unknown one is not found, and an expired,
//! replaced or already-used link is refused with a page that says which. Every view and
//! decision is audited as "manager via link".

use chrono::{DateTime, Utc};
use steward_domain::case::timeline::parse_optional_text;
use steward_domain::facility::time_off::RequestStatus;

use super::compensation_for;
use super::view::meeting_link;
use crate::ports::{AuditEntry, Store, SyllabusFile, TimeOffDecision, TimeOffRequest};
use crate::secrets::token_hash;
use crate::AppError;

/// Where the link stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkState {
    /// Waiting for the manager's decision.
    Open,
    /// Decided already (approved or refused): the link has been used.
    Decided,
    Withdrawn,
    Expired,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManagerView {
    pub request: TimeOffRequest,
    pub state: LinkState,
    /// The meeting, described without the case (the employer's manager is not on it).
    pub meeting: Option<String>,
    pub compensation: Option<super::Compensation>,
    /// The syllabus file, which the manager may download through the link while it works.
    pub syllabus_file: Option<SyllabusFile>,
}

/// The manager's choice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LinkDecision {
    Approve,
    Refuse,
}

impl LinkDecision {
    pub fn parse(raw: &str) -> Result<Self, String> {
        match raw.trim() {
            "approve" => Ok(Self::Approve),
            "refuse" => Ok(Self::Refuse),
            _ => Err("Choose approve or refuse".into()),
        }
    }
}

const ACTOR_LABEL: &str = "manager via link";

pub async fn view_by_link(
    store: &dyn Store,
    token: &str,
    source: Option<&str>,
    now: DateTime<Utc>,
) -> Result<ManagerView, AppError> {
    let request = find(store, token).await?;
    let state = state_of(&request, now);
    let meeting = meeting_link(store, None, &request).await?.map(|link| link.label);
    let calendar = crate::deadlines::calendar(store).await?;
    let compensation = compensation_for(store, &request, &calendar).await?;
    let syllabus_file = store.time_off_syllabus(request.id).await?;
    store.record(&audit(&request, "time_off.link_view", source, now, format!("{state:?}").to_lowercase())).await?;
    Ok(ManagerView { request, state, meeting, compensation, syllabus_file })
}

/// Approves or refuses through the link. A refusal needs a reason (the ACAS Code asks the
/// employer to give one and to suggest another time). A link that is no longer open gives
/// `Conflict` with the reason.
pub async fn decide_by_link(
    store: &dyn Store,
    token: &str,
    decision: &str,
    note: &str,
    source: Option<&str>,
    now: DateTime<Utc>,
) -> Result<TimeOffRequest, AppError> {
    let request = find(store, token).await?;
    let state = state_of(&request, now);
    if state != LinkState::Open {
        return Err(closed(state));
    }
    let mut errors = steward_domain::field_errors::FieldErrors::new();
    let decision = errors.take("decision", LinkDecision::parse(decision));
    let note = errors.take("note", parse_optional_text(note, 2_000));
    let (Some(decision), Some(note)) = (decision, note) else { return Err(AppError::Invalid(errors)) };
    if decision == LinkDecision::Refuse && note.is_none() {
        return Err(AppError::field("note", "Say why the time cannot be given, and when it could be"));
    }
    let status = match decision {
        LinkDecision::Approve => RequestStatus::Approved,
        LinkDecision::Refuse => RequestStatus::Refused,
    };
    let manager = request.manager_name.clone().unwrap_or_else(|| "The manager".into());
    let change = TimeOffDecision { status, note, decided_by: format!("{manager} ({ACTOR_LABEL})"), at: now };
    let entry = audit(&request, "time_off.decide", source, now, status.as_str().to_owned());
    match store.decide_time_off(request.id, &token_hash(token), &change, &entry).await {
        Ok(()) => {}
        // Decided, withdrawn or replaced a moment ago: say which, as the page would.
        Err(crate::ports::StoreError::Stale) => {
            let now_state = match find(store, token).await {
                Ok(again) => state_of(&again, now),
                Err(_) => LinkState::Expired,
            };
            return Err(closed(if now_state == LinkState::Open { LinkState::Decided } else { now_state }));
        }
        Err(other) => return Err(other.into()),
    }
    store.time_off_request(request.id).await?.ok_or(AppError::NotFound)
}

/// Why a link no longer works, in words for the page.
pub fn closed_message(state: LinkState) -> &'static str {
    match state {
        LinkState::Open => "This request is waiting for your decision.",
        LinkState::Decided => "This request has already been decided, so the link has been used.",
        LinkState::Withdrawn => "The rep has withdrawn this request, so there is nothing to decide.",
        LinkState::Expired => "This link has expired. Ask the rep to send you a new one.",
    }
}

pub(super) fn closed(state: LinkState) -> AppError {
    AppError::Conflict { field: "link", message: closed_message(state).into() }
}

pub(super) async fn find(store: &dyn Store, token: &str) -> Result<TimeOffRequest, AppError> {
    if token.is_empty()
        || token.len() > 200
        || !token.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(AppError::NotFound);
    }
    store.time_off_request_by_link(&token_hash(token)).await?.ok_or(AppError::NotFound)
}

pub(super) fn state_of(request: &TimeOffRequest, now: DateTime<Utc>) -> LinkState {
    match request.status {
        RequestStatus::Approved | RequestStatus::Refused => LinkState::Decided,
        RequestStatus::Withdrawn => LinkState::Withdrawn,
        RequestStatus::Draft => LinkState::Expired,
        RequestStatus::Submitted if request.link_expires_at.is_none_or(|until| until <= now) => LinkState::Expired,
        RequestStatus::Submitted => LinkState::Open,
    }
}

pub(super) fn audit(
    request: &TimeOffRequest,
    action: &str,
    source: Option<&str>,
    now: DateTime<Utc>,
    detail: String,
) -> AuditEntry {
    AuditEntry {
        at: now,
        actor_user_id: None,
        actor_label: match &request.manager_name {
            Some(name) => format!("{name} ({ACTOR_LABEL})"),
            None => ACTOR_LABEL.to_owned(),
        },
        action: action.to_owned(),
        entity: "time_off_request".into(),
        entity_id: Some(request.id.to_string()),
        detail,
        source: source.map(str::to_owned),
    }
}
