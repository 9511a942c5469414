use steward_domain::permissions::{authorize, Action, Target};

use crate::ports::{EnquiryQuery, EnquirySummary, Store};
use crate::{AppError, RequestContext};

/// The open enquiries the asker may see, soonest due first.
pub async fn enquiry_queue(
    store: &dyn Store,
    ctx: &RequestContext,
    query: EnquiryQuery,
) -> Result<Vec<EnquirySummary>, AppError> {
    ctx.require(Action::ViewEnquiries, Target::Any)?;
    if !(1..=500).contains(&query.limit) {
        return Err(AppError::field("limit", "Ask for between 1 and 500 enquiries"));
    }
    if query.offset > 1_000_000 {
        return Err(AppError::field("page", "That page is beyond the end of the queue"));
    }
    let query = EnquiryQuery { scope: ctx.actor.scope, ..query };
    let all = store.enquiry_queue(&query).await?;
    Ok(all
        .into_iter()
        .filter(|summary| authorize(&ctx.actor, Action::ViewEnquiries, super::target_of(summary)).is_allowed())
        .collect())
}
