//! IMAP intake: a client for the union's enquiries mailbox (async-imap on tokio, TLS by
//! rustls). It only finds, reads and marks messages; what to do with each one is intake's
//! business (`steward_app::enquiries::receive_email`), called by the command line.

mod address;
mod connection;

pub use address::{ImapUrl, Security};
pub use connection::{ImapError, ImapMailbox};
