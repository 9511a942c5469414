//! Static assets compiled into the binary, so one file is the whole application.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};

const ASSETS: [(&str, &str, &str); 3] = [
    ("app.css", "text/css; charset=utf-8", include_str!("../../static/app.css")),
    ("letter.css", "text/css; charset=utf-8", include_str!("../../static/letter.css")),
    ("app.js", "text/javascript; charset=utf-8", include_str!("../../static/app.js")),
];

pub async fn asset(Path(file): Path<String>) -> Response {
    match ASSETS.iter().find(|(name, _, _)| *name == file) {
        Some((_, content_type, body)) => {
            ([(header::CONTENT_TYPE, *content_type), (header::CACHE_CONTROL, "public, max-age=3600")], *body)
                .into_response()
        }
        None => (StatusCode::NOT_FOUND, "No such file").into_response(),
    }
}
