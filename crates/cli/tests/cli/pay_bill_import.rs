//! `steward import pay-bill`: each bad row by line and reason with exit status 2, the good rows
//! saved, and a second run changing nothing.

use crate::commands::{steward, text};

#[test]
fn a_pay_bill_import_reports_bad_rows_by_line_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let demo = steward(dir.path(), &["demo", "--members", "5"], None);
    assert!(demo.status.success(), "{}", text(&demo.stderr));
    let csv = dir.path().join("pay.csv");
    std::fs::write(
        &csv,
        "employer_id,employer,period_start,pay_bill,months_over_49_employees\n\
         1,,2025-04-01,\"£10,000,000\",12\n\
         ,Example Valley NHS Trust,2025-04-01,2500000.50,\n\
         99999,,2025-04-01,100,\n\
         ,No Such Employer,2025-04-01,100,\n\
         1,,2025-05-01,100,\n\
         1,,2024-04-01,lots,\n\
         1,,2024-04-01,100,13\n\
         1,,2025-04-01,5,\n\
         x,,2025-04-01,5,\n",
    )
    .unwrap();
    let path = csv.to_str().unwrap();
    let first = steward(dir.path(), &["import", "pay-bill", path], None);
    let stderr = text(&first.stderr);
    assert_eq!(first.status.code(), Some(2), "{stderr}");
    for expected in [
        "line 4: employer_id:",
        "line 5: employer: no employer is called",
        "line 6: period_start:",
        "line 7: pay_bill:",
        "line 8: months_over_49_employees:",
        "line 9: this employer's period",
        "line 10: employer_id:",
    ] {
        assert!(stderr.contains(expected), "missing {expected:?} in {stderr}");
    }
    assert!(text(&first.stdout).contains("2 created, 0 updated, 0 unchanged, 7 rejected"), "{}", text(&first.stdout));
    let second = steward(dir.path(), &["import", "pay-bill", path], None);
    assert!(text(&second.stdout).contains("0 created, 0 updated, 2 unchanged, 7 rejected"), "{}", text(&second.stdout));

    let good = dir.path().join("good.csv");
    std::fs::write(&good, "employer,period_start,pay_bill\nFictional County Council,2025-04-01,\"11,000,000\"\n")
        .unwrap();
    let changed = steward(dir.path(), &["import", "pay-bill", good.to_str().unwrap()], None);
    assert!(changed.status.success(), "{}", text(&changed.stderr));
    assert!(
        text(&changed.stdout).contains("0 created, 1 updated, 0 unchanged, 0 rejected"),
        "{}",
        text(&changed.stdout)
    );

    let headerless = dir.path().join("bad.csv");
    std::fs::write(&headerless, "a,b,c\n1,2,3\n").unwrap();
    let wrong_header = steward(dir.path(), &["import", "pay-bill", headerless.to_str().unwrap()], None);
    assert_eq!(wrong_header.status.code(), Some(2));
    assert!(text(&wrong_header.stderr).contains("period_start"), "{}", text(&wrong_header.stderr));
}
