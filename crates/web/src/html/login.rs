//! Sign in and sign out. The login form is protected by a double-submit cookie (there is
//! no session yet to hold a CSRF token) plus the origin check; a new session token is issued
//! at every sign-in, so a session can never be fixed in advance.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use chrono::Utc;
use serde::Deserialize;
use steward_app::auth::SESSION_LIFETIME_HOURS;
use steward_app::secrets::random_token;
use steward_app::AppError;

use super::form::constant_time_eq;
use super::{render_with_status, CsrfForm, HtmlError};
use crate::auth::{client_address, cookie, set_cookie, Auth, LOGIN_CSRF_COOKIE, SESSION_COOKIE};
use crate::state::AppState;

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    csrf_token: String,
    next: String,
    email: String,
    error: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    #[serde(default)]
    next: String,
}

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    csrf_token: String,
    #[serde(default)]
    next: String,
}

pub async fn login_page(State(state): State<AppState>, Query(query): Query<LoginQuery>) -> Response {
    show_form(&state, StatusCode::OK, safe_next(&query.next), String::new(), None)
}

pub async fn login_submit(
    State(state): State<AppState>,
    request_parts: axum::http::request::Parts,
    Form(form): Form<LoginForm>,
) -> Response {
    let next = safe_next(&form.next);
    let expected = cookie(&request_parts.headers, LOGIN_CSRF_COOKIE).unwrap_or_default();
    if expected.is_empty() || !constant_time_eq(expected.as_bytes(), form.csrf_token.as_bytes()) {
        let message = "The sign-in form had expired. Please try again.".to_owned();
        return show_form(&state, StatusCode::FORBIDDEN, next, form.email, Some(message));
    }
    let source = client_address(&request_parts);
    match steward_app::auth::login(state.store.as_ref(), &form.email, &form.password, source.as_deref(), Utc::now())
        .await
    {
        Ok(outcome) => {
            let max_age = SESSION_LIFETIME_HOURS * 3600;
            let session = set_cookie(SESSION_COOKIE, &outcome.session_token, max_age, state.config.secure_cookies);
            let clear_csrf = set_cookie(LOGIN_CSRF_COOKIE, "", 0, state.config.secure_cookies);
            let mut response = Redirect::to(&next).into_response();
            let headers = response.headers_mut();
            for value in [session, clear_csrf] {
                if let Ok(value) = value.parse() {
                    headers.append(header::SET_COOKIE, value);
                }
            }
            response
        }
        Err(AppError::Unauthenticated) => {
            let message = "The email address or password is not right.".to_owned();
            show_form(&state, StatusCode::UNAUTHORIZED, next, form.email, Some(message))
        }
        Err(AppError::Throttled { retry_after_secs }) => {
            let minutes = (retry_after_secs + 59) / 60;
            let message =
                format!("Too many failed attempts. For your security, sign-in is paused for up to {minutes} minutes.");
            show_form(&state, StatusCode::TOO_MANY_REQUESTS, next, form.email, Some(message))
        }
        Err(other) => HtmlError(other).into_response(),
    }
}

fn show_form(state: &AppState, status: StatusCode, next: String, email: String, error: Option<String>) -> Response {
    let csrf_token = random_token();
    let page = LoginPage { csrf_token: csrf_token.clone(), next, email, error };
    let mut response = render_with_status(status, &page);
    if let Ok(value) = set_cookie(LOGIN_CSRF_COOKIE, &csrf_token, 3600, state.config.secure_cookies).parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Only a local path may follow sign-in.
fn safe_next(next: &str) -> String {
    crate::auth::local_path(next).unwrap_or("/").to_owned()
}

#[derive(Deserialize)]
pub struct EmptyForm {}

pub async fn logout(
    State(state): State<AppState>,
    auth: Auth,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Response {
    if let Some(token) = &auth.session_token {
        if let Err(error) = steward_app::auth::logout(state.store.as_ref(), &auth.context(), token).await {
            return HtmlError(error).into_response();
        }
    }
    signed_out(&state)
}

pub async fn logout_everywhere(
    State(state): State<AppState>,
    auth: Auth,
    CsrfForm(EmptyForm {}): CsrfForm<EmptyForm>,
) -> Response {
    match steward_app::auth::logout_everywhere(state.store.as_ref(), &auth.context()).await {
        Ok(_) => signed_out(&state),
        Err(error) => HtmlError(error).into_response(),
    }
}

fn signed_out(state: &AppState) -> Response {
    let mut response = Redirect::to("/login").into_response();
    if let Ok(value) = set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies).parse() {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}
