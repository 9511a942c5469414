//! Mail taken in from a real IMAP server: Debian's dovecot, started privately on a free
//! loopback port with its own config, users and maildir in a temporary directory. Messages in
//! the shapes real mail clients send are appended over IMAP; `steward import imap` and
//! `steward serve --imap-url` must open enquiries from them, mark them seen, never take one in
//! twice, and (serve) take a new message in within seconds through IDLE.
//! Skips only when dovecot is not installed and STEWARD_TEST_REQUIRE_DOVECOT is unset (.ci/run
//! sets it, so CI cannot skip silently).

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::commands::{steward_with, text};
use crate::server::{agent, Backend, Server};

const USER: &str = "steward";
const PASSWORD: &str = "imap-test-password";

struct Dovecot {
    child: Child,
    port: u16,
    tls_port: u16,
    dir: tempfile::TempDir,
    binary: PathBuf,
}

impl Dovecot {
    /// A private dovecot, or `None` (with the reason printed) when it is not installed and the
    /// environment does not require it.
    fn start() -> Option<Self> {
        let found = dovecot_binary().filter(|_| Command::new("openssl").arg("version").output().is_ok());
        let Some(binary) = found else {
            assert!(
                std::env::var_os("STEWARD_TEST_REQUIRE_DOVECOT").is_none(),
                "STEWARD_TEST_REQUIRE_DOVECOT is set but dovecot or openssl is not installed (apt-get install dovecot-imapd openssl)"
            );
            eprintln!("dovecot or openssl is not installed (Debian: dovecot-imapd, openssl): IMAP intake test skipped");
            return None;
        };
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        // Dovecot drops privileges when started as root: its own users must reach these files.
        let as_root = command_output("id", &["-u"]) == "0";
        let (internal_user, login_user, mail_user) = if as_root {
            ("dovecot".to_owned(), "dovenull".to_owned(), "dovecot".to_owned())
        } else {
            let me = command_output("id", &["-un"]);
            (me.clone(), me.clone(), me)
        };
        let mail_uid = command_output("id", &["-u", &mail_user]);
        let mail_gid = command_output("id", &["-g", &mail_user]);
        set_mode(root, 0o755);
        let mail = root.join("mail");
        std::fs::create_dir(&mail).unwrap();
        if as_root {
            std::os::unix::fs::chown(&mail, mail_uid.parse().ok(), mail_gid.parse().ok()).unwrap();
        }
        let passwd = root.join("passwd");
        std::fs::write(&passwd, format!("{USER}:{{PLAIN}}{PASSWORD}\n")).unwrap();
        set_mode(&passwd, 0o644);
        // A certificate for "localhost" that only this test trusts (SSL_CERT_FILE), for imaps://.
        let made = Command::new("openssl")
            .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"])
            .args(["-addext", "subjectAltName=DNS:localhost", "-addext", "basicConstraints=critical,CA:FALSE"])
            .args(["-addext", "extendedKeyUsage=serverAuth", "-keyout"])
            .arg(root.join("key.pem"))
            .arg("-out")
            .arg(root.join("cert.pem"))
            .output()
            .unwrap();
        assert!(made.status.success(), "openssl: {}", text(&made.stderr));
        let free_port = || std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let (port, tls_port) = (free_port(), free_port());
        let root_text = root.display();
        let config = format!(
            r#"protocols = imap
listen = 127.0.0.1
base_dir = {root_text}/run
state_dir = {root_text}/state
log_path = {root_text}/dovecot.log
ssl = yes
ssl_cert = <{root_text}/cert.pem
ssl_key = <{root_text}/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = {internal_user}
default_login_user = {login_user}
first_valid_uid = 1
mail_location = maildir:{root_text}/mail/%u
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {passwd}
}}
userdb {{
  driver = static
  args = uid={mail_uid} gid={mail_gid} home={root_text}/mail/%u
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
"#,
            passwd = passwd.display()
        );
        std::fs::write(root.join("dovecot.conf"), config).unwrap();
        let child = Self::spawn(&binary, root);
        let dovecot = Self { child, port, tls_port, dir, binary };
        dovecot.wait_until_listening();
        Some(dovecot)
    }

    fn spawn(binary: &Path, root: &Path) -> Child {
        Command::new(binary)
            .args(["-F", "-c"])
            .arg(root.join("dovecot.conf"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap()
    }

    fn wait_until_listening(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        let listening = |port| TcpStream::connect(("127.0.0.1", port)).is_ok();
        while !listening(self.port) || !listening(self.tls_port) {
            assert!(Instant::now() < deadline, "dovecot did not start; its log:\n{}", self.log());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stops dovecot as an administrator would (SIGTERM: it closes every connection).
    fn stop(&mut self) {
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }

    /// Starts it again on the same port with the same mail, after `stop`.
    fn restart(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            self.child = Self::spawn(&self.binary, self.dir.path());
            std::thread::sleep(Duration::from_millis(300));
            // A fresh master exits at once while the old one's port is still being released.
            if self.child.try_wait().unwrap().is_none() || Instant::now() > deadline {
                break;
            }
        }
        self.wait_until_listening();
    }

    fn url(&self) -> String {
        format!("imap://{USER}@127.0.0.1:{}/INBOX", self.port)
    }

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }

    /// A file holding the password, as an administrator would keep it.
    fn password_file(&self) -> PathBuf {
        let path = self.dir.path().join("imap-password");
        std::fs::write(&path, format!("{PASSWORD}\n")).unwrap();
        path
    }

    fn session(&self) -> ImapSession {
        ImapSession::login(self.port)
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        self.stop();
    }
}

/// Just enough IMAP, by hand, to put mail in and look at flags: independent of the client
/// under test.
struct ImapSession {
    reader: BufReader<TcpStream>,
    writer: TcpStream,
    tag: u32,
}

impl ImapSession {
    fn login(port: u16) -> Self {
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        stream.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
        let mut session = Self { reader: BufReader::new(stream.try_clone().unwrap()), writer: stream, tag: 0 };
        let greeting = session.line();
        assert!(greeting.starts_with("* OK"), "{greeting}");
        session.command(&format!("LOGIN {USER} \"{PASSWORD}\""));
        session.command("SELECT INBOX");
        session
    }

    fn line(&mut self) -> String {
        let mut line = String::new();
        self.reader.read_line(&mut line).unwrap();
        line
    }

    /// Sends a command and returns its untagged lines; panics unless it ends OK.
    fn command(&mut self, command: &str) -> Vec<String> {
        self.tag += 1;
        let tag = format!("t{}", self.tag);
        self.writer.write_all(format!("{tag} {command}\r\n").as_bytes()).unwrap();
        self.finish(&tag)
    }

    fn finish(&mut self, tag: &str) -> Vec<String> {
        let mut lines = Vec::new();
        loop {
            let line = self.line();
            if let Some(rest) = line.strip_prefix(&format!("{tag} ")) {
                assert!(rest.starts_with("OK"), "{tag}: {rest}");
                return lines;
            }
            lines.push(line);
        }
    }

    fn append(&mut self, raw: &[u8]) {
        self.tag += 1;
        let tag = format!("t{}", self.tag);
        self.writer.write_all(format!("{tag} APPEND INBOX {{{}}}\r\n", raw.len()).as_bytes()).unwrap();
        let go_ahead = self.line();
        assert!(go_ahead.starts_with('+'), "{go_ahead}");
        self.writer.write_all(raw).unwrap();
        self.writer.write_all(b"\r\n").unwrap();
        self.finish(&tag);
    }

    /// UIDs matching a SEARCH key (SEEN, UNSEEN, ALL).
    fn search(&mut self, key: &str) -> Vec<u32> {
        self.command("NOOP"); // lets the server show this session what other sessions changed
        let lines = self.command(&format!("UID SEARCH {key}"));
        lines
            .iter()
            .filter_map(|line| line.strip_prefix("* SEARCH"))
            .flat_map(|uids| uids.split_whitespace().map(|uid| uid.parse::<u32>().unwrap()).collect::<Vec<_>>())
            .collect()
    }
}

fn dovecot_binary() -> Option<PathBuf> {
    let candidates = [PathBuf::from("/usr/sbin/dovecot"), PathBuf::from("/usr/local/sbin/dovecot")];
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).map(|dir| dir.join("dovecot")).collect::<Vec<_>>())
        .unwrap_or_default();
    candidates.into_iter().chain(on_path).find(|path| path.is_file())
}

fn command_output(program: &str, args: &[&str]) -> String {
    let output = Command::new(program).args(args).output().unwrap();
    text(&output.stdout).trim().to_owned()
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// The enquiries the API lists, as (subject, flagged) pairs, and their ids.
fn enquiries(base: &str, token: &str) -> Vec<serde_json::Value> {
    let mut response = agent()
        .get(&format!("{base}/api/v1/enquiries"))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .unwrap();
    assert_eq!(response.status(), 200);
    response.body_mut().read_json().unwrap()
}

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

// Messages as real clients write them (headers and structure kept, addresses fictional).

const THUNDERBIRD: &str = "Message-ID: <5b1e0c7a-0d3f-4c62-9a55-1f0e2c3d4e5f@example.org>\r\nDate: Tue, 24 Nov 2026 09:12:44 +0000\r\nMIME-Version: 1.0\r\nUser-Agent: Mozilla Thunderbird\r\nContent-Language: en-GB\r\nTo: enquiries@union.example\r\nFrom: Alice Thunder <alice@example.org>\r\nSubject: Invited to a disciplinary hearing on Friday\r\nContent-Type: multipart/alternative;\r\n boundary=\"------------tb0123456789\"\r\n\r\nThis is a multi-part message in MIME format.\r\n--------------tb0123456789\r\nContent-Type: text/plain; charset=UTF-8; format=flowed\r\nContent-Transfer-Encoding: 7bit\r\n\r\nHello, I have been invited to a disciplinary meeting on Friday. Can a rep \r\ncome with me?\r\n\r\n--------------tb0123456789\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: 7bit\r\n\r\n<html><body><p>Hello, I have been invited to a disciplinary meeting on Friday. Can a rep come with me?</p></body></html>\r\n--------------tb0123456789--\r\n";

const OUTLOOK: &[u8] = b"From: \"Brown, Bob\" <bob.brown@example.org>\r\nTo: \"enquiries@union.example\" <enquiries@union.example>\r\nSubject: Pay deduction query\r\nThread-Topic: Pay deduction query\r\nThread-Index: AdsbYWFhYmJiY2NjZGRkZWVlZmZm\r\nDate: Tue, 24 Nov 2026 10:01:02 +0000\r\nMessage-ID: <DB9PR01MB1234ABCD@DB9PR01MB1234.eurprd01.prod.example.org>\r\nAccept-Language: en-GB, en-US\r\nContent-Language: en-GB\r\nX-MS-Has-Attach:\r\nX-Mailer: Microsoft Outlook 16.0\r\nContent-Type: multipart/alternative;\r\n\tboundary=\"_000_DB9PR01MB1234_\"\r\nMIME-Version: 1.0\r\n\r\n--_000_DB9PR01MB1234_\r\nContent-Type: text/plain; charset=\"windows-1252\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nMy employer took =A342.50 from my pay without telling me =96 is that allowed?\r\n\r\n--_000_DB9PR01MB1234_\r\nContent-Type: text/html; charset=\"windows-1252\"\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n<html><head><meta http-equiv=3D\"Content-Type\" content=3D\"text/html; charset=3Dwindows-1252\"></head><body><p class=3D\"MsoNormal\">My employer took =A342.50 from my pay without telling me =96 is that allowed?</p></body></html>\r\n\r\n--_000_DB9PR01MB1234_--\r\n";

const APPLE_MAIL: &str = "From: Carol Apple <carol@example.org>\r\nContent-Type: multipart/mixed;\r\n\tboundary=\"Apple-Mail=_0A1B2C3D-4E5F\"\r\nMime-Version: 1.0 (Mac OS X Mail 16.0 \\(3774.600.62\\))\r\nSubject: Grievance letter attached\r\nMessage-Id: <0A1B2C3D-4E5F-6789-ABCD-EF0123456789@example.org>\r\nDate: Tue, 24 Nov 2026 11:30:00 +0000\r\nTo: enquiries@union.example\r\nX-Mailer: Apple Mail (2.3774.600.62)\r\n\r\n\r\n--Apple-Mail=_0A1B2C3D-4E5F\r\nContent-Transfer-Encoding: 7bit\r\nContent-Type: text/plain;\r\n\tcharset=us-ascii\r\n\r\nPlease see my grievance letter attached.\r\n\r\n--Apple-Mail=_0A1B2C3D-4E5F\r\nContent-Disposition: attachment;\r\n\tfilename=grievance.pdf\r\nContent-Type: application/pdf;\r\n\tx-unix-mode=0644;\r\n\tname=\"grievance.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQKJcOkw7zDtsOfCjEgMCBvYmoKPDwvVHlwZS9DYXRhbG9nPj4KZW5kb2JqCnRyYWlsZXIKPDwvUm9vdCAxIDAgUj4+CiUlRU9GCg==\r\n--Apple-Mail=_0A1B2C3D-4E5F--\r\n";

const GMAIL_REPLY: &str = "MIME-Version: 1.0\r\nReferences: <5b1e0c7a-0d3f-4c62-9a55-1f0e2c3d4e5f@example.org>\r\nIn-Reply-To: <5b1e0c7a-0d3f-4c62-9a55-1f0e2c3d4e5f@example.org>\r\nFrom: Alice Thunder <alice@example.org>\r\nDate: Tue, 24 Nov 2026 12:00:00 +0000\r\nMessage-ID: <CAF=abc123def456ghi789@mail.gmail.example>\r\nSubject: Re: Invited to a disciplinary hearing on Friday\r\nTo: enquiries@union.example\r\nContent-Type: multipart/alternative; boundary=\"000000000000a1b2c3d4e5f6\"\r\n\r\n--000000000000a1b2c3d4e5f6\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\nVGhlIG1lZXRpbmcgaXMgYXQgMTDigK8wMCDigJMgdGhhbmsgeW91IQ==\r\n--000000000000a1b2c3d4e5f6\r\nContent-Type: text/html; charset=\"UTF-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\nPGRpdiBkaXI9Imx0ciI+VGhlIG1lZXRpbmcgaXMgYXQgMTA6MDAgLSB0aGFuayB5b3UhPC9kaXY+\r\n--000000000000a1b2c3d4e5f6--\r\n";

const HTML_ONLY_LATIN1: &[u8] = b"From: =?iso-8859-1?Q?Dani=E8le_Phone?= <daniele@example.org>\r\nTo: enquiries@union.example\r\nSubject: =?iso-8859-1?Q?Sick_pay_caf=E9_shift?=\r\nDate: Tue, 24 Nov 2026 13:00:00 +0000\r\nMessage-ID: <html-only-1@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\n<html><body><p>I work in the caf\xe9 and was refused sick pay.</p><p>Thanks,<br>Dani\xe8le</p></body></html>\r\n";

const HOSTILE: &[u8] = b"\x00\xff\xfe not a message at all \x00\r\n\r\n\xc3\x28";

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
        for raw in
            [THUNDERBIRD.as_bytes(), OUTLOOK, APPLE_MAIL.as_bytes(), GMAIL_REPLY.as_bytes(), HTML_ONLY_LATIN1, HOSTILE]
        {
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
    // A poll interval of ten minutes: only IDLE can bring the second message in quickly.
    let server = Server::start_with(
        &backend.url,
        &[
            "--imap-url",
            &dovecot.url(),
            "--imap-password-file",
            password.to_str().unwrap(),
            "--imap-poll-seconds",
            "600",
        ],
    );
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
