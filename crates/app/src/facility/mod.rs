//! The statutory facility-time publication figures (SI 2017/328; rules.md rule 6) for an
//! employer's April-to-March period: who its relevant union officials were, their time from
//! the time entries, their hours and cost from their profiles, the employer's pay bill as
//! entered on the page or imported from CSV, and the period's 31 July deadline, which also
//! goes into the calendar feeds of those who may see the figures.

mod pay_bill;
mod pay_bill_csv;
mod period;
mod report;
mod rows;

pub use pay_bill::{import_pay_bills, parse_pounds, save_pay_bill, PayBillDraft, PayBillImport};
pub use pay_bill_csv::{parse_pay_bill_csv, EmployerRef, ParsedPayBills, PayBillRow, PAY_BILL_COLUMNS};
pub use period::{last_complete_period_date, next_publication_deadline, PublicationDue};
pub use report::{employer_in_scope, facility_report, report_employers, FacilityReport, MissingData};
pub use rows::{hours, pounds, report_rows, FigureRow};
