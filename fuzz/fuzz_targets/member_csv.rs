//! A member CSV import file, as uploaded: the raw bytes go to `parse_member_csv`, and every row
//! it returns is validated as the import would. Neither step may panic on any input.
#![no_main]

use chrono::NaiveDate;
use libfuzzer_sys::fuzz_target;
use steward_app::members::parse_member_csv;

fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = parse_member_csv(data) else {
        return;
    };
    // A fixed "today" keeps every run reproducible; joining dates after it are refused.
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).expect("a real date");
    for (_line, draft) in &parsed.rows {
        let _ = draft.validate(today);
    }
});
