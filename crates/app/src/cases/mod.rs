//! Cases: opening one (from scratch or by promoting an enquiry) with the eligibility check,
//! reading the file, the append-only timeline, the procedure's stages, closing and
//! reopening, and the team. Every read and write asks `authorize` against the case itself
//! (`Target::Case`), so a rep reaches only the cases they are on.

mod calendar_feed;
mod change_stage;
mod close_case;
mod deadlines;
mod documents;
mod escalation;
mod letters;
mod meetings;
mod open_case;
mod promote_enquiry;
mod reallocate;
mod record_entry;
mod referral;
mod search_cases;
mod settings;
mod team;
mod view_case;

pub use calendar_feed::{calendar_feed, create_calendar_feed, CalendarFeed};
pub use change_stage::{change_stage, check_stage_move, StageForm};
pub use close_case::{close_case, reopen_case};
pub use deadlines::{
    add_calculated_deadline, add_deadline, case_deadlines, complete_deadline, my_due_items, send_deadline_reminders,
    DeadlineDraft,
};
pub use documents::{case_documents, download_document, too_large_message, upload_document, DocumentUpload};
pub use escalation::{
    add_guidance_rule, assess_risk, delete_guidance_rule, escalation_of, guidance_rules, view_escalation,
    EscalationView,
};
pub use letters::{prepare_letter, Letter, LetterInputs};
pub use meetings::{
    case_meetings, record_meeting_outcome, schedule_meeting, view_meeting, MeetingDraft, ScheduledMeeting,
};
pub use open_case::{open_case, OpenCaseForm};
pub use promote_enquiry::{promote_enquiry, PromoteForm};
pub use reallocate::{cases_to_reallocate, reallocate_cases, reallocation_candidates};
pub use record_entry::{record_entry, EntryDraft};
pub use referral::{add_external_lawyer, decide_referral, end_expired_access, request_referral};
pub use search_cases::{search_cases, CaseSearch};
pub use settings::{case_settings, save_case_settings};
pub use team::{add_to_team, remove_from_team, set_escalation, team_candidates, team_candidates_of, TeamCandidate};
pub use view_case::{
    list_cases, member_cases, view_case, view_case_page, CaseList, CaseListFilter, CaseView, CASES_PER_PAGE,
    ENTRIES_PER_PAGE,
};

use steward_domain::case::access::CaseAccess;
use steward_domain::case::kind::{CaseRole, EscalationLevel};
use steward_domain::case::timeline::{parse_optional_text, EntryKind};
use steward_domain::permissions::{Action, Target};
use steward_domain::role::Role;

use crate::ports::{CaseFile, CaseId, NewTimelineEntry, Store};
use crate::{AppError, RequestContext};

/// What authorisation checks a case file against, for the person asking.
pub fn target_of(file: &CaseFile, ctx: &RequestContext) -> Target {
    Target::Case(CaseAccess { path: Some(file.summary.path), team_role: file.team_role_at(ctx.actor.user_id, ctx.now) })
}

/// Loads a case and checks that the asker may do `action` on it; a case they may not see
/// reads as not found.
async fn load(store: &dyn Store, ctx: &RequestContext, id: CaseId, action: Action) -> Result<CaseFile, AppError> {
    ctx.require(action, Target::Any)?;
    let file = store.case_file(id).await?.ok_or(AppError::NotFound)?;
    match ctx.require(action, target_of(&file, ctx)) {
        Ok(()) => Ok(file),
        // A role that may never do this on a case it can see learns that; one that cannot
        // see the case learns nothing.
        Err(AppError::Forbidden) => Err(AppError::Forbidden),
        Err(_) => Err(AppError::NotFound),
    }
}

/// Loads an open case for a change.
pub(crate) async fn load_open(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    action: Action,
) -> Result<CaseFile, AppError> {
    let file = load(store, ctx, id, action).await?;
    if !file.summary.is_open() {
        return Err(AppError::field("status", "This case is closed; reopen it first"));
    }
    Ok(file)
}

/// The part a person's account plays when they join a case, if it plays one.
pub fn case_role_for(role: Role) -> Option<CaseRole> {
    match role {
        Role::Rep => Some(CaseRole::Rep),
        Role::Caseworker => Some(CaseRole::Caseworker),
        Role::Officer => Some(CaseRole::Officer),
        Role::Lawyer => Some(CaseRole::Lawyer),
        Role::Admin | Role::Staff => None,
    }
}

/// The level a case starts at, by who opens it.
fn starting_level(role: Role) -> EscalationLevel {
    match role {
        Role::Rep => EscalationLevel::Rep,
        Role::Officer => EscalationLevel::Officer,
        Role::Lawyer => EscalationLevel::Legal,
        Role::Admin | Role::Staff | Role::Caseworker => EscalationLevel::Caseworker,
    }
}

/// An entry the system writes for an action, authored by the asker.
fn system_entry(ctx: &RequestContext, kind: EntryKind, body: String) -> NewTimelineEntry {
    NewTimelineEntry {
        kind,
        author: Some(ctx.actor.user_id).filter(|id| id.0 > 0),
        author_label: ctx.actor_label.clone(),
        body,
        minutes: None,
        corrects: None,
        occurred_at: ctx.now,
    }
}

/// A free-text field that may be blank, for an action with only that field to check
/// (forms with several fields collect `parse_optional_text` problems in their `FieldErrors`).
fn optional_text(raw: &str, field: &str, max: usize) -> Result<Option<String>, AppError> {
    parse_optional_text(raw, max).map_err(|message| AppError::field(field, message))
}
