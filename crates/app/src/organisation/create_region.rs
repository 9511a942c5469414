use steward_domain::ids::RegionId;
use steward_domain::organisation::parse_org_name;
use steward_domain::permissions::{Action, Target};

use crate::ports::Store;
use crate::{AppError, RequestContext};

pub async fn create_region(store: &dyn Store, ctx: &RequestContext, name: &str) -> Result<RegionId, AppError> {
    ctx.require(Action::ManageOrganisation, Target::Any)?;
    let name = parse_org_name(name).map_err(|message| AppError::field("name", message))?;
    let audit = ctx.audit("region.create", "region", None, name.clone());
    Ok(store.create_region(&name, &audit).await?)
}
