//! Meetings on a case. Setting a hearing where the right to be accompanied applies works out
//! the statutory postponement window (rules.md rule 2.2) in the workplace's nation; a clash
//! with the companion's other meetings is a warning, not a refusal (the rep decides).

use std::collections::BTreeMap;

use steward_domain::case::meeting::{overlaps, parse_duration, parse_start_near, parse_video_link, MeetingType};
use steward_domain::case::timeline::{parse_optional_text, EntryKind};
use steward_domain::deadlines::evaluate_with;
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::{MemberId, UserId};
use steward_domain::permissions::Action;

use super::{optional_text, system_entry};
use crate::ports::{CaseId, Meeting, NewMeeting, Store};
use crate::{AppError, RequestContext};

#[derive(Debug, Clone, Default)]
pub struct MeetingDraft {
    pub meeting_type: String,
    /// YYYY-MM-DDTHH:MM, UK time.
    pub starts_at: String,
    pub minutes: String,
    pub place: String,
    pub video_link: String,
    /// The member attending (one of the case's members); blank is the lead member.
    pub member: Option<i64>,
    /// Who goes with the member (someone on the team).
    pub companion: Option<i64>,
    pub prep_notes: String,
}

/// A meeting set, with what the person setting it should know.
#[derive(Debug, Clone, PartialEq)]
pub struct ScheduledMeeting {
    pub id: i64,
    /// The companion's other meetings at the same time.
    pub clashes: Vec<Meeting>,
    /// For a hearing with the right to be accompanied: the latest date it can be put off to,
    /// and why.
    pub postponement: Option<(chrono::NaiveDate, String)>,
}

pub async fn schedule_meeting(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    draft: &MeetingDraft,
) -> Result<ScheduledMeeting, AppError> {
    let file = super::load_open(store, ctx, id, Action::WorkOnCase).await?;
    let mut errors = FieldErrors::new();
    let meeting_type = errors.take("meeting_type", MeetingType::parse(&draft.meeting_type));
    let starts_at = errors.take("starts_at", parse_start_near(&draft.starts_at, ctx.now));
    let length = errors.take("minutes", parse_duration(&draft.minutes));
    let video_link = errors.take("video_link", parse_video_link(&draft.video_link)).flatten();
    let place = errors.take("place", parse_optional_text(&draft.place, 300)).flatten();
    let prep_notes = errors.take("prep_notes", parse_optional_text(&draft.prep_notes, 20_000)).flatten();
    let member = match draft.member {
        None => Some(file.summary.lead_member),
        Some(member) if file.members.iter().any(|m| m.member == MemberId(member)) => Some(MemberId(member)),
        Some(_) => {
            errors.add("member", "Choose one of the case's members");
            None
        }
    };
    let companion = match draft.companion {
        None => None,
        Some(user) if file.team_role_of(UserId(user)).is_some() => Some(UserId(user)),
        Some(_) => {
            errors.add("companion", "The companion must be on the case's team");
            None
        }
    };
    if place.is_none() && video_link.is_none() && errors.get("place").is_none() && errors.get("video_link").is_none() {
        errors.add("place", "Say where the meeting is, or give a video link");
    }
    let (Some(meeting_type), Some(starts_at), Some(length), true) =
        (meeting_type, starts_at, length, errors.is_empty())
    else {
        return Err(AppError::Invalid(errors));
    };
    let ends_at = starts_at + length;
    let postponement = if meeting_type.carries_accompaniment_right() {
        let nation = workplace_nation(store, file.summary.path.workplace).await?;
        let inputs: BTreeMap<String, String> = [
            ("employer-proposed-date".to_owned(), to_uk_local(starts_at).date().to_string()),
            ("nation".to_owned(), nation),
        ]
        .into();
        let calendar = crate::deadlines::calendar(store).await?;
        let calculation = evaluate_with(&calendar, "accompaniment_postponement_latest", &inputs)
            .map_err(|error| AppError::field("starts_at", error.to_string()))?;
        calculation.result_date("latest_alternative_date").map(|date| (date, calculation.explanation.clone()))
    } else {
        None
    };
    let clashes = match companion {
        Some(user) => store
            .companion_meetings(user, starts_at, ends_at)
            .await?
            .into_iter()
            .filter(|other| overlaps((other.starts_at, other.ends_at), (starts_at, ends_at)))
            .collect(),
        None => Vec::new(),
    };
    let new = NewMeeting {
        meeting_type,
        starts_at,
        ends_at,
        place,
        video_link,
        member,
        companion,
        prep_notes,
        postponement_latest: postponement.as_ref().map(|(date, _)| *date),
        postponement_explanation: postponement.as_ref().map(|(_, why)| why.clone()),
        created_by: ctx.actor_label.clone(),
        created_at: ctx.now,
    };
    let mut body =
        format!("{} set for {}.", meeting_type.label(), to_uk_local(starts_at).format("%A %-d %B %Y at %H:%M"));
    if let Some((latest, _)) = &postponement {
        body.push_str(&format!(
            " If the companion cannot attend, the member may propose another time up to {}.",
            latest.format("%A %-d %B %Y")
        ));
    }
    if !clashes.is_empty() {
        body.push_str(&format!(" Clash: the companion has {} other meeting(s) then.", clashes.len()));
    }
    let entry = system_entry(ctx, EntryKind::Meeting, body);
    let audit = ctx.audit("case.meeting_add", "case", Some(id.to_string()), meeting_type.as_str().to_owned());
    let meeting = store.add_meeting(id, &new, &entry, &audit).await?;
    Ok(ScheduledMeeting { id: meeting, clashes, postponement })
}

pub async fn record_meeting_outcome(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    meeting: i64,
    outcome: &str,
) -> Result<(), AppError> {
    super::load(store, ctx, id, Action::WorkOnCase).await?;
    let Some(outcome) = optional_text(outcome, "outcome", 20_000)? else {
        return Err(AppError::field("outcome", "Say how the meeting went"));
    };
    let Some(found) = store.meeting(meeting).await?.filter(|found| found.case == id) else {
        return Err(AppError::NotFound);
    };
    let entry = system_entry(
        ctx,
        EntryKind::Meeting,
        format!("Outcome of the {}: {outcome}", found.meeting_type.label().to_lowercase()),
    );
    let audit = ctx.audit("case.meeting_outcome", "case", Some(id.to_string()), format!("meeting {meeting}"));
    Ok(store.set_meeting_outcome(id, meeting, &outcome, &entry, &audit).await?)
}

pub async fn case_meetings(store: &dyn Store, ctx: &RequestContext, id: CaseId) -> Result<Vec<Meeting>, AppError> {
    super::load(store, ctx, id, Action::ViewCase).await?;
    let meetings = store.case_meetings(id).await?;
    store.record(&ctx.audit("case.meetings_view", "case", Some(id.to_string()), String::new())).await?;
    Ok(meetings)
}

/// One meeting, for its calendar download: the case must be one the asker may see.
pub async fn view_meeting(store: &dyn Store, ctx: &RequestContext, meeting: i64) -> Result<Meeting, AppError> {
    let found = store.meeting(meeting).await?.ok_or(AppError::NotFound)?;
    super::load(store, ctx, found.case, Action::ViewCase).await?;
    store
        .record(&ctx.audit("case.meeting_view", "case", Some(found.case.to_string()), format!("meeting {meeting}")))
        .await?;
    Ok(found)
}

async fn workplace_nation(store: &dyn Store, workplace: steward_domain::ids::WorkplaceId) -> Result<String, AppError> {
    let organisation = store.organisation().await?;
    let nation = organisation
        .workplaces
        .iter()
        .find(|place| place.id == workplace)
        .map(|place| place.nation)
        .ok_or(AppError::NotFound)?;
    Ok(nation.as_str().to_owned())
}
