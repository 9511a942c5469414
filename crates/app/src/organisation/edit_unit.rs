use steward_domain::field_errors::FieldErrors;
use steward_domain::organisation::{parse_org_name, Nation, OrgUnit};
use steward_domain::permissions::{Action, Target};

use crate::ports::Store;
use crate::{AppError, RequestContext};

/// Renames a region, branch, employer or workplace; for a workplace the nation (which sets
/// its bank holidays) may change too. `nation` is ignored for the other kinds.
pub async fn edit_unit(
    store: &dyn Store,
    ctx: &RequestContext,
    unit: OrgUnit,
    id: i64,
    name: &str,
    nation: Option<&str>,
) -> Result<(), AppError> {
    ctx.require(Action::ManageOrganisation, Target::Any)?;
    if id < 1 {
        return Err(AppError::NotFound);
    }
    let mut errors = FieldErrors::new();
    let name = errors.take("name", parse_org_name(name));
    let nation = match (unit, nation) {
        (OrgUnit::Workplace, Some(raw)) => errors.take("nation", Nation::parse(raw)),
        (OrgUnit::Workplace, None) => {
            errors.add("nation", "Choose the nation the workplace is in");
            None
        }
        _ => None,
    };
    let Some(name) = name.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let detail = match nation {
        Some(nation) => format!("renamed to {name}, in {}", nation.as_str()),
        None => format!("renamed to {name}"),
    };
    let audit = ctx.audit(&format!("{}.update", unit.singular()), unit.singular(), Some(id.to_string()), detail);
    Ok(store.edit_org_unit(unit, id, &name, nation, &audit).await?)
}
