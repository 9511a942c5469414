//! Sending over SMTP with lettre. Acknowledgements carry `Auto-Submitted: auto-replied`
//! (RFC 3834) so members' own auto-responders do not answer them; a person's reply does not,
//! and goes with its attachments under the Message-ID the thread recorded.

use async_trait::async_trait;
use lettre::message::header::ContentType;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use steward_app::ports::{MailSender, OutboxMail};

pub struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpSender {
    /// `smtp://HOST:PORT` (plain SMTP, for a relay on the same host or network).
    pub fn new(url: &str, from: &str) -> Result<Self, String> {
        let rest =
            url.strip_prefix("smtp://").ok_or_else(|| format!("\"{url}\" is not an SMTP URL: use smtp://HOST:PORT"))?;
        let (host, port) = match rest.rsplit_once(':') {
            Some((host, port)) => (host, port.parse::<u16>().map_err(|_| format!("\"{port}\" is not a port"))?),
            None => (rest, 25),
        };
        if host.is_empty() {
            return Err("the SMTP URL needs a host".into());
        }
        let from = from.parse::<Mailbox>().map_err(|error| format!("\"{from}\" is not a sender address: {error}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host).port(port).build();
        Ok(Self { transport, from })
    }
}

#[async_trait]
impl MailSender for SmtpSender {
    async fn send(&self, mail: &OutboxMail) -> Result<(), String> {
        let message = self.build(mail)?;
        self.transport.send(message).await.map_err(|error| format!("SMTP: {error}"))?;
        Ok(())
    }
}

impl SmtpSender {
    fn build(&self, mail: &OutboxMail) -> Result<Message, String> {
        let to = mail.to.parse::<Mailbox>().map_err(|error| format!("bad recipient {}: {error}", mail.to))?;
        let mut builder = Message::builder().from(self.from.clone()).to(to).subject(mail.subject.clone());
        if let Some(id) = &mail.message_id {
            builder = builder.message_id(Some(angle_brackets(id)));
        }
        if let Some(id) = &mail.in_reply_to {
            let id = angle_brackets(id);
            builder = builder.in_reply_to(id.clone()).references(id);
        }
        if mail.automatic {
            builder = builder
                .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("Auto-Submitted"), "auto-replied".into()));
        }
        let built = if mail.attachments.is_empty() {
            builder.body(mail.body.clone())
        } else {
            let mut parts = MultiPart::mixed().singlepart(SinglePart::plain(mail.body.clone()));
            for file in &mail.attachments {
                let content_type = ContentType::parse(&file.content_type)
                    .or_else(|_| ContentType::parse("application/octet-stream"))
                    .map_err(|error| format!("cannot attach {}: {error}", file.name))?;
                parts = parts.singlepart(Attachment::new(file.name.clone()).body(file.bytes.clone(), content_type));
            }
            builder.multipart(parts)
        };
        built.map_err(|error| format!("cannot build the message: {error}"))
    }
}

fn angle_brackets(id: &str) -> String {
    format!("<{}>", id.trim_matches(|c| c == '<' || c == '>'))
}

#[cfg(test)]
mod tests {
    use steward_app::enquiries::InboundAttachment;

    use super::*;

    fn mail(automatic: bool, attachments: Vec<InboundAttachment>) -> OutboxMail {
        OutboxMail {
            to: "ada@example.org".into(),
            subject: "Re: [ENQ-2026-000001] Pay".into(),
            body: "Dear Ada".into(),
            in_reply_to: Some("<m1@member.example>".into()),
            message_id: Some("r1@union.example".into()),
            automatic,
            attachments,
        }
    }

    fn formatted(mail: &OutboxMail) -> String {
        let sender = SmtpSender::new("smtp://127.0.0.1:2525", "enquiries@union.example").unwrap();
        String::from_utf8(sender.build(mail).unwrap().formatted()).unwrap()
    }

    #[test]
    fn a_persons_reply_threads_and_is_not_marked_automatic() {
        let text = formatted(&mail(false, Vec::new()));
        assert!(text.contains("Message-ID: <r1@union.example>"), "{text}");
        assert!(text.contains("In-Reply-To: <m1@member.example>"), "{text}");
        assert!(!text.contains("Auto-Submitted"), "{text}");
        assert!(formatted(&mail(true, Vec::new())).contains("Auto-Submitted: auto-replied"));
    }

    #[test]
    fn attachments_go_as_a_multipart_message() {
        let file = InboundAttachment {
            name: "letter.pdf".into(),
            content_type: "application/pdf".into(),
            bytes: b"%PDF".to_vec(),
        };
        let text = formatted(&mail(false, vec![file]));
        assert!(text.contains("multipart/mixed"), "{text}");
        assert!(text.contains("filename=\"letter.pdf\""), "{text}");
        assert!(text.contains("Content-Type: application/pdf"), "{text}");
    }
}
