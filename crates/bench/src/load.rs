//! The load itself: `concurrency` workers, each with its own keep-alive connection, take
//! request numbers from a shared counter until the phase's count is reached, so every phase
//! sends exactly the number of requests asked for (fewer only if it stops on errors or at its
//! time limit).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use hyper::StatusCode;

use crate::conn::{describe_status, get, Connection, Credentials};
use crate::target::Target;

#[derive(Clone)]
pub struct Load {
    pub target: Arc<Target>,
    pub credentials: Arc<Credentials>,
    pub timeout: Duration,
    /// A phase stops once this many requests have failed.
    pub max_errors: u64,
    /// A phase sends no new request after this long.
    pub max_phase: Duration,
}

/// What one phase (warm-up or measurement of one path) saw.
#[derive(Default)]
pub struct Phase {
    /// Latency of every request answered 200, in microseconds, sorted.
    pub latencies_us: Vec<u64>,
    pub errors: u64,
    /// Failures by description ("status 500", "no answer within 30 s" ...).
    pub error_kinds: BTreeMap<String, u64>,
    pub elapsed: Duration,
    pub stopped_early: bool,
}

impl Phase {
    pub fn sent(&self) -> u64 {
        self.latencies_us.len() as u64 + self.errors
    }
}

struct WorkerOutcome {
    connection: Option<Connection>,
    latencies_us: Vec<u64>,
    error_kinds: BTreeMap<String, u64>,
}

impl Load {
    /// Opens one connection per worker.
    pub async fn connect(&self, concurrency: usize) -> Result<Vec<Option<Connection>>, String> {
        let mut connections = Vec::with_capacity(concurrency);
        for _ in 0..concurrency {
            connections.push(Some(Connection::open(&self.target, self.timeout).await?));
        }
        Ok(connections)
    }

    /// One request on the first connection; `Err` explains why the path is not worth measuring.
    pub async fn preflight(&self, connections: &mut [Option<Connection>], path: &str) -> Result<(), String> {
        let slot = connections.first_mut().ok_or_else(|| "no connection".to_owned())?;
        if slot.as_ref().is_none_or(|connection| !connection.is_usable()) {
            *slot = Some(Connection::open(&self.target, self.timeout).await?);
        }
        let Some(connection) = slot.as_mut() else { return Err("no connection".to_owned()) };
        let response = connection.send(get(&self.target, path, &self.credentials)?, self.timeout).await?;
        if response.status == StatusCode::OK {
            return Ok(());
        }
        let signed_out = response.status == StatusCode::UNAUTHORIZED
            || response.headers.get(hyper::header::LOCATION).is_some_and(|to| to.as_bytes().starts_with(b"/login"));
        let hint = match (signed_out, path.starts_with("/api/")) {
            (true, true) => ": pass a valid --token (steward token create --email ...)",
            (true, false) => ": pass --email and --password to sign in",
            (false, _) => "",
        };
        Err(format!("GET {path} answered {}{hint}", describe_status(&response)))
    }

    /// Sends `count` GETs over the given connections and waits for them all: request `i`
    /// asks for `paths[i % paths.len()]` (one path, or a list such as many case pages).
    pub async fn run(&self, connections: &mut [Option<Connection>], paths: &Arc<[String]>, count: u64) -> Phase {
        let next = Arc::new(AtomicU64::new(0));
        let errors = Arc::new(AtomicU64::new(0));
        let path = paths.clone();
        let started = Instant::now();
        let deadline = started + self.max_phase;
        let mut workers = Vec::with_capacity(connections.len());
        for slot in connections.iter_mut() {
            let shared = Shared { path: path.clone(), next: next.clone(), count, errors: errors.clone(), deadline };
            let worker = worker(self.clone(), slot.take(), shared);
            workers.push(tokio::spawn(worker));
        }
        let mut phase = Phase::default();
        for (slot, handle) in connections.iter_mut().zip(workers) {
            match handle.await {
                Ok(outcome) => {
                    *slot = outcome.connection;
                    phase.latencies_us.extend(outcome.latencies_us);
                    for (kind, n) in outcome.error_kinds {
                        phase.errors += n;
                        *phase.error_kinds.entry(kind).or_default() += n;
                    }
                }
                Err(error) => {
                    phase.errors += 1;
                    *phase.error_kinds.entry(format!("worker failed: {error}")).or_default() += 1;
                }
            }
        }
        phase.elapsed = started.elapsed();
        phase.latencies_us.sort_unstable();
        phase.stopped_early = phase.sent() < count;
        phase
    }
}

/// What the workers of one phase share: which request is next, and when to stop.
struct Shared {
    path: Arc<[String]>,
    next: Arc<AtomicU64>,
    count: u64,
    errors: Arc<AtomicU64>,
    deadline: Instant,
}

async fn worker(load: Load, mut connection: Option<Connection>, shared: Shared) -> WorkerOutcome {
    let Shared { path, next, count, errors, deadline } = shared;
    let mut latencies_us = Vec::new();
    let mut error_kinds = BTreeMap::new();
    let mut fail = |kind: String| {
        errors.fetch_add(1, Ordering::Relaxed);
        *error_kinds.entry(kind).or_insert(0u64) += 1;
    };
    while errors.load(Ordering::Relaxed) < load.max_errors && Instant::now() < deadline {
        let number = next.fetch_add(1, Ordering::Relaxed);
        if number >= count || path.is_empty() {
            break;
        }
        let this = &path[usize::try_from(number).unwrap_or(0) % path.len()];
        let request = match get(&load.target, this, &load.credentials) {
            Ok(request) => request,
            Err(error) => {
                fail(error);
                continue;
            }
        };
        if connection.as_ref().is_none_or(|connection| !connection.is_usable()) {
            match Connection::open(&load.target, load.timeout).await {
                Ok(opened) => connection = Some(opened),
                Err(error) => {
                    fail(error);
                    continue;
                }
            }
        }
        let Some(open) = connection.as_mut() else { continue };
        let started = Instant::now();
        match open.send(request, load.timeout).await {
            Ok(response) if response.status == StatusCode::OK => {
                latencies_us.push(u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX));
            }
            Ok(response) => fail(describe_status(&response)),
            Err(error) => {
                fail(error);
                connection = None;
            }
        }
    }
    WorkerOutcome { connection, latencies_us, error_kinds }
}
