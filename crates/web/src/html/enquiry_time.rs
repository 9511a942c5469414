//! The enquiry page's quick "Log time" form (the `enquiries/time.html` partial): union time
//! spent on an enquiry (a phone call, drafting a reply), through the same use case as `/time`
//! and the case page's form. A refused form shows the enquiry again with the problem beside
//! its field; a logged one comes back to the enquiry with a notice.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use steward_app::ports::EnquiryDetail;
use steward_app::{AppError, RequestContext};
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::field_errors::FieldErrors;
use steward_domain::permissions::{authorize, Action, Target};

use super::enquiries::{parse_enquiry_id, show, Drafts};
use super::members::Choice;
use super::time_entries::{category_choices, TimeValues};
use super::{CsrfForm, HtmlError};
use crate::auth::Auth;
use crate::state::AppState;

/// What the partial shows.
pub struct EnquiryTimeSection {
    pub categories: Vec<Choice>,
    pub values: TimeValues,
    /// This form's own problems (the page's other forms have fields called `note` too).
    pub errors: FieldErrors,
}

impl EnquiryTimeSection {
    pub fn err(&self, field: &str) -> Option<&str> {
        self.errors.get(field)
    }
}

/// The section, when the viewer may log time here: they log union time and may work on this
/// enquiry. Time may be logged on a closed enquiry too (the call is often written up after).
pub(super) fn section(
    ctx: &RequestContext,
    detail: &EnquiryDetail,
    values: TimeValues,
    errors: FieldErrors,
) -> Option<EnquiryTimeSection> {
    let may_log = authorize(&ctx.actor, Action::LogTime, Target::Any).is_allowed()
        && authorize(&ctx.actor, Action::WorkOnEnquiry, steward_app::enquiries::target_of(&detail.summary))
            .is_allowed();
    if !may_log {
        return None;
    }
    let mut values = values;
    if values.worked_on.trim().is_empty() {
        values.worked_on = to_uk_local(ctx.now).date().to_string();
    }
    Some(EnquiryTimeSection { categories: category_choices(&values.category), values, errors })
}

pub async fn log(
    State(state): State<AppState>,
    auth: Auth,
    Path(id): Path<String>,
    CsrfForm(values): CsrfForm<TimeValues>,
) -> Response {
    let Some(id) = parse_enquiry_id(&id) else { return HtmlError(AppError::NotFound).into_response() };
    let mut draft = values.draft();
    draft.enquiry = Some(id);
    match steward_app::time::log_time(state.store.as_ref(), &auth.context(), &draft).await {
        Ok(_) => Redirect::to(&format!("/enquiries/{id}?done=time#time")).into_response(),
        Err(AppError::Invalid(errors)) => {
            let drafts = Drafts { time: values, time_errors: errors, ..Drafts::default() };
            show(&state, &auth, id, drafts, FieldErrors::new(), StatusCode::UNPROCESSABLE_ENTITY).await
        }
        Err(error) => HtmlError(error).into_response(),
    }
}
