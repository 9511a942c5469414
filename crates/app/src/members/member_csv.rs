//! Reading member rows from CSV. Every row becomes a draft or a problem with its line number;
//! nothing here panics on any input (a fuzz target holds it to that).

use std::io::Read;

use steward_domain::member::MemberDraft;

use super::RowProblem;

/// The columns of a member CSV file, in the order `steward export` would write them.
pub const CSV_COLUMNS: [&str; 9] = [
    "membership_number",
    "first_name",
    "last_name",
    "email",
    "phone",
    "workplace_id",
    "job_title",
    "joined_on",
    "status",
];

const REQUIRED_COLUMNS: [&str; 5] = ["membership_number", "first_name", "last_name", "workplace_id", "joined_on"];

#[derive(Debug, Default)]
pub struct ParsedCsv {
    /// Drafts with the line they came from, still to be validated.
    pub rows: Vec<(u64, MemberDraft)>,
    /// Rows that could not even be read.
    pub problems: Vec<RowProblem>,
}

/// Parses a whole CSV file. An unusable header is an error for the file; a bad row is a
/// problem for that row only.
pub fn parse_member_csv(input: impl Read) -> Result<ParsedCsv, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(input);
    let headers = reader.headers().map_err(|error| format!("cannot read the header row: {error}"))?.clone();
    let column = |name: &str| headers.iter().position(|h| h.trim_start_matches('\u{feff}') == name);
    let missing: Vec<&str> = REQUIRED_COLUMNS.into_iter().filter(|name| column(name).is_none()).collect();
    if !missing.is_empty() {
        return Err(format!(
            "the header row lacks {}; expected columns: {}",
            missing.join(", "),
            CSV_COLUMNS.join(",")
        ));
    }
    let indexes: Vec<Option<usize>> = CSV_COLUMNS.iter().map(|name| column(name)).collect();
    let mut parsed = ParsedCsv::default();
    for (index, record) in reader.records().enumerate() {
        let fallback_line = index as u64 + 2;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(fallback_line, |p| p.line());
                parsed.problems.push(RowProblem { line, reason: format!("unreadable row: {error}") });
                continue;
            }
        };
        let line = record.position().map_or(fallback_line, |p| p.line());
        let field = |i: usize| indexes[i].and_then(|at| record.get(at)).unwrap_or("").to_owned();
        let workplace_raw = field(5);
        let workplace_id = workplace_raw.parse::<i64>().ok();
        if workplace_id.is_none() && !workplace_raw.is_empty() {
            let reason = format!("workplace_id: \"{}\" is not a workplace id", shorten(&workplace_raw));
            parsed.problems.push(RowProblem { line, reason });
            continue;
        }
        let draft = MemberDraft {
            membership_number: field(0),
            first_name: field(1),
            last_name: field(2),
            email: field(3),
            phone: field(4),
            workplace_id,
            job_title: field(6),
            joined_on: field(7),
            status: field(8),
        };
        parsed.rows.push((line, draft));
    }
    Ok(parsed)
}

/// Keeps echoed input short so one bad cell cannot flood the report.
fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(40).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    short
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_keep_their_line_numbers_and_bad_cells_are_named() {
        let csv = "membership_number,first_name,last_name,workplace_id,joined_on\nA-1,Ann,One,3,2020-01-01\nA-2,Bo,Two,x,2020-01-01\n\"A-3,Cy\n";
        let parsed = parse_member_csv(csv.as_bytes()).unwrap();
        // The unterminated quote swallows the rest of the file as one short row, which then
        // fails validation for its missing cells rather than stopping the import.
        assert_eq!(parsed.rows.len(), 2);
        assert_eq!((parsed.rows[0].0, parsed.rows[1].0), (2, 4));
        assert_eq!(parsed.rows[1].1.workplace_id, None);
        assert_eq!(parsed.rows[0].1.workplace_id, Some(3));
        assert!(parsed.problems.iter().any(|p| p.line == 3 && p.reason.starts_with("workplace_id")));
    }

    #[test]
    fn a_file_without_the_required_columns_is_refused_whole() {
        let error = parse_member_csv("name,age\nx,1\n".as_bytes()).unwrap_err();
        assert!(error.contains("membership_number"));
        assert!(parse_member_csv(&[0xff, 0xfe, 0x00][..]).is_err());
    }

    proptest::proptest! {
        #[test]
        fn any_bytes_give_rows_problems_or_an_error(bytes in proptest::collection::vec(proptest::num::u8::ANY, 0..512)) {
            let mut input = b"membership_number,first_name,last_name,workplace_id,joined_on\n".to_vec();
            input.extend(bytes);
            let _ = parse_member_csv(&input[..]);
        }
    }
}
