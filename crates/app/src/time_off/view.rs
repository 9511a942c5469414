//! Reading requests: one's own list, officers' list of submitted requests in their scope,
//! and one request with the meeting it is for and, for a part-time rep, the hours the
//! employer should make up. Officers' reads of others' requests are audited.

use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::permissions::{authorize, Action, Target};

use super::{compensation_for, load_visible, LIST_LIMIT};
use crate::ports::{CaseId, Store, SyllabusFile, TimeOffFilter, TimeOffRequest};
use crate::{AppError, RequestContext};

/// The meeting a request is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingLink {
    pub meeting: i64,
    /// "Disciplinary hearing on Tuesday 12 May 2026 at 10:00".
    pub label: String,
    /// Whether it is a hearing with the right to be accompanied (the after-the-event route).
    pub for_hearing: bool,
    /// The case, when the reader may open it.
    pub case: Option<(CaseId, String)>,
}

/// A part-time rep's hours, and what the employer should make up for this request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Compensation {
    pub contracted_minutes_per_week: u32,
    pub full_time_minutes_per_week: u32,
    /// Working days in the request's dates.
    pub working_days: u32,
    /// Training time outside the rep's contracted hours, up to a full-time day.
    pub compensatory_minutes: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeOffView {
    pub request: TimeOffRequest,
    pub meeting: Option<MeetingLink>,
    pub compensation: Option<Compensation>,
    /// The syllabus file attached to a training request.
    pub syllabus_file: Option<SyllabusFile>,
    /// Whether the reader made the request (and so may change it).
    pub mine: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TimeOffList {
    pub mine: Vec<TimeOffRequest>,
    /// Others' submitted requests in the reader's scope, for those who may see them.
    pub in_scope: Option<Vec<TimeOffRequest>>,
}

pub async fn list_time_off(store: &dyn Store, ctx: &RequestContext) -> Result<TimeOffList, AppError> {
    ctx.require(Action::RequestTimeOff, Target::Any)?;
    let mine = store.time_off_requests(TimeOffFilter::Mine(ctx.actor.user_id), LIST_LIMIT).await?;
    let in_scope = if authorize(&ctx.actor, Action::ViewTimeOffRequests, Target::Any).is_allowed() {
        let mut others = store.time_off_requests(TimeOffFilter::InScope(ctx.actor.scope), LIST_LIMIT).await?;
        others.retain(|request| request.user != ctx.actor.user_id);
        store
            .record(&ctx.audit("time_off.list_scope", "time_off_request", None, format!("{} requests", others.len())))
            .await?;
        Some(others)
    } else {
        None
    };
    Ok(TimeOffList { mine, in_scope })
}

pub async fn view_time_off(store: &dyn Store, ctx: &RequestContext, id: i64) -> Result<TimeOffView, AppError> {
    let request = load_visible(store, ctx, id).await?;
    let mine = request.user == ctx.actor.user_id;
    if !mine {
        store.record(&ctx.audit("time_off.view", "time_off_request", Some(id.to_string()), String::new())).await?;
    }
    let meeting = meeting_link(store, Some(ctx), &request).await?;
    let calendar = crate::deadlines::calendar(store).await?;
    let compensation = compensation_for(store, &request, &calendar).await?;
    let syllabus_file = store.time_off_syllabus(id).await?;
    Ok(TimeOffView { request, meeting, compensation, syllabus_file, mine })
}

/// The meeting a request names; the case is given only to a reader who may open it.
pub(super) async fn meeting_link(
    store: &dyn Store,
    reader: Option<&RequestContext>,
    request: &TimeOffRequest,
) -> Result<Option<MeetingLink>, AppError> {
    let Some(id) = request.fields.meeting else { return Ok(None) };
    let Some(found) = store.meeting(id).await? else { return Ok(None) };
    let case = match reader {
        Some(ctx) => match store.case_file(found.case).await? {
            Some(file) if ctx.require(Action::ViewCase, crate::cases::target_of(&file, ctx)).is_ok() => {
                Some((found.case, found.case_reference.to_string()))
            }
            _ => None,
        },
        None => None,
    };
    Ok(Some(MeetingLink {
        meeting: id,
        label: format!(
            "{} on {}",
            found.meeting_type.label(),
            to_uk_local(found.starts_at).format("%A %-d %B %Y at %H:%M")
        ),
        for_hearing: found.meeting_type.carries_accompaniment_right(),
        case,
    }))
}

/// Meetings a request may be for: those on the asker's cases from 90 days back (a hearing's
/// request may follow it) on, soonest first, as (id, label).
pub async fn meeting_choices(store: &dyn Store, ctx: &RequestContext) -> Result<Vec<(i64, String)>, AppError> {
    ctx.require(Action::RequestTimeOff, Target::Any)?;
    let from = ctx.now - chrono::Duration::days(90);
    let meetings = store.meetings_for_user(ctx.actor.user_id, from, 100).await?;
    Ok(meetings
        .into_iter()
        .map(|meeting| {
            let label = format!(
                "{} – {} on {}",
                meeting.case_reference,
                meeting.meeting_type.label(),
                to_uk_local(meeting.starts_at).format("%-d %b %Y %H:%M")
            );
            (meeting.id, label)
        })
        .collect())
}
