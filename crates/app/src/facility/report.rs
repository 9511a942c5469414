//! An employer's facility-time figures for one reporting period. The relevant union officials
//! are everyone with time entries at the employer in the period, and everyone active whose
//! profile names the employer. Their contracted and full-time hours for the period are their
//! weekly minutes × days in the period ÷ 7; their cost per hour is their profile's. What is
//! missing (hours, costs, the pay bill) is said plainly rather than guessed.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use steward_domain::deadlines::rules::facility_time_publication::{facility_time_publication, FacilityTimeInput};
use steward_domain::deadlines::Warning;
use steward_domain::facility::figures::{facility_figures, FacilityFigures, OfficialYear};
use steward_domain::ids::EmployerId;
use steward_domain::organisation::{Nation, OrgPath};
use steward_domain::permissions::{Action, Target};

use crate::ports::{Employer, OfficialTime, Organisation, Store, StoredPayBill};
use crate::{AppError, RequestContext};

/// The figures and everything the page, the CSV and the API say around them.
#[derive(Debug, Clone, PartialEq)]
pub struct FacilityReport {
    pub employer: Employer,
    pub period_start: NaiveDate,
    pub period_end: NaiveDate,
    pub publication_deadline: NaiveDate,
    /// Whether the employer must publish; `None` until the months with more than 49
    /// employees are entered with the pay bill.
    pub required: Option<bool>,
    pub duty_repeal_pending: bool,
    /// The rule's warnings (repeal pending, public sector only, Northern Ireland).
    pub warnings: Vec<Warning>,
    pub figures: FacilityFigures,
    pub pay_bill: Option<StoredPayBill>,
    pub missing: MissingData,
    /// Whether the period has ended (figures for a period still running are partial).
    pub period_ended: bool,
}

/// What the figures lack, by name so someone can put it right.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MissingData {
    /// Officials whose profile lacks contracted or full-time hours: they count at 0 FTE and,
    /// if they had facility time, in no band (`FacilityFigures::unbanded`).
    pub officials_without_hours: Vec<String>,
    /// Officials with paid facility time whose cost per hour is not entered: no cost figure.
    pub officials_without_cost: Vec<String>,
    pub pay_bill: bool,
    /// Months with more than 49 employees, for whether the employer must report.
    pub employee_months: bool,
}

impl MissingData {
    pub fn is_empty(&self) -> bool {
        self.officials_without_hours.is_empty()
            && self.officials_without_cost.is_empty()
            && !self.pay_bill
            && !self.employee_months
    }
}

/// The employer, if it exists and the asker's scope reaches one of its workplaces (a
/// union-wide scope reaches every employer); otherwise not found.
pub fn employer_in_scope(
    ctx: &RequestContext,
    action: Action,
    organisation: &Organisation,
    employer: EmployerId,
) -> Result<Employer, AppError> {
    let found = organisation.employer(employer).ok_or(AppError::NotFound)?;
    if ctx.require(action, Target::Unplaced).is_ok() {
        return Ok(found.clone());
    }
    let reachable = organisation.workplaces.iter().filter(|w| w.employer == employer).any(|workplace| {
        let Some(branch) = organisation.branch(workplace.branch) else { return false };
        let path = OrgPath { region: branch.region, branch: branch.id, workplace: workplace.id };
        ctx.require(action, Target::At(path)).is_ok()
    });
    if reachable {
        Ok(found.clone())
    } else {
        Err(AppError::NotFound)
    }
}

/// The employers whose figures the asker may see, by name (for the page's choice).
pub async fn report_employers(store: &dyn Store, ctx: &RequestContext) -> Result<Vec<Employer>, AppError> {
    ctx.require(Action::ViewFacilityReport, Target::Any)?;
    let organisation = store.organisation().await?;
    let mut employers: Vec<Employer> = organisation
        .employers
        .iter()
        .filter(|employer| employer_in_scope(ctx, Action::ViewFacilityReport, &organisation, employer.id).is_ok())
        .cloned()
        .collect();
    employers.sort_by_key(|a| a.name.to_lowercase());
    Ok(employers)
}

/// The Regulations do not reach Northern Ireland: an employer all of whose workplaces are
/// there is treated as a Northern Ireland employer.
fn employer_nation(organisation: &Organisation, employer: EmployerId) -> Nation {
    let mut nations = organisation.workplaces.iter().filter(|w| w.employer == employer).map(|w| w.nation).peekable();
    if nations.peek().is_some() && nations.all(|nation| nation == Nation::NorthernIreland) {
        Nation::NorthernIreland
    } else {
        Nation::EnglandAndWales
    }
}

/// Hours in the period from hours a week, rounded to the minute.
fn for_period(minutes_per_week: u32, days: u64) -> u64 {
    (u64::from(minutes_per_week) * days + 3) / 7
}

pub async fn facility_report(
    store: &dyn Store,
    ctx: &RequestContext,
    employer: EmployerId,
    date_in_period: NaiveDate,
) -> Result<FacilityReport, AppError> {
    ctx.require(Action::ViewFacilityReport, Target::Any)?;
    let organisation = store.organisation().await?;
    let employer = employer_in_scope(ctx, Action::ViewFacilityReport, &organisation, employer)?;
    let nation = employer_nation(&organisation, employer.id);
    let period = |months, officials| {
        let input = FacilityTimeInput {
            date_in_period,
            months_over_49_employees: months,
            relevant_officials: officials,
            nation,
        };
        facility_time_publication(&input).map_err(|error| AppError::field("date", error.to_string()))
    };
    let (first, _) = period(None, None)?;
    let (start, end) = (first.period_start, first.period_end);
    let days = u64::try_from((end - start).num_days() + 1).unwrap_or(365);

    let times: BTreeMap<_, OfficialTime> =
        store.facility_time_by_official(employer.id, start, end).await?.into_iter().map(|t| (t.user, t)).collect();
    let with_entries: Vec<_> = times.keys().copied().collect();
    let people = store.facility_officials(employer.id, &with_entries).await?;
    let mut missing = MissingData::default();
    let mut years = Vec::with_capacity(people.len());
    for person in people.iter().filter(|person| person.active || times.contains_key(&person.user)) {
        let time = times.get(&person.user);
        let facility_minutes = time.map_or(0, |t| t.facility_minutes);
        let profile = person.profile;
        let (contracted_minutes, full_time_minutes) =
            match (profile.contracted_minutes_per_week, profile.full_time_minutes_per_week) {
                (Some(contracted), Some(full)) if contracted > 0 && full > 0 => {
                    (for_period(contracted, days), for_period(full, days))
                }
                _ => {
                    missing.officials_without_hours.push(person.name.clone());
                    (0, 0)
                }
            };
        if profile.hourly_cost_pence.is_none() && facility_minutes > 0 {
            missing.officials_without_cost.push(person.name.clone());
        }
        years.push(OfficialYear {
            contracted_minutes,
            full_time_minutes,
            facility_minutes,
            paid_activity_minutes: time.map_or(0, |t| t.paid_activity_minutes),
            hourly_cost_pence: profile.hourly_cost_pence,
        });
    }
    let pay_bill = store.pay_bill(employer.id, start).await?;
    missing.pay_bill = pay_bill.is_none();
    let months = pay_bill.and_then(|stored| stored.bill.months_over_49_employees);
    missing.employee_months = months.is_none();
    let figures = facility_figures(&years, pay_bill.map(|stored| stored.bill.pay_bill_pence));
    let (publication, warnings) = period(months, Some(figures.headcount))?;

    let detail = format!("{}: period {start} to {end}", employer.name);
    store.record(&ctx.audit("facility_time.report_view", "employer", Some(employer.id.to_string()), detail)).await?;
    Ok(FacilityReport {
        employer,
        period_start: start,
        period_end: end,
        publication_deadline: publication.publication_deadline,
        required: publication.required,
        duty_repeal_pending: publication.duty_repeal_pending,
        warnings,
        figures,
        pay_bill,
        missing,
        period_ended: end < ctx.now.date_naive(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weekly_hours_scale_to_the_period() {
        assert_eq!(for_period(2_220, 365), 115_757);
        assert_eq!(for_period(7, 366), 366);
        assert_eq!(for_period(0, 365), 0);
    }
}
