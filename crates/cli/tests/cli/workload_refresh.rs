//! `steward workload refresh`: recomputes the snapshots the workload dashboard reads.

use crate::commands::{steward, text};

#[test]
fn refreshing_the_workload_covers_everyone_who_carries_cases() {
    let dir = tempfile::tempdir().unwrap();
    let demo = ["demo", "--scale", "--cases", "200", "--members", "50", "--users", "40", "--entries-per-case", "2"];
    let seeded = steward(dir.path(), &demo, None);
    assert!(seeded.status.success(), "{}", text(&seeded.stderr));
    let refreshed = steward(dir.path(), &["workload", "refresh"], None);
    assert!(refreshed.status.success(), "{}", text(&refreshed.stderr));
    let out = text(&refreshed.stdout);
    let people: u32 = out
        .strip_prefix("Workload refreshed for ")
        .and_then(|rest| rest.split(' ').next())
        .and_then(|count| count.parse().ok())
        .unwrap_or_else(|| panic!("{out}"));
    assert!((1..=40).contains(&people), "{out}");
    let bad = steward(dir.path(), &["workload", "refresh", "--database", "mysql://nowhere"], None);
    assert_eq!(bad.status.code(), Some(2), "{}", text(&bad.stderr));
}
