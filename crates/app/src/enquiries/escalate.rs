//! Escalating missed response targets: every server checks on a timer; each overdue enquiry
//! gets one internal note saying the target passed, and the branch's escalation contact (if
//! one is set) an e-mail pointing at it. The store's guarded update makes sure this happens
//! once, whichever server gets there first.

use chrono::{DateTime, Utc};
use steward_domain::enquiry::uk_time::to_uk_local;

use crate::ports::{AuditEntry, NewEnquiryMessage, OutboxMail, OverdueEnquiry, Store};
use crate::AppError;

const BATCH: u32 = 50;

/// How many enquiries this round escalated.
pub async fn escalate_overdue(store: &dyn Store, now: DateTime<Utc>) -> Result<u32, AppError> {
    let mut escalated = 0;
    for overdue in store.overdue_unescalated(now, BATCH).await? {
        let (note, mail) = escalation(&overdue, now);
        let audit = AuditEntry {
            at: now,
            actor_user_id: None,
            actor_label: "escalation".into(),
            action: "enquiry.escalate".into(),
            entity: "enquiry".into(),
            entity_id: Some(overdue.summary.id.to_string()),
            detail: note.body.clone(),
            source: None,
        };
        if store.mark_escalated(overdue.summary.id, &note, mail.as_ref(), &audit).await? {
            escalated += 1;
        }
    }
    Ok(escalated)
}

fn escalation(overdue: &OverdueEnquiry, now: DateTime<Utc>) -> (NewEnquiryMessage, Option<OutboxMail>) {
    let summary = &overdue.summary;
    let due = summary.due().map_or_else(String::new, |at| to_uk_local(at).format("%A %-d %B at %H:%M").to_string());
    let holder = summary.assigned_name.clone().unwrap_or_else(|| "nobody".into());
    let body = match &overdue.contact {
        Some((_, name, _)) => format!("Response target passed ({due}); held by {holder}. Escalated to {name}."),
        None => format!(
            "Response target passed ({due}); held by {holder}. This branch has no escalation contact: set one under Enquiries > Response targets."
        ),
    };
    let note = NewEnquiryMessage {
        direction: "note",
        message_id: None,
        author: "Steward".into(),
        subject: String::new(),
        body,
        raw: None,
        attachments: Vec::new(),
        at: now,
    };
    let mail = overdue.contact.as_ref().map(|(_, name, email)| OutboxMail {
        to: email.clone(),
        subject: format!("[{}] Overdue: {}", summary.reference, summary.subject),
        body: format!(
            "Dear {name},\n\nEnquiry {} (\"{}\") should have been answered by {due} and has not been. It is held by {holder}.\n\nOpen it in Steward at /enquiries/{}.\n",
            summary.reference, summary.subject, summary.id
        ),
        in_reply_to: None,
        message_id: None,
        automatic: true,
        attachments: Vec::new(),
    });
    (note, mail)
}
