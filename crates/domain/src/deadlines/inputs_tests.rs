//! Tests of string-input parsing, and a helper other tests use for `Choice` enums.

use super::*;

/// Every `Choice` name must parse to the value whose serde name it is.
pub(crate) fn assert_choice_names_round_trip<T: Choice + Serialize>() {
    assert_eq!(T::NAMES.len(), T::VALUES.len());
    for (name, value) in T::NAMES.iter().zip(T::VALUES) {
        assert_eq!(serde_json::to_value(value).ok(), Some(serde_json::json!(name)));
    }
}

#[test]
fn impossible_dates_are_named_in_the_error() {
    let error = parse_date("day-b", "2025-02-30").expect_err("not a date");
    assert_eq!(error.to_string(), "bad date in day-b: \"2025-02-30\" is not a date (use YYYY-MM-DD)");
}

#[test]
fn loose_date_shapes_are_refused() {
    for text in ["2025-2-03", "03/02/2025", "20250203", "+025-02-03", "2025-02-0a"] {
        assert!(parse_date("x", text).is_err(), "{text}");
    }
    assert!(parse_date("x", "1899-12-31").is_err());
    assert!(parse_date("x", "2025-02-28").is_ok());
}

#[test]
fn money_parses_pounds_and_pence() {
    assert_eq!(parse_money_pence("20000"), Some(2_000_000));
    assert_eq!(parse_money_pence("£20,000.5"), Some(2_000_050));
    assert_eq!(parse_money_pence("20.123"), None);
    assert_eq!(parse_money_pence("-5"), None);
    assert_eq!(format_pounds(2_500_000), "£25,000.00");
    assert_eq!(format_pounds(99), "£0.99");
}
