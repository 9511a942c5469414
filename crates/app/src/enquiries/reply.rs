//! Answering a member by e-mail: the text (typed, or from a template) has its merge fields
//! filled, is kept in the thread with any attachments, and is queued for the outbox with a
//! Message-ID of our own and In-Reply-To the member's last message, so their answer threads
//! back. The enquiry becomes answered, held by whoever replied if nobody held it.

use steward_domain::enquiry::merge::{render, MergeValues};
use steward_domain::permissions::{Action, Target};

use super::InboundAttachment;
use crate::ports::{EnquiryDetail, EnquiryId, NewEnquiryMessage, OutboxMail, Store};
use crate::secrets::random_token;
use crate::{AppError, RequestContext};

pub const MAX_REPLY_CHARS: usize = 50_000;
pub const MAX_ATTACHMENTS: usize = 10;
/// Per reply, all attachments together: most mail systems refuse messages above 20-25 MB,
/// and base64 makes the message a third larger than the files.
pub const MAX_ATTACHMENT_BYTES: usize = 15 * 1024 * 1024;

#[derive(Debug, Clone, Default)]
pub struct ReplyDraft {
    pub body: String,
    pub attachments: Vec<InboundAttachment>,
}

pub async fn reply_to_enquiry(
    store: &dyn Store,
    ctx: &RequestContext,
    id: EnquiryId,
    draft: &ReplyDraft,
    own_address: &str,
) -> Result<(), AppError> {
    ctx.require(Action::WorkOnEnquiry, Target::Any)?;
    let detail = store.enquiry(id).await?.ok_or(AppError::NotFound)?;
    ctx.require(Action::WorkOnEnquiry, super::target_of(&detail.summary))?;
    if detail.summary.status == "closed" {
        return Err(AppError::field("body", "This enquiry is closed, so it cannot be answered here"));
    }
    if detail.summary.assigned_to.is_some_and(|holder| holder != ctx.actor.user_id) {
        return Err(held_by_someone_else(detail.summary.assigned_name.clone()));
    }
    let values = merge_values(store, ctx, &detail).await?;
    let recipient = recipient(store, &detail).await?;
    let body = checked_body(&draft.body, &values)?;
    let attachments = checked_attachments(&draft.attachments)?;

    let reference = detail.summary.reference.to_string();
    let subject = if detail.summary.subject.contains(&reference) {
        format!("Re: {}", detail.summary.subject)
    } else {
        format!("Re: [{reference}] {}", detail.summary.subject)
    };
    let message_id = format!("{}@{}", random_token(), mail_domain(own_address));
    let in_reply_to = detail.messages.iter().rev().filter(|m| m.direction == "in").find_map(|m| m.message_id.clone());
    let reply = NewEnquiryMessage {
        direction: "out",
        message_id: Some(message_id.clone()),
        author: values.rep_name.clone(),
        subject: subject.clone(),
        body: body.clone(),
        raw: None,
        attachments: attachments.clone(),
        at: ctx.now,
    };
    let mail = OutboxMail {
        to: recipient.clone(),
        subject,
        body,
        in_reply_to,
        message_id: Some(message_id),
        automatic: false,
        attachments,
    };
    let detail_text = format!("reply to {recipient} with {} attachment(s)", mail.attachments.len());
    let audit = ctx.audit("enquiry.reply", "enquiry", Some(id.to_string()), detail_text);
    match store.record_reply(id, &reply, &mail, ctx.actor.user_id, &audit).await {
        Ok(()) => Ok(()),
        // Someone took it while this reply was being written: it was not sent.
        Err(crate::ports::StoreError::Stale) => {
            let now = store.enquiry(id).await?.ok_or(AppError::NotFound)?;
            match now.summary.assigned_to {
                Some(_) => Err(held_by_someone_else(now.summary.assigned_name)),
                None => Err(AppError::field("body", "This enquiry changed a moment ago; nothing was sent")),
            }
        }
        Err(error) => Err(error.into()),
    }
}

/// Two people must not answer the same member by accident: the reply is refused (as a field
/// error, so the typed text comes back with it) and says who is answering.
fn held_by_someone_else(name: Option<String>) -> AppError {
    let name = name.unwrap_or_else(|| "A colleague".into());
    AppError::field(
        "body",
        format!(
            "{name} is working on this enquiry, so your reply was not sent. Take it over first if you mean to answer."
        ),
    )
}

/// The reply text a template gives for this enquiry, merge fields filled, to start from.
pub async fn draft_from_template(
    store: &dyn Store,
    ctx: &RequestContext,
    id: EnquiryId,
    template: i64,
) -> Result<String, AppError> {
    ctx.require(Action::WorkOnEnquiry, Target::Any)?;
    let detail = store.enquiry(id).await?.ok_or(AppError::NotFound)?;
    ctx.require(Action::WorkOnEnquiry, super::target_of(&detail.summary))?;
    let template = store
        .reply_template(template)
        .await?
        .ok_or_else(|| AppError::field("template", "Choose a template from the list"))?;
    let values = merge_values(store, ctx, &detail).await?;
    render(&template.body, &values).map_err(|error| AppError::field("template", error.to_string()))
}

async fn merge_values(
    store: &dyn Store,
    ctx: &RequestContext,
    detail: &EnquiryDetail,
) -> Result<MergeValues, AppError> {
    let summary = &detail.summary;
    let member = match summary.member {
        Some(member) => store.member(member).await?,
        None => None,
    };
    let (member_name, first_name) = match &member {
        Some(member) => (format!("{} {}", member.first_name, member.last_name), member.first_name.clone()),
        None => {
            let name = summary.sender_name.clone().unwrap_or_else(|| "member".into());
            let first = name.split_whitespace().next().unwrap_or("member").to_owned();
            (name, first)
        }
    };
    let rep_name = store.user(ctx.actor.user_id).await?.map_or_else(|| ctx.actor_label.clone(), |user| user.name);
    Ok(MergeValues {
        member_name,
        first_name,
        reference: summary.reference.to_string(),
        rep_name,
        subject: summary.subject.clone(),
    })
}

/// Where the reply goes: the address the enquiry came from, else the member's own.
async fn recipient(store: &dyn Store, detail: &EnquiryDetail) -> Result<String, AppError> {
    if let Some(address) = detail.summary.sender_address.clone().filter(|a| !a.is_empty()) {
        return Ok(address);
    }
    let member = match detail.summary.member {
        Some(member) => store.member(member).await?,
        None => None,
    };
    member.and_then(|m| m.email).ok_or_else(|| {
        AppError::field("body", "There is no e-mail address to reply to: ring the member and log the call instead")
    })
}

fn checked_body(body: &str, values: &MergeValues) -> Result<String, AppError> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::field("body", "Write the reply first"));
    }
    if body.contains('\0') {
        return Err(AppError::field("body", "The reply contains characters that cannot be sent"));
    }
    if body.chars().count() > MAX_REPLY_CHARS {
        return Err(AppError::field("body", "A reply can be at most 50,000 characters"));
    }
    render(body, values).map_err(|error| AppError::field("body", error.to_string()))
}

fn checked_attachments(attachments: &[InboundAttachment]) -> Result<Vec<InboundAttachment>, AppError> {
    if attachments.len() > MAX_ATTACHMENTS {
        return Err(AppError::field("attachments", "Attach at most 10 files to one reply"));
    }
    let total: usize = attachments.iter().map(|a| a.bytes.len()).sum();
    if total > MAX_ATTACHMENT_BYTES {
        return Err(AppError::field("attachments", "Attachments can be at most 15 MB in all"));
    }
    let mut checked = Vec::with_capacity(attachments.len());
    for attachment in attachments {
        // Only the last path part, without control characters or quotes that would break
        // the Content-Disposition header.
        let name: String = attachment
            .name
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or_default()
            .chars()
            .filter(|c| !c.is_control() && *c != '"')
            .take(200)
            .collect();
        let name = name.trim();
        if name.is_empty() || name == "." || name == ".." {
            return Err(AppError::field("attachments", "Every attachment needs a file name"));
        }
        if attachment.bytes.is_empty() {
            return Err(AppError::field("attachments", format!("{name} is empty")));
        }
        let content_type = attachment.content_type.trim();
        let content_type = if valid_content_type(content_type) { content_type } else { "application/octet-stream" };
        checked.push(InboundAttachment {
            name: name.to_owned(),
            content_type: content_type.to_owned(),
            bytes: attachment.bytes.clone(),
        });
    }
    Ok(checked)
}

/// `type/subtype` in the characters RFC 6838 allows; anything else is sent as plain bytes.
fn valid_content_type(text: &str) -> bool {
    let token = |part: &str| {
        !part.is_empty()
            && part.len() <= 127
            && part.chars().all(|c| c.is_ascii_alphanumeric() || "!#$&-^_.+".contains(c))
    };
    text.split_once('/').is_some_and(|(kind, sub)| token(kind) && token(sub))
}

fn mail_domain(own_address: &str) -> &str {
    own_address.rsplit_once('@').map_or("localhost", |(_, domain)| domain.trim_end_matches('>'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attachment_names_lose_paths_and_header_breaking_characters() {
        let files = vec![InboundAttachment {
            name: "C:\\Users\\rep\\letter \"final\".pdf".into(),
            content_type: "application/pdf; evil".into(),
            bytes: vec![1],
        }];
        let checked = checked_attachments(&files).unwrap();
        assert_eq!(checked[0].name, "letter final.pdf");
        assert_eq!(checked[0].content_type, "application/octet-stream");
    }

    #[test]
    fn too_many_too_large_or_empty_attachments_are_refused() {
        let file = |size: usize| InboundAttachment {
            name: "a.txt".into(),
            content_type: "text/plain".into(),
            bytes: vec![b'x'; size],
        };
        assert!(checked_attachments(&vec![file(1); 11]).is_err());
        assert!(checked_attachments(&[file(MAX_ATTACHMENT_BYTES + 1)]).is_err());
        assert!(checked_attachments(&[file(0)]).is_err());
        assert!(checked_attachments(&vec![file(10); 10]).is_ok());
    }

    #[test]
    fn the_message_id_domain_comes_from_our_address() {
        assert_eq!(mail_domain("enquiries@union.example"), "union.example");
        assert_eq!(mail_domain("no-at-sign"), "localhost");
    }
}
