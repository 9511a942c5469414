//! Reading pay bills from CSV (`steward import pay-bill`). Every row becomes a row to check or
//! a problem with its line number; nothing here panics on any input.

use std::io::Read;

use crate::members::RowProblem;

/// The columns a pay-bill file may have: `employer_id` or `employer` (the name), then
/// `period_start` (1 April), `pay_bill` (pounds) and, optionally, `months_over_49_employees`.
pub const PAY_BILL_COLUMNS: [&str; 5] =
    ["employer_id", "employer", "period_start", "pay_bill", "months_over_49_employees"];

/// How a row names its employer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmployerRef {
    Id(i64),
    Name(String),
}

/// One row, still to be checked against the organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PayBillRow {
    pub employer: EmployerRef,
    pub period_start: String,
    pub pay_bill: String,
    pub months_over_49_employees: String,
}

#[derive(Debug, Default)]
pub struct ParsedPayBills {
    pub rows: Vec<(u64, PayBillRow)>,
    pub problems: Vec<RowProblem>,
}

/// Parses a whole file. An unusable header is an error for the file; a bad row is a problem
/// for that row only.
pub fn parse_pay_bill_csv(input: impl Read) -> Result<ParsedPayBills, String> {
    let mut reader = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(input);
    let headers = reader.headers().map_err(|error| format!("cannot read the header row: {error}"))?.clone();
    let column = |name: &str| headers.iter().position(|h| h.trim_start_matches('\u{feff}') == name);
    let (by_id, by_name) = (column("employer_id"), column("employer"));
    let (start, bill, months) = (column("period_start"), column("pay_bill"), column("months_over_49_employees"));
    let (Some(start), Some(bill)) = (start, bill) else {
        return Err(format!(
            "the header row needs employer_id or employer, period_start and pay_bill; columns: {}",
            PAY_BILL_COLUMNS.join(",")
        ));
    };
    if by_id.is_none() && by_name.is_none() {
        return Err("the header row needs an employer_id or an employer (name) column".into());
    }
    let mut parsed = ParsedPayBills::default();
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
        let field = |at: Option<usize>| at.and_then(|at| record.get(at)).unwrap_or("").to_owned();
        let (id, name) = (field(by_id), field(by_name));
        let employer = if !id.is_empty() {
            match id.parse::<i64>() {
                Ok(id) if id > 0 => EmployerRef::Id(id),
                _ => {
                    let reason = format!("employer_id: \"{}\" is not an employer id", shorten(&id));
                    parsed.problems.push(RowProblem { line, reason });
                    continue;
                }
            }
        } else if !name.is_empty() {
            EmployerRef::Name(name)
        } else {
            parsed.problems.push(RowProblem { line, reason: "employer: give the employer_id or its name".into() });
            continue;
        };
        let row = PayBillRow {
            employer,
            period_start: field(Some(start)),
            pay_bill: field(Some(bill)),
            months_over_49_employees: field(months),
        };
        parsed.rows.push((line, row));
    }
    Ok(parsed)
}

/// At most 40 characters of a bad value, for messages.
pub(super) fn shorten(value: &str) -> String {
    let short: String = value.chars().take(40).collect();
    if short.len() < value.len() {
        format!("{short}...")
    } else {
        short
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_name_employers_by_id_or_name_and_bad_ids_are_reported() {
        let file = "employer_id,employer,period_start,pay_bill\n3,,2025-04-01,\"10,000,000\"\n,Test Council,2025-04-01,5\nx1,,2025-04-01,5\n,,2025-04-01,5\n";
        let parsed = parse_pay_bill_csv(file.as_bytes()).unwrap();
        assert_eq!(parsed.rows.len(), 2);
        assert_eq!(parsed.rows[0].0, 2);
        assert_eq!(parsed.rows[0].1.employer, EmployerRef::Id(3));
        assert_eq!(parsed.rows[0].1.pay_bill, "10,000,000");
        assert_eq!(parsed.rows[1].1.employer, EmployerRef::Name("Test Council".into()));
        let lines: Vec<u64> = parsed.problems.iter().map(|p| p.line).collect();
        assert_eq!(lines, [4, 5]);
    }

    #[test]
    fn a_file_without_the_needed_columns_is_refused() {
        assert!(parse_pay_bill_csv("employer_id,pay_bill\n1,2\n".as_bytes()).is_err());
        assert!(parse_pay_bill_csv("period_start,pay_bill\n2025-04-01,2\n".as_bytes()).is_err());
        assert!(parse_pay_bill_csv("".as_bytes()).is_err());
    }
}
