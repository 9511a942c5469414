//! Time-off requests to the employer (issue 6): a rep drafts a request (kind of time, dates
//! and hours, purpose, the meeting or course it is for), submits it (the notice is checked
//! against the employer's agreement with the nation's bank holidays, and a short notice is a
//! clear warning, not a refusal), and sends the employer's manager a link that needs no
//! account. The manager approves or refuses through the link, whose secret is kept only as
//! a hash and expires; the rep may withdraw the request until it is decided. Officers see
//! submitted requests in their scope.

mod by_link;
mod draft;
mod notice_rule;
mod send_link;
mod submit;
mod syllabus;
mod view;
mod withdraw;

pub use by_link::{closed_message, decide_by_link, view_by_link, LinkDecision, LinkState, ManagerView};
pub use draft::{create_time_off, edit_time_off, TimeOffDraft};
pub use notice_rule::{
    notice_rule_employers, parse_rule, save_notice_rule, view_notice_rule, NoticeRuleDraft, NoticeRuleView,
    MAX_DUTIES_WORKING_DAYS, MAX_TRAINING_WEEKS,
};
pub use send_link::{approval_path, send_manager_link, SentLink, LINK_DAYS};
pub use submit::submit_time_off;
pub use syllabus::{
    attach_syllabus, download_syllabus, remove_syllabus, syllabus_by_link, SYLLABUS_ACCEPTED, SYLLABUS_TYPES,
};
pub use view::{list_time_off, meeting_choices, view_time_off, Compensation, MeetingLink, TimeOffList, TimeOffView};
pub use withdraw::withdraw_time_off;

use steward_domain::deadlines::Calendar;
use steward_domain::facility::category::TimeCategory;
use steward_domain::facility::compensation::{compensatory_minutes, is_part_time, working_days_between};
use steward_domain::ids::{EmployerId, WorkplaceId};
use steward_domain::organisation::{Nation, Scope};
use steward_domain::permissions::{Action, Target};

use crate::ports::{Store, TimeOffRequest};
use crate::{AppError, RequestContext};

/// How many requests a list shows (a rep makes a few a month; officers see the newest).
pub const LIST_LIMIT: u32 = 200;

/// Loads a request the asker may see: their own, or (for officers) a submitted one in their
/// scope. Anything else reads as not found.
async fn load_visible(store: &dyn Store, ctx: &RequestContext, id: i64) -> Result<TimeOffRequest, AppError> {
    ctx.require(Action::RequestTimeOff, Target::Any)?;
    let request = store.time_off_request(id).await?.ok_or(AppError::NotFound)?;
    if request.user == ctx.actor.user_id {
        return Ok(request);
    }
    if request.status == steward_domain::facility::time_off::RequestStatus::Draft {
        return Err(AppError::NotFound);
    }
    let target = match request.workplace {
        Some(workplace) => match store.workplace_path(workplace).await? {
            Some(path) => Target::At(path),
            None => Target::Unplaced,
        },
        None => Target::Unplaced,
    };
    match ctx.require(Action::ViewTimeOffRequests, target) {
        Ok(()) => Ok(request),
        Err(_) => Err(AppError::NotFound),
    }
}

/// Loads one of the asker's own requests, for a change.
async fn load_own(store: &dyn Store, ctx: &RequestContext, id: i64) -> Result<TimeOffRequest, AppError> {
    ctx.require(Action::RequestTimeOff, Target::Any)?;
    let request = store.time_off_request(id).await?.ok_or(AppError::NotFound)?;
    if request.user != ctx.actor.user_id {
        return Err(AppError::NotFound);
    }
    Ok(request)
}

/// Where a request is placed: the rep's workplace (from their scope) and their employer
/// (from their profile, else the workplace's).
async fn placement(
    store: &dyn Store,
    ctx: &RequestContext,
) -> Result<(Option<WorkplaceId>, Option<EmployerId>), AppError> {
    let workplace = match ctx.actor.scope {
        Scope::Workplace(workplace) => Some(workplace),
        Scope::Union | Scope::Region(_) | Scope::Branch(_) => None,
    };
    let mut employer = store.rep_profile(ctx.actor.user_id).await?.employer;
    if employer.is_none() {
        if let Some(workplace) = workplace {
            employer = store.routing_place(workplace).await?.employer.map(EmployerId);
        }
    }
    Ok((workplace, employer))
}

/// The nation whose bank holidays count: the workplace's, else England and Wales.
async fn nation_of(store: &dyn Store, workplace: Option<WorkplaceId>) -> Result<Nation, AppError> {
    let Some(workplace) = workplace else { return Ok(Nation::EnglandAndWales) };
    let organisation = store.organisation().await?;
    Ok(organisation
        .workplaces
        .iter()
        .find(|place| place.id == workplace)
        .map_or(Nation::EnglandAndWales, |place| place.nation))
}

/// The part-time rep's figures for a request, when their profile says they are part-time.
async fn compensation_for(
    store: &dyn Store,
    request: &TimeOffRequest,
    calendar: &Calendar,
) -> Result<Option<Compensation>, AppError> {
    let profile = store.rep_profile(request.user).await?;
    let (Some(contracted), Some(full_time)) = (profile.contracted_minutes_per_week, profile.full_time_minutes_per_week)
    else {
        return Ok(None);
    };
    if !is_part_time(Some(contracted), Some(full_time)) {
        return Ok(None);
    }
    let nation = nation_of(store, request.workplace).await?;
    let working_days = working_days_between(request.fields.starts_on, request.fields.ends_on, calendar, nation);
    // Training outside a part-timer's hours is what the employer should make up.
    let owed = match request.fields.category {
        TimeCategory::Training => compensatory_minutes(request.fields.minutes, working_days, contracted, full_time),
        TimeCategory::Duties
        | TimeCategory::Activities
        | TimeCategory::HealthAndSafety
        | TimeCategory::UnionLearning => 0,
    };
    Ok(Some(Compensation {
        contracted_minutes_per_week: contracted,
        full_time_minutes_per_week: full_time,
        working_days,
        compensatory_minutes: owed,
    }))
}
