//! One raw RFC 5322 message into an `InboundEmail`.

use mail_parser::{HeaderValue, MessageParser, MimeHeaders};
use steward_app::enquiries::{InboundAttachment, InboundEmail};

use crate::html_text::html_to_text;

/// Messages larger than this are kept raw and flagged rather than parsed.
const MAX_PARSED_BYTES: usize = 25 * 1024 * 1024;

/// Threading looks at this many of the Message-IDs a message answers, nearest first; a
/// References header of millions is hostile, not a long thread.
const MAX_THREAD_IDS: usize = 50;

/// Headers kept for the acknowledgement rules.
const KEPT_HEADERS: [&str; 10] = [
    "auto-submitted",
    "content-type",
    "precedence",
    "list-id",
    "list-unsubscribe",
    "return-path",
    "x-autoreply",
    "x-autorespond",
    "x-auto-response-suppress",
    "x-mailer",
];

pub fn parse_email(raw: &[u8]) -> InboundEmail {
    let flagged = |problem: &str| InboundEmail {
        raw: raw.to_vec(),
        subject: "(message could not be read)".into(),
        problem: Some(problem.to_owned()),
        ..InboundEmail::default()
    };
    if raw.len() > MAX_PARSED_BYTES {
        return flagged("the message is larger than 25 MB; it is kept unread");
    }
    let Some(message) = MessageParser::default().parse(raw) else {
        return flagged("the message is not in a format that can be read");
    };
    let from = message.from().and_then(|from| from.first());
    let from_address = from.and_then(|a| a.address()).map(|a| a.trim().to_lowercase()).filter(|a| a.contains('@'));
    let mut replying_to = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let references = ids(message.references());
    for id in ids(message.in_reply_to()).into_iter().chain(references.into_iter().rev()) {
        if replying_to.len() == MAX_THREAD_IDS {
            break;
        }
        if seen.insert(id.clone()) {
            replying_to.push(id);
        }
    }
    let body_text = match message.body_text(0) {
        Some(text) if message.text_body_count() > 0 && !text.trim().is_empty() => text.trim().to_owned(),
        _ => message.body_html(0).map(|html| html_to_text(&html)).unwrap_or_default(),
    };
    let attachments = message
        .attachments()
        .enumerate()
        .map(|(index, part)| {
            let content_type = part
                .content_type()
                .map(|ct| match &ct.c_subtype {
                    Some(sub) => format!("{}/{}", ct.c_type, sub),
                    None => ct.c_type.to_string(),
                })
                .unwrap_or_else(|| "application/octet-stream".into())
                .to_ascii_lowercase();
            let name = part.attachment_name().map(str::to_owned).unwrap_or_else(|| format!("attachment-{}", index + 1));
            InboundAttachment { name, content_type, bytes: part.contents().to_vec() }
        })
        .collect();
    let headers = message
        .headers_raw()
        .filter(|(name, _)| KEPT_HEADERS.iter().any(|kept| name.eq_ignore_ascii_case(kept)))
        .map(|(name, value)| (name.to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    let problem =
        if from_address.is_none() { Some("the message has no readable sender address".to_owned()) } else { None };
    let email = InboundEmail {
        raw: raw.to_vec(),
        message_id: message.message_id().map(|id| id.trim().to_owned()).filter(|id| !id.is_empty()),
        replying_to,
        from_address,
        from_name: from.and_then(|a| a.name()).map(|n| n.trim().to_owned()).filter(|n| !n.is_empty()),
        subject: message.subject().map(|s| s.trim().to_owned()).unwrap_or_default(),
        body_text,
        attachments,
        headers,
        problem,
    };
    email.with_storable_message_ids()
}

fn ids(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(id) => vec![id.trim().to_owned()],
        HeaderValue::TextList(list) => list.iter().map(|id| id.trim().to_owned()).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|id| !id.is_empty())
    .collect()
}
