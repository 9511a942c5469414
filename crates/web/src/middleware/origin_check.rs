//! Refuses cross-site form posts: for unsafe methods on HTML routes, the `Origin` header
//! (or, failing that, `Sec-Fetch-Site`) must say the request came from this site. This is
//! the second line behind the per-session CSRF token every form carries.

use axum::extract::Request;
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub async fn origin_check(request: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*request.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && !request.uri().path().starts_with("/api/") && !same_site(&request) {
        return (StatusCode::FORBIDDEN, "This form was sent from another site, so it was refused.").into_response();
    }
    next.run(request).await
}

fn same_site(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(origin) = headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        let host = headers.get(header::HOST).and_then(|v| v.to_str().ok()).unwrap_or_default();
        let origin_host = origin.split_once("://").map_or("", |(_, rest)| rest);
        return !host.is_empty() && origin_host == host;
    }
    match headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        Some(site) => site == "same-origin" || site == "none",
        None => true,
    }
}
