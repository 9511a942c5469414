//! Inbound e-mail: MIME parsing (mail-parser) into the app's `InboundEmail`, reading mbox
//! files and maildirs, and an IMAP client for polling a mailbox. Parsing never fails: a message that cannot be read is returned
//! with its raw bytes and a `problem`, so intake keeps and flags it instead of dropping it.

mod html_text;
mod imap;
mod mailbox;
mod parse;
mod send;

pub use imap::{ImapError, ImapMailbox, ImapUrl, Security};
pub use mailbox::{read_mailbox, MailboxError};
pub use parse::parse_email;
pub use send::SmtpSender;
