//! The union's case rules: the eligibility qualifying period and whether members in
//! arrears are represented.

use steward_domain::case::eligibility::EligibilityRule;
use steward_domain::permissions::{Action, Target};

use crate::ports::{CaseSettings, Store};
use crate::{AppError, RequestContext};

pub async fn case_settings(store: &dyn Store, ctx: &RequestContext) -> Result<CaseSettings, AppError> {
    ctx.require(Action::ListCases, Target::Any)?;
    Ok(store.case_settings().await?)
}

pub async fn save_case_settings(
    store: &dyn Store,
    ctx: &RequestContext,
    qualifying_weeks: &str,
    represent_in_arrears: bool,
) -> Result<CaseSettings, AppError> {
    ctx.require(Action::ManageCaseSettings, Target::Any)?;
    let weeks: u32 = qualifying_weeks
        .trim()
        .parse()
        .map_err(|_| AppError::field("qualifying_weeks", "Give the qualifying period in whole weeks (0 for none)"))?;
    let eligibility = EligibilityRule::new(weeks, represent_in_arrears)
        .map_err(|message| AppError::field("qualifying_weeks", message))?;
    let settings = CaseSettings { eligibility };
    let detail = format!("qualifying_weeks={weeks} represent_in_arrears={represent_in_arrears}");
    store.save_case_settings(&settings, &ctx.audit("case_settings.save", "case_settings", None, detail)).await?;
    Ok(settings)
}
