//! One HTTP/1.1 keep-alive connection per worker, on hyper's low-level client: no pool, no
//! proxy, no TLS, so each request measures the server and little else.

use std::time::Duration;

use http_body_util::{BodyExt, Full};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper::header::{HeaderMap, HeaderValue, AUTHORIZATION, CONTENT_TYPE, COOKIE, HOST, USER_AGENT};
use hyper::{Method, Request, StatusCode};
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use crate::target::Target;

pub type Body = Full<Bytes>;

/// The credentials sent with every request: the session cookie for pages and the bearer
/// token for `/api/` (the server reads only the one the path needs).
#[derive(Clone, Default)]
pub struct Credentials {
    pub cookie: Option<HeaderValue>,
    pub bearer: Option<HeaderValue>,
}

pub struct Response {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Bytes,
}

pub struct Connection {
    sender: SendRequest<Body>,
}

impl Connection {
    pub async fn open(target: &Target, timeout: Duration) -> Result<Self, String> {
        let stream = tokio::time::timeout(timeout, TcpStream::connect(target.address))
            .await
            .map_err(|_| format!("connecting to {} timed out", target.address))?
            .map_err(|error| format!("cannot connect to {}: {error} (is the server running?)", target.address))?;
        stream.set_nodelay(true).map_err(|error| format!("cannot set TCP_NODELAY: {error}"))?;
        let (sender, connection) = hyper::client::conn::http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|error| format!("HTTP handshake with {} failed: {error}", target.address))?;
        tokio::spawn(async move {
            // Errors surface on the next request through the sender; nothing to do here.
            let _ = connection.await;
        });
        Ok(Self { sender })
    }

    pub fn is_usable(&self) -> bool {
        !self.sender.is_closed()
    }

    /// Sends one request and reads the whole body, within `timeout`.
    pub async fn send(&mut self, request: Request<Body>, timeout: Duration) -> Result<Response, String> {
        let exchange = async {
            self.sender.ready().await.map_err(|error| format!("connection closed: {error}"))?;
            let response =
                self.sender.send_request(request).await.map_err(|error| format!("request failed: {error}"))?;
            let (parts, body) = response.into_parts();
            let body =
                body.collect().await.map_err(|error| format!("reading the response failed: {error}"))?.to_bytes();
            Ok(Response { status: parts.status, headers: parts.headers, body })
        };
        tokio::time::timeout(timeout, exchange)
            .await
            .map_err(|_| format!("no answer within {} s", timeout.as_secs()))?
    }
}

/// A GET for `path` with the credentials attached.
pub fn get(target: &Target, path: &str, credentials: &Credentials) -> Result<Request<Body>, String> {
    let mut builder =
        Request::builder().method(Method::GET).uri(path).header(HOST, &target.host).header(USER_AGENT, "steward-bench");
    if let Some(cookie) = &credentials.cookie {
        builder = builder.header(COOKIE, cookie);
    }
    if let Some(bearer) = &credentials.bearer {
        builder = builder.header(AUTHORIZATION, bearer);
    }
    builder.body(Full::new(Bytes::new())).map_err(|error| format!("cannot build a request for {path}: {error}"))
}

/// A form POST (used only to sign in).
pub fn post_form(target: &Target, path: &str, cookie: &HeaderValue, form: String) -> Result<Request<Body>, String> {
    Request::builder()
        .method(Method::POST)
        .uri(path)
        .header(HOST, &target.host)
        .header(USER_AGENT, "steward-bench")
        .header(CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(COOKIE, cookie)
        .body(Full::new(Bytes::from(form)))
        .map_err(|error| format!("cannot build a request for {path}: {error}"))
}

/// The value of cookie `name` among the response's `Set-Cookie` headers.
pub fn set_cookie_value(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(hyper::header::SET_COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .filter_map(|value| value.split(';').next())
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, value)| *key == name && !value.is_empty())
        .map(|(_, value)| value.to_owned())
}

/// A short description of an unexpected answer, naming a redirect's target.
pub fn describe_status(response: &Response) -> String {
    let location = response.headers.get(hyper::header::LOCATION).and_then(|value| value.to_str().ok());
    match location {
        Some(location) => format!("status {} (to {location})", response.status),
        None => format!("status {}", response.status),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_set_cookie_values() {
        let mut headers = HeaderMap::new();
        headers.append(hyper::header::SET_COOKIE, HeaderValue::from_static("steward_login_csrf=; Path=/; Max-Age=0"));
        headers.append(hyper::header::SET_COOKIE, HeaderValue::from_static("steward_session=abc-_1; Path=/; HttpOnly"));
        assert_eq!(set_cookie_value(&headers, "steward_session").as_deref(), Some("abc-_1"));
        assert_eq!(set_cookie_value(&headers, "steward_login_csrf"), None);
        assert_eq!(set_cookie_value(&headers, "other"), None);
    }
}
