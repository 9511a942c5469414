//! Sending over SMTP with lettre. Acknowledgements carry `Auto-Submitted: auto-replied`
//! (RFC 3834) so members' own auto-responders do not answer them; a person's reply does not,
//! and goes with its attachments under the Message-ID the thread recorded.
//!
//! The connection is protected as the URL says (`smtp_url.rs`): TLS from the first byte,
//! STARTTLS that must succeed, or plain text only to this machine. So a user name and password
//! are only ever sent over TLS or to loopback. Certificates are checked by rustls (ring) against
//! the same authorities the IMAP client trusts.

use async_trait::async_trait;
use lettre::message::header::ContentType;
use lettre::message::header::{HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Certificate, CertificateStore, Tls, TlsParameters};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use steward_app::ports::{MailSender, OutboxMail};

use crate::{Security, SmtpUrl};

pub struct SmtpSender {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl SmtpSender {
    /// A sender for this server, signing in as the URL's user with `password`. A user needs a
    /// password and a password needs a user; both are checked here, before anything is sent.
    pub fn new(url: &SmtpUrl, password: Option<&str>, from: &str) -> Result<Self, String> {
        let from = from.parse::<Mailbox>().map_err(|error| format!("\"{from}\" is not a sender address: {error}"))?;
        let credentials = match (&url.user, password) {
            (Some(user), Some(password)) if !password.is_empty() => {
                Some(Credentials::new(user.clone(), password.to_owned()))
            }
            (Some(user), _) => {
                return Err(format!(
                    "the SMTP URL names the user {user} but no password was given: name a file holding it with --smtp-password-file, or set STEWARD_SMTP_PASSWORD"
                ))
            }
            (None, Some(_)) => {
                return Err(format!(
                    "an SMTP password was given but {url} names no user to sign in as: write it as USER@HOST (an @ in the user name as %40)"
                ))
            }
            (None, None) => None,
        };
        let tls = match url.security {
            Security::Tls => Tls::Wrapper(tls_parameters(&url.host)?),
            Security::StartTls => Tls::Required(tls_parameters(&url.host)?),
            Security::Plain => Tls::None,
        };
        let mut builder =
            AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(url.host.as_str()).port(url.port).tls(tls);
        if let Some(credentials) = credentials {
            builder = builder.credentials(credentials);
        }
        Ok(Self { transport: builder.build(), from })
    }
}

/// rustls (ring) checking the server's certificate for `host` against the authorities
/// `crate::tls` trusts: the system's, or those SSL_CERT_FILE / SSL_CERT_DIR name.
fn tls_parameters(host: &str) -> Result<TlsParameters, String> {
    let mut builder = TlsParameters::builder(host.to_owned()).certificate_store(CertificateStore::None);
    for authority in crate::tls::trusted_roots()? {
        let authority = Certificate::from_der(authority.to_vec())
            .map_err(|error| format!("a trusted certificate authority cannot be used: {error}"))?;
        builder = builder.add_root_certificate(authority);
    }
    builder.build_rustls().map_err(|error| format!("TLS set-up for {host} failed: {error}"))
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
        let url = SmtpUrl::parse("smtp://127.0.0.1:2525").unwrap();
        let sender = SmtpSender::new(&url, None, "enquiries@union.example").unwrap();
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
    fn a_user_needs_a_password_and_a_password_needs_a_user() {
        let sender = |url: &str, password: Option<&str>| {
            SmtpSender::new(&SmtpUrl::parse(url).unwrap(), password, "enquiries@union.example").map(|_| ())
        };
        let error = sender("smtps://steward@smtp.provider.example", None).unwrap_err();
        assert!(error.contains("no password was given") && error.contains("STEWARD_SMTP_PASSWORD"), "{error}");
        let error = sender("smtps://steward@smtp.provider.example", Some("")).unwrap_err();
        assert!(error.contains("no password was given"), "{error}");
        let error = sender("smtps://smtp.provider.example", Some("secret")).unwrap_err();
        assert!(error.contains("names no user"), "{error}");
        assert!(!error.contains("secret"), "{error}");
        // A relay on this machine needs neither; a user and password to loopback may stay plain.
        assert_eq!(sender("smtp://127.0.0.1:2525", None), Ok(()));
        assert_eq!(sender("smtp://steward@localhost:2525", Some("secret")), Ok(()));
        let error = sender("smtp://127.0.0.1:2525", None).and_then(|()| {
            SmtpSender::new(&SmtpUrl::parse("smtp://127.0.0.1").unwrap(), None, "not an address").map(|_| ())
        });
        assert!(error.unwrap_err().contains("not a sender address"));
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
