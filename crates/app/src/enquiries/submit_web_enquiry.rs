//! The public contact form: anyone may send the union an enquiry without signing in. It
//! opens an enquiry on the "web" channel with the same response target and acknowledgement
//! as an e-mail, matched to a member by e-mail address only (a membership number typed in a
//! public form proves nothing on its own).
//!
//! Defences, all without third-party services: a honeypot field people never see, a signed
//! token that must be 3 seconds to 2 hours old (`form_token.rs`), and a limit per client
//! address and per e-mail address counted in the database, so it holds across instances.
//! Link-heavy messages are kept but flagged for a person to judge. What the visitor is told
//! never depends on whether a member exists.

use chrono::{DateTime, Datelike, Duration, Utc};
use steward_domain::enquiry::acknowledgement::may_acknowledge;
use steward_domain::enquiry::reference::EnquiryReference;
use steward_domain::field_errors::FieldErrors;
use steward_domain::member::{EmailAddress, MembershipNumber, PhoneNumber};
use steward_domain::organisation::Nation;

use super::branch_settings::targets_for;
use super::form_token::{check_form_token, FormSecret};
use super::receive_email::{acknowledgement, due_after};
use super::{route_new_enquiry, IntakeSettings, NewEnquiryFacts};
use crate::deadlines::calendar;
use crate::ports::{AuditEntry, EnquiryId, NewEnquiry, NewEnquiryMessage, Store};
use crate::AppError;

/// Submissions allowed per client address, and per e-mail address, in the window.
pub const MAX_WEB_ENQUIRIES: i64 = 5;
pub const WEB_ENQUIRY_WINDOW_MINUTES: i64 = 60;
/// More links than this and the enquiry is flagged as possible spam.
const MAX_LINKS: usize = 5;
const ACTOR: &str = "web form";

/// The form as sent; every field is free text until checked.
#[derive(Debug, Clone, Default)]
pub struct WebEnquiryForm {
    pub name: String,
    pub email: String,
    pub phone: String,
    pub membership_number: String,
    pub workplace: String,
    pub subject: String,
    pub message: String,
    /// The honeypot: hidden from people, so it must come back empty.
    pub website: String,
    pub form_token: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WebEnquiryOutcome {
    Opened {
        id: EnquiryId,
        reference: EnquiryReference,
        respond_by: DateTime<Utc>,
        /// Whether a confirmation was queued to the address given (not for possible spam).
        acknowledged: bool,
    },
    /// The honeypot was filled or the token was missing, forged, too fresh or too old:
    /// nothing was stored, and the visitor is not told which check failed.
    Refused,
}

pub async fn submit_web_enquiry(
    store: &dyn Store,
    form: &WebEnquiryForm,
    secret: &FormSecret,
    source: Option<&str>,
    settings: &IntakeSettings,
    now: DateTime<Utc>,
) -> Result<WebEnquiryOutcome, AppError> {
    if !form.website.is_empty() || check_form_token(secret, &form.form_token, now).is_err() {
        return Ok(WebEnquiryOutcome::Refused);
    }
    let valid = validate(form)?;

    // Counted before anything is written, so parallel submissions see each other; refused
    // ones are not counted, so the limit lifts an hour after the last accepted submission.
    let since = now - Duration::minutes(WEB_ENQUIRY_WINDOW_MINUTES);
    let mut keys = vec![format!("web-enquiry:email:{}", valid.email.as_str())];
    keys.extend(source.map(|address| format!("web-enquiry:address:{address}")));
    let mut attempts = Vec::with_capacity(keys.len());
    for key in &keys {
        attempts.push(store.record_failure(key, now).await?);
    }
    let mut over = false;
    for key in &keys {
        over |= store.failures_since(key, since).await? > MAX_WEB_ENQUIRIES;
    }
    if over {
        forget(store, &attempts).await?;
        let detail = format!("web enquiry from {} refused: too many", valid.email.as_str());
        store.record(&audit(now, source, "enquiry.web_throttled", detail)).await?;
        return Err(AppError::Throttled { retry_after_secs: WEB_ENQUIRY_WINDOW_MINUTES * 60 });
    }
    match open(store, &valid, source, settings, now).await {
        Ok(outcome) => Ok(outcome),
        Err(error) => {
            forget(store, &attempts).await?;
            Err(error)
        }
    }
}

struct ValidForm {
    name: String,
    email: EmailAddress,
    phone: Option<PhoneNumber>,
    membership_number: Option<MembershipNumber>,
    workplace: String,
    subject: String,
    message: String,
}

fn validate(form: &WebEnquiryForm) -> Result<ValidForm, AppError> {
    let mut errors = FieldErrors::new();
    let name = text(&mut errors, "name", &form.name, 100, "your name");
    let email = errors.take("email", EmailAddress::parse(&form.email));
    let phone = optional(&mut errors, "phone", &form.phone, PhoneNumber::parse);
    let membership_number =
        optional(&mut errors, "membership_number", &form.membership_number, MembershipNumber::parse);
    let workplace = form.workplace.trim();
    if workplace.chars().count() > 200 || !printable(workplace, false) {
        errors.add("workplace", "Your workplace or employer must be 200 characters or fewer, in plain text");
    }
    let subject = text(&mut errors, "subject", &form.subject, 200, "what your enquiry is about");
    let message = form.message.trim();
    if message.is_empty() {
        errors.add("message", "Write your message");
    } else if message.chars().count() > 10_000 {
        errors.add("message", "Your message must be 10,000 characters or fewer");
    } else if !printable(message, true) {
        errors.add("message", "Your message contains characters that cannot be stored");
    }
    match (name, email, phone, membership_number, subject) {
        (Some(name), Some(email), Ok(phone), Ok(membership_number), Some(subject)) if errors.is_empty() => {
            Ok(ValidForm {
                name,
                email,
                phone,
                membership_number,
                workplace: workplace.to_owned(),
                subject,
                message: message.to_owned(),
            })
        }
        _ => Err(AppError::Invalid(errors)),
    }
}

/// A required one-line text field.
fn text(errors: &mut FieldErrors, field: &str, raw: &str, max: usize, what: &str) -> Option<String> {
    let value = raw.trim();
    if value.is_empty() {
        errors.add(field, format!("Enter {what}"));
    } else if value.chars().count() > max {
        errors.add(field, format!("Keep {what} to {max} characters or fewer"));
    } else if !printable(value, false) {
        errors.add(field, format!("Enter {what} without special control characters"));
    } else {
        return Some(value.to_owned());
    }
    None
}

/// An optional field: empty is fine, anything else must parse.
fn optional<T>(
    errors: &mut FieldErrors,
    field: &str,
    raw: &str,
    parse: impl Fn(&str) -> Result<T, String>,
) -> Result<Option<T>, ()> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    errors.take(field, parse(raw)).map(Some).ok_or(())
}

fn printable(text: &str, multiline: bool) -> bool {
    !text.chars().any(|c| c.is_control() && !(multiline && matches!(c, '\n' | '\r' | '\t')))
}

async fn open(
    store: &dyn Store,
    form: &ValidForm,
    source: Option<&str>,
    settings: &IntakeSettings,
    now: DateTime<Utc>,
) -> Result<WebEnquiryOutcome, AppError> {
    // Matched by e-mail address; a membership number only confirms that match. Someone who
    // types another member's number must not be filed as that member.
    let member = store.member_by_email(form.email.as_str()).await?;
    let number_note = match (&form.membership_number, member) {
        (None, _) => None,
        (Some(number), Some(found)) => {
            let agrees = store.members_by_number(&[number.as_str()]).await?.iter().any(|m| m.id == found.member);
            Some(if agrees {
                format!("{} (agrees with the member record for this address)", number.as_str())
            } else {
                format!("{} (does NOT agree with the member record for this address)", number.as_str())
            })
        }
        (Some(number), None) => Some(format!("{} (no member record has this e-mail address)", number.as_str())),
    };
    let calendar = calendar(store).await?;
    let nation = member.map_or(Nation::EnglandAndWales, |m| m.nation);
    let (first_minutes, _) = targets_for(store, settings, member.map(|m| m.workplace)).await?;
    let due = due_after(now, first_minutes, settings, &calendar, nation)?;
    let links = count_links(&form.subject) + count_links(&form.message);
    let flagged = (links > MAX_LINKS).then(|| format!("Sent through the web form with {links} links: may be spam"));
    let new = NewEnquiry {
        year: now.year(),
        subject: form.subject.clone(),
        channel: "web",
        member: member.map(|m| m.member),
        workplace: member.map(|m| m.workplace),
        sender_address: Some(form.email.as_str().to_owned()),
        sender_name: Some(form.name.clone()),
        first_response_due: due,
        flagged,
        received_at: now,
    };
    let mut details = vec![format!("Name: {}", form.name), format!("E-mail: {}", form.email.as_str())];
    details.extend(form.phone.as_ref().map(|phone| format!("Phone: {}", phone.as_str())));
    details.extend(number_note.map(|note| format!("Membership number: {note}")));
    if !form.workplace.is_empty() {
        details.push(format!("Workplace or employer: {}", form.workplace));
    }
    let message = NewEnquiryMessage {
        direction: "in",
        message_id: None,
        author: format!("{} <{}> (web form)", form.name, form.email.as_str()),
        subject: form.subject.clone(),
        body: format!("{}\n\n{}", details.join("\n"), form.message),
        raw: None,
        attachments: Vec::new(),
        at: now,
    };
    // Possible spam gets no mail from us, so the form cannot be used to send it on; and the
    // acknowledgement repeats nothing the visitor typed (the address may not be theirs).
    let acknowledge =
        new.flagged.is_none() && may_acknowledge(&[][..], Some(form.email.as_str()), &settings.own_address).is_ok();
    let acknowledgement =
        acknowledge.then(|| acknowledgement(form.email.as_str().to_owned(), None, &new, member.is_some(), false));
    let entry = audit(now, source, "enquiry.open", format!("web enquiry from {}", form.email.as_str()));
    let (id, reference) = store.open_enquiry(&new, &message, acknowledgement.as_ref(), &entry).await?;
    let facts = NewEnquiryFacts {
        id,
        workplace: new.workplace,
        channel: new.channel,
        subject: &new.subject,
        text: &message.body,
    };
    route_new_enquiry(store, facts, now).await?;
    Ok(WebEnquiryOutcome::Opened { id, reference, respond_by: due, acknowledged: acknowledge })
}

fn count_links(text: &str) -> usize {
    let lower = text.to_lowercase();
    lower.matches("http://").count() + lower.matches("https://").count() + lower.matches("www.").count()
        - lower.matches("://www.").count()
}

async fn forget(store: &dyn Store, attempts: &[i64]) -> Result<(), AppError> {
    for id in attempts {
        store.forget_failure(*id).await?;
    }
    Ok(())
}

fn audit(now: DateTime<Utc>, source: Option<&str>, action: &str, detail: String) -> AuditEntry {
    AuditEntry {
        at: now,
        actor_user_id: None,
        actor_label: ACTOR.into(),
        action: action.into(),
        entity: "enquiry".into(),
        entity_id: None,
        detail,
        source: source.map(str::to_owned),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> WebEnquiryForm {
        WebEnquiryForm {
            name: "Ada Member".into(),
            email: "Ada@Example.org".into(),
            subject: "Holiday pay".into(),
            message: "My holiday pay is wrong.".into(),
            ..WebEnquiryForm::default()
        }
    }

    #[test]
    fn links_are_counted_once_each_however_written() {
        assert_eq!(count_links("see https://www.example.org and http://a.example and www.b.example"), 3);
        assert_eq!(count_links("no links here"), 0);
        assert_eq!(count_links("HTTPS://X.EXAMPLE"), 1);
    }

    #[test]
    fn a_complete_form_is_valid_and_optional_fields_may_be_empty() {
        let valid = validate(&form()).unwrap();
        assert_eq!(valid.email.as_str(), "ada@example.org");
        assert!(valid.phone.is_none() && valid.membership_number.is_none());
    }

    #[test]
    fn every_bad_field_is_reported_beside_itself() {
        let bad = WebEnquiryForm {
            name: "\u{7}".into(),
            email: "not an address".into(),
            phone: "12".into(),
            membership_number: "!".into(),
            workplace: "x".repeat(201),
            subject: String::new(),
            message: "a\u{0}b".into(),
            ..WebEnquiryForm::default()
        };
        let Err(AppError::Invalid(errors)) = validate(&bad) else { panic!("expected field errors") };
        for field in ["name", "email", "phone", "membership_number", "workplace", "subject", "message"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
        let long = WebEnquiryForm { message: "x".repeat(10_001), ..form() };
        assert!(matches!(validate(&long), Err(AppError::Invalid(e)) if e.get("message").is_some()));
        let tabbed = WebEnquiryForm { message: "Line one\r\n\tLine two".into(), ..form() };
        assert!(validate(&tabbed).is_ok());
    }
}
