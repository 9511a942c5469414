//! An employer's pay bill for a reporting period (gross pay, employer's National Insurance and
//! pension for all employees), entered on the figures page or imported from CSV, and how many
//! months of the period it had more than 49 employees (which decides whether it must report).
//! Saving the same figures again changes nothing.

use std::collections::{HashMap, HashSet};

use chrono::{Datelike, NaiveDate};
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::EmployerId;
use steward_domain::permissions::{Action, Target};

use super::pay_bill_csv::{shorten, EmployerRef, PayBillRow};
use super::report::employer_in_scope;
use crate::members::RowProblem;
use crate::ports::{Organisation, PayBill, PayBillCounts, Store};
use crate::{AppError, RequestContext};

/// More than any employer's pay bill (a trillion pounds): a figure above it is a typing slip.
const MAX_POUNDS: u64 = 1_000_000_000_000;
/// The first reporting period began on 1 April 2017.
const FIRST_PERIOD_YEAR: i32 = 2017;

/// The page's form, as typed.
#[derive(Debug, Clone, Default)]
pub struct PayBillDraft {
    pub employer_id: String,
    /// 1 April of the period.
    pub period_start: String,
    /// Pounds, like 10,000,000 or £1,234,567.89.
    pub pay_bill: String,
    /// Blank when not known.
    pub months_over_49_employees: String,
}

/// What an import did: the rows saved and the rows refused, by line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PayBillImport {
    pub counts: PayBillCounts,
    pub problems: Vec<RowProblem>,
}

/// Pounds (with an optional £, thousands commas and up to two decimals) as pence.
pub fn parse_pounds(raw: &str) -> Result<u64, String> {
    let message = || "Give the pay bill in pounds, like 10,000,000 or 1234567.89".to_string();
    let text: String = raw.trim().trim_start_matches('£').chars().filter(|c| *c != ',').collect();
    if text.is_empty() {
        return Err("Give the pay bill in pounds".into());
    }
    let (pounds, pence) = text.split_once('.').unwrap_or((&text, ""));
    if pounds.is_empty() || !pounds.bytes().all(|b| b.is_ascii_digit()) || !pence.bytes().all(|b| b.is_ascii_digit()) {
        return Err(message());
    }
    let pounds: u64 = pounds.parse().map_err(|_| message())?;
    let pence: u64 = match pence.len() {
        0 => 0,
        1 => pence.parse::<u64>().map_err(|_| message())? * 10,
        2 => pence.parse().map_err(|_| message())?,
        _ => return Err(message()),
    };
    if pounds > MAX_POUNDS {
        return Err("That is more than a trillion pounds; check the figure".into());
    }
    Ok(pounds * 100 + pence)
}

fn parse_period_start(raw: &str) -> Result<NaiveDate, String> {
    let date = NaiveDate::parse_from_str(raw.trim(), "%Y-%m-%d")
        .map_err(|_| format!("\"{}\" is not a date (use YYYY-MM-DD, the 1 April the period starts)", shorten(raw)))?;
    if (date.month(), date.day()) != (4, 1) {
        return Err(format!("{date} is not the start of a reporting period, which runs from 1 April"));
    }
    if date.year() < FIRST_PERIOD_YEAR || date.year() > 9_000 {
        return Err(format!("{date} is outside the reporting periods (the first began on 1 April 2017)"));
    }
    Ok(date)
}

fn parse_months(raw: &str) -> Result<Option<u32>, String> {
    match raw.trim() {
        "" => Ok(None),
        text => match text.parse::<u32>() {
            Ok(months) if months <= 12 => Ok(Some(months)),
            _ => Err("Give a number of months from 0 to 12, or leave it blank".into()),
        },
    }
}

/// Saves one employer's pay bill for one period (the page's form).
pub async fn save_pay_bill(store: &dyn Store, ctx: &RequestContext, draft: &PayBillDraft) -> Result<PayBill, AppError> {
    ctx.require(Action::EnterPayBill, Target::Any)?;
    let mut errors = FieldErrors::new();
    let employer = match draft.employer_id.trim().parse::<i64>() {
        Ok(id) if id > 0 => Some(EmployerId(id)),
        _ => {
            errors.add("employer_id", "Choose an employer");
            None
        }
    };
    let period_start = errors.take("period_start", parse_period_start(&draft.period_start));
    let pence = errors.take("pay_bill", parse_pounds(&draft.pay_bill));
    let months = errors.take("months_over_49_employees", parse_months(&draft.months_over_49_employees));
    let (Some(employer), Some(period_start), Some(pay_bill_pence), Some(months)) =
        (employer, period_start, pence, months)
    else {
        return Err(AppError::Invalid(errors));
    };
    let organisation = store.organisation().await?;
    let employer = employer_in_scope(ctx, Action::EnterPayBill, &organisation, employer)
        .map_err(|_| AppError::field("employer_id", "There is no such employer that you may enter figures for"))?;
    let bill = PayBill { employer: employer.id, period_start, pay_bill_pence, months_over_49_employees: months };
    let audit = ctx.audit("facility_time.pay_bill_save", "employer", Some(employer.id.to_string()), employer.name);
    store.save_pay_bills(&[bill], &audit).await?;
    Ok(bill)
}

/// Checks each row against the organisation and saves the good ones in one transaction; each
/// bad row is reported with its line and reason. Re-running the same file changes nothing.
pub async fn import_pay_bills(
    store: &dyn Store,
    ctx: &RequestContext,
    rows: Vec<(u64, PayBillRow)>,
) -> Result<PayBillImport, AppError> {
    ctx.require(Action::EnterPayBill, Target::Any)?;
    let organisation = store.organisation().await?;
    let mut names: HashMap<String, Vec<EmployerId>> = HashMap::new();
    for employer in &organisation.employers {
        names.entry(employer.name.trim().to_lowercase()).or_default().push(employer.id);
    }
    let mut report = PayBillImport::default();
    let mut seen = HashSet::new();
    let mut bills = Vec::new();
    for (line, row) in rows {
        match check_row(ctx, &organisation, &names, &row) {
            Err(reason) => report.problems.push(RowProblem { line, reason }),
            Ok(bill) if !seen.insert((bill.employer, bill.period_start)) => report.problems.push(RowProblem {
                line,
                reason: format!("this employer's period from {} appears earlier in the file", bill.period_start),
            }),
            Ok(bill) => bills.push(bill),
        }
    }
    if !bills.is_empty() {
        let audit = ctx.audit("facility_time.pay_bill_import", "employer", None, "imported".into());
        report.counts = store.save_pay_bills(&bills, &audit).await?;
    }
    Ok(report)
}

fn check_row(
    ctx: &RequestContext,
    organisation: &Organisation,
    names: &HashMap<String, Vec<EmployerId>>,
    row: &PayBillRow,
) -> Result<PayBill, String> {
    let employer = match &row.employer {
        EmployerRef::Id(id) => EmployerId(*id),
        EmployerRef::Name(name) => match names.get(&name.trim().to_lowercase()).map(Vec::as_slice) {
            Some([one]) => *one,
            Some(_) => {
                return Err(format!(
                    "employer: more than one employer is called \"{}\"; use employer_id",
                    shorten(name)
                ))
            }
            None => return Err(format!("employer: no employer is called \"{}\"", shorten(name))),
        },
    };
    let employer = employer_in_scope(ctx, Action::EnterPayBill, organisation, employer)
        .map_err(|_| format!("employer_id: no employer {employer} that you may enter figures for"))?;
    let period_start = parse_period_start(&row.period_start).map_err(|reason| format!("period_start: {reason}"))?;
    let pay_bill_pence = parse_pounds(&row.pay_bill).map_err(|reason| format!("pay_bill: {reason}"))?;
    let months =
        parse_months(&row.months_over_49_employees).map_err(|reason| format!("months_over_49_employees: {reason}"))?;
    Ok(PayBill { employer: employer.id, period_start, pay_bill_pence, months_over_49_employees: months })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pounds_are_read_as_typed() {
        assert_eq!(parse_pounds("10,000,000"), Ok(1_000_000_000));
        assert_eq!(parse_pounds("£1,234,567.89"), Ok(123_456_789));
        assert_eq!(parse_pounds("12.5"), Ok(1_250));
        assert_eq!(parse_pounds(" 0 "), Ok(0));
        for bad in ["", "-5", "ten", "1.234", "1e6", "£", ".5", "1,000,000,000,001"] {
            assert!(parse_pounds(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_period_starts_on_1_april_from_2017() {
        assert_eq!(parse_period_start("2025-04-01"), Ok(NaiveDate::from_ymd_opt(2025, 4, 1).unwrap()));
        for bad in ["2025-05-01", "2016-04-01", "01/04/2025", ""] {
            assert!(parse_period_start(bad).is_err(), "{bad}");
        }
        assert_eq!(parse_months(""), Ok(None));
        assert_eq!(parse_months("7"), Ok(Some(7)));
        assert!(parse_months("13").is_err());
    }
}
