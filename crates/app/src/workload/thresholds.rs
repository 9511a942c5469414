//! A branch's workload thresholds: the score from which a person is near capacity, and the one
//! from which they are over it.

use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::BranchId;
use steward_domain::permissions::{Action, Target};
use steward_domain::workload::Thresholds;

use crate::ports::{BranchThresholds, Store};
use crate::{AppError, RequestContext};

pub async fn save_branch_thresholds(
    store: &dyn Store,
    ctx: &RequestContext,
    branch: BranchId,
    near: &str,
    over: &str,
) -> Result<(), AppError> {
    ctx.require(Action::ManageWorkloadSettings, Target::Any)?;
    let org = store.organisation().await?;
    let known = org.branch(branch).ok_or(AppError::NotFound)?;
    let in_scope = match ctx.actor.scope {
        steward_domain::organisation::Scope::Union => true,
        steward_domain::organisation::Scope::Region(region) => known.region == region,
        steward_domain::organisation::Scope::Branch(own) => own == branch,
        steward_domain::organisation::Scope::Workplace(_) => false,
    };
    if !in_scope {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::new();
    let near = errors.take("near", parse_score(near));
    let over = errors.take("over", parse_score(over));
    let (Some(near), Some(over)) = (near, over) else { return Err(AppError::Invalid(errors)) };
    let thresholds = Thresholds::new(near, over).map_err(|message| AppError::field("over", message))?;
    let audit = ctx.audit(
        "workload.thresholds_save",
        "branch",
        Some(branch.to_string()),
        format!("near {}, over {}", thresholds.near, thresholds.over),
    );
    let saved = BranchThresholds {
        branch,
        near_tenths: (thresholds.near * 10.0).round() as u32,
        over_tenths: (thresholds.over * 10.0).round() as u32,
    };
    Ok(store.save_branch_thresholds(&saved, &audit).await?)
}

/// A score with at most one decimal place.
fn parse_score(raw: &str) -> Result<f64, String> {
    let message = || "Give a score like 20 or 22.5".to_string();
    let text = raw.trim();
    if text.split_once('.').is_some_and(|(_, decimals)| decimals.len() > 1) {
        return Err(message());
    }
    let value: f64 = text.parse().map_err(|_| message())?;
    if !value.is_finite() || value <= 0.0 || value > 1000.0 {
        return Err("Give a score above 0 and at most 1000".into());
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_have_at_most_one_decimal() {
        assert_eq!(parse_score("22.5"), Ok(22.5));
        assert_eq!(parse_score(" 20 "), Ok(20.0));
        for bad in ["22.55", "0", "-3", "ten", "NaN", "1e9"] {
            assert!(parse_score(bad).is_err(), "{bad}");
        }
    }
}
