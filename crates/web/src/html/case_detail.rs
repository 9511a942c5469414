//! One case file: who it is for, where its procedure stands, its team and its timeline, with
//! the forms the viewer's part on the case allows. Every showing is a case view, audited by
//! the use case. The forms post to `case_actions.rs`, which shows this page again with the
//! problem beside the field when a form is refused.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use chrono::{DateTime, Utc};
use serde::Deserialize;
use steward_app::cases::target_of;
use steward_app::ports::{CaseDeadline, CaseFile, CaseId, Meeting, TimelineCursor, TimelineEntry};
use steward_app::AppError;
use steward_domain::case::kind::{CaseRole, EscalationLevel};
use steward_domain::case::meeting::MeetingType;
use steward_domain::case::procedure::{stages, StageMove};
use steward_domain::case::timeline::EntryKind;
use steward_domain::case::{outcome_label, OUTCOMES};
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::field_errors::FieldErrors;
use steward_domain::permissions::{authorize, Action, Target};

use super::case_escalation::{EscalationDrafts, EscalationSection};
use super::case_schedule::{due, kind_label, rule_choices, Due};
use super::cases::{local_time, parse_case_id, stage_label};
use super::members::Choice;
use super::{render_with_status, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

/// The add-entry (and correction) form as typed.
#[derive(Deserialize, Default)]
pub struct EntryValues {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub minutes: String,
    #[serde(default)]
    pub occurred_on: String,
    #[serde(default)]
    pub corrects: String,
}

/// The move-stage form as typed; checkboxes arrive only when ticked.
#[derive(Deserialize, Default)]
pub struct StageValues {
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub notice_recorded: Option<String>,
    #[serde(default)]
    pub notice_states_accompaniment_right: Option<String>,
    #[serde(default)]
    pub appeal_offered: Option<String>,
    #[serde(default)]
    pub decision: String,
    #[serde(default)]
    pub note: String,
    /// "check" asks what the move would find, without moving.
    #[serde(default)]
    pub intent: String,
}

#[derive(Deserialize, Default)]
pub struct CloseValues {
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub note: String,
}

#[derive(Deserialize, Default)]
pub struct ReopenValues {
    #[serde(default)]
    pub reason: String,
}

#[derive(Deserialize, Default)]
pub struct TeamValues {
    #[serde(default)]
    pub user: String,
    #[serde(default)]
    pub role: String,
}

/// The add-deadline (or task) form as typed.
#[derive(Deserialize, Default)]
pub struct DeadlineValues {
    #[serde(default)]
    pub kind: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub due_on: String,
    #[serde(default)]
    pub owner: String,
}

/// The set-a-meeting form as typed.
#[derive(Deserialize, Default)]
pub struct MeetingValues {
    #[serde(default)]
    pub meeting_type: String,
    #[serde(default)]
    pub starts_at: String,
    #[serde(default)]
    pub minutes: String,
    #[serde(default)]
    pub place: String,
    #[serde(default)]
    pub video_link: String,
    #[serde(default)]
    pub member: String,
    #[serde(default)]
    pub companion: String,
    #[serde(default)]
    pub prep_notes: String,
}

#[derive(Deserialize, Default)]
pub struct OutcomeValues {
    #[serde(default)]
    pub outcome: String,
}

#[derive(Deserialize, Default)]
pub struct EscalationValues {
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub note: String,
}

/// Text typed into the page's forms, kept when the page comes back with a problem.
#[derive(Default)]
pub(super) struct Drafts {
    pub entry: EntryValues,
    pub stage: StageValues,
    pub close: CloseValues,
    pub reopen: ReopenValues,
    pub team: TeamValues,
    pub escalation: EscalationValues,
    pub deadline: DeadlineValues,
    pub meeting: MeetingValues,
    pub outcome: OutcomeValues,
    /// The meeting whose outcome form `outcome` was typed into.
    pub outcome_meeting: i64,
    /// The escalation forms: stakes, referral, decision, external lawyer.
    pub stakes: EscalationDrafts,
    /// The quick "Log time" form (`cases/time.html`).
    pub time: super::time_entries::TimeValues,
}

/// The problems of the one form that was refused; `form` names it (entry, stage, close,
/// reopen, team, team-remove, escalation, filter, deadline, deadline-done, meeting, outcome).
#[derive(Default)]
pub(super) struct Failed {
    pub form: &'static str,
    pub errors: FieldErrors,
}

/// How the page is shown, besides the case.
#[derive(Default)]
pub(super) struct ViewOptions {
    pub kind: Option<EntryKind>,
    /// The timeline page: entries older than this (the newest page when `None`).
    pub before: Option<TimelineCursor>,
    /// The entry the entry form corrects.
    pub correcting: Option<i64>,
    /// What was just done, for the notice after a redirect.
    pub done: String,
    /// What a checked (not made) stage move found.
    pub check: Option<StageMove>,
    /// The meeting just set, and how many of the companion's meetings it clashes with.
    pub meeting: Option<i64>,
    pub clashes: usize,
}

pub struct DeadlineRow {
    pub item: CaseDeadline,
    pub kind_label: &'static str,
    pub due: Due,
}

pub struct MeetingRow {
    pub meeting: Meeting,
    /// "Monday 2 March 2026, 10:00 to 11:00" in UK time.
    pub when: String,
    pub starts_iso: String,
    /// For a hearing with the right to be accompanied: "Monday 9 March 2026".
    pub postponement: Option<String>,
}

pub struct StageRow {
    pub label: &'static str,
    pub required: bool,
    pub current: bool,
    pub done: bool,
}

#[derive(Template)]
#[template(path = "cases/detail.html")]
struct DetailPage {
    layout: Layout,
    file: CaseFile,
    timeline: Vec<TimelineEntry>,
    /// The next, older page of the timeline, and the way back to the newest entries.
    older_link: Option<String>,
    newest_link: Option<String>,
    /// `&before=...` when this is an older page, so links from it come back to it.
    before_query: String,
    stage_label: String,
    status_label: String,
    stage_rows: Vec<StageRow>,
    later_stages: Vec<Choice>,
    decisions: Vec<Choice>,
    kind_filter: Vec<Choice>,
    filtered: bool,
    written_kinds: Vec<Choice>,
    outcomes: Vec<Choice>,
    levels: Vec<Choice>,
    roles: Vec<Choice>,
    candidates: Vec<Choice>,
    correcting: Option<i64>,
    can_work: bool,
    can_manage: bool,
    can_view_members: bool,
    can_view_enquiry: bool,
    can_open_linked: bool,
    notice: Option<&'static str>,
    warnings: Vec<String>,
    check: Option<StageMove>,
    drafts: Drafts,
    failed: Failed,
    open_deadlines: Vec<DeadlineRow>,
    done_deadlines: Vec<DeadlineRow>,
    meetings: Vec<MeetingRow>,
    /// The documents section (`cases/documents.html`).
    documents: super::case_documents::DocumentsSection,
    deadline_kinds: Vec<Choice>,
    owners: Vec<Choice>,
    calc_rules: Vec<Choice>,
    meeting_types: Vec<Choice>,
    meeting_members: Vec<Choice>,
    companions: Vec<Choice>,
    /// After a meeting is set: the companion's clashes, and the hearing's postponement window.
    scheduled: Option<(usize, Option<String>)>,
    /// The refused form's problems, linked to their fields, for the summary at the top.
    problems: Vec<(String, String)>,
    escalation: EscalationSection,
    /// The quick "Log time" form (`cases/time.html`).
    time: super::case_time::TimeSection,
}

impl DetailPage {
    /// The problem with `field` of `form`, if that form was the one refused.
    fn err(&self, form: &str, field: &str) -> Option<&str> {
        if self.failed.form == form {
            self.failed.errors.get(field)
        } else {
            None
        }
    }

    fn local(&self, at: &DateTime<Utc>) -> String {
        local_time(*at)
    }

    /// What was typed into the outcome form of `meeting`, if that one was refused.
    fn outcome_value(&self, meeting: &i64) -> &str {
        if self.drafts.outcome_meeting == *meeting {
            &self.drafts.outcome.outcome
        } else {
            ""
        }
    }

    /// The problem with the outcome form of `meeting`, if that one was refused.
    fn outcome_err(&self, meeting: &i64) -> Option<&str> {
        if self.drafts.outcome_meeting == *meeting {
            self.err("outcome", "outcome")
        } else {
            None
        }
    }
}

/// The fields each form shows, for linking the summary's messages to them.
const FORM_FIELDS: [(&str, &[&str]); 15] = [
    ("entry", &["kind", "body", "minutes", "occurred_on"]),
    ("stage", &["to", "decision", "note"]),
    ("close", &["outcome", "note"]),
    ("reopen", &["reason"]),
    ("team", &["user", "role"]),
    ("escalation", &["level", "note"]),
    ("filter", &["kind"]),
    ("deadline", &["kind", "title", "due_on", "owner"]),
    ("meeting", &["meeting_type", "starts_at", "minutes", "place", "video_link", "member", "companion", "prep_notes"]),
    ("outcome", &["outcome"]),
    ("risk", &["tribunal_risk", "value_pounds"]),
    ("referral", &["checklist", "summary"]),
    ("decision", &["note"]),
    ("lawyer", &["user", "access_until"]),
    ("time", &["category", "duration", "worked_on", "meeting", "note"]),
];

fn problem_links(failed: &Failed, outcome_meeting: i64) -> Vec<(String, String)> {
    let fields = FORM_FIELDS.iter().find(|(form, _)| *form == failed.form).map_or(&[][..], |(_, fields)| *fields);
    failed
        .errors
        .iter()
        .map(|(field, message)| {
            // A problem with no field of its own links to the form's section.
            let section = failed.form.split('-').next().unwrap_or(failed.form);
            let prefix =
                if failed.form == "outcome" { format!("outcome-{outcome_meeting}") } else { failed.form.to_owned() };
            let href = if fields.contains(&field) { format!("#{prefix}-{field}") } else { format!("#{section}") };
            (href, message.to_owned())
        })
        .collect()
}

#[derive(Deserialize, Default)]
pub struct DetailParams {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    correct: String,
    #[serde(default)]
    done: String,
    #[serde(default)]
    meeting: String,
    #[serde(default)]
    clashes: String,
    #[serde(default)]
    before: String,
}

pub async fn detail(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    Query(params): Query<DetailParams>,
) -> Response {
    let Some(id) = parse_case_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let mut failed = Failed::default();
    let kind = match params.kind.trim() {
        "" => None,
        raw => {
            let kind = EntryKind::parse(raw);
            if kind.is_none() {
                failed.form = "filter";
                failed.errors.add("kind", "Choose a kind of entry from the list");
            }
            kind
        }
    };
    let before = match params.before.trim() {
        "" => None,
        raw => {
            let cursor = TimelineCursor::from_token(raw);
            if cursor.is_none() {
                failed.form = "filter";
                failed.errors.add("before", "Use the links to see older entries");
            }
            cursor
        }
    };
    let correcting = params.correct.trim().parse::<i64>().ok();
    let status = if failed.errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let options = ViewOptions {
        kind,
        before,
        correcting,
        done: params.done,
        check: None,
        meeting: params.meeting.trim().parse().ok(),
        clashes: params.clashes.trim().parse().unwrap_or(0),
    };
    show(&state, &auth, id, options, Drafts::default(), failed, status).await
}

/// Shows the case file with the forms the viewer may use.
pub(super) async fn show(
    state: &AppState,
    auth: &Auth,
    id: CaseId,
    options: ViewOptions,
    drafts: Drafts,
    failed: Failed,
    status: StatusCode,
) -> Response {
    let ctx = auth.context();
    let view =
        match steward_app::cases::view_case_page(state.store.as_ref(), &ctx, id, options.kind, options.before).await {
            Ok(view) => view,
            Err(error) => return HtmlError(error).into_response(),
        };
    let file = view.file;
    // Newest first, as the store reads it.
    let timeline = view.timeline;
    let timeline_link = |before: Option<TimelineCursor>| {
        let mut query: Vec<(&str, String)> = Vec::new();
        if let Some(kind) = options.kind {
            query.push(("kind", kind.as_str().to_owned()));
        }
        if let Some(before) = before {
            query.push(("before", before.to_token()));
        }
        let query = serde_urlencoded::to_string(&query).unwrap_or_default();
        format!("/cases/{id}{}{query}#timeline", if query.is_empty() { "" } else { "?" })
    };
    let older_link = view.older.map(|older| timeline_link(Some(older)));
    let newest_link = options.before.map(|_| timeline_link(None));
    let before_query = options.before.map_or_else(String::new, |before| format!("&before={}", before.to_token()));
    let store = state.store.as_ref();
    let (deadlines, meetings) = match (
        steward_app::cases::case_deadlines(store, &ctx, id).await,
        steward_app::cases::case_meetings(store, &ctx, id).await,
    ) {
        (Ok(deadlines), Ok(meetings)) => (deadlines, meetings),
        (Err(error), _) | (_, Err(error)) => return HtmlError(error).into_response(),
    };
    let documents = match super::case_documents::section(state, &ctx, id).await {
        Ok(documents) => documents,
        Err(error) => return HtmlError(error).into_response(),
    };
    let today = to_uk_local(ctx.now).date();
    let (open_deadlines, done_deadlines): (Vec<DeadlineRow>, Vec<DeadlineRow>) = deadlines
        .into_iter()
        .map(|item| DeadlineRow { kind_label: kind_label(&item.kind), due: due(item.due_on, today), item })
        .partition(|row| row.item.done_at.is_none());
    let mut open_deadlines = open_deadlines;
    open_deadlines.sort_by(|a, b| a.item.due_on.cmp(&b.item.due_on).then(a.item.id.cmp(&b.item.id)));
    let meetings: Vec<MeetingRow> = meetings.into_iter().map(meeting_row).collect();
    let scheduled = if options.done == "meeting" {
        let postponement = options
            .meeting
            .and_then(|set| meetings.iter().find(|row| row.meeting.id == set))
            .and_then(|row| row.postponement.clone());
        Some((options.clashes, postponement))
    } else {
        None
    };
    let team_choices = |current: &str| -> Vec<Choice> {
        file.team
            .iter()
            .map(|person| Choice {
                selected: person.user.to_string() == current.trim(),
                label: format!("{} ({})", person.name, person.role.label()),
                value: person.user.to_string(),
            })
            .collect()
    };
    let owners = team_choices(&drafts.deadline.owner);
    let companions = team_choices(&drafts.meeting.companion);
    let meeting_members = file
        .members
        .iter()
        .map(|member| Choice {
            selected: if drafts.meeting.member.trim().is_empty() {
                member.lead
            } else {
                member.member.to_string() == drafts.meeting.member.trim()
            },
            label: format!("{} ({})", member.name, member.membership_number),
            value: member.member.to_string(),
        })
        .collect();
    let deadline_kinds = [("deadline", "A deadline to meet"), ("task", "A task for someone on the team")]
        .into_iter()
        .map(|(value, label)| {
            let current =
                if drafts.deadline.kind.trim().is_empty() { "deadline" } else { drafts.deadline.kind.as_str() };
            choice(value, label, current)
        })
        .collect();
    let meeting_types = MeetingType::ALL
        .into_iter()
        .map(|kind| choice(kind.as_str(), kind.label(), &drafts.meeting.meeting_type))
        .collect();
    let mut drafts = drafts;
    if drafts.meeting.minutes.trim().is_empty() {
        drafts.meeting.minutes = "60".into();
    }
    let target = target_of(&file, &ctx);
    let escalation = match super::case_escalation::section(store, &ctx, &file, target, &drafts.stakes).await {
        Ok(section) => section,
        Err(error) => return HtmlError(error).into_response(),
    };
    let time = super::case_time::section(&ctx, &file, target, &meetings, &drafts.time);
    let can_work = authorize(&ctx.actor, Action::WorkOnCase, target).is_allowed();
    let can_manage = authorize(&ctx.actor, Action::ManageCaseTeam, target).is_allowed();
    let candidates = if can_manage {
        match steward_app::cases::team_candidates_of(state.store.as_ref(), &ctx, &file).await {
            // Lawyers join through the referral, with an end date (the escalation section).
            // Trained and with capacity first (the list's order), so the form suggests who
            // can take it on.
            Ok(candidates) => candidates
                .into_iter()
                .filter(|candidate| candidate.user.role != steward_domain::role::Role::Lawyer)
                .map(|candidate| Choice {
                    selected: candidate.user.id.to_string() == drafts.team.user.trim(),
                    label: candidate_label(&candidate),
                    value: candidate.user.id.to_string(),
                })
                .collect(),
            Err(error) => return HtmlError(error).into_response(),
        }
    } else {
        Vec::new()
    };
    let summary = &file.summary;
    let all_stages = stages(summary.case_type);
    let position = all_stages.iter().position(|stage| stage.code == summary.stage);
    let stage_rows = all_stages
        .iter()
        .enumerate()
        .map(|(index, stage)| StageRow {
            label: stage.label,
            required: stage.required,
            current: Some(index) == position,
            done: position.is_some_and(|at| index < at),
        })
        .collect();
    let later_stages = all_stages
        .iter()
        .enumerate()
        .filter(|(index, _)| position.is_none_or(|at| *index > at))
        .map(|(_, stage)| choice(stage.code, stage.label, &drafts.stage.to))
        .collect();
    let decisions = [
        ("no_action", "No action"),
        ("warning", "Warning"),
        ("final_warning", "Final written warning"),
        ("dismissal", "Dismissal"),
    ]
    .into_iter()
    .map(|(value, label)| choice(value, label, &drafts.stage.decision))
    .collect();
    let current_kind = options.kind.map_or("", EntryKind::as_str);
    let kind_filter =
        EntryKind::ALL.into_iter().map(|kind| choice(kind.as_str(), kind.label(), current_kind)).collect();
    let written_kinds =
        EntryKind::WRITTEN.into_iter().map(|kind| choice(kind.as_str(), kind.label(), &drafts.entry.kind)).collect();
    let outcomes = OUTCOMES.into_iter().map(|(value, label)| choice(value, label, &drafts.close.outcome)).collect();
    // The level suggested is the next one up, or what was typed.
    let suggested_level = if drafts.escalation.level.is_empty() {
        EscalationLevel::ALL
            .into_iter()
            .find(|level| *level > summary.escalation_level)
            .map_or("", EscalationLevel::as_str)
    } else {
        drafts.escalation.level.as_str()
    };
    let levels = EscalationLevel::ALL
        .into_iter()
        .filter(|level| *level != summary.escalation_level)
        .map(|level| choice(level.as_str(), level.label(), suggested_level))
        .collect();
    let roles = CaseRole::ALL.into_iter().map(|role| choice(role.as_str(), role.label(), &drafts.team.role)).collect();
    let correcting = options.correcting.filter(|id| timeline.iter().any(|entry| entry.id == *id));
    let notice = match options.done.as_str() {
        "entry" => Some("Added to the timeline."),
        "moved" => Some("The procedure has moved on."),
        "closed" => Some("The case is closed."),
        "reopened" => Some("The case is open again."),
        "team" => Some("The team has changed."),
        "escalation" => Some("The escalation level has changed."),
        "risk" => Some("The stakes are recorded."),
        "referral" => Some("The referral is waiting for a regional officer."),
        "referral-approved" => Some("The referral is approved: the case is at legal level."),
        "referral-declined" => Some("The referral is declined."),
        "deadline" => Some("The deadline is added."),
        "task" => Some("The task is added."),
        "done" => Some("Marked done."),
        "meeting" => Some("The meeting is set."),
        "outcome" => Some("The meeting's outcome is recorded."),
        "document" => Some("The document is added to the case."),
        "time" => Some("Time logged."),
        _ => None,
    };
    // After a move, the warnings it raised, from the timeline entry that recorded them.
    let warnings = if options.done == "moved" {
        timeline
            .iter()
            .find(|entry| entry.kind == EntryKind::StageChange)
            .map(|entry| {
                entry
                    .body
                    .lines()
                    .filter(|line| line.starts_with("Warning ") || line.starts_with("A missed Code step"))
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    } else {
        Vec::new()
    };
    let status_label = match summary.outcome.as_deref() {
        Some(outcome) if !summary.is_open() => format!("Closed: {}", outcome_label(outcome).unwrap_or(outcome)),
        _ if summary.is_open() => "Open".to_owned(),
        _ => "Closed".to_owned(),
    };
    let title =
        format!("{}{} {}", if failed.errors.is_empty() { "" } else { "Error: " }, summary.reference, summary.title);
    let page = DetailPage {
        layout: Layout::new(auth, title, "/cases"),
        stage_label: stage_label(summary),
        status_label,
        stage_rows,
        later_stages,
        decisions,
        kind_filter,
        filtered: options.kind.is_some(),
        written_kinds,
        outcomes,
        levels,
        roles,
        candidates,
        correcting,
        can_work,
        can_manage,
        can_view_members: authorize(&ctx.actor, Action::ViewMember, Target::Any).is_allowed(),
        can_view_enquiry: authorize(&ctx.actor, Action::ViewEnquiries, Target::Any).is_allowed(),
        can_open_linked: file.members.len() > 1 && authorize(&ctx.actor, Action::OpenCase, Target::Any).is_allowed(),
        notice,
        warnings,
        check: options.check,
        problems: problem_links(&failed, drafts.outcome_meeting),
        escalation,
        time,
        open_deadlines,
        done_deadlines,
        meetings,
        documents,
        deadline_kinds,
        owners,
        calc_rules: rule_choices(""),
        meeting_types,
        meeting_members,
        companions,
        scheduled,
        drafts,
        failed,
        timeline,
        older_link,
        newest_link,
        before_query,
        file,
    };
    render_with_status(status, &page)
}

fn meeting_row(meeting: Meeting) -> MeetingRow {
    let starts = to_uk_local(meeting.starts_at);
    let ends = to_uk_local(meeting.ends_at);
    let when = if starts.date() == ends.date() {
        format!("{}, {} to {}", starts.format("%A %-d %B %Y"), starts.format("%H:%M"), ends.format("%H:%M"))
    } else {
        format!("{} to {}", starts.format("%A %-d %B %Y %H:%M"), ends.format("%A %-d %B %Y %H:%M"))
    };
    MeetingRow {
        when,
        starts_iso: meeting.starts_at.to_rfc3339(),
        postponement: meeting.postponement_latest.map(|date| date.format("%A %-d %B %Y").to_string()),
        meeting,
    }
}

fn choice(value: &str, label: &str, current: &str) -> Choice {
    Choice { value: value.into(), label: label.into(), selected: value == current.trim() }
}

/// "Asha Patel (Rep, trained, has capacity)": what the order of the list is based on.
fn candidate_label(candidate: &steward_app::cases::TeamCandidate) -> String {
    let mut facts = vec![candidate.user.role.label().to_owned()];
    if candidate.trained {
        facts.push("trained".into());
    }
    if let Some(capacity) = candidate.capacity {
        facts.push(capacity.label().to_lowercase());
    }
    format!("{} ({})", candidate.user.name, facts.join(", "))
}
