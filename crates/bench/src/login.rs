//! Signing in through the login form, as a browser does: GET /login for the form's CSRF token
//! and its double-submit cookie, then POST /login, which answers 303 with the session cookie.

use std::time::Duration;

use hyper::header::HeaderValue;
use hyper::StatusCode;

use crate::conn::{describe_status, get, post_form, set_cookie_value, Connection, Credentials};
use crate::target::Target;

const CSRF_COOKIE: &str = "steward_login_csrf";
const SESSION_COOKIE: &str = "steward_session";

/// Returns the `Cookie` header value that carries the new session.
pub async fn sign_in(target: &Target, email: &str, password: &str, timeout: Duration) -> Result<HeaderValue, String> {
    let mut connection = Connection::open(target, timeout).await?;
    let form_page = connection.send(get(target, "/login", &Credentials::default())?, timeout).await?;
    if form_page.status != StatusCode::OK {
        return Err(format!("GET /login answered {}", describe_status(&form_page)));
    }
    let csrf_cookie = set_cookie_value(&form_page.headers, CSRF_COOKIE)
        .ok_or_else(|| format!("GET /login set no {CSRF_COOKIE} cookie; is this a Steward server?"))?;
    let html = String::from_utf8_lossy(&form_page.body);
    let csrf_token = hidden_field(&html, "csrf_token")
        .ok_or_else(|| "the /login page has no csrf_token field; is this a Steward server?".to_owned())?;

    let form = serde_urlencoded::to_string([
        ("email", email),
        ("password", password),
        ("csrf_token", csrf_token.as_str()),
        ("next", "/"),
    ])
    .map_err(|error| format!("cannot encode the sign-in form: {error}"))?;
    let cookie = header_value(&format!("{CSRF_COOKIE}={csrf_cookie}"))?;
    if !connection.is_usable() {
        connection = Connection::open(target, timeout).await?;
    }
    let answer = connection.send(post_form(target, "/login", &cookie, form)?, timeout).await?;
    match answer.status {
        StatusCode::SEE_OTHER | StatusCode::FOUND => {}
        StatusCode::UNAUTHORIZED => return Err(format!("sign-in as {email} was refused: wrong email or password")),
        StatusCode::TOO_MANY_REQUESTS => {
            return Err(format!("sign-in as {email} is throttled after failed attempts; wait and try again"));
        }
        _ => return Err(format!("POST /login answered {}", describe_status(&answer))),
    }
    let session = set_cookie_value(&answer.headers, SESSION_COOKIE)
        .ok_or_else(|| format!("POST /login answered {} but set no {SESSION_COOKIE} cookie", answer.status))?;
    header_value(&format!("{SESSION_COOKIE}={session}"))
}

pub fn header_value(raw: &str) -> Result<HeaderValue, String> {
    HeaderValue::from_str(raw).map_err(|_| "a cookie or token holds characters not allowed in a header".to_owned())
}

/// The value of `<input type="hidden" name="NAME" value="...">` in a page.
fn hidden_field(html: &str, name: &str) -> Option<String> {
    let marker = format!("name=\"{name}\"");
    let input_start = html[..html.find(&marker)?].rfind("<input")?;
    let input_end = input_start + html[input_start..].find('>')?;
    let input = &html[input_start..input_end];
    let value_start = input.find("value=\"")? + "value=\"".len();
    let value_len = input[value_start..].find('"')?;
    Some(input[value_start..value_start + value_len].to_owned())
}

#[cfg(test)]
mod tests {
    use super::hidden_field;

    #[test]
    fn reads_hidden_fields() {
        let html = r#"<form><input type="hidden" name="next" value="/">
            <input type="hidden" name="csrf_token" value="AbC-_123"><input name="email"></form>"#;
        assert_eq!(hidden_field(html, "csrf_token").as_deref(), Some("AbC-_123"));
        assert_eq!(hidden_field(html, "next").as_deref(), Some("/"));
        assert_eq!(hidden_field(html, "email"), None);
        assert_eq!(hidden_field(html, "missing"), None);
    }
}
