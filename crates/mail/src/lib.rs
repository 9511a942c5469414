//! Inbound e-mail: MIME parsing (mail-parser) into the app's `InboundEmail`, reading mbox
//! files and maildirs, an IMAP client for polling a mailbox, and SMTP sending (TLS, sign-in). Parsing never fails: a message that cannot be read is returned
//! with its raw bytes and a `problem`, so intake keeps and flags it instead of dropping it.

mod html_text;
mod imap;
mod mailbox;
mod parse;
mod send;
mod smtp_url;
mod tls;

pub use imap::{ImapError, ImapMailbox, ImapUrl, Security};
pub use mailbox::{read_mailbox, MailboxError};
pub use parse::parse_email;
pub use send::SmtpSender;
pub use smtp_url::SmtpUrl;
