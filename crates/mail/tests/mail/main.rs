//! Parsing messages shaped like those real clients send (Gmail's multipart/alternative,
//! Outlook's HTML-only replies, Thunderbird's Latin-1 with an attachment, auto-replies) and
//! hostile ones: everything parses to something, nothing panics, nothing is lost.

use std::path::Path;

use steward_mail::{parse_email, read_mailbox};

mod hostile_headers;

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/mail/samples").join(name)).unwrap()
}

#[test]
fn gmail_alternative_uses_the_plain_text_part() {
    let email = parse_email(&sample("gmail_alternative.eml"));
    assert_eq!(email.problem, None);
    assert_eq!(email.from_address.as_deref(), Some("ada.quill@example.org"));
    assert_eq!(email.from_name.as_deref(), Some("Ada Quill"));
    assert_eq!(email.message_id.as_deref(), Some("CAF1=gmail.7788@mail.gmail.com"));
    assert_eq!(email.subject, "Shift pattern changed without notice");
    assert!(email.body_text.contains("without asking") && !email.body_text.contains("<div"));
}

#[test]
fn outlook_html_only_reply_becomes_text_and_knows_what_it_answers() {
    let email = parse_email(&sample("outlook_html_only.eml"));
    assert_eq!(email.from_address.as_deref(), Some("u.brackenbury@example.org"), "addresses are lower-cased");
    assert_eq!(email.body_text, "Thanks & regards,\nUlric");
    assert_eq!(email.replying_to.first().map(String::as_str), Some("ack-1@union.example"));
    assert!(email.replying_to.iter().any(|id| id == "CAF1=gmail.7788@mail.gmail.com"));
}

#[test]
fn latin1_text_and_attachments_are_decoded() {
    let email = parse_email(&sample("thunderbird_latin1_attachment.eml"));
    assert_eq!(email.from_name.as_deref(), Some("Renée Løkke"));
    assert_eq!(email.subject, "Schön pay query");
    assert!(email.body_text.contains("£120"), "{}", email.body_text);
    assert_eq!(email.attachments.len(), 1);
    assert_eq!(email.attachments[0].name, "payslip.pdf");
    assert_eq!(email.attachments[0].content_type, "application/pdf");
    assert!(email.attachments[0].bytes.starts_with(b"%PDF"));
}

#[test]
fn auto_reply_headers_are_kept_for_the_loop_check() {
    let email = parse_email(&sample("out_of_office.eml"));
    assert!(email.headers.iter().any(|(name, value)| name == "auto-submitted" && value == "auto-replied"));
}

#[test]
fn broken_messages_are_kept_raw_and_flagged() {
    for name in ["binary_garbage.eml", "no_from.eml"] {
        let raw = sample(name);
        let email = parse_email(&raw);
        assert_eq!(email.raw, raw, "{name}: raw bytes kept");
        assert!(email.problem.is_some(), "{name}: flagged");
    }
    let huge = vec![b'a'; 26 * 1024 * 1024];
    assert!(parse_email(&huge).problem.is_some());
}

#[test]
fn an_mbox_yields_every_message_and_a_maildir_too() {
    let dir = tempfile::tempdir().unwrap();
    let mbox = dir.path().join("inbox.mbox");
    let mut contents = Vec::new();
    for name in ["gmail_alternative.eml", "outlook_html_only.eml", "out_of_office.eml"] {
        contents.extend_from_slice(b"From sender@example.org Tue Nov 24 09:00:00 2026\n");
        contents.extend_from_slice(&sample(name));
        contents.extend_from_slice(b"\n");
    }
    std::fs::write(&mbox, contents).unwrap();
    let mut subjects = Vec::new();
    let count = read_mailbox(&mbox, |raw| subjects.push(parse_email(&raw).subject)).unwrap();
    assert_eq!(count, 3);
    assert_eq!(subjects[0], "Shift pattern changed without notice");

    let maildir = dir.path().join("Maildir");
    for folder in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(folder)).unwrap();
    }
    std::fs::write(maildir.join("new/1.eml"), sample("gmail_alternative.eml")).unwrap();
    std::fs::write(maildir.join("cur/2.eml:2,S"), sample("no_from.eml")).unwrap();
    let count = read_mailbox(&maildir, |_| {}).unwrap();
    assert_eq!(count, 2);
    assert!(read_mailbox(&dir.path().join("missing.mbox"), |_| {}).is_err());
}

proptest::proptest! {
    #[test]
    fn any_bytes_parse_without_panicking(raw in proptest::collection::vec(proptest::num::u8::ANY, 0..2048)) {
        let email = parse_email(&raw);
        proptest::prop_assert_eq!(email.raw, raw);
    }
}
