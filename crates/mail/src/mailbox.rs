//! Reading many messages: an mbox file or a maildir (its `cur` and `new` folders).

use std::fs::File;
use std::io::BufReader;
use std::path::Path;

use mail_parser::mailbox::{maildir, mbox};

#[derive(Debug)]
pub struct MailboxError(pub String);

impl std::fmt::Display for MailboxError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// Calls `each` with the raw bytes of every message at `path` (a maildir directory or an mbox
/// file), in order. A message that cannot be read from disk is an error for the whole run,
/// since its bytes would otherwise be lost silently.
pub fn read_mailbox(path: &Path, mut each: impl FnMut(Vec<u8>)) -> Result<u64, MailboxError> {
    let mut count = 0u64;
    if path.is_dir() {
        let messages = maildir::MessageIterator::new(path)
            .map_err(|error| MailboxError(format!("{} is not a maildir: {error}", path.display())))?;
        for message in messages {
            let message = message
                .map_err(|error| MailboxError(format!("cannot read a message in {}: {error}", path.display())))?;
            each(message.unwrap_contents());
            count += 1;
        }
    } else {
        let file =
            File::open(path).map_err(|error| MailboxError(format!("cannot open {}: {error}", path.display())))?;
        for message in mbox::MessageIterator::new(BufReader::new(file)) {
            let message = message.map_err(|error| MailboxError(format!("cannot read {}: {error}", path.display())))?;
            each(message.unwrap_contents());
            count += 1;
        }
    }
    Ok(count)
}
