//! Mail taken in from a real IMAP server: Debian's dovecot, started privately on a free
//! loopback port with its own config, users and maildir in a temporary directory. Messages in
//! the shapes real mail clients send are appended over IMAP; `steward import imap` and
//! `steward serve --imap-url` must open enquiries from them, mark them seen, never take one in
//! twice, and (serve) take a new message in within seconds through IDLE.
//! Skips only when dovecot or openssl is missing and STEWARD_TEST_REQUIRE_DOVECOT is unset (.ci/run
//! sets it, so CI cannot skip silently).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use crate::commands::{steward_with, text};
use crate::dovecot::{Dovecot, USER};
use crate::server::{agent, Backend, Server};

/// The enquiries the API lists (the queue, as JSON).
fn enquiries(base: &str, token: &str) -> Vec<serde_json::Value> {
    let mut response = agent()
        .get(&format!("{base}/api/v1/enquiries"))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    assert_eq!(response.status(), 200);
    response.body_mut().read_json().unwrap()
}

/// One enquiry, found in the queue by subject, with its messages.
fn enquiry(base: &str, token: &str, subject: &str) -> serde_json::Value {
    let all = enquiries(base, token);
    let found = all.iter().find(|e| e["subject"] == subject).unwrap_or_else(|| panic!("no enquiry \"{subject}\""));
    let mut response = agent()
        .get(&format!("{base}/api/v1/enquiries/{}", found["id"]))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    assert_eq!(response.status(), 200);
    response.body_mut().read_json().unwrap()
}

// Messages as real clients write them (headers and structure kept, addresses fictional),
// in tests/cli/mail/ with their CRLF line endings.

const THUNDERBIRD: &[u8] = include_bytes!("mail/thunderbird.eml");

const OUTLOOK: &[u8] = include_bytes!("mail/outlook.eml");

const APPLE_MAIL: &[u8] = include_bytes!("mail/apple-mail.eml");

const GMAIL_REPLY: &[u8] = include_bytes!("mail/gmail-reply.eml");

const HTML_ONLY_LATIN1: &[u8] = include_bytes!("mail/html-only-latin1.eml");

const HOSTILE: &[u8] = include_bytes!("mail/hostile.eml");

fn gmail_style(n: u32) -> String {
    format!(
        "MIME-Version: 1.0\r\nFrom: Erin Live <erin@example.org>\r\nDate: Tue, 24 Nov 2026 14:00:00 +0000\r\nMessage-ID: <CAF=live{n}@mail.gmail.example>\r\nSubject: Arrived while serving {n}\r\nTo: enquiries@union.example\r\nContent-Type: multipart/alternative; boundary=\"000000000000ffff\"\r\n\r\n--000000000000ffff\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n\r\nNew mail {n}\r\n--000000000000ffff\r\nContent-Type: text/html; charset=\"UTF-8\"\r\n\r\n<div dir=\"ltr\">New mail {n}</div>\r\n--000000000000ffff--\r\n"
    )
}

#[test]
fn imap_mail_is_taken_in_once_and_marked_seen() {
    let Some(dovecot) = Dovecot::start() else { return };
    let password = dovecot.password_file();
    let password = password.to_str().unwrap();
    let url = dovecot.url();
    for backend in Backend::all() {
        let mut imap = dovecot.session();
        let existing = imap.search("ALL").len();
        for raw in [THUNDERBIRD, OUTLOOK, APPLE_MAIL, GMAIL_REPLY, HTML_ONLY_LATIN1, HOSTILE] {
            imap.append(raw);
        }
        // Mail from the earlier backend's run was seen; only the new messages are unseen.
        assert_eq!(imap.search("UNSEEN").len(), 6, "{}", backend.name);
        let token = backend.seed();
        let first = backend.run(&["import", "imap", &url, "--password-file", password]);
        assert!(
            first.contains("5 enquiries opened, 1 replies added, 0 already taken in, 1 flagged as unreadable"),
            "{}: {first}",
            backend.name
        );
        assert_eq!(imap.search("UNSEEN"), Vec::<u32>::new(), "{}: every stored message is seen", backend.name);
        assert_eq!(imap.search("SEEN").len(), existing + 6);

        let again = backend.run(&["import", "imap", &url, "--password-file", password]);
        assert!(again.contains("0 enquiries opened, 0 replies added, 0 already taken in, 0 flagged"), "{again}");
        // A message whose \Seen flag was lost (another client, a crash before STORE) is
        // recognised by its Message-ID and not taken in twice.
        let outlook_uid = imap.search("HEADER Message-ID DB9PR01MB1234ABCD")[0];
        imap.command(&format!("UID STORE {outlook_uid} -FLAGS.SILENT (\\Seen)"));
        let lost_flag = backend.run(&["import", "imap", &url, "--password-file", password]);
        assert!(lost_flag.contains("0 enquiries opened, 0 replies added, 1 already taken in"), "{lost_flag}");
        assert!(imap.search("UNSEEN").is_empty());

        let server = Server::start(&backend.url);
        let thunderbird = enquiry(&server.base, &token, "Invited to a disciplinary hearing on Friday");
        let messages = thunderbird["messages"].as_array().unwrap();
        assert_eq!(messages.len(), 2, "the Gmail reply joined the Thunderbird enquiry: {thunderbird}");
        assert!(messages[0]["body"].as_str().unwrap().contains("Can a rep"), "{thunderbird}");
        assert!(messages[1]["body"].as_str().unwrap().contains("10\u{202f}00 \u{2013} thank you"), "{thunderbird}");
        let outlook = enquiry(&server.base, &token, "Pay deduction query");
        assert!(
            outlook["messages"][0]["body"]
                .as_str()
                .unwrap()
                .contains("took \u{a3}42.50 from my pay without telling me \u{2013}"),
            "{outlook}"
        );
        let apple = enquiry(&server.base, &token, "Grievance letter attached");
        assert_eq!(apple["messages"][0]["attachments"], serde_json::json!(["grievance.pdf"]), "{apple}");
        let html = enquiry(&server.base, &token, "Sick pay caf\u{e9} shift");
        let body = html["messages"][0]["body"].as_str().unwrap();
        assert!(body.contains("I work in the caf\u{e9} and was refused sick pay.") && !body.contains("<p>"), "{body}");
        let all = enquiries(&server.base, &token);
        let flagged: Vec<_> = all.iter().filter(|e| !e["flagged"].is_null()).collect();
        assert_eq!(flagged.len(), 1, "the hostile message is kept and flagged: {all:?}");
        println!(
            "imap import ({}): 6 messages from 5 client styles taken in once, hostile one kept and flagged",
            backend.name
        );
    }
}

#[test]
fn serve_takes_new_imap_mail_in_within_seconds() {
    let Some(mut dovecot) = Dovecot::start() else { return };
    let password = dovecot.password_file();
    let backend = Backend::sqlite();
    let token = backend.seed();
    let mut imap = dovecot.session();
    imap.append(gmail_style(1).as_bytes());
    // Settings from the config file, as a deployment keeps them. A poll interval of ten
    // minutes: only IDLE can bring the second message in quickly.
    let config = backend.path("steward.toml");
    std::fs::write(
        &config,
        format!(
            "imap_url = \"{}\"\nimap_password_file = \"{}\"\nimap_poll_seconds = 600\n",
            dovecot.url(),
            password.display()
        ),
    )
    .unwrap();
    let server = Server::start_with(&backend.url, &["--config", config.to_str().unwrap()]);
    let arrived = |subject: &str, within: Duration| {
        let deadline = Instant::now() + within;
        loop {
            if enquiries(&server.base, &token).iter().any(|e| e["subject"] == subject) {
                return true;
            }
            if Instant::now() > deadline {
                return false;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    };
    assert!(arrived("Arrived while serving 1", Duration::from_secs(30)), "mail waiting at start-up is taken in");
    let started = Instant::now();
    imap.append(gmail_style(2).as_bytes());
    assert!(
        arrived("Arrived while serving 2", Duration::from_secs(15)),
        "new mail arrives through IDLE, not the 600 s poll; dovecot's log:\n{}",
        dovecot.log()
    );
    println!("imap serve: new mail taken in {} ms after it was appended (IDLE)", started.elapsed().as_millis());
    let deadline = Instant::now() + Duration::from_secs(10);
    while !imap.search("UNSEEN").is_empty() {
        assert!(Instant::now() < deadline, "both messages are marked seen");
        std::thread::sleep(Duration::from_millis(100));
    }

    // The mail server goes away and comes back: the server keeps serving and reconnects.
    drop(imap);
    dovecot.stop();
    assert_eq!(agent().get(&format!("{}/healthz", server.base)).call().unwrap().status(), 200);
    dovecot.restart();
    dovecot.session().append(gmail_style(3).as_bytes());
    assert!(
        arrived("Arrived while serving 3", Duration::from_secs(30)),
        "intake reconnects after the IMAP server restarts; dovecot's log:\n{}",
        dovecot.log()
    );
    drop(server);
}

#[test]
fn serve_keeps_running_when_the_mailbox_cannot_be_reached() {
    let backend = Backend::sqlite();
    let password = backend.path("imap-password");
    std::fs::write(&password, "wrong\n").unwrap();
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let server = Server::start_with(
        &backend.url,
        &[
            "--imap-url",
            &format!("imap://steward@127.0.0.1:{closed}/INBOX"),
            "--imap-password-file",
            password.to_str().unwrap(),
        ],
    );
    assert_eq!(agent().get(&format!("{}/healthz", server.base)).call().unwrap().status(), 200);
}

#[test]
fn bad_imap_settings_are_refused_with_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let database = format!("sqlite://{}", dir.path().join("steward.db").display());
    let password = dir.path().join("password");
    std::fs::write(&password, "secret\n").unwrap();
    let password = password.to_str().unwrap();
    let cases: [(&[&str], i32, &str); 7] = [
        (&["import", "imap", "pop3://u@127.0.0.1/INBOX", "--password-file", password], 2, "not an IMAP scheme"),
        (&["import", "imap", "imaps://u:secret@127.0.0.1/INBOX"], 2, "must not hold the password"),
        (&["import", "imap", "imaps://u@127.0.0.1/INBOX", "--password-file", "/no/such/file"], 2, "cannot read"),
        (&["serve", "--imap-url", "imap://u@127.0.0.1:1/INBOX"], 2, "--imap-password-file"),
        (
            &[
                "serve",
                "--imap-url",
                "imap://u@127.0.0.1:1/",
                "--imap-password-file",
                password,
                "--imap-poll-seconds",
                "0",
            ],
            2,
            "between 1 and 86400",
        ),
        (&["serve", "--imap-poll-seconds", "5"], 2, "without --imap-url"),
        (&["import", "imap", "imap://u@127.0.0.1:1/INBOX", "--password-file", password], 1, "cannot connect"),
    ];
    let config = dir.path().join("steward.toml");
    std::fs::write(&config, "imap_url = \"imap://u@127.0.0.1:1/\"\nimap_poll_seconds = 0\n").unwrap();
    let config = config.to_str().unwrap();
    let from_file = ["serve", "--imap-password-file", password, "--config", config];
    let mut cases = cases.to_vec();
    cases.push((&from_file, 2, "between 1 and 86400"));
    for (args, code, reason) in cases {
        let mut all = args.to_vec();
        all.extend(["--database", &database]);
        let output = steward_with(&all, None);
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(stderr.contains(reason), "{args:?}: {stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{args:?}: one line: {stderr}");
        assert!(!stderr.contains("secret"), "the password never shows: {stderr}");
    }
}

#[test]
fn imaps_connections_trust_only_known_certificate_authorities() {
    let Some(dovecot) = Dovecot::start() else { return };
    let password = dovecot.password_file();
    let backend = Backend::sqlite();
    backend.run(&["migrate"]);
    dovecot.session().append(gmail_style(9).as_bytes());
    let url = format!("imaps://{USER}@localhost:{}/INBOX", dovecot.tls_port);
    let import = |trusted: Option<&Path>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_steward"));
        command.args([
            "import",
            "imap",
            &url,
            "--password-file",
            password.to_str().unwrap(),
            "--database",
            &backend.url,
        ]);
        command.env_remove("SSL_CERT_FILE").env_remove("SSL_CERT_DIR").env_remove("STEWARD_DATA_DIR");
        if let Some(file) = trusted {
            command.env("SSL_CERT_FILE", file);
        }
        command.output().unwrap()
    };
    let untrusted = import(None);
    assert_eq!(untrusted.status.code(), Some(1), "{}", text(&untrusted.stderr));
    assert!(text(&untrusted.stderr).contains("invalid peer certificate"), "{}", text(&untrusted.stderr));
    let trusted = import(Some(&dovecot.dir.path().join("cert.pem")));
    assert!(trusted.status.success(), "{}", text(&trusted.stderr));
    assert!(text(&trusted.stdout).contains("1 enquiries opened"), "{}", text(&trusted.stdout));
}
