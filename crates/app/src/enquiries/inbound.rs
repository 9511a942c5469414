//! An inbound e-mail as intake sees it, whatever produced it (the MIME parser in
//! `steward-mail`, from IMAP, an mbox file or the API). The raw bytes always travel with it so
//! nothing is lost, however broken the message.

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
}
