//! Running `steward serve` as a real process on a real socket, on each backend, and talking
//! to it over HTTP as a client would.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use crate::commands::{steward_with, text};

/// Where a test's data lives: a SQLite file in a temporary directory, or a fresh PostgreSQL
/// database on the server named by STEWARD_TEST_POSTGRES_URL.
pub struct Backend {
    pub name: &'static str,
    pub url: String,
    pub dir: tempfile::TempDir,
}

impl Backend {
    pub fn sqlite() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("steward.db").display());
        Self { name: "sqlite", url, dir }
    }

    pub fn postgres() -> Option<Self> {
        let server = std::env::var("STEWARD_TEST_POSTGRES_URL").ok().filter(|url| !url.is_empty())?;
        let name = format!("steward_cli_{}", rand::random::<u32>());
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let url = runtime.block_on(steward_test_support::create_postgres_database(&server, &name));
        Some(Self { name: "postgres", url, dir: tempfile::tempdir().unwrap() })
    }

    pub fn all() -> Vec<Self> {
        let mut all = vec![Self::sqlite()];
        match Self::postgres() {
            Some(pg) => all.push(pg),
            None => eprintln!("STEWARD_TEST_POSTGRES_URL is not set: PostgreSQL skipped"),
        }
        all
    }

    /// Runs a steward command against this backend; panics with its stderr if it fails.
    pub fn run(&self, args: &[&str]) -> String {
        let mut all: Vec<&str> = args.to_vec();
        all.extend(["--database", &self.url]);
        let output = steward_with(&all, None);
        assert!(output.status.success(), "steward {args:?} failed: {}", text(&output.stderr));
        text(&output.stdout)
    }

    /// A demo union and an administrator's API token.
    pub fn seed(&self) -> String {
        self.run(&["demo", "--members", "3"]);
        self.run(&["token", "create", "--email", "admin@example.org"]).trim().to_owned()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// A running `steward serve`, killed (SIGKILL) when dropped.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    /// Starts the server on a port the OS picks and waits for it to say where it listens.
    pub fn start(database_url: &str) -> Self {
        Self::start_with(database_url, &[])
    }

    /// Starts the server with extra `serve` flags.
    pub fn start_with(database_url: &str, extra: &[&str]) -> Self {
        Self::start_with_env(database_url, extra, &[])
    }

    /// Starts the server with extra `serve` flags and environment variables.
    pub fn start_with_env(database_url: &str, extra: &[&str], env: &[(&str, &std::ffi::OsStr)]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_steward"))
            .args(["serve", "--listen", "127.0.0.1:0", "--database", database_url])
            .args(extra)
            .envs(env.iter().copied())
            .env("STEWARD_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (sender, receiver) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(address) = line.split("listening on ").nth(1) {
                    let _ = sender.send(address.trim().to_owned());
                }
            }
        });
        let base = receiver.recv_timeout(Duration::from_secs(60)).expect("the server did not start within 60 s");
        Self { child, base }
    }

    /// Kills the process at once, as a power cut or OOM killer would.
    pub fn kill(mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .into()
}

/// A member number's fixed test details, so stored rows can be checked field by field.
pub fn member_json(number: &str) -> serde_json::Value {
    serde_json::json!({
        "membership_number": number,
        "first_name": "Durable",
        "last_name": format!("Writer{}", number.replace('-', "")),
        "email": format!("{}@example.org", number.to_lowercase()),
        "workplace_id": 1,
        "joined_on": "2021-02-03",
    })
}

/// POSTs a member; `Some(id)` only when the server acknowledged it (201).
pub fn create_member(agent: &ureq::Agent, base: &str, token: &str, number: &str) -> Option<i64> {
    let mut response = agent
        .post(&format!("{base}/api/v1/members"))
        .header("Authorization", &format!("Bearer {token}"))
        .send_json(member_json(number))
        .ok()?;
    if response.status() != 201 {
        return None;
    }
    let body: serde_json::Value = response.body_mut().read_json().ok()?;
    body["id"].as_i64()
}

/// The stored member with this id, as JSON, if it exists.
pub fn fetch_member(agent: &ureq::Agent, base: &str, token: &str, id: i64) -> Option<serde_json::Value> {
    let mut response = agent
        .get(&format!("{base}/api/v1/members/{id}"))
        .header("Authorization", &format!("Bearer {token}"))
        .call()
        .ok()?;
    if response.status() != 200 {
        return None;
    }
    response.body_mut().read_json().ok()
}
