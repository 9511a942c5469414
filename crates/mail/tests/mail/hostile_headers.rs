//! Headers written to hurt: a Message-ID longer than PostgreSQL's unique index can hold, and a
//! References header with hundreds of thousands of entries. Each still parses to a message that
//! can be stored and threaded, flagged where a person should know.

use steward_app::enquiries::MAX_MESSAGE_ID_BYTES;
use steward_mail::parse_email;

fn message(message_id: &str, extra: &str) -> Vec<u8> {
    format!("From: ada@example.org\r\nSubject: Pay\r\nMessage-ID: <{message_id}>\r\n{extra}\r\nMy pay is short.\r\n")
        .into_bytes()
}

#[test]
fn an_over_long_message_id_is_shortened_the_same_way_every_time_and_flagged() {
    let long = format!("{}@example.org", "x".repeat(5000));
    let raw = message(&long, "");
    let email = parse_email(&raw);
    let stored = email.message_id.clone().unwrap();
    assert!(stored.len() <= MAX_MESSAGE_ID_BYTES, "{} bytes", stored.len());
    assert!(stored.ends_with("@long-message-id.invalid"), "{stored}");
    assert!(email.problem.as_deref().is_some_and(|p| p.contains("Message-ID")), "{:?}", email.problem);
    assert_eq!(email.raw, raw, "the raw bytes keep the original");
    assert_eq!(email.body_text, "My pay is short.");
    assert_eq!(parse_email(&raw).message_id, Some(stored.clone()), "a second copy is still a duplicate");

    let reply = message("r1@example.org", &format!("In-Reply-To: <{long}>\r\n"));
    assert_eq!(parse_email(&reply).replying_to, vec![stored], "a reply naming it still threads");
    assert_eq!(parse_email(&reply).problem, None, "only the message's own ID is a problem");
}

#[test]
fn a_message_id_at_the_limit_is_kept_as_written() {
    let id = format!("{}@example.org", "x".repeat(MAX_MESSAGE_ID_BYTES - "@example.org".len()));
    let email = parse_email(&message(&id, ""));
    assert_eq!(email.message_id, Some(id));
    assert_eq!(email.problem, None);
}

#[test]
fn a_huge_references_header_keeps_only_the_nearest_ids() {
    // 300,000 IDs: checking each against all kept so far would be 4.5 * 10^10 comparisons.
    let references: Vec<String> = (0..300_000).map(|n| format!("<r{n}@example.org>")).collect();
    let extra = format!("In-Reply-To: <r299999@example.org>\r\nReferences: {}\r\n", references.join("\r\n "));
    let email = parse_email(&message("m1@example.org", &extra));
    assert_eq!(email.replying_to.len(), 50);
    assert_eq!(email.replying_to[0], "r299999@example.org", "the message it answers comes first");
    assert_eq!(email.replying_to[1], "r299998@example.org", "then the newest reference, once");
}

proptest::proptest! {
    #[test]
    fn any_message_id_parses_to_a_storable_one(
        local in "[a-z0-9.=_\u{e9}\u{4e2d}-]{1,1600}",
    ) {
        let id = format!("{local}@example.org");
        let email = parse_email(&message(&id, ""));
        let stored = email.message_id.clone().unwrap_or_default();
        proptest::prop_assert!(stored.len() <= MAX_MESSAGE_ID_BYTES, "{} bytes", stored.len());
        let flagged = email.problem.as_deref().is_some_and(|p| p.contains("Message-ID"));
        proptest::prop_assert_eq!(flagged, stored != id);
        proptest::prop_assert_eq!(flagged, id.len() > MAX_MESSAGE_ID_BYTES);
    }
}
