//! Bank holidays proclaimed after the compiled-in list was made: administrators add them and
//! every calculation counts them.

use steward_domain::deadlines::Calendar;
use steward_domain::field_errors::FieldErrors;
use steward_domain::member::parse_iso_date;
use steward_domain::organisation::{parse_org_name, Nation};
use steward_domain::permissions::{Action, Target};

use crate::ports::{ExtraHoliday, NewHoliday, Store};
use crate::{AppError, RequestContext};

#[derive(Debug, Clone, Default)]
pub struct HolidayDraft {
    pub nation: String,
    pub date: String,
    pub name: String,
}

pub async fn add_extra_holiday(store: &dyn Store, ctx: &RequestContext, draft: &HolidayDraft) -> Result<i64, AppError> {
    ctx.require(Action::ManageCalendar, Target::Any)?;
    let mut errors = FieldErrors::new();
    let nation = errors.take("nation", Nation::parse(&draft.nation));
    let date = errors.take(
        "date",
        parse_iso_date(&draft.date).ok_or_else(|| format!("\"{}\" is not a date: use the form 2027-06-07", draft.date)),
    );
    let name = errors.take("name", parse_org_name(&draft.name));
    let (Some(nation), Some(date), Some(name)) = (nation, date, name) else {
        return Err(AppError::Invalid(errors));
    };
    let audit = ctx.audit("holiday.create", "bank_holiday", None, format!("{name} on {date} in {}", nation.as_str()));
    store.add_extra_holiday(&NewHoliday { nation, date, name }, &audit).await.map_err(|error| match error {
        crate::ports::StoreError::Duplicate { .. } => AppError::field("date", "That day is already a holiday there"),
        other => other.into(),
    })
}

pub async fn list_extra_holidays(store: &dyn Store, ctx: &RequestContext) -> Result<Vec<ExtraHoliday>, AppError> {
    ctx.require(Action::UseCalculator, Target::Any)?;
    Ok(store.extra_holidays().await?)
}

/// The compiled-in calendar plus every holiday an administrator has added.
pub async fn calendar(store: &dyn Store) -> Result<Calendar, AppError> {
    let extra = store.extra_holidays().await?;
    Ok(extra.into_iter().fold(Calendar::compiled(), |calendar, h| calendar.with_extra_holiday(h.nation, h.date)))
}
