//! The public contact form: members (and anyone else) send the union an enquiry without
//! signing in. There is no session, so instead of a CSRF token the form carries a signed,
//! time-stamped token (`steward_app::enquiries::form_token`), which also keeps out bots that
//! post without loading the form or faster than a person types. Which anti-spam check
//! failed is never said.

use askama::Template;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use steward_app::enquiries::{issue_form_token, submit_web_enquiry, IntakeSettings, WebEnquiryForm, WebEnquiryOutcome};
use steward_app::AppError;
use steward_domain::enquiry::uk_time::to_uk_local;
use steward_domain::field_errors::FieldErrors;

use super::{render, render_with_status, HtmlError};
use crate::auth::client_address;
use crate::state::AppState;

#[derive(Deserialize, Default)]
pub struct ContactFields {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    phone: String,
    #[serde(default)]
    membership_number: String,
    #[serde(default)]
    workplace: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    message: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    form_token: String,
}

#[derive(Template)]
#[template(path = "contact/form.html")]
struct ContactPage {
    title: &'static str,
    values: ContactFields,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "contact/thanks.html")]
struct ThanksPage {
    reference: String,
    respond_by: String,
    acknowledged: bool,
}

#[derive(Template)]
#[template(path = "contact/notice.html")]
struct NoticePage {
    title: &'static str,
    paragraphs: Vec<String>,
}

pub async fn contact_page(State(state): State<AppState>) -> Response {
    let secret = match state.contact_form_secret().await {
        Ok(secret) => secret,
        Err(error) => return HtmlError(error).into_response(),
    };
    let values = ContactFields { form_token: issue_form_token(secret, Utc::now()), ..ContactFields::default() };
    render(&ContactPage { title: "Ask the union a question", values, errors: FieldErrors::new() })
}

pub async fn contact_submit(State(state): State<AppState>, parts: Parts, body: Bytes) -> Response {
    // Every field defaults to empty, so only a body that is not a form at all fails here;
    // that is no person's doing, and gets the same answer as a failed token.
    let Ok(fields) = serde_urlencoded::from_bytes::<ContactFields>(&body) else { return refused() };
    let secret = match state.contact_form_secret().await {
        Ok(secret) => secret,
        Err(error) => return HtmlError(error).into_response(),
    };
    let form = WebEnquiryForm {
        name: fields.name.clone(),
        email: fields.email.clone(),
        phone: fields.phone.clone(),
        membership_number: fields.membership_number.clone(),
        workplace: fields.workplace.clone(),
        subject: fields.subject.clone(),
        message: fields.message.clone(),
        website: fields.website.clone(),
        form_token: fields.form_token.clone(),
    };
    let settings = IntakeSettings::standard(&state.config.mail_address);
    let source = client_address(&parts);
    match submit_web_enquiry(state.store.as_ref(), &form, secret, source.as_deref(), &settings, Utc::now()).await {
        Ok(WebEnquiryOutcome::Opened { reference, respond_by, acknowledged, .. }) => render(&ThanksPage {
            reference: reference.to_string(),
            respond_by: to_uk_local(respond_by).format("%A %-d %B at %H:%M").to_string(),
            acknowledged,
        }),
        Ok(WebEnquiryOutcome::Refused) => refused(),
        Err(AppError::Invalid(errors)) => {
            // The token already passed its checks; it goes back in the form so that the
            // corrected form is not refused as too fresh.
            let page = ContactPage { title: "Error: Ask the union a question", values: fields, errors };
            render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(AppError::Throttled { retry_after_secs }) => too_many(retry_after_secs),
        Err(other) => HtmlError(other).into_response(),
    }
}

fn refused() -> Response {
    let page = NoticePage {
        title: "Your message could not be sent",
        paragraphs: vec![
            "The form may have been open for too long, or sent before it had finished loading.".into(),
            "Nothing was saved. Please open the form again, fill it in and send it.".into(),
        ],
    };
    render_with_status(StatusCode::BAD_REQUEST, &page)
}

fn too_many(retry_after_secs: i64) -> Response {
    let minutes = (retry_after_secs + 59) / 60;
    let page = NoticePage {
        title: "Too many messages",
        paragraphs: vec![
            "We have already received several messages from you or from this connection.".into(),
            format!("Nothing was saved. Please try again in {minutes} minutes, or phone your branch if it is urgent."),
        ],
    };
    let mut response = render_with_status(StatusCode::TOO_MANY_REQUESTS, &page);
    if let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string()) {
        response.headers_mut().insert(header::RETRY_AFTER, value);
    }
    response
}
