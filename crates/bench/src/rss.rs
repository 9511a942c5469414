//! The server's resident memory, read from `/proc/PID/status` (Linux), sampled every 50 ms on a
//! thread of its own so that a busy load generator does not delay the samples.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::Duration;

pub const SAMPLE_EVERY: Duration = Duration::from_millis(50);

/// One reading of a process's memory, in KiB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Memory {
    /// `VmRSS`: resident now.
    pub rss_kib: u64,
    /// `VmHWM`: the most it has ever been resident.
    pub peak_kib: u64,
}

pub fn read(pid: u32) -> Result<Memory, String> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|error| format!("cannot read /proc/{pid}/status (is process {pid} running?): {error}"))?;
    parse_status(&status).ok_or_else(|| format!("/proc/{pid}/status has no VmRSS line"))
}

fn parse_status(status: &str) -> Option<Memory> {
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
    };
    let rss_kib = field("VmRSS:")?;
    Some(Memory { rss_kib, peak_kib: field("VmHWM:").unwrap_or(rss_kib) })
}

/// Samples until stopped, keeping the highest `VmRSS` seen overall and since the last
/// [`Sampler::take_window_max`].
pub struct Sampler {
    stop: Arc<AtomicBool>,
    overall_max: Arc<AtomicU64>,
    window_max: Arc<AtomicU64>,
    failures: Arc<AtomicU64>,
    thread: Option<JoinHandle<()>>,
}

impl Sampler {
    pub fn start(pid: u32) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let overall_max = Arc::new(AtomicU64::new(0));
        let window_max = Arc::new(AtomicU64::new(0));
        let failures = Arc::new(AtomicU64::new(0));
        let thread = {
            let (stop, overall_max, window_max, failures) =
                (stop.clone(), overall_max.clone(), window_max.clone(), failures.clone());
            std::thread::spawn(move || {
                while !stop.load(Ordering::Relaxed) {
                    match read(pid) {
                        Ok(memory) => {
                            overall_max.fetch_max(memory.rss_kib, Ordering::Relaxed);
                            window_max.fetch_max(memory.rss_kib, Ordering::Relaxed);
                        }
                        Err(_) => {
                            failures.fetch_add(1, Ordering::Relaxed);
                        }
                    }
                    std::thread::sleep(SAMPLE_EVERY);
                }
            })
        };
        Self { stop, overall_max, window_max, failures, thread: Some(thread) }
    }

    /// The highest sample since the previous call (or the start), then starts a new window.
    pub fn take_window_max(&self) -> u64 {
        self.window_max.swap(0, Ordering::Relaxed)
    }

    /// Stops sampling; returns the highest sample and how many reads failed.
    pub fn finish(mut self) -> (u64, u64) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
        (self.overall_max.load(Ordering::Relaxed), self.failures.load(Ordering::Relaxed))
    }
}

impl Drop for Sampler {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_proc_status() {
        let status = "Name:\tsteward\nVmPeak:\t  900000 kB\nVmHWM:\t   51234 kB\nVmRSS:\t   40960 kB\nThreads:\t4\n";
        assert_eq!(parse_status(status), Some(Memory { rss_kib: 40960, peak_kib: 51234 }));
        assert_eq!(parse_status("Name:\tkthreadd\n"), None);
    }

    #[test]
    fn reads_its_own_memory() {
        let memory = read(std::process::id()).unwrap();
        assert!(memory.rss_kib > 0 && memory.peak_kib >= memory.rss_kib);
    }
}
