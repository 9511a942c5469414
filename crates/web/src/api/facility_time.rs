//! `/api/v1/facility-time`: an employer's statutory facility-time publication figures for the
//! reporting period containing a date (SI 2017/328 Schedule 2), with the deadline, whether the
//! employer must report and what data is missing. Each read is audited. The pay bill the
//! figures need is entered per employer and period (`PUT .../pay-bills/{period_start}`).

use axum::extract::{Path, State};
use axum::Json;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use steward_app::facility::{FacilityReport, PayBillDraft};
use steward_app::AppError;
use steward_domain::facility::figures::Band;
use steward_domain::ids::EmployerId;

use super::{parse_path_id, ApiJson, ApiQuery};
use crate::auth::Auth;
use crate::problem::{ApiError, Problem};
use crate::state::AppState;

#[derive(Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct FacilityTimeParams {
    /// The employer whose figures these are.
    #[param(minimum = 1)]
    pub employer_id: i64,
    /// Any date in the April-to-March reporting period (from 2017-04-01).
    #[param(value_type = String, format = Date)]
    pub date: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct EmployerRefOut {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct WarningOut {
    /// A stable code, e.g. DUTY_MAY_BE_REPEALED.
    pub code: String,
    pub message: String,
}

/// Table 1.
#[derive(Serialize, utoipa::ToSchema)]
pub struct OfficialsOut {
    /// Employees who were relevant union officials during the period.
    pub headcount: u32,
    /// Their full-time equivalent, to two decimal places.
    pub fte: f64,
}

/// One row of table 2.
#[derive(Serialize, utoipa::ToSchema)]
pub struct BandOut {
    /// none, up_to_half, more_than_half or full.
    pub band: String,
    /// 0%, 1-50%, 51-99% or 100%.
    pub label: String,
    pub officials: u32,
}

/// Table 3. Absent figures are not known yet (a cost per hour or the pay bill not entered).
#[derive(Serialize, utoipa::ToSchema)]
pub struct PayBillOut {
    pub total_cost_pence: Option<u64>,
    pub pay_bill_pence: Option<u64>,
    /// Total cost as a percentage of the pay bill, unrounded.
    pub percent: Option<f64>,
    pub months_over_49_employees: Option<u32>,
}

/// Table 4.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PaidActivitiesOut {
    pub facility_minutes: u64,
    pub paid_activity_minutes: u64,
    /// Paid trade union activities as a percentage of paid facility time, unrounded.
    pub percent: f64,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct MissingOut {
    /// Officials whose profile lacks contracted or full-time hours.
    pub officials_without_hours: Vec<String>,
    /// Officials with paid facility time whose cost per hour is not entered.
    pub officials_without_cost: Vec<String>,
    pub pay_bill: bool,
    pub employee_months: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct FacilityTimeOut {
    pub employer: EmployerRefOut,
    #[schema(format = Date, value_type = String)]
    pub period_start: String,
    #[schema(format = Date, value_type = String)]
    pub period_end: String,
    #[schema(format = Date, value_type = String)]
    pub publication_deadline: String,
    pub period_ended: bool,
    /// Whether the employer must publish; absent until the months with more than 49
    /// employees are entered.
    pub required: Option<bool>,
    pub duty_repeal_pending: bool,
    pub warnings: Vec<WarningOut>,
    pub officials: OfficialsOut,
    pub bands: Vec<BandOut>,
    /// Officials with facility time whose contracted hours are missing, so in no band.
    pub unbanded_officials: u32,
    pub pay_bill: PayBillOut,
    pub paid_activities: PaidActivitiesOut,
    pub missing: MissingOut,
}

fn band_name(band: Band) -> &'static str {
    match band {
        Band::None => "none",
        Band::UpToHalf => "up_to_half",
        Band::MoreThanHalf => "more_than_half",
        Band::Full => "full",
    }
}

impl From<FacilityReport> for FacilityTimeOut {
    fn from(report: FacilityReport) -> Self {
        let figures = &report.figures;
        Self {
            employer: EmployerRefOut { id: report.employer.id.0, name: report.employer.name.clone() },
            period_start: report.period_start.to_string(),
            period_end: report.period_end.to_string(),
            publication_deadline: report.publication_deadline.to_string(),
            period_ended: report.period_ended,
            required: report.required,
            duty_repeal_pending: report.duty_repeal_pending,
            warnings: report
                .warnings
                .iter()
                .map(|w| WarningOut { code: w.code.to_owned(), message: w.message.clone() })
                .collect(),
            officials: OfficialsOut { headcount: figures.headcount, fte: (figures.fte_total * 100.0).round() / 100.0 },
            bands: Band::ALL
                .into_iter()
                .zip(figures.bands)
                .map(|(band, officials)| BandOut {
                    band: band_name(band).to_owned(),
                    label: band.label().to_owned(),
                    officials,
                })
                .collect(),
            unbanded_officials: figures.unbanded,
            pay_bill: PayBillOut {
                total_cost_pence: figures.total_cost_pence,
                pay_bill_pence: report.pay_bill.map(|stored| stored.bill.pay_bill_pence),
                percent: figures.pay_bill_percent,
                months_over_49_employees: report.pay_bill.and_then(|stored| stored.bill.months_over_49_employees),
            },
            paid_activities: PaidActivitiesOut {
                facility_minutes: figures.facility_minutes,
                paid_activity_minutes: figures.paid_activity_minutes,
                percent: figures.paid_activity_percent,
            },
            missing: MissingOut {
                officials_without_hours: report.missing.officials_without_hours.clone(),
                officials_without_cost: report.missing.officials_without_cost.clone(),
                pay_bill: report.missing.pay_bill,
                employee_months: report.missing.employee_months,
            },
        }
    }
}

#[utoipa::path(get, path = "/api/v1/facility-time", tag = "facility-time", params(FacilityTimeParams),
    responses((status = 200, body = FacilityTimeOut),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json"),
              (status = 503, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn show(
    State(state): State<AppState>,
    auth: Auth,
    ApiQuery(params): ApiQuery<FacilityTimeParams>,
) -> Result<Json<FacilityTimeOut>, ApiError> {
    if params.employer_id < 1 {
        return Err(ApiError(AppError::field("employer_id", "Give an employer id (a whole number from 1)")));
    }
    let date = NaiveDate::parse_from_str(&params.date, "%Y-%m-%d")
        .map_err(|_| ApiError(AppError::field("date", "Give a date like 2025-04-01")))?;
    let report = steward_app::facility::facility_report(
        state.store.as_ref(),
        &auth.context(),
        EmployerId(params.employer_id),
        date,
    )
    .await?;
    Ok(Json(report.into()))
}

/// One employer's pay bill for one reporting period, and how many of its months had more
/// than 49 employees (which says whether it must publish).
#[derive(Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PayBillInput {
    /// The period's total pay bill, in pence.
    #[schema(minimum = 0, maximum = 100000000000000.0)]
    pub pay_bill_pence: i64,
    /// Months of the period with more than 49 employees; absent or null when not known.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 12)]
    pub months_over_49_employees: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct PayBillSavedOut {
    pub employer_id: i64,
    #[schema(format = Date, value_type = String)]
    pub period_start: String,
    pub pay_bill_pence: u64,
    pub months_over_49_employees: Option<u32>,
}

#[utoipa::path(put, path = "/api/v1/employers/{id}/pay-bills/{period_start}", tag = "facility-time",
    operation_id = "save_pay_bill",
    params(("id" = i64, Path, description = "Employer id"),
           ("period_start" = String, Path, format = Date, description = "1 April the reporting period starts")),
    request_body = PayBillInput,
    responses((status = 200, body = PayBillSavedOut, description = "Saved, replacing any earlier figure"),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 401, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 413, body = Problem, content_type = "application/problem+json"),
              (status = 415, body = Problem, content_type = "application/problem+json"),
              (status = 422, body = Problem, content_type = "application/problem+json")),
    security(("bearer" = [])))]
pub async fn save_pay_bill(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, period_start)): Path<(String, String)>,
    ApiJson(input): ApiJson<PayBillInput>,
) -> Result<Json<PayBillSavedOut>, ApiError> {
    let employer = parse_path_id(&id)?;
    let pence = u64::try_from(input.pay_bill_pence)
        .map_err(|_| ApiError(AppError::field("pay_bill_pence", "Give the pay bill in pence, from 0")))?;
    let months = match input.months_over_49_employees {
        None => String::new(),
        Some(months) if (0..=12).contains(&months) => months.to_string(),
        Some(_) => {
            return Err(ApiError(AppError::field("months_over_49_employees", "Give a number of months from 0 to 12")))
        }
    };
    let draft = PayBillDraft {
        employer_id: employer.to_string(),
        period_start,
        pay_bill: steward_app::facility::pounds(pence),
        months_over_49_employees: months,
    };
    let saved = match steward_app::facility::save_pay_bill(state.store.as_ref(), &auth.context(), &draft).await {
        Ok(saved) => saved,
        // The employer is the path's: one the caller may not reach is not found.
        Err(AppError::Invalid(errors)) if errors.iter().any(|(field, _)| field == "employer_id") => {
            return Err(ApiError(AppError::NotFound))
        }
        Err(AppError::Invalid(errors)) => {
            let mut renamed = steward_domain::field_errors::FieldErrors::new();
            for (field, message) in errors.iter() {
                renamed.add(if field == "pay_bill" { "pay_bill_pence" } else { field }, message);
            }
            return Err(ApiError(AppError::Invalid(renamed)));
        }
        Err(error) => return Err(ApiError(error)),
    };
    Ok(Json(PayBillSavedOut {
        employer_id: saved.employer.0,
        period_start: saved.period_start.to_string(),
        pay_bill_pence: saved.pay_bill_pence,
        months_over_49_employees: saved.months_over_49_employees,
    }))
}
