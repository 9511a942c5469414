//! Queued mail sent to an SMTP server that insists on TLS and a sign-in, as a provider does:
//! Python's aiosmtpd (`smtp_tls_server.py`) with a certificate this test makes with openssl
//! and trusts only through SSL_CERT_FILE. `smtps://` is tried on localhost; `smtp://` with
//! STARTTLS on this machine's own network address, because to a loopback address `smtp://`
//! stays plain by design (a local relay's self-signed certificate must not stop mail). A wrong
//! password must leave the mail queued with the server's refusal recorded.
//! Needs STEWARD_TEST_SMTP_PYTHON (a Python with aiosmtpd; .ci/run provides one) and openssl.

use std::ffi::OsStr;
use std::io::{BufRead, BufReader};
use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};

use crate::commands::text;
use crate::server::{Backend, Server};

const USER: &str = "steward@union.example";
const PASSWORD: &str = "smtp-test-password";

/// What the server printed: sign-in attempts and messages, with the TLS version of each.
type Events = Arc<Mutex<Vec<serde_json::Value>>>;

struct TlsSmtpServer {
    child: Child,
    port: u16,
    events: Events,
}

impl TlsSmtpServer {
    fn start(python: &str, mode: &str, host: IpAddr, certificate: &Certificate) -> Self {
        let port = std::net::TcpListener::bind((host, 0)).unwrap().local_addr().unwrap().port();
        let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cli/smtp_tls_server.py");
        let mut child = Command::new(python)
            .arg("-u")
            .arg(script)
            .args([mode, &host.to_string(), &port.to_string()])
            .arg(&certificate.cert)
            .arg(&certificate.key)
            .args([USER, PASSWORD])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let events: Events = Arc::default();
        let sink = events.clone();
        let (ready, started) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let event: serde_json::Value = serde_json::from_str(&line).unwrap();
                if event["event"] == "ready" {
                    let _ = ready.send(());
                } else {
                    sink.lock().unwrap().push(event);
                }
            }
        });
        started.recv_timeout(Duration::from_secs(30)).expect("aiosmtpd did not start");
        Self { child, port, events }
    }

    fn events(&self, kind: &str) -> Vec<serde_json::Value> {
        self.events.lock().unwrap().iter().filter(|event| event["event"] == kind).cloned().collect()
    }
}

impl Drop for TlsSmtpServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A self-signed certificate for localhost, 127.0.0.1 and `also` (this machine's own address).
struct Certificate {
    dir: tempfile::TempDir,
    cert: PathBuf,
    key: PathBuf,
}

impl Certificate {
    fn make(also: Option<IpAddr>) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
        let mut names = "subjectAltName=DNS:localhost,IP:127.0.0.1".to_owned();
        if let Some(ip) = also {
            names.push_str(&format!(",IP:{ip}"));
        }
        let made = Command::new("openssl")
            .args(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost"])
            .args(["-addext", &names, "-addext", "basicConstraints=critical,CA:FALSE"])
            .args(["-addext", "extendedKeyUsage=serverAuth", "-keyout"])
            .arg(&key)
            .arg("-out")
            .arg(&cert)
            .output()
            .unwrap();
        assert!(made.status.success(), "openssl: {}", text(&made.stderr));
        Self { dir, cert, key }
    }

    fn password_file(&self, password: &str) -> PathBuf {
        let path = self.dir.path().join(format!("smtp-password-{password}"));
        std::fs::write(&path, format!("{password}\n")).unwrap();
        path
    }
}

/// Each outbox row as (sent, last error), read straight from the SQLite file.
fn outbox(url: &str) -> Vec<(bool, Option<String>)> {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let pool = sqlx::SqlitePool::connect(url).await.unwrap();
        let rows: Vec<(Option<String>, Option<String>)> =
            sqlx::query_as("SELECT sent_at, last_error FROM outbox ORDER BY id").fetch_all(&pool).await.unwrap();
        pool.close().await;
        rows.into_iter().map(|(sent, error)| (sent.is_some(), error)).collect()
    })
}

fn wait_for(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(Instant::now() < deadline, "gave up waiting: {what}");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// `steward serve` sending to `url`, trusting only `certificate`.
fn serve(backend: &Backend, url: &str, password_file: &Path, certificate: &Certificate) -> Server {
    let password_file = password_file.to_str().unwrap();
    Server::start_with_env(
        &backend.url,
        &["--smtp-url", url, "--smtp-password-file", password_file, "--mail-address", "enquiries@union.example"],
        &[("SSL_CERT_FILE", certificate.cert.as_os_str()), ("SSL_CERT_DIR", OsStr::new(""))],
    )
}

/// A demo union's acknowledgements all go out, each signed in and over TLS.
fn delivers_everything(server: &TlsSmtpServer, url: &str, certificate: &Certificate) {
    let backend = Backend::sqlite();
    backend.seed();
    let queued = outbox(&backend.url).len();
    assert!(queued > 0, "the demo queues acknowledgements");
    let _steward = serve(&backend, url, &certificate.password_file(PASSWORD), certificate);
    wait_for("every acknowledgement sent", || outbox(&backend.url).iter().all(|(sent, _)| *sent));
    let messages = server.events("message");
    println!("{url}: {queued} queued, {} received", messages.len());
    assert_eq!(messages.len(), queued, "{url}: {messages:?}");
    for message in &messages {
        assert!(message["tls"].as_str().is_some_and(|v| v.starts_with("TLSv1.")), "{url}: {message}");
        assert_eq!(message["authenticated"], true, "{url}");
        assert!(message["content"].as_str().unwrap().contains("Auto-Submitted: auto-replied"), "{url}");
    }
    let signs_in = server.events("auth");
    assert!(!signs_in.is_empty());
    assert!(signs_in.iter().all(|a| a["ok"] == true && a["tls"].is_string()), "{url}: {signs_in:?}");
}

/// The address other machines would reach this one on, if it has one: the source address of a
/// route to a documentation-only network (connecting a UDP socket sends nothing).
fn own_network_address() -> Option<IpAddr> {
    ["203.0.113.1:9", "198.51.100.1:9", "192.0.2.1:9"].iter().find_map(|target| {
        let socket = std::net::UdpSocket::bind("0.0.0.0:0").ok()?;
        socket.connect(target).ok()?;
        let ip = socket.local_addr().ok()?.ip();
        (!ip.is_loopback() && !ip.is_unspecified()).then_some(ip)
    })
}

#[test]
fn mail_goes_out_over_tls_with_a_sign_in_and_a_refused_password_keeps_it_queued() {
    let Some(python) = std::env::var("STEWARD_TEST_SMTP_PYTHON").ok().filter(|p| !p.is_empty()) else {
        eprintln!("STEWARD_TEST_SMTP_PYTHON is not set (a Python with aiosmtpd): SMTP TLS test skipped");
        return;
    };
    let network = own_network_address();
    let certificate = Certificate::make(network);
    let localhost: IpAddr = "127.0.0.1".parse().unwrap();

    // Implicit TLS (port 465 style) to localhost.
    let smtps = TlsSmtpServer::start(&python, "smtps", localhost, &certificate);
    let smtps_url = format!("smtps://{}@localhost:{}", USER.replace('@', "%40"), smtps.port);
    delivers_everything(&smtps, &smtps_url, &certificate);

    // A wrong password: refused, nothing delivered, every message still queued with the reason.
    let before = smtps.events("message").len();
    let backend = Backend::sqlite();
    backend.seed();
    let steward = serve(&backend, &smtps_url, &certificate.password_file("wrong-password"), &certificate);
    wait_for("the refusal recorded", || outbox(&backend.url).iter().any(|(_, error)| error.is_some()));
    drop(steward);
    let rows = outbox(&backend.url);
    assert!(rows.iter().all(|(sent, _)| !sent), "{rows:?}");
    let error = rows.iter().find_map(|(_, error)| error.clone()).unwrap();
    assert!(error.contains("535"), "the server's refusal is recorded: {error}");
    assert!(!error.contains("wrong-password"), "{error}");
    assert_eq!(smtps.events("message").len(), before, "nothing is delivered");
    assert!(smtps.events("auth").iter().any(|a| a["ok"] == false && a["tls"].is_string()));

    // STARTTLS, required by the server and by Steward, on this machine's own network address.
    match network {
        Some(ip) => {
            let starttls = TlsSmtpServer::start(&python, "starttls", ip, &certificate);
            let host = if ip.is_ipv6() { format!("[{ip}]") } else { ip.to_string() };
            let url = format!("smtp://{}@{host}:{}", USER.replace('@', "%40"), starttls.port);
            delivers_everything(&starttls, &url, &certificate);
        }
        None => eprintln!("this machine has no network address besides loopback: STARTTLS part skipped"),
    }
}
