//! Queued mail (acknowledgements) goes out through a real SMTP server (Python's aiosmtpd on
//! loopback) exactly once, even with two instances sending from one PostgreSQL database.
//! Needs STEWARD_TEST_SMTP_PYTHON: a Python with aiosmtpd installed (.ci/run provides one).

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::server::{agent, Backend, Server};

struct SmtpSink {
    child: Child,
    port: u16,
    lines: Arc<Mutex<Vec<String>>>,
}

impl SmtpSink {
    fn start() -> Option<Self> {
        let python = std::env::var("STEWARD_TEST_SMTP_PYTHON").ok().filter(|p| !p.is_empty())?;
        let port = std::net::TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
        let mut child = Command::new(python)
            .args([
                "-u",
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Debugging",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .ok()?;
        let stdout = child.stdout.take()?;
        let lines: Arc<Mutex<Vec<String>>> = Arc::default();
        let sink = lines.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        // Wait until it accepts connections.
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "aiosmtpd did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Some(Self { child, port, lines })
    }

    fn subjects(&self) -> Vec<String> {
        self.lines.lock().unwrap().iter().filter_map(|l| l.strip_prefix("Subject: ").map(str::to_owned)).collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn start_sending(url: &str, smtp_port: u16) -> Server {
    Server::start_with(
        url,
        &["--smtp-url", &format!("smtp://127.0.0.1:{smtp_port}"), "--mail-address", "enquiries@union.example"],
    )
}

fn post_mail(base: &str, token: &str, n: usize) {
    let raw = format!(
        "From: writer{n}@example.org\r\nSubject: Question {n}\r\nMessage-ID: <outbox-{n}@example.org>\r\n\r\nHello\r\n"
    );
    let response = agent()
        .post(&format!("{base}/api/v1/enquiries/inbound"))
        .header("Authorization", &format!("Bearer {token}"))
        .header("Content-Type", "message/rfc822")
        .send(raw.as_bytes())
        .unwrap();
    assert_eq!(response.status(), 201);
}

#[test]
fn acknowledgements_are_sent_once_even_by_two_instances() {
    let Some(smtp) = SmtpSink::start() else {
        eprintln!("STEWARD_TEST_SMTP_PYTHON is not set (a Python with aiosmtpd): outbox test skipped");
        return;
    };
    let backends: Vec<Backend> = Backend::all();
    for backend in backends {
        let before = smtp.subjects().len();
        let token = backend.seed(); // the demo's enquiries are acknowledged too
        let instances = if backend.name == "postgres" { 2 } else { 1 };
        let servers: Vec<Server> = (0..instances).map(|_| start_sending(&backend.url, smtp.port)).collect();
        for n in 0..20 {
            post_mail(&servers[n % servers.len()].base, &token, n);
        }
        let expected = 20 + 6;
        let deadline = Instant::now() + Duration::from_secs(60);
        while smtp.subjects().len() - before < expected && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(200));
        }
        std::thread::sleep(Duration::from_secs(2)); // a double send would arrive by now
        let subjects: Vec<String> = smtp.subjects().into_iter().skip(before).collect();
        let mut unique = subjects.clone();
        unique.sort();
        unique.dedup();
        println!(
            "outbox ({}): {} instance(s), {} messages queued, {} sent, {} distinct",
            backend.name,
            instances,
            expected,
            subjects.len(),
            unique.len()
        );
        assert_eq!(subjects.len(), expected, "{}: every acknowledgement is sent", backend.name);
        assert_eq!(unique.len(), subjects.len(), "{}: none is sent twice", backend.name);
        assert!(subjects.iter().all(|s| s.starts_with("[ENQ-")), "{}: {subjects:?}", backend.name);
        assert!(smtp.lines.lock().unwrap().iter().any(|l| l == "Auto-Submitted: auto-replied"), "RFC 3834 marker");
        drop(servers);
    }
}
