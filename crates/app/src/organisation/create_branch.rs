use steward_domain::ids::{BranchId, RegionId};
use steward_domain::organisation::parse_org_name;
use steward_domain::permissions::{Action, Target};

use crate::ports::Store;
use crate::{AppError, RequestContext};

pub async fn create_branch(
    store: &dyn Store,
    ctx: &RequestContext,
    region: RegionId,
    name: &str,
) -> Result<BranchId, AppError> {
    ctx.require(Action::ManageOrganisation, Target::Any)?;
    let name = parse_org_name(name).map_err(|message| AppError::field("name", message))?;
    let audit = ctx.audit("branch.create", "branch", None, format!("{name} in region {region}"));
    store.create_branch(region, &name, &audit).await.map_err(|error| match error {
        crate::ports::StoreError::MissingReference => AppError::field("region_id", "Choose a region that exists"),
        other => other.into(),
    })
}
