//! Calendars: a person's private feed at `/calendar/<secret>.ics` (no sign-in: the secret is
//! the credential, checked and audited by the use case; a wrong one is a plain 404), a
//! download per meeting for those who may see its case, and the page that makes a feed
//! address and shows it once.

use askama::Template;
use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use chrono::Utc;
use serde::Deserialize;
use steward_app::ports::CaseId;
use steward_app::AppError;

use super::{render, CsrfForm, HtmlError, Layout};
use crate::auth::Auth;
use crate::calendar::{feed_ics, meeting_ics};
use crate::state::AppState;

/// What calendar events' UIDs end in when the request names no usable host.
const DEFAULT_UID_HOST: &str = "steward";

#[derive(Template)]
#[template(path = "calendar/feed.html")]
struct FeedPage {
    layout: Layout,
    /// The new address, shown once after the button is pressed.
    url: Option<String>,
    /// Whether `url` is only a path (the request named no host to put in front of it).
    path_only: bool,
}

/// The button's form: nothing but the CSRF token.
#[derive(Deserialize, Default)]
pub struct FeedForm {}

pub async fn feed(State(state): State<AppState>, headers: HeaderMap, Path(file): Path<String>) -> Response {
    let Some(token) = file.strip_suffix(".ics") else { return no_calendar() };
    let now = Utc::now();
    match steward_app::cases::calendar_feed(state.store.as_ref(), token, now).await {
        Ok(feed) => ics(feed_ics(&feed, &uid_host(&headers), now), None),
        Err(AppError::NotFound) => no_calendar(),
        Err(other) => HtmlError(other).into_response(),
    }
}

pub async fn meeting(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    Path((id, meeting)): Path<(String, String)>,
) -> Response {
    let (Some(id), Some(meeting)) = (parse_id(&id), parse_id(&meeting)) else {
        return HtmlError(AppError::NotFound).into_response();
    };
    match steward_app::cases::view_meeting(state.store.as_ref(), &auth.context(), meeting).await {
        Ok(found) if found.case == CaseId(id) => {
            let filename = format!("meeting-{}.ics", found.id);
            ics(meeting_ics(&found, &uid_host(&headers), Utc::now()), Some(&filename))
        }
        Ok(_) => HtmlError(AppError::NotFound).into_response(),
        Err(error) => HtmlError(error).into_response(),
    }
}

pub async fn feed_page(auth: Auth) -> Response {
    render(&FeedPage { layout: Layout::new(&auth, "Calendar feed", "/cases"), url: None, path_only: false })
}

pub async fn create_feed(
    State(state): State<AppState>,
    auth: Auth,
    headers: HeaderMap,
    CsrfForm(FeedForm {}): CsrfForm<FeedForm>,
) -> Response {
    let token = match steward_app::cases::create_calendar_feed(state.store.as_ref(), &auth.context()).await {
        Ok(token) => token,
        Err(error) => return HtmlError(error).into_response(),
    };
    let path = crate::api::case_schedule::calendar_feed_path(&token);
    let (url, path_only) = match public_host(&headers) {
        Some(host) => {
            let scheme = if state.config.secure_cookies { "https" } else { "http" };
            (format!("{scheme}://{host}{path}"), false)
        }
        None => (path, true),
    };
    render(&FeedPage { layout: Layout::new(&auth, "Calendar feed", "/cases"), url: Some(url), path_only })
}

fn ics(body: String, attachment: Option<&str>) -> Response {
    let mut response = (StatusCode::OK, body).into_response();
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/calendar; charset=utf-8"));
    // Personal data: no shared cache may keep it (the security layer keeps this value).
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("private, no-store"));
    if let Some(name) = attachment {
        if let Ok(value) = HeaderValue::from_str(&format!("attachment; filename=\"{name}\"")) {
            headers.insert(header::CONTENT_DISPOSITION, value);
        }
    }
    response
}

fn no_calendar() -> Response {
    (StatusCode::NOT_FOUND, "There is no calendar at this address.").into_response()
}

fn parse_id(raw: &str) -> Option<i64> {
    raw.parse::<i64>().ok().filter(|id| *id > 0)
}

/// The Host header, if it is a plain host name or address with an optional port.
pub(crate) fn public_host(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?.trim();
    let ok = !host.is_empty()
        && host.len() <= 260
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'));
    ok.then(|| host.to_ascii_lowercase())
}

/// The host calendar UIDs end in: the request's host without its port, or a constant.
fn uid_host(headers: &HeaderMap) -> String {
    let Some(host) = public_host(headers) else { return DEFAULT_UID_HOST.to_owned() };
    let name = match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or_default().to_owned(),
        None => host.split(':').next().unwrap_or_default().to_owned(),
    };
    if name.is_empty() {
        DEFAULT_UID_HOST.to_owned()
    } else {
        name
    }
}
