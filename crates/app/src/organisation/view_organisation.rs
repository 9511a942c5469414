use steward_domain::permissions::{Action, Target};

use crate::ports::{Organisation, Store};
use crate::{AppError, RequestContext};

pub async fn view_organisation(store: &dyn Store, ctx: &RequestContext) -> Result<Organisation, AppError> {
    ctx.require(Action::ViewOrganisation, Target::Any)?;
    Ok(store.organisation().await?)
}
