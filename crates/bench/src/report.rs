//! Results: latency percentiles (nearest rank), throughput and memory, as a Markdown table for
//! people (it pastes straight into `docs/benchmarks.md`) or as JSON for scripts.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use serde::Serialize;

use crate::load::Phase;

#[derive(Serialize)]
pub struct Report {
    pub url: String,
    pub concurrency: usize,
    pub requests_per_path: u64,
    pub warmup_per_path: u64,
    pub paths: Vec<PathReport>,
    pub memory: Option<MemoryReport>,
}

#[derive(Serialize)]
pub struct PathReport {
    pub path: String,
    /// Requests sent in the measured phase.
    pub requests: u64,
    /// Answered 200.
    pub ok: u64,
    pub errors: u64,
    pub error_kinds: BTreeMap<String, u64>,
    pub p50_ms: Option<f64>,
    pub p95_ms: Option<f64>,
    pub p99_ms: Option<f64>,
    pub max_ms: Option<f64>,
    pub mean_ms: Option<f64>,
    pub requests_per_second: f64,
    pub elapsed_s: f64,
    /// Highest server `VmRSS` sampled while this path was measured.
    pub rss_max_kib: Option<u64>,
    pub stopped_early: bool,
}

#[derive(Serialize)]
pub struct MemoryReport {
    pub pid: u32,
    pub sample_interval_ms: u64,
    /// `VmRSS` before the first request.
    pub rss_at_rest_kib: u64,
    /// The highest `VmRSS` sampled during the run (warm-ups included).
    pub rss_max_under_load_kib: u64,
    /// `VmRSS` after the last request.
    pub rss_after_kib: u64,
    /// `VmHWM` after the run: the process's peak resident size, between samples too.
    pub peak_hwm_kib: u64,
    pub failed_samples: u64,
}

impl PathReport {
    pub fn new(path: &str, phase: &Phase, rss_max_kib: Option<u64>) -> Self {
        let ms = |us: u64| round3(us as f64 / 1000.0);
        let sorted = &phase.latencies_us;
        let elapsed_s = phase.elapsed.as_secs_f64();
        let mean_ms = (!sorted.is_empty()).then(|| {
            let total: u128 = sorted.iter().map(|&us| u128::from(us)).sum();
            round3(total as f64 / sorted.len() as f64 / 1000.0)
        });
        Self {
            path: path.to_owned(),
            requests: phase.sent(),
            ok: sorted.len() as u64,
            errors: phase.errors,
            error_kinds: phase.error_kinds.clone(),
            p50_ms: percentile(sorted, 50.0).map(ms),
            p95_ms: percentile(sorted, 95.0).map(ms),
            p99_ms: percentile(sorted, 99.0).map(ms),
            max_ms: sorted.last().copied().map(ms),
            mean_ms,
            requests_per_second: if elapsed_s > 0.0 { round3(phase.sent() as f64 / elapsed_s) } else { 0.0 },
            elapsed_s: round3(elapsed_s),
            rss_max_kib,
            stopped_early: phase.stopped_early,
        }
    }
}

/// The nearest-rank percentile of sorted values: the smallest value with at least `p`% of
/// the values at or below it.
pub fn percentile(sorted: &[u64], p: f64) -> Option<u64> {
    if sorted.is_empty() {
        return None;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    Some(sorted[rank.clamp(1, sorted.len()) - 1])
}

fn round3(value: f64) -> f64 {
    (value * 1000.0).round() / 1000.0
}

fn mib(kib: u64) -> String {
    format!("{:.1}", kib as f64 / 1024.0)
}

fn opt_ms(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_owned(), |ms| format!("{ms:.2}"))
}

impl Report {
    pub fn errors(&self) -> u64 {
        self.paths.iter().map(|path| path.errors).sum()
    }

    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        let _ = writeln!(
            out,
            "{} requests per path after {} warm-up, {} concurrent keep-alive connections, {}",
            self.requests_per_path, self.warmup_per_path, self.concurrency, self.url
        );
        let _ = writeln!(out);
        let with_rss = self.memory.is_some();
        let _ = write!(out, "| Path | Requests | Errors | p50 ms | p95 ms | p99 ms | Max ms | Req/s |");
        let _ = writeln!(out, "{}", if with_rss { " Max RSS MiB |" } else { "" });
        let _ = writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|{}", if with_rss { "---:|" } else { "" });
        for path in &self.paths {
            let _ = write!(
                out,
                "| `{}` | {} | {} | {} | {} | {} | {} | {:.0} |",
                path.path,
                path.requests,
                path.errors,
                opt_ms(path.p50_ms),
                opt_ms(path.p95_ms),
                opt_ms(path.p99_ms),
                opt_ms(path.max_ms),
                path.requests_per_second
            );
            let rss =
                if with_rss { format!(" {} |", path.rss_max_kib.map_or_else(|| "-".into(), mib)) } else { "".into() };
            let _ = writeln!(out, "{rss}");
        }
        if let Some(memory) = &self.memory {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "Server memory (pid {}): {} MiB resident at rest, {} MiB at most under load (sampled every {} ms), \
                 {} MiB after; peak (VmHWM) {} MiB.",
                memory.pid,
                mib(memory.rss_at_rest_kib),
                mib(memory.rss_max_under_load_kib),
                memory.sample_interval_ms,
                mib(memory.rss_after_kib),
                mib(memory.peak_hwm_kib)
            );
            if memory.failed_samples > 0 {
                let _ = writeln!(out, "{} memory samples could not be read.", memory.failed_samples);
            }
        }
        for path in self.paths.iter().filter(|path| path.stopped_early && path.errors == 0) {
            let _ = writeln!(out);
            let _ = writeln!(
                out,
                "{} stopped at the time limit after {} of {} requests.",
                path.path, path.requests, self.requests_per_path
            );
        }
        for path in self.paths.iter().filter(|path| path.errors > 0) {
            let _ = writeln!(out);
            let stopped = if path.stopped_early { " (stopped early)" } else { "" };
            let _ = writeln!(out, "Errors on {}{stopped}:", path.path);
            for (kind, n) in &path.error_kinds {
                let _ = writeln!(out, "- {n} x {kind}");
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_percentiles() {
        let values: Vec<u64> = (1..=100).collect();
        assert_eq!(percentile(&values, 50.0), Some(50));
        assert_eq!(percentile(&values, 95.0), Some(95));
        assert_eq!(percentile(&values, 99.0), Some(99));
        assert_eq!(percentile(&values, 100.0), Some(100));
        assert_eq!(percentile(&[7], 95.0), Some(7));
        assert_eq!(percentile(&[1, 2], 50.0), Some(1));
        assert_eq!(percentile(&[], 50.0), None);
    }

    #[test]
    fn reports_a_phase() {
        let phase = Phase {
            latencies_us: vec![1_000, 2_000, 3_000, 4_000],
            errors: 1,
            error_kinds: BTreeMap::from([("status 500 Internal Server Error".to_owned(), 1)]),
            elapsed: std::time::Duration::from_millis(500),
            stopped_early: false,
        };
        let path = PathReport::new("/members", &phase, Some(2048));
        assert_eq!((path.requests, path.ok, path.errors), (5, 4, 1));
        assert_eq!(path.p50_ms, Some(2.0));
        assert_eq!(path.max_ms, Some(4.0));
        assert_eq!(path.mean_ms, Some(2.5));
        assert_eq!(path.requests_per_second, 10.0);
        let report = Report {
            url: "http://127.0.0.1:8080".into(),
            concurrency: 4,
            requests_per_path: 5,
            warmup_per_path: 0,
            paths: vec![path],
            memory: None,
        };
        let table = report.to_markdown();
        assert!(table.contains("| `/members` | 5 | 1 | 2.00 |"), "{table}");
        assert!(table.contains("- 1 x status 500"), "{table}");
        assert_eq!(report.errors(), 1);
    }
}
