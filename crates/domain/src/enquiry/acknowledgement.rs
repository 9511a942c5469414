//! Whether an incoming message may get an automatic acknowledgement. Answering automatic
//! mail (out-of-office replies, bounces, mailing lists) starts loops and spams lists, so
//! those are recognised by their headers (RFC 3834 and common practice) and left alone.

/// Why no acknowledgement goes out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NoAcknowledgement {
    /// `Auto-Submitted` other than `no`, or an auto-reply marker.
    AutomaticMessage,
    /// `Precedence: bulk/list/junk` or a `List-Id` / `List-Unsubscribe` header.
    MailingList,
    /// A bounce or read receipt: a `multipart/report` body, an empty return path, or a
    /// mailer-daemon/postmaster sender.
    DeliveryReport,
    /// Sent by our own address: replying would talk to ourselves.
    OwnAddress,
    /// No usable sender address.
    NoSender,
}

/// The headers that decide, by lower-case name.
pub trait HeaderLookup {
    fn header(&self, lower_case_name: &str) -> Option<&str>;
}

impl HeaderLookup for [(&str, &str)] {
    fn header(&self, name: &str) -> Option<&str> {
        self.iter().find(|(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| *value)
    }
}

pub fn may_acknowledge(
    headers: &(impl HeaderLookup + ?Sized),
    sender: Option<&str>,
    own_address: &str,
) -> Result<(), NoAcknowledgement> {
    let lower = |name: &str| headers.header(name).map(|v| v.trim().to_ascii_lowercase());
    if lower("auto-submitted").is_some_and(|v| !v.is_empty() && v != "no")
        || headers.header("x-autoreply").is_some()
        || headers.header("x-autorespond").is_some()
        || lower("x-auto-response-suppress").is_some_and(|v| v.contains("all") || v.contains("autoreply"))
    {
        return Err(NoAcknowledgement::AutomaticMessage);
    }
    if lower("precedence").is_some_and(|v| matches!(v.as_str(), "bulk" | "list" | "junk"))
        || headers.header("list-id").is_some()
        || headers.header("list-unsubscribe").is_some()
    {
        return Err(NoAcknowledgement::MailingList);
    }
    if lower("return-path").is_some_and(|v| v == "<>")
        || lower("content-type").is_some_and(|v| v.starts_with("multipart/report"))
    {
        return Err(NoAcknowledgement::DeliveryReport);
    }
    let sender =
        sender.map(|s| s.trim().to_ascii_lowercase()).filter(|s| s.contains('@')).ok_or(NoAcknowledgement::NoSender)?;
    let local = sender.split('@').next().unwrap_or_default();
    if matches!(local, "mailer-daemon" | "postmaster" | "noreply" | "no-reply" | "do-not-reply" | "donotreply") {
        return Err(NoAcknowledgement::DeliveryReport);
    }
    if sender == own_address.trim().to_ascii_lowercase() {
        return Err(NoAcknowledgement::OwnAddress);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const OWN: &str = "help@union.example";

    /// Headers, sender, and why no acknowledgement may go out.
    type Case = (&'static [(&'static str, &'static str)], Option<&'static str>, NoAcknowledgement);

    #[test]
    fn a_member_writing_in_gets_an_acknowledgement() {
        let headers: &[(&str, &str)] = &[("Subject", "My rota"), ("Auto-Submitted", "no")];
        assert_eq!(may_acknowledge(headers, Some("ada@example.org"), OWN), Ok(()));
    }

    #[test]
    fn automatic_list_and_bounce_mail_never_gets_one() {
        let cases: [Case; 9] = [
            (&[("Auto-Submitted", "auto-replied")], Some("ada@example.org"), NoAcknowledgement::AutomaticMessage),
            (&[("X-Autoreply", "yes")], Some("ada@example.org"), NoAcknowledgement::AutomaticMessage),
            (&[("X-Auto-Response-Suppress", "All")], Some("ada@example.org"), NoAcknowledgement::AutomaticMessage),
            (&[("Precedence", "bulk")], Some("ada@example.org"), NoAcknowledgement::MailingList),
            (&[("List-Id", "<staff.example.org>")], Some("ada@example.org"), NoAcknowledgement::MailingList),
            (&[("Return-Path", "<>")], Some("ada@example.org"), NoAcknowledgement::DeliveryReport),
            (
                &[("Content-Type", "Multipart/Report; report-type=delivery-status; boundary=\"b\"")],
                Some("mail-relay@example.org"),
                NoAcknowledgement::DeliveryReport,
            ),
            (&[], Some("MAILER-DAEMON@mx.example.org"), NoAcknowledgement::DeliveryReport),
            (&[], Some("Help@Union.example"), NoAcknowledgement::OwnAddress),
        ];
        for (headers, sender, expected) in cases {
            assert_eq!(may_acknowledge(headers, sender, OWN), Err(expected), "{headers:?} {sender:?}");
        }
        assert_eq!(may_acknowledge(&[][..], None, OWN), Err(NoAcknowledgement::NoSender));
    }
}
