//! An inbound e-mail as intake sees it, whatever produced it (the MIME parser in
//! `steward-mail`, from IMAP, an mbox file or the API). The raw bytes always travel with it so
//! nothing is lost, however broken the message.

use sha2::{Digest, Sha256};

/// The longest Message-ID kept as written, in bytes: RFC 5322's line limit (998 characters
/// with `Message-ID:` room to spare). PostgreSQL's unique index on Message-IDs refuses keys over
/// about 2,700 bytes, so a longer one would make the message impossible to store.
pub const MAX_MESSAGE_ID_BYTES: usize = 995;

/// One attachment, kept to be stored as a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InboundAttachment {
    pub name: String,
    pub content_type: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InboundEmail {
    /// The message exactly as received.
    pub raw: Vec<u8>,
    pub message_id: Option<String>,
    /// Message-IDs from In-Reply-To and References, nearest first.
    pub replying_to: Vec<String>,
    pub from_address: Option<String>,
    pub from_name: Option<String>,
    pub subject: String,
    /// Plain text: the text part, or the HTML part turned into text.
    pub body_text: String,
    pub attachments: Vec<InboundAttachment>,
    /// Header names (lower case) and values, for the acknowledgement loop checks.
    pub headers: Vec<(String, String)>,
    /// Set when the message could not be read properly; it is kept and flagged for a person.
    pub problem: Option<String>,
}

impl InboundEmail {
    /// The headers in the form the domain's acknowledgement rule reads.
    pub fn header_pairs(&self) -> Vec<(&str, &str)> {
        self.headers.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect()
    }

    /// Adds a problem for a person to look at, after any already found.
    pub fn flag(&mut self, problem: &str) {
        self.problem = Some(match self.problem.take() {
            Some(earlier) => format!("{earlier}; {problem}"),
            None => problem.to_owned(),
        });
    }

    /// Over-long Message-IDs (this message's and those it answers) become their stand-ins, and
    /// the message is flagged when its own was too long. Running it twice changes nothing.
    pub fn with_storable_message_ids(mut self) -> Self {
        if let Some(id) = self.message_id.take() {
            let stored = storable_message_id(&id);
            if stored != id {
                self.flag(&format!(
                    "its Message-ID is {} bytes long (more than mail allows); it is kept under a shortened one",
                    id.len()
                ));
            }
            self.message_id = Some(stored);
        }
        for id in &mut self.replying_to {
            if id.len() > MAX_MESSAGE_ID_BYTES {
                *id = storable_message_id(id);
            }
        }
        self
    }
}

/// A Message-ID as stored: as written when it fits, else a stand-in made from its SHA-256, so
/// the same long ID always gives the same stand-in (a second copy is still a duplicate and a
/// reply naming it still threads) and the stand-in can never be mistaken for a real address.
pub fn storable_message_id(id: &str) -> String {
    if id.len() <= MAX_MESSAGE_ID_BYTES {
        return id.to_owned();
    }
    made_up_message_id(&[id], "long-message-id.invalid")
}

/// A Message-ID Steward makes up from `parts`: the same parts always give the same ID, and the
/// `.invalid` domain (RFC 2606) says it never came from a mail server.
pub(super) fn made_up_message_id(parts: &[&str], domain: &str) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        hash.update(part.as_bytes());
        hash.update([0]);
    }
    let hex: String = hash.finalize().iter().map(|byte| format!("{byte:02x}")).collect();
    format!("sha256-{hex}@{domain}")
}
