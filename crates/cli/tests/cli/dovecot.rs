//! A private dovecot for the IMAP tests: Debian's binary, its own config, users, maildir and
//! certificate in a temporary directory, on free loopback ports (imap plain, imaps with a
//! certificate for "localhost"); and just enough IMAP, written by hand, to put mail in and
//! look at flags, independent of the client under test.

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::commands::text;

pub const USER: &str = "steward";
pub const PASSWORD: &str = "imap-test-password";

pub struct Dovecot {
    child: Child,
    pub port: u16,
    pub tls_port: u16,
    pub dir: tempfile::TempDir,
    binary: PathBuf,
}

impl Dovecot {
    /// A private dovecot, or `None` (with the reason printed) when it is not installed and the
    /// environment does not require it.
    pub fn start() -> Option<Self> {
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
  chroot =
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {tls_port}
  }}
}}
# Without root, chroot is not allowed; in a test it adds nothing.
service anvil {{
  chroot =
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
    pub fn stop(&mut self) {
        let _ = Command::new("kill").arg(self.child.id().to_string()).status();
        let _ = self.child.wait();
    }

    /// Starts it again on the same port with the same mail, after `stop`.
    pub fn restart(&mut self) {
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

    pub fn url(&self) -> String {
        format!("imap://{USER}@127.0.0.1:{}/INBOX", self.port)
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }

    /// A file holding the password, as an administrator would keep it.
    pub fn password_file(&self) -> PathBuf {
        let path = self.dir.path().join("imap-password");
        std::fs::write(&path, format!("{PASSWORD}\n")).unwrap();
        path
    }

    pub fn session(&self) -> ImapSession {
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
pub struct ImapSession {
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
    pub fn command(&mut self, command: &str) -> Vec<String> {
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

    pub fn append(&mut self, raw: &[u8]) {
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
    pub fn search(&mut self, key: &str) -> Vec<u32> {
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
