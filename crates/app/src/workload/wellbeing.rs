//! Private wellbeing records: a check-in on how one is doing, or a request for supervision or
//! a debrief. A record is seen by the person who made it and by the one colleague they choose
//! to share it with, nobody else (no role or scope reaches it). After a run of emotionally heavy
//! cases the person is prompted to ask for a debrief, until they have asked for one (or for
//! supervision) in the last four weeks.

use steward_domain::case::timeline::parse_optional_text;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::UserId;
use steward_domain::permissions::{Action, Target};
use steward_domain::role::Role;
use steward_domain::workload::{heavy_run, HEAVY_RUN_WINDOW};

use crate::ports::{NewWellbeingRecord, Store, UserRecord, WellbeingRecord};
use crate::{AppError, RequestContext};

/// The kinds of record, with how the form names them.
pub const WELLBEING_KINDS: [(&str, &str); 3] = [
    ("check_in", "A check-in: how I am doing"),
    ("supervision", "Ask for supervision"),
    ("debrief", "Ask for a debrief after a hard case"),
];

#[derive(Debug, Clone, Default)]
pub struct WellbeingDraft {
    pub kind: String,
    pub mood: String,
    pub note: String,
    pub share_with: String,
}

#[derive(Debug, Clone)]
pub struct WellbeingView {
    pub records: Vec<WellbeingRecord>,
    /// The last few cases were emotionally heavy: offer a debrief.
    pub heavy_run: bool,
    /// Who a record may be shared with: active officers and caseworkers.
    pub colleagues: Vec<UserRecord>,
}

/// Once a debrief or supervision has been asked for, the prompt rests this long.
const PROMPT_REST_DAYS: i64 = 28;

pub async fn my_wellbeing(store: &dyn Store, ctx: &RequestContext) -> Result<WellbeingView, AppError> {
    ctx.require(Action::RecordWellbeing, Target::Any)?;
    let records = store.wellbeing_records(ctx.actor.user_id, 200).await?;
    let heavy_run = prompt_for_debrief(store, ctx, &records).await?;
    Ok(WellbeingView { records, heavy_run, colleagues: colleagues(store, ctx).await? })
}

/// Whether to prompt the person (on their home page) to ask for a debrief; false for roles
/// that keep no wellbeing record.
pub async fn needs_debrief_prompt(store: &dyn Store, ctx: &RequestContext) -> Result<bool, AppError> {
    if ctx.require(Action::RecordWellbeing, Target::Any).is_err() {
        return Ok(false);
    }
    let records = store.wellbeing_records(ctx.actor.user_id, 200).await?;
    prompt_for_debrief(store, ctx, &records).await
}

/// The last few cases were a run of emotionally heavy ones, and the person has not asked for a
/// debrief or supervision lately (asking once is enough; the prompt is not a nag).
async fn prompt_for_debrief(
    store: &dyn Store,
    ctx: &RequestContext,
    records: &[WellbeingRecord],
) -> Result<bool, AppError> {
    let rest_from = ctx.now - chrono::Duration::days(PROMPT_REST_DAYS);
    let asked_lately = records.iter().any(|record| {
        record.user == ctx.actor.user_id
            && matches!(record.kind.as_str(), "debrief" | "supervision")
            && record.created_at >= rest_from
    });
    if asked_lately {
        return Ok(false);
    }
    let loads = store.recent_emotional_loads(ctx.actor.user_id, HEAVY_RUN_WINDOW as u32).await?;
    let ratings: Vec<_> = loads.into_iter().filter_map(steward_domain::case::rating::Rating::new).collect();
    Ok(heavy_run(&ratings))
}

pub async fn record_wellbeing(
    store: &dyn Store,
    ctx: &RequestContext,
    draft: &WellbeingDraft,
) -> Result<i64, AppError> {
    ctx.require(Action::RecordWellbeing, Target::Any)?;
    let mut errors = FieldErrors::new();
    let kind = WELLBEING_KINDS.iter().find(|(code, _)| *code == draft.kind.trim()).map(|(code, _)| *code);
    if kind.is_none() {
        errors.add("kind", "Choose a check-in, supervision or a debrief");
    }
    let mood = match draft.mood.trim() {
        "" => Some(None),
        raw => match raw.parse::<u8>() {
            Ok(mood) if (1..=5).contains(&mood) => Some(Some(mood)),
            _ => {
                errors.add("mood", "Choose from 1 (struggling) to 5 (doing well), or leave it blank");
                None
            }
        },
    };
    let note = errors.take("note", parse_optional_text(&draft.note, 5_000));
    let share_with = match draft.share_with.trim() {
        "" => Some(None),
        raw => {
            let chosen = raw.parse::<i64>().ok().map(UserId);
            let allowed = colleagues(store, ctx).await?;
            match chosen.filter(|id| allowed.iter().any(|colleague| colleague.id == *id)) {
                Some(id) => Some(Some(id)),
                None => {
                    errors.add("share_with", "Choose an officer or caseworker, or keep it to yourself");
                    None
                }
            }
        }
    };
    let (Some(kind), Some(mood), Some(note), Some(share_with)) = (kind, mood, note, share_with) else {
        return Err(AppError::Invalid(errors));
    };
    let record =
        NewWellbeingRecord { user: ctx.actor.user_id, kind, mood, note, shared_with: share_with, created_at: ctx.now };
    // The audit says only that a record was made: not its kind (asking for a debrief is itself
    // private), not whom it is shared with, never what it says.
    let audit = ctx.audit("wellbeing.record", "wellbeing", None, String::new());
    Ok(store.add_wellbeing_record(&record, &audit).await?)
}

async fn colleagues(store: &dyn Store, ctx: &RequestContext) -> Result<Vec<UserRecord>, AppError> {
    let mut people: Vec<UserRecord> = store
        .list_users()
        .await?
        .into_iter()
        .filter(|user| user.active && user.id != ctx.actor.user_id)
        .filter(|user| matches!(user.role, Role::Officer | Role::Caseworker))
        .collect();
    people.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(people)
}
