//! `steward demo --scale`: a small run writes the cases it says, and bad flags exit 2 with
//! the reason.

use crate::commands::{steward, text};

#[test]
fn a_small_scale_demo_writes_its_cases_and_bad_flags_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let args = ["demo", "--scale", "--cases", "200", "--members", "50", "--users", "40", "--entries-per-case", "5"];
    let run = steward(dir.path(), &args, None);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let out = text(&run.stdout);
    assert!(out.contains("Scale demo: 200 cases ("), "{out}");
    assert!(out.contains(", 1000 timeline entries,"), "{out}");
    assert!(out.contains(" for 40 people,"), "{out}");
    assert!(!out.contains(" 0 training records"), "some people are trained: {out}");
    let again = steward(dir.path(), &args, None);
    assert_eq!(again.status.code(), Some(2), "demo data goes only into an empty database");

    let empty = tempfile::tempdir().unwrap();
    for bad in [
        &["demo", "--cases", "10"][..],
        &["demo", "--scale", "--cases", "0"],
        &["demo", "--scale", "--cases", "many"],
        &["demo", "--scale", "--entries-per-case", "1000"],
        &["demo", "--scale", "--users", "3"],
        &["demo", "--scale", "--members", "0"],
    ] {
        let refused = steward(empty.path(), bad, None);
        assert_eq!(refused.status.code(), Some(2), "{bad:?}: {}", text(&refused.stderr));
        assert!(!text(&refused.stderr).trim().is_empty(), "{bad:?} says why");
    }
    assert!(!empty.path().join("steward.db").exists(), "refused flags open no database");
}
