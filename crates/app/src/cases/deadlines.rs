//! Deadlines and tasks on a case: a date from one of the engine's calculators (with its
//! inputs and explanation kept), a date entered by hand, or a task with an owner; marking
//! them done; what is due for the person asking; and reminders by e-mail before they fall
//! due (every server checks; the store's guarded mark sends each reminder once).

use std::collections::BTreeMap;

use chrono::{DateTime, Days, Utc};
use steward_domain::case::deadline::{case_deadline_rule, due_date_of, parse_title, REMINDER_DAYS_BEFORE};
use steward_domain::case::timeline::EntryKind;
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::UserId;
use steward_domain::member::parse_iso_date;
use steward_domain::permissions::{Action, Target};

use super::system_entry;
use crate::ports::{AuditEntry, CaseDeadline, CaseId, DueItem, NewCaseDeadline, OutboxMail, Store};
use crate::{AppError, RequestContext};

/// What a person typed to add a deadline or a task by hand.
#[derive(Debug, Clone, Default)]
pub struct DeadlineDraft {
    /// deadline or task.
    pub kind: String,
    pub title: String,
    /// YYYY-MM-DD.
    pub due_on: String,
    /// For a task: who does it (someone on the team); blank is the asker.
    pub owner: Option<i64>,
}

pub async fn add_deadline(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    draft: &DeadlineDraft,
) -> Result<i64, AppError> {
    let file = super::load_open(store, ctx, id, Action::WorkOnCase).await?;
    let mut errors = FieldErrors::new();
    let kind = match draft.kind.trim() {
        "" | "deadline" => Some("deadline"),
        "task" => Some("task"),
        _ => {
            errors.add("kind", "Choose deadline or task");
            None
        }
    };
    let title = errors.take("title", parse_title(&draft.title));
    let due_on = match parse_iso_date(draft.due_on.trim()) {
        Some(date) => Some(date),
        None => {
            errors.add("due_on", "Give the date as YYYY-MM-DD");
            None
        }
    };
    let owner = match (kind, draft.owner) {
        (Some("task"), None) => Some(ctx.actor.user_id).filter(|user| user.0 > 0),
        (Some("task"), Some(owner)) if file.team_role_of(UserId(owner)).is_some() => Some(UserId(owner)),
        (Some("task"), Some(_)) => {
            errors.add("owner", "Give the task to someone on the case's team");
            None
        }
        _ => None,
    };
    let (Some(kind), Some(title), Some(due_on), true) = (kind, title, due_on, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let new = NewCaseDeadline {
        kind,
        title: title.clone(),
        due_on,
        rule: None,
        inputs: None,
        explanation: None,
        owner,
        created_by: ctx.actor_label.clone(),
        created_at: ctx.now,
    };
    let entry = system_entry(ctx, EntryKind::Deadline, format!("{} added: {title}, due {due_on}.", capitalised(kind)));
    let audit = ctx.audit("case.deadline_add", "case", Some(id.to_string()), format!("{kind} due {due_on}"));
    Ok(store.add_case_deadline(id, &new, &entry, &audit).await?)
}

/// Runs a calculator for the case and keeps the date it gives as a deadline, with the
/// inputs and the explanation, so anyone can see how the date was reached.
pub async fn add_calculated_deadline(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    rule: &str,
    inputs: &BTreeMap<String, String>,
) -> Result<(i64, steward_domain::deadlines::Calculation), AppError> {
    super::load_open(store, ctx, id, Action::WorkOnCase).await?;
    let Some(spec) = case_deadline_rule(rule) else {
        return Err(AppError::field("rule", "Choose a calculator that gives a date to meet"));
    };
    // Every role may use the calculators; the extra bank holidays administrators add count.
    let calculation = crate::deadlines::calculate(store, ctx, spec.rule, inputs).await?;
    let Some(due_on) = due_date_of(&calculation) else {
        return Err(AppError::field(
            "inputs",
            format!("This calculation gives no date to meet: {}", calculation.explanation),
        ));
    };
    let inputs_json = calculation.inputs.to_string();
    let new = NewCaseDeadline {
        kind: "deadline",
        title: spec.label.to_owned(),
        due_on,
        rule: Some(spec.rule.to_owned()),
        inputs: Some(inputs_json),
        explanation: Some(calculation.explanation.clone()),
        owner: None,
        created_by: ctx.actor_label.clone(),
        created_at: ctx.now,
    };
    let body = format!("Deadline added: {}, due {due_on}.\n{}", spec.label, calculation.explanation);
    let entry = system_entry(ctx, EntryKind::Deadline, body);
    let audit = ctx.audit("case.deadline_add", "case", Some(id.to_string()), format!("{} due {due_on}", spec.rule));
    let deadline = store.add_case_deadline(id, &new, &entry, &audit).await?;
    Ok((deadline, calculation))
}

pub async fn complete_deadline(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
    deadline: i64,
) -> Result<(), AppError> {
    super::load(store, ctx, id, Action::WorkOnCase).await?;
    let all = store.case_deadlines(id).await?;
    let Some(item) = all.iter().find(|item| item.id == deadline) else {
        return Err(AppError::NotFound);
    };
    if item.done_at.is_some() {
        return Err(AppError::field("deadline", "That is marked done already"));
    }
    let entry = system_entry(ctx, EntryKind::Deadline, format!("Done: {} (due {}).", item.title, item.due_on));
    let audit = ctx.audit("case.deadline_done", "case", Some(id.to_string()), format!("deadline {deadline}"));
    Ok(store.complete_case_deadline(id, deadline, &entry, &audit).await?)
}

/// The case's deadlines and tasks (the case view checks and audits access).
pub async fn case_deadlines(
    store: &dyn Store,
    ctx: &RequestContext,
    id: CaseId,
) -> Result<Vec<CaseDeadline>, AppError> {
    super::load(store, ctx, id, Action::ViewCase).await?;
    let deadlines = store.case_deadlines(id).await?;
    store.record(&ctx.audit("case.deadlines_view", "case", Some(id.to_string()), String::new())).await?;
    Ok(deadlines)
}

/// What is due for the asker in the next week, and anything overdue: their cases' deadlines
/// and the tasks they own.
pub async fn my_due_items(store: &dyn Store, ctx: &RequestContext) -> Result<Vec<DueItem>, AppError> {
    ctx.require(Action::ListCases, Target::Any)?;
    let until = to_uk_local(ctx.now).date().checked_add_days(Days::new(7)).unwrap_or(chrono::NaiveDate::MAX);
    Ok(store.due_for_user(ctx.actor.user_id, until, 50).await?)
}

/// Sends reminders for deadlines and tasks falling due within `REMINDER_DAYS_BEFORE` days
/// (and any overdue ones not yet reminded of); returns how many were sent.
pub async fn send_deadline_reminders(store: &dyn Store, now: DateTime<Utc>) -> Result<u32, AppError> {
    let today = to_uk_local(now).date();
    let until = today.checked_add_days(Days::new(REMINDER_DAYS_BEFORE.unsigned_abs())).unwrap_or(today);
    let mut sent = 0;
    for item in store.deadlines_to_remind(until, 50).await? {
        let when = if item.deadline.due_on < today { "was due" } else { "is due" };
        let mails: Vec<OutboxMail> = item
            .recipients
            .iter()
            .map(|(name, email)| OutboxMail {
                to: email.clone(),
                subject: format!("[{}] {} {when} {}", item.reference, item.deadline.title, item.deadline.due_on),
                body: format!(
                    "Dear {name},\n\n{} on case {} (\"{}\") {when} on {}.\n\nOpen the case in Steward at /cases/{}.\n",
                    item.deadline.title,
                    item.reference,
                    item.case_title,
                    item.deadline.due_on.format("%A %-d %B %Y"),
                    item.deadline.case
                ),
                in_reply_to: None,
                message_id: None,
                automatic: true,
                attachments: Vec::new(),
            })
            .collect();
        let audit = AuditEntry {
            at: now,
            actor_user_id: None,
            actor_label: "reminders".into(),
            action: "case.deadline_reminder".into(),
            entity: "case".into(),
            entity_id: Some(item.deadline.case.to_string()),
            detail: format!("deadline {} to {} people", item.deadline.id, mails.len()),
            source: None,
        };
        if store.mark_reminded(item.deadline.id, &mails, &audit).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

fn capitalised(kind: &str) -> &'static str {
    if kind == "task" {
        "Task"
    } else {
        "Deadline"
    }
}
