//! Taking in one e-mail: a reply joins its enquiry (by the reference in the subject, else by
//! Message-ID), anything else opens a new one matched to the member by address, with a
//! response target in business hours and an acknowledgement queued unless the message is
//! automatic. A reply from a person reopens its enquiry with a new target; an automatic one
//! (out-of-office, bounce, mailing list) is threaded but changes neither status nor target,
//! or every acknowledgement would earn an overdue enquiry. Nothing is ever dropped: unreadable
//! mail, and a different message reusing a known Message-ID, is kept raw and flagged.

use chrono::{DateTime, Datelike, Utc};
use steward_domain::deadlines::Calendar;
use steward_domain::enquiry::acknowledgement::{may_acknowledge, NoAcknowledgement};
use steward_domain::enquiry::business_hours::{add_business_minutes, BusinessHours};
use steward_domain::enquiry::reference::EnquiryReference;
use steward_domain::organisation::Nation;
use steward_domain::permissions::{Action, Target};

use super::InboundEmail;
use crate::deadlines::calendar;
use crate::ports::{AuditEntry, EnquiryId, KnownMessage, NewEnquiry, NewEnquiryMessage, OutboxMail, Store};
use crate::{AppError, RequestContext};

/// How intake answers: the address mail comes to, opening hours and response targets.
#[derive(Debug, Clone)]
pub struct IntakeSettings {
    pub own_address: String,
    pub hours: BusinessHours,
    /// First answer owed within this much business time (default one working day).
    pub first_response_minutes: u32,
    /// After a member writes again (default half a working day).
    pub next_response_minutes: u32,
    /// Whether new enquiries get an acknowledgement; off when importing old mail, whose
    /// senders were answered long ago.
    pub acknowledge: bool,
}

impl IntakeSettings {
    pub fn standard(own_address: &str) -> Self {
        Self {
            own_address: own_address.to_owned(),
            hours: BusinessHours::standard(),
            first_response_minutes: 8 * 60,
            next_response_minutes: 4 * 60,
            acknowledge: true,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Received {
    /// A message already taken in (same Message-ID): nothing changed.
    Duplicate,
    Opened {
        id: EnquiryId,
        reference: EnquiryReference,
        acknowledged: bool,
    },
    Replied {
        id: EnquiryId,
    },
}

/// Intake through the API: the caller must be allowed to hand mail in.
pub async fn receive_email_as(
    store: &dyn Store,
    ctx: &RequestContext,
    email: InboundEmail,
    settings: &IntakeSettings,
) -> Result<Received, AppError> {
    ctx.require(Action::ReceiveMail, Target::Any)?;
    receive_email(store, email, settings, ctx.now).await
}

/// Intake from the mail gateway or `steward import mail`, which run with the server's authority.
pub async fn receive_email(
    store: &dyn Store,
    email: InboundEmail,
    settings: &IntakeSettings,
    now: DateTime<Utc>,
) -> Result<Received, AppError> {
    let mut email = storable(email);
    if let Some(id) = email.message_id.clone() {
        if let Some(known) = store.known_message(&id).await? {
            if same_message(&known, &email) {
                return Ok(Received::Duplicate);
            }
            // Another message under a taken Message-ID (a broken mailer, or a forgery): kept
            // under an ID made from its content, so importing it twice is still harmless.
            let own_id = reused_message_id(&id, &email);
            if store.known_message(&own_id).await?.is_some() {
                return Ok(Received::Duplicate);
            }
            email.flag(&format!("it reuses the Message-ID of an earlier, different message ({id})"));
            email.message_id = Some(own_id);
        }
    }
    let reference = EnquiryReference::find_in(&email.subject);
    let calendar = calendar(store).await?;
    let member = match &email.from_address {
        Some(address) => store.member_by_email(address).await?,
        None => None,
    };
    let nation = member.map_or(Nation::EnglandAndWales, |m| m.nation);
    let (first_minutes, next_minutes) =
        super::branch_settings::targets_for(store, settings, member.map(|m| m.workplace)).await?;
    let due_in = |minutes| due_after(now, minutes, settings, &calendar, nation);
    let message = NewEnquiryMessage {
        direction: "in",
        message_id: email.message_id.clone(),
        author: sender_label(&email),
        subject: email.subject.clone(),
        body: email.body_text.clone(),
        raw: Some(email.raw.clone()),
        attachments: email.attachments.clone(),
        at: now,
    };
    let audit = |action: &str, detail: String| AuditEntry {
        at: now,
        actor_user_id: None,
        actor_label: "mail intake".into(),
        action: action.into(),
        entity: "enquiry".into(),
        entity_id: None,
        detail,
        source: None,
    };

    let headers = email.header_pairs();
    let answer = may_acknowledge(headers.as_slice(), email.from_address.as_deref(), &settings.own_address);
    if let Some(id) = store.enquiry_for_reply(reference, &email.replying_to).await? {
        let automatic = matches!(
            answer,
            Err(NoAcknowledgement::AutomaticMessage
                | NoAcknowledgement::MailingList
                | NoAcknowledgement::DeliveryReport
                | NoAcknowledgement::OwnAddress)
        );
        // References are sequential, so anyone can write "Re: [ENQ-...]": mail threaded from
        // an address that is neither the enquiry's sender nor its member's is kept, but flagged.
        if let (Some(from), Some(enquiry)) = (email.from_address.as_deref(), store.enquiry(id).await?) {
            let theirs = enquiry.summary.sender_address.as_deref().is_some_and(|a| a.eq_ignore_ascii_case(from))
                || member.is_some_and(|m| enquiry.summary.member == Some(m.member));
            if !theirs && !automatic {
                email.flag(&format!("sent from {from}, which is not the address this enquiry came from"));
            }
        }
        let next_due = if automatic { None } else { Some(due_in(next_minutes)?) };
        let what = if automatic { "automatic reply" } else { "reply" };
        let entry = audit("enquiry.message_received", format!("{what} from {}", message.author));
        let entry = AuditEntry { entity_id: Some(id.to_string()), ..entry };
        store.add_enquiry_message(id, &message, next_due, email.problem.as_deref(), &entry).await?;
        return Ok(Received::Replied { id });
    }

    let new = NewEnquiry {
        year: now.year(),
        subject: if email.subject.is_empty() { "(no subject)".into() } else { email.subject.clone() },
        channel: "email",
        member: member.map(|m| m.member),
        workplace: member.map(|m| m.workplace),
        sender_address: email.from_address.clone(),
        sender_name: email.from_name.clone(),
        first_response_due: due_in(first_minutes)?,
        flagged: email.problem.clone(),
        received_at: now,
    };
    let acknowledge = settings.acknowledge && email.problem.is_none() && answer.is_ok();
    let acknowledgement = acknowledge.then(|| {
        let to = email.from_address.clone().unwrap_or_default();
        acknowledgement(to, email.message_id.clone(), &new, member.is_some(), true)
    });
    let detail = format!("new enquiry from {}", message.author);
    let (id, reference) =
        store.open_enquiry(&new, &message, acknowledgement.as_ref(), &audit("enquiry.open", detail)).await?;
    let facts = super::NewEnquiryFacts {
        id,
        workplace: new.workplace,
        channel: new.channel,
        subject: &new.subject,
        text: &message.body,
    };
    super::route_new_enquiry(store, facts, now).await?;
    Ok(Received::Opened { id, reference, acknowledged: acknowledge })
}

fn sender_label(email: &InboundEmail) -> String {
    match (&email.from_name, &email.from_address) {
        (Some(name), Some(address)) => format!("{name} <{address}>"),
        (None, Some(address)) => address.clone(),
        (Some(name), None) => name.clone(),
        (None, None) => "unknown sender".into(),
    }
}

/// When an answer is owed: `minutes` of business time after `now` in the member's nation
/// (every channel's intake uses this, so targets agree however an enquiry arrives).
pub(super) fn due_after(
    now: DateTime<Utc>,
    minutes: u32,
    settings: &IntakeSettings,
    calendar: &Calendar,
    nation: Nation,
) -> Result<DateTime<Utc>, AppError> {
    add_business_minutes(now, minutes, &settings.hours, calendar, nation)
        .map_err(|error| AppError::Storage(format!("cannot compute the response target: {error}")))
}

/// The acknowledgement text (for mail and the web form); the subject carries a placeholder
/// the store replaces with the reference it allocates, so the member's reply threads back.
/// `echo_subject` repeats the enquiry's subject after the reference: right for a reply to
/// mail, wrong for the web form, where anyone can type any address and would have us mail
/// their text to it.
pub(super) fn acknowledgement(
    to: String,
    in_reply_to: Option<String>,
    new: &NewEnquiry,
    known_member: bool,
    echo_subject: bool,
) -> OutboxMail {
    let due = steward_domain::enquiry::uk_time::to_uk_local(new.first_response_due);
    let when = due.format("%A %-d %B by %H:%M").to_string();
    let member_line = if known_member {
        ""
    } else {
        "\nWe could not match this address to a membership record. If you are a member, please include your membership number when you reply.\n"
    };
    OutboxMail {
        to,
        subject: match echo_subject {
            true => format!("[{{reference}}] {}", new.subject),
            false => "[{reference}] Your enquiry has reached us".to_owned(),
        },
        body: format!(
            "Thank you for writing to us. Your enquiry reference is {{reference}}.\n\nSomeone will answer by {when}.\n{member_line}\nPlease keep the reference in the subject if you write again.\n"
        ),
        in_reply_to,
        message_id: None,
        automatic: true,
        attachments: Vec::new(),
    }
}

/// Whether a stored message is this one arriving again: the same sender, subject and text.
/// Raw bytes are not compared, because one message fetched by IMAP and exported to an mbox
/// differs in line endings and the headers mail programs add.
fn same_message(known: &KnownMessage, email: &InboundEmail) -> bool {
    known.direction != "in"
        || (known.author == sender_label(email) && known.subject == email.subject && known.body == email.body_text)
}

/// The Message-ID a message reusing `taken` is stored under: from its content, so the same
/// message gets the same one every time.
fn reused_message_id(taken: &str, email: &InboundEmail) -> String {
    let parts = [taken, &sender_label(email), &email.subject, &email.body_text];
    super::inbound::made_up_message_id(&parts, "reused-message-id.invalid")
}

/// Text columns cannot hold NUL on PostgreSQL; hostile mail may contain it. It becomes the
/// replacement character in the text fields (the raw bytes keep the original). Over-long
/// Message-IDs are shortened here too, whoever built the message.
fn storable(email: InboundEmail) -> InboundEmail {
    let mut email = email.with_storable_message_ids();
    let clean = |text: &mut String| {
        if text.contains('\0') {
            *text = text.replace('\0', "\u{FFFD}");
        }
    };
    clean(&mut email.subject);
    clean(&mut email.body_text);
    for text in [&mut email.message_id, &mut email.from_address, &mut email.from_name].into_iter().flatten() {
        clean(text);
    }
    email.replying_to.iter_mut().for_each(clean);
    email.attachments.iter_mut().for_each(|a| {
        clean(&mut a.name);
        clean(&mut a.content_type);
    });
    email
}
