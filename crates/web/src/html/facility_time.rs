//! `/facility-time`: an employer's statutory facility-time publication figures for a
//! reporting period (the four Schedule 2 tables as HTML tables), the 31 July deadline, what
//! data is missing, and the form for the employer's pay bill. `/facility-time.csv` downloads
//! the same figures in a tidy long format: one row per figure, with the columns
//! `employer_id,employer,period_start,period_end,table,measure,value` (see
//! `steward_app::facility::report_rows` for the measures; blank values are not yet known).

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate, Utc};
use serde::Deserialize;
use steward_app::facility::{FacilityReport, MissingData, PayBillDraft};
use steward_app::ports::Employer;
use steward_app::AppError;
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::facility::figures::Band;
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::EmployerId;
use steward_domain::permissions::{authorize, Action, Target};

use super::members::Choice;
use super::{render_with_status, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::state::AppState;

/// The first reporting period began on 1 April 2017.
const FIRST_PERIOD_YEAR: i32 = 2017;

#[derive(Template)]
#[template(path = "facility/report.html")]
struct FacilityPage {
    layout: Layout,
    employers: Vec<Choice>,
    periods: Vec<Choice>,
    no_error: Option<&'static str>,
    errors: FieldErrors,
    report: Option<ReportView>,
    can_enter: bool,
    bill: PayBillForm,
}

/// The report as the page shows it: every figure already written out.
struct ReportView {
    employer_id: i64,
    employer_name: String,
    period_label: String,
    period_start: String,
    deadline_label: String,
    deadline_passed: bool,
    period_ended: bool,
    required_text: &'static str,
    warnings: Vec<String>,
    missing: MissingData,
    headcount: u32,
    fte: String,
    bands: Vec<(&'static str, u32)>,
    unbanded: u32,
    cost: String,
    pay_bill: String,
    pay_bill_percent: String,
    pay_bill_updated: Option<String>,
    facility_hours: String,
    paid_activity_hours: String,
    paid_activity_percent: String,
    csv_href: String,
    api_path: String,
}

/// Which employer and period: any date in the period (the page offers each period's 1 April).
#[derive(Deserialize, Default)]
pub struct ReportParams {
    #[serde(default)]
    employer_id: Option<String>,
    #[serde(default)]
    date: Option<String>,
}

#[derive(Deserialize, Default)]
pub struct PayBillForm {
    #[serde(default)]
    employer_id: String,
    #[serde(default)]
    period_start: String,
    #[serde(default)]
    pay_bill: String,
    #[serde(default)]
    months_over_49_employees: String,
}

pub async fn page(State(state): State<AppState>, auth: Auth, Query(params): Query<ReportParams>) -> Response {
    show(&state, &auth, &params, StatusCode::OK, PayBillForm::default(), FieldErrors::new()).await
}

pub async fn save_pay_bill(
    State(state): State<AppState>,
    auth: Auth,
    CsrfForm(form): CsrfForm<PayBillForm>,
) -> Response {
    let draft = PayBillDraft {
        employer_id: form.employer_id.clone(),
        period_start: form.period_start.clone(),
        pay_bill: form.pay_bill.clone(),
        months_over_49_employees: form.months_over_49_employees.clone(),
    };
    match steward_app::facility::save_pay_bill(state.store.as_ref(), &auth.context(), &draft).await {
        Ok(bill) => {
            Redirect::to(&format!("/facility-time?employer_id={}&date={}#pay-bill", bill.employer.0, bill.period_start))
                .into_response()
        }
        Err(AppError::Invalid(errors)) => {
            let params =
                ReportParams { employer_id: Some(form.employer_id.clone()), date: Some(form.period_start.clone()) };
            show(&state, &auth, &params, StatusCode::UNPROCESSABLE_ENTITY, form, errors).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

/// The figures as CSV, one row per figure (see the module comment).
pub async fn csv(State(state): State<AppState>, auth: Auth, Query(params): Query<ReportParams>) -> Response {
    let ctx = auth.context();
    let employers = match steward_app::facility::report_employers(state.store.as_ref(), &ctx).await {
        Ok(employers) => employers,
        Err(error) => return HtmlError(error).into_response(),
    };
    let (employer, date) = match choose(&params, &employers) {
        Ok(Some(choice)) => choice,
        Ok(None) => return HtmlError(AppError::NotFound).into_response(),
        Err(error) => return HtmlError(error).into_response(),
    };
    let report = match steward_app::facility::facility_report(state.store.as_ref(), &ctx, employer, date).await {
        Ok(report) => report,
        Err(error) => return HtmlError(error).into_response(),
    };
    let mut body = String::from("employer_id,employer,period_start,period_end,table,measure,value\r\n");
    for row in steward_app::facility::report_rows(&report) {
        let fields = [
            report.employer.id.0.to_string(),
            report.employer.name.clone(),
            report.period_start.to_string(),
            report.period_end.to_string(),
            row.table.to_owned(),
            row.measure.to_owned(),
            row.value,
        ];
        let line: Vec<String> = fields.iter().map(|field| csv_field(field)).collect();
        body.push_str(&line.join(","));
        body.push_str("\r\n");
    }
    let filename = format!("facility-time-{}-{}.csv", report.employer.id.0, report.period_start.year());
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_owned()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{filename}\"")),
            (header::CACHE_CONTROL, "no-store".to_owned()),
        ],
        body,
    )
        .into_response()
}

/// One CSV field: quoted when it needs to be, and text a spreadsheet would run as a formula
/// (starting =, +, -, @) prefixed with an apostrophe. Only names are text here; numbers are
/// never negative.
fn csv_field(value: &str) -> String {
    let value =
        if value.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{value}") } else { value.to_owned() };
    if value.contains([',', '"', '\r', '\n']) {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value
    }
}

/// The employer and date asked for, defaulting to the first employer and the last complete
/// period; `None` when there is no employer to show. A malformed id names no employer (404),
/// a malformed date is a field problem (422).
fn choose(params: &ReportParams, employers: &[Employer]) -> Result<Option<(EmployerId, NaiveDate)>, AppError> {
    let today = to_uk_local(Utc::now()).date();
    let date = match params.date.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => steward_app::facility::last_complete_period_date(today),
        Some(raw) => NaiveDate::parse_from_str(raw, "%Y-%m-%d")
            .map_err(|_| AppError::field("date", "Choose a reporting period (a date like 2025-04-01)"))?,
    };
    let employer = match params.employer_id.as_deref().map(str::trim).filter(|id| !id.is_empty()) {
        None => match employers.first() {
            Some(first) => first.id,
            None => return Ok(None),
        },
        Some(raw) => EmployerId(raw.parse::<i64>().ok().filter(|id| *id > 0).ok_or(AppError::NotFound)?),
    };
    Ok(Some((employer, date)))
}

async fn show(
    state: &AppState,
    auth: &Auth,
    params: &ReportParams,
    mut status: StatusCode,
    bill: PayBillForm,
    mut errors: FieldErrors,
) -> Response {
    let ctx = auth.context();
    let employers = match steward_app::facility::report_employers(state.store.as_ref(), &ctx).await {
        Ok(employers) => employers,
        Err(error) => return HtmlError(error).into_response(),
    };
    let choice = match choose(params, &employers) {
        Ok(choice) => choice,
        Err(AppError::Invalid(problems)) => {
            for (field, message) in problems.iter() {
                errors.add(field, message);
            }
            status = StatusCode::UNPROCESSABLE_ENTITY;
            None
        }
        Err(other) => return HtmlError(other).into_response(),
    };
    let mut report = None;
    if let Some((employer, date)) = choice {
        match steward_app::facility::facility_report(state.store.as_ref(), &ctx, employer, date).await {
            Ok(found) => report = Some(found),
            Err(AppError::Invalid(problems)) => {
                for (field, message) in problems.iter() {
                    errors.add(field, message);
                }
                status = StatusCode::UNPROCESSABLE_ENTITY;
            }
            Err(other) => return HtmlError(other).into_response(),
        }
    }
    let today = to_uk_local(Utc::now()).date();
    let chosen_employer = report.as_ref().map(|r| r.employer.id).or(choice.map(|(employer, _)| employer));
    let employer_choices = employers
        .iter()
        .map(|e| Choice { value: e.id.0.to_string(), label: e.name.clone(), selected: Some(e.id) == chosen_employer })
        .collect();
    let chosen_start = report.as_ref().map(|r| r.period_start);
    let periods = period_choices(today, chosen_start);
    let can_enter = authorize(&ctx.actor, Action::EnterPayBill, Target::Any).is_allowed();
    let bill = match &report {
        Some(found) if errors.is_empty() => PayBillForm {
            pay_bill: found.pay_bill.map(|s| steward_app::facility::pounds(s.bill.pay_bill_pence)).unwrap_or_default(),
            months_over_49_employees: found
                .pay_bill
                .and_then(|s| s.bill.months_over_49_employees)
                .map(|m| m.to_string())
                .unwrap_or_default(),
            ..PayBillForm::default()
        },
        _ => bill,
    };
    let title = if errors.is_empty() { "Facility time figures" } else { "Error: Facility time figures" };
    let page = FacilityPage {
        layout: Layout::new(auth, title, "/facility-time"),
        employers: employer_choices,
        periods,
        no_error: None,
        errors,
        report: report.map(|found| view(&found, today)),
        can_enter,
        bill,
    };
    render_with_status(status, &page)
}

/// Every period from the first (2017-18) to the one running now, newest first.
fn period_choices(today: NaiveDate, chosen: Option<NaiveDate>) -> Vec<Choice> {
    let current = if today.month() >= 4 { today.year() } else { today.year() - 1 };
    (FIRST_PERIOD_YEAR..=current.max(FIRST_PERIOD_YEAR))
        .rev()
        .filter_map(|year| NaiveDate::from_ymd_opt(year, 4, 1))
        .map(|start| {
            let running = if start.year() == current { " (running now)" } else { "" };
            Choice {
                value: start.to_string(),
                label: format!("April {} to March {}{running}", start.year(), start.year() + 1),
                selected: Some(start) == chosen,
            }
        })
        .collect()
}

/// Pence as £1,234,567.89.
fn money(pence: u64) -> String {
    let pounds = (pence / 100).to_string();
    let mut grouped = String::new();
    for (index, digit) in pounds.chars().enumerate() {
        if index > 0 && (pounds.len() - index).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("£{grouped}.{:02}", pence % 100)
}

fn long_date(date: NaiveDate) -> String {
    date.format("%A %-d %B %Y").to_string()
}

fn view(report: &FacilityReport, today: NaiveDate) -> ReportView {
    let figures = &report.figures;
    let not_known = || "Not known yet".to_owned();
    let query = format!("employer_id={}&date={}", report.employer.id.0, report.period_start);
    ReportView {
        employer_id: report.employer.id.0,
        employer_name: report.employer.name.clone(),
        period_label: format!(
            "{} to {}",
            report.period_start.format("%-d %B %Y"),
            report.period_end.format("%-d %B %Y")
        ),
        period_start: report.period_start.to_string(),
        deadline_label: long_date(report.publication_deadline),
        deadline_passed: report.publication_deadline < today,
        period_ended: report.period_ended,
        required_text: match report.required {
            Some(true) => "Yes: it had a relevant union official and more than 49 employees for at least 7 months.",
            Some(false) => {
                "No: it needs a relevant union official and more than 49 employees throughout at least 7 months."
            }
            None => "Not known: enter the months with more than 49 employees with the pay bill.",
        },
        warnings: report.warnings.iter().map(|w| w.message.clone()).collect(),
        missing: report.missing.clone(),
        headcount: figures.headcount,
        fte: format!("{:.2}", figures.fte_total),
        bands: Band::ALL.into_iter().map(Band::label).zip(figures.bands).collect(),
        unbanded: figures.unbanded,
        cost: figures.total_cost_pence.map_or_else(not_known, money),
        pay_bill: report.pay_bill.map_or_else(not_known, |stored| money(stored.bill.pay_bill_pence)),
        pay_bill_percent: figures.pay_bill_percent.map_or_else(not_known, |percent| format!("{percent:.2}%")),
        pay_bill_updated: report
            .pay_bill
            .map(|stored| to_uk_local(stored.updated_at).format("%-d %B %Y at %H:%M").to_string()),
        facility_hours: steward_app::facility::hours(figures.facility_minutes),
        paid_activity_hours: steward_app::facility::hours(figures.paid_activity_minutes),
        paid_activity_percent: format!("{:.2}%", figures.paid_activity_percent),
        csv_href: format!("/facility-time.csv?{query}"),
        api_path: format!("/api/v1/facility-time?{query}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_grouped_in_thousands() {
        assert_eq!(money(4_785_000), "£47,850.00");
        assert_eq!(money(1_000_000_000), "£10,000,000.00");
        assert_eq!(money(99), "£0.99");
        assert_eq!(money(100_000), "£1,000.00");
    }

    #[test]
    fn csv_fields_are_quoted_and_formulas_defused() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("A, B"), "\"A, B\"");
        assert_eq!(csv_field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
    }
}
