//! Linking an enquiry to the member who sent it, when the sender's address matched nobody
//! (or matched the wrong person). Staff find the member among those they may see, by name,
//! e-mail address or membership number, and choose one; the enquiry then sits at that
//! member's workplace (for scopes and routing) and can become a case.
//!
//! The write is guarded: it names the member the enquiry had when the page was read, so a
//! colleague's correction in between is not silently overwritten (409). The member model has
//! one e-mail address, so the sender's address is not remembered for the member.

use steward_domain::ids::MemberId;
use steward_domain::permissions::{authorize, Action, Target};

use crate::members::search_members;
use crate::ports::{EnquiryDetail, EnquiryId, MemberPage, MemberQuery, Store};
use crate::{AppError, RequestContext};

/// How many members a search on the enquiry page offers.
pub const MEMBER_CHOICES: u32 = 10;

const CHOOSE_A_MEMBER: &str =
    "Choose one of the members you can see: search by name, e-mail address or membership number";

async fn workable(store: &dyn Store, ctx: &RequestContext, id: EnquiryId) -> Result<EnquiryDetail, AppError> {
    super::load(store, ctx, id, Action::WorkOnEnquiry).await
}

/// Members the asker may see matching `text`, to link the enquiry to (the member search,
/// held to the asker's scope). Blank text offers nobody.
pub async fn member_choices(
    store: &dyn Store,
    ctx: &RequestContext,
    id: EnquiryId,
    text: &str,
) -> Result<MemberPage, AppError> {
    workable(store, ctx, id).await?;
    if text.trim().is_empty() {
        return Ok(MemberPage { members: Vec::new(), total: 0, page: 1, per_page: MEMBER_CHOICES });
    }
    let query = MemberQuery {
        scope: ctx.actor.scope,
        text: Some(text.to_owned()),
        status: None,
        workplace: None,
        branch: None,
        employer: None,
        page: 1,
        per_page: MEMBER_CHOICES,
    };
    search_members(store, ctx, query).await.map_err(|error| match error {
        // The search box on the enquiry page is `member_q`, not the member list's `q`.
        AppError::Invalid(errors) => {
            AppError::field("member_q", errors.get("q").unwrap_or("Search for a name, address or number"))
        }
        other => other,
    })
}

/// Links the enquiry to `member`, or moves a wrong link to them. Linking it to the member it
/// already has changes nothing.
pub async fn link_member(store: &dyn Store, ctx: &RequestContext, id: EnquiryId, member: i64) -> Result<(), AppError> {
    let detail = workable(store, ctx, id).await?;
    if detail.summary.status == "closed" {
        return Err(AppError::field(
            "member_id",
            "This enquiry is closed: its member can no longer be changed (a case opened from it keeps its own members)",
        ));
    }
    // An unknown member and one outside the asker's scope get the same answer, so ids
    // reveal nothing.
    let found = match member {
        1.. => store.member(MemberId(member)).await?,
        _ => None,
    };
    let Some(found) = found else { return Err(AppError::field("member_id", CHOOSE_A_MEMBER)) };
    let path = store.workplace_path(found.workplace).await?;
    let allowed = path.is_some_and(|path| {
        authorize(&ctx.actor, Action::ViewMember, Target::At(path)).is_allowed()
            && authorize(&ctx.actor, Action::WorkOnEnquiry, Target::At(path)).is_allowed()
    });
    if !allowed {
        return Err(AppError::field("member_id", CHOOSE_A_MEMBER));
    }
    if detail.summary.member == Some(found.id) {
        return Ok(());
    }
    let before = detail.summary.member.map_or_else(|| "none".to_owned(), |m| m.to_string());
    let audit = ctx.audit(
        "enquiry.link_member",
        "enquiry",
        Some(id.to_string()),
        format!("member {before} -> {} ({})", found.id, found.membership_number),
    );
    Ok(store.link_enquiry_member(id, detail.summary.member, found.id, found.workplace, &audit).await?)
}
