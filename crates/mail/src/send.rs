//! Sending over SMTP with lettre. Acknowledgements carry `Auto-Submitted: auto-replied`
//! (RFC 3834) so members' own auto-responders do not answer them.

use async_trait::async_trait;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::Mailbox;
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
        let to = mail.to.parse::<Mailbox>().map_err(|error| format!("bad recipient {}: {error}", mail.to))?;
        let mut builder = Message::builder().from(self.from.clone()).to(to).subject(mail.subject.clone());
        if let Some(id) = &mail.in_reply_to {
            let id = format!("<{}>", id.trim_matches(|c| c == '<' || c == '>'));
            builder = builder.in_reply_to(id.clone()).references(id);
        }
        builder = builder
            .raw_header(HeaderValue::new(HeaderName::new_from_ascii_str("Auto-Submitted"), "auto-replied".into()));
        let message = builder.body(mail.body.clone()).map_err(|error| format!("cannot build the message: {error}"))?;
        self.transport.send(message).await.map_err(|error| format!("SMTP: {error}"))?;
        Ok(())
    }
}
