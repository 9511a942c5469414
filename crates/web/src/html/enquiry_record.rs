//! The parts of the enquiry page that make it a finished record: the "Link to a member"
//! quick action (a search among the members the viewer may see, then a choice), and the
//! downloads of what the sender sent (attachments, and the message as it arrived). The use
//! cases are `app/src/enquiries/link_member.rs` and `enquiry_files.rs`.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use steward_app::ports::{EnquiryDetail, MemberRecord};
use steward_app::{AppError, RequestContext};
use steward_domain::field_errors::FieldErrors;
use steward_domain::ids::MemberId;
use steward_domain::permissions::{authorize, Action};

use super::enquiries::{parse_enquiry_id, show, Drafts};
use super::{CsrfForm, HtmlError};
use crate::auth::Auth;
use crate::state::AppState;

/// The "Link to a member" section of the enquiry page.
pub struct LinkSection {
    /// Whether the enquiry has a member already (the section then offers to change it).
    pub linked: bool,
    /// The member it is linked to now, if any.
    pub current: Option<MemberId>,
    /// What was searched for, kept in the box.
    pub query: String,
    /// Whether a search ran (so "nobody found" can be said).
    pub searched: bool,
    pub choices: Vec<MemberRecord>,
    /// More matched than are shown.
    pub more: bool,
}

impl LinkSection {
    /// Open (not folded away) when there is no member yet or the viewer is searching.
    pub fn open(&self) -> bool {
        !self.linked || self.searched
    }

    /// Whether this choice is the member the enquiry is linked to now.
    pub fn is_current(&self, member: &MemberId) -> bool {
        self.current == Some(*member)
    }
}

/// The section, when the viewer may work on this open enquiry. A search problem (too long,
/// control characters) goes into `errors` under `member_q`.
pub(super) async fn section(
    state: &AppState,
    ctx: &RequestContext,
    detail: &EnquiryDetail,
    query: Option<String>,
    errors: &mut FieldErrors,
) -> Result<Option<LinkSection>, AppError> {
    let target = steward_app::enquiries::target_of(&detail.summary);
    if detail.summary.status == "closed" || !authorize(&ctx.actor, Action::WorkOnEnquiry, target).is_allowed() {
        return Ok(None);
    }
    let query = query.unwrap_or_default();
    let mut section = LinkSection {
        linked: detail.summary.member.is_some(),
        current: detail.summary.member,
        searched: !query.trim().is_empty(),
        query,
        choices: Vec::new(),
        more: false,
    };
    let id = detail.summary.id;
    match steward_app::enquiries::member_choices(state.store.as_ref(), ctx, id, &section.query).await {
        Ok(page) => {
            section.more = page.total > i64::try_from(page.members.len()).unwrap_or(i64::MAX);
            section.choices = page.members;
        }
        Err(AppError::Invalid(problems)) => {
            let message = problems.get("member_q").unwrap_or("Search for a name, address or number").to_owned();
            errors.add("member_q", message);
        }
        Err(other) => return Err(other),
    }
    Ok(Some(section))
}

#[derive(Deserialize)]
pub struct LinkForm {
    #[serde(default)]
    member_id: String,
    /// The search the choice came from, to show the choices again after a problem.
    #[serde(default)]
    member_q: String,
}

pub async fn link(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(form): CsrfForm<LinkForm>,
) -> Response {
    let Some(id) = parse_enquiry_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let again = |errors: FieldErrors, status: StatusCode| {
        let drafts = Drafts { member_q: Some(form.member_q.clone()), ..Drafts::default() };
        show(&state, &auth, id, drafts, errors, status)
    };
    let Ok(member) = form.member_id.trim().parse::<i64>() else {
        let mut errors = FieldErrors::new();
        errors.add("member_id", "Choose the member this enquiry is from");
        return again(errors, StatusCode::UNPROCESSABLE_ENTITY).await;
    };
    match steward_app::enquiries::link_member(state.store.as_ref(), &auth.context(), id, member).await {
        Ok(()) => Redirect::to(&format!("/enquiries/{id}?done=linked")).into_response(),
        Err(AppError::Invalid(errors)) => again(errors, StatusCode::UNPROCESSABLE_ENTITY).await,
        Err(AppError::Conflict { message, .. }) => {
            let mut errors = FieldErrors::new();
            errors.add("member_id", message);
            again(errors, StatusCode::CONFLICT).await
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

fn positive(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|n| *n > 0)
}

pub async fn download_attachment(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, attachment)): Path<(String, String)>,
) -> Response {
    let (Some(id), Some(attachment)) = (parse_enquiry_id(&id), positive(&attachment)) else {
        return HtmlError(AppError::NotFound).into_response();
    };
    match steward_app::enquiries::download_attachment(state.store.as_ref(), &auth.context(), id, attachment).await {
        Ok(file) => crate::api::enquiry_record::download(file),
        Err(error) => HtmlError(error).into_response(),
    }
}

pub async fn download_original(
    State(state): State<AppState>,
    auth: Auth,
    Path((id, message)): Path<(String, String)>,
) -> Response {
    let (Some(id), Some(message)) = (parse_enquiry_id(&id), positive(&message)) else {
        return HtmlError(AppError::NotFound).into_response();
    };
    match steward_app::enquiries::download_original(state.store.as_ref(), &auth.context(), id, message).await {
        Ok(file) => crate::api::enquiry_record::download(file),
        Err(error) => HtmlError(error).into_response(),
    }
}
