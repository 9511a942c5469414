//! `steward-bench`: a bounded HTTP/1.1 load generator for a Steward server on this machine.
//!
//! It signs in through the login form (`--email`/`--password`) and/or uses an API token
//! (`--token`), checks each `--path` answers 200, warms each up, then sends exactly
//! `--requests` GETs per path over `--concurrency` keep-alive connections and reports latency
//! percentiles and requests per second; with `--pid` it also samples the server's resident
//! memory. `--path-list LABEL=FILE` measures many paths (say, a thousand case pages) as one
//! entry, taken in turn. It refuses any URL that is not a loopback address.
//!
//! Exit status: 0 when every measured request was answered 200, 1 when some were not or the
//! server could not be reached, 2 for bad flags.

mod conn;
mod load;
mod login;
mod report;
mod rss;
mod target;

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use clap::Parser;

use crate::conn::Credentials;
use crate::load::Load;
use crate::report::{MemoryReport, PathReport, Report};
use crate::target::Target;

#[derive(Parser)]
#[command(
    name = "steward-bench",
    version,
    about = "Measure a Steward server's page latency and throughput on loopback."
)]
struct Args {
    /// Base URL of the server; must be a loopback address.
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// A path (with query) to measure, e.g. /members or "/members?q=ada". Repeat for several.
    #[arg(long = "path", required_unless_present = "path_lists")]
    paths: Vec<String>,
    /// LABEL=FILE: measure the paths in FILE (one a line, e.g. many case pages) as one entry
    /// called LABEL, requests taking them in turn. Repeat for several.
    #[arg(long = "path-list", value_name = "LABEL=FILE")]
    path_lists: Vec<String>,
    /// Measured requests per path.
    #[arg(long, default_value_t = 2_000, value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    requests: u64,
    /// Concurrent keep-alive connections.
    #[arg(long, default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=1024))]
    concurrency: u16,
    /// Unmeasured requests per path before measuring it.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    warmup: u64,
    /// Sign in through the login form as this user (pages need a session).
    #[arg(long, requires = "password")]
    email: Option<String>,
    /// The password for --email.
    #[arg(long, env = "STEWARD_BENCH_PASSWORD", hide_env_values = true)]
    password: Option<String>,
    /// An API token, sent as `Authorization: Bearer` (the /api/ paths need one).
    #[arg(long, env = "STEWARD_BENCH_TOKEN", hide_env_values = true)]
    token: Option<String>,
    /// The server's process id: sample its resident memory (VmRSS) every 50 ms.
    #[arg(long)]
    pid: Option<u32>,
    /// Seconds to wait for any one answer.
    #[arg(long, default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600))]
    timeout: u64,
    /// Send no new request for a path after this many seconds (a bound for slow pages).
    #[arg(long, default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=86_400))]
    max_seconds: u64,
    /// Stop measuring a path after this many failed requests.
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u64).range(1..))]
    max_errors: u64,
    /// Print JSON instead of the Markdown table.
    #[arg(long)]
    json: bool,
    /// Also write the JSON report to this file.
    #[arg(long, value_name = "PATH")]
    json_file: Option<std::path::PathBuf>,
}

/// One entry of the report: a path, or a labelled list of paths taken in turn.
struct Measured {
    label: String,
    paths: Arc<[String]>,
}

/// How many paths of a `--path-list` are checked before measuring.
const PREFLIGHT_PER_LIST: usize = 50;

struct Config {
    args: Args,
    target: Target,
    paths: Vec<Measured>,
    bearer: Option<hyper::header::HeaderValue>,
}

enum Failure {
    BadInput(String),
    Other(String),
}

fn main() -> ExitCode {
    let args = match Args::try_parse() {
        Ok(args) => args,
        Err(error) => {
            let _ = error.print();
            return ExitCode::from(if error.use_stderr() { 2 } else { 0 });
        }
    };
    match check(args).and_then(run) {
        Ok(report) => {
            if let Some(path) = &report.json_file {
                let written = serde_json::to_string_pretty(&report.report)
                    .map_err(|error| error.to_string())
                    .and_then(|json| std::fs::write(path, json + "\n").map_err(|error| error.to_string()));
                if let Err(error) = written {
                    eprintln!("steward-bench: cannot write {}: {error}", path.display());
                    return ExitCode::FAILURE;
                }
            }
            if report.args_json {
                match serde_json::to_string_pretty(&report.report) {
                    Ok(json) => println!("{json}"),
                    Err(error) => {
                        eprintln!("steward-bench: cannot write JSON: {error}");
                        return ExitCode::FAILURE;
                    }
                }
            } else {
                print!("{}", report.report.to_markdown());
            }
            let errors = report.report.errors();
            if errors > 0 {
                eprintln!("steward-bench: {errors} request(s) were not answered 200");
                return ExitCode::FAILURE;
            }
            ExitCode::SUCCESS
        }
        Err(Failure::BadInput(message)) => {
            eprintln!("steward-bench: {message}");
            ExitCode::from(2)
        }
        Err(Failure::Other(message)) => {
            eprintln!("steward-bench: {message}");
            ExitCode::FAILURE
        }
    }
}

fn check(args: Args) -> Result<Config, Failure> {
    let target = target::parse_base_url(&args.url).map_err(Failure::BadInput)?;
    let mut paths = Vec::new();
    for path in &args.paths {
        let path = target::parse_path(path).map_err(Failure::BadInput)?;
        paths.push(Measured { label: path.clone(), paths: Arc::from(vec![path]) });
    }
    for list in &args.path_lists {
        paths.push(path_list(list).map_err(Failure::BadInput)?);
    }
    if args.email.as_deref().is_some_and(|email| email.trim().is_empty()) {
        return Err(Failure::BadInput("--email is empty".into()));
    }
    let bearer = match args.token.as_deref().map(str::trim) {
        None => None,
        Some("") => return Err(Failure::BadInput("--token is empty".into())),
        Some(token) => Some(login::header_value(&format!("Bearer {token}")).map_err(Failure::BadInput)?),
    };
    if let Some(pid) = args.pid {
        rss::read(pid).map_err(Failure::BadInput)?;
    }
    Ok(Config { args, target, paths, bearer })
}

/// `LABEL=FILE`: the paths in FILE, checked like `--path`.
fn path_list(raw: &str) -> Result<Measured, String> {
    let (label, file) = raw.split_once('=').ok_or_else(|| format!("--path-list \"{raw}\" must be LABEL=FILE"))?;
    if label.trim().is_empty() {
        return Err(format!("--path-list \"{raw}\" has an empty label"));
    }
    let text =
        std::fs::read_to_string(file).map_err(|error| format!("cannot read --path-list file {file}: {error}"))?;
    let paths = text
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .map(target::parse_path)
        .collect::<Result<Vec<_>, _>>()?;
    if paths.is_empty() {
        return Err(format!("--path-list file {file} holds no paths"));
    }
    Ok(Measured { label: format!("{} ({} paths)", label.trim(), paths.len()), paths: Arc::from(paths) })
}

struct Outcome {
    report: Report,
    args_json: bool,
    json_file: Option<std::path::PathBuf>,
}

fn run(config: Config) -> Result<Outcome, Failure> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|error| Failure::Other(format!("cannot start the async runtime: {error}")))?;
    let args_json = config.args.json;
    let json_file = config.args.json_file.clone();
    let report = runtime.block_on(measure(config)).map_err(Failure::Other)?;
    Ok(Outcome { report, args_json, json_file })
}

async fn measure(config: Config) -> Result<Report, String> {
    let Config { args, target, paths, bearer } = config;
    let timeout = Duration::from_secs(args.timeout);
    let at_rest = args.pid.map(rss::read).transpose()?;

    let cookie = match (&args.email, &args.password) {
        (Some(email), Some(password)) => Some(login::sign_in(&target, email, password, timeout).await?),
        _ => None,
    };
    let load = Load {
        target: Arc::new(target),
        credentials: Arc::new(Credentials { cookie, bearer }),
        timeout,
        max_errors: args.max_errors,
        max_phase: Duration::from_secs(args.max_seconds),
    };
    let mut connections = load.connect(usize::from(args.concurrency)).await?;
    // Every path of a list must answer too (up to a bound: a list may hold thousands).
    for measured in &paths {
        for path in measured.paths.iter().take(PREFLIGHT_PER_LIST) {
            load.preflight(&mut connections, path).await?;
        }
    }

    let sampler = args.pid.map(rss::Sampler::start);
    let mut results = Vec::with_capacity(paths.len());
    for measured in &paths {
        if args.warmup > 0 {
            load.run(&mut connections, &measured.paths, args.warmup).await;
        }
        if let Some(sampler) = &sampler {
            sampler.take_window_max();
        }
        let phase = load.run(&mut connections, &measured.paths, args.requests).await;
        let rss_max = sampler.as_ref().map(rss::Sampler::take_window_max);
        results.push(PathReport::new(&measured.label, &phase, rss_max));
    }
    drop(connections);

    let memory = match (args.pid, at_rest, sampler) {
        (Some(pid), Some(at_rest), Some(sampler)) => {
            let (sampled_max, failed_samples) = sampler.finish();
            let after = rss::read(pid)?;
            Some(MemoryReport {
                pid,
                sample_interval_ms: rss::SAMPLE_EVERY.as_millis() as u64,
                rss_at_rest_kib: at_rest.rss_kib,
                rss_max_under_load_kib: sampled_max.max(after.rss_kib),
                rss_after_kib: after.rss_kib,
                peak_hwm_kib: after.peak_kib,
                failed_samples,
            })
        }
        _ => None,
    };
    Ok(Report {
        url: args.url.clone(),
        concurrency: usize::from(args.concurrency),
        requests_per_path: args.requests,
        warmup_per_path: args.warmup,
        paths: results,
        memory,
    })
}
