//! The public contact form's token: proof that a submission comes from a form this server
//! handed out a few seconds to two hours earlier. Bots that post straight to the form, or
//! fill it in faster than a person can, fail the check; no third-party service is involved.
//!
//! The token is the issue time and an HMAC-SHA256 of it under a server secret kept in the
//! database (so any instance can check a form another instance served).

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::ports::Store;
use crate::secrets::random_token;
use crate::AppError;

/// A person needs at least this long to fill in the form.
pub const MIN_FORM_AGE_SECS: i64 = 3;
/// A form left open longer than this must be reloaded.
pub const MAX_FORM_AGE_SECS: i64 = 2 * 60 * 60;

const SECRET_NAME: &str = "contact-form-token";
/// Keeps these MACs apart from anything else the same key might ever sign.
const PURPOSE: &[u8] = b"steward contact form v1:";

/// The key that signs form tokens. Its `Debug` does not show it.
#[derive(Clone)]
pub struct FormSecret(Hmac<Sha256>);

impl std::fmt::Debug for FormSecret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FormSecret(..)")
    }
}

impl FormSecret {
    pub fn new(key: &[u8]) -> Result<Self, AppError> {
        <Hmac<Sha256> as Mac>::new_from_slice(key)
            .map(Self)
            .map_err(|error| AppError::Storage(format!("unusable form secret: {error}")))
    }

    fn mac(&self, issued: i64) -> Hmac<Sha256> {
        let mut mac = self.0.clone();
        mac.update(PURPOSE);
        mac.update(issued.to_string().as_bytes());
        mac
    }
}

/// The server's form secret, made and stored on first use.
pub async fn form_secret(store: &dyn Store, now: DateTime<Utc>) -> Result<FormSecret, AppError> {
    let secret = store.server_secret(SECRET_NAME, &random_token(), now).await?;
    FormSecret::new(secret.as_bytes())
}

/// A token for a form served at `now`.
pub fn issue_form_token(secret: &FormSecret, now: DateTime<Utc>) -> String {
    let issued = now.timestamp();
    let tag = secret.mac(issued).finalize().into_bytes();
    format!("{issued}.{}", URL_SAFE_NO_PAD.encode(tag))
}

/// Why a token was not accepted (kept for tests and logs; visitors are never told).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    Malformed,
    Forged,
    TooFresh,
    Expired,
}

pub fn check_form_token(secret: &FormSecret, token: &str, now: DateTime<Utc>) -> Result<(), TokenProblem> {
    let (issued, tag) = token.trim().split_once('.').ok_or(TokenProblem::Malformed)?;
    let issued: i64 = issued.parse().map_err(|_| TokenProblem::Malformed)?;
    let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| TokenProblem::Malformed)?;
    // Compared in constant time.
    secret.mac(issued).verify_slice(&tag).map_err(|_| TokenProblem::Forged)?;
    let age = now.timestamp().saturating_sub(issued);
    if age < MIN_FORM_AGE_SECS {
        return Err(TokenProblem::TooFresh);
    }
    if age > MAX_FORM_AGE_SECS {
        return Err(TokenProblem::Expired);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn a_token_is_accepted_between_three_seconds_and_two_hours_old() {
        let secret = FormSecret::new(b"test secret").unwrap();
        let issued = Utc::now();
        let token = issue_form_token(&secret, issued);
        assert_eq!(check_form_token(&secret, &token, issued), Err(TokenProblem::TooFresh));
        assert_eq!(check_form_token(&secret, &token, issued + Duration::seconds(2)), Err(TokenProblem::TooFresh));
        assert_eq!(check_form_token(&secret, &token, issued + Duration::seconds(3)), Ok(()));
        assert_eq!(check_form_token(&secret, &token, issued + Duration::hours(2)), Ok(()));
        let late = issued + Duration::hours(2) + Duration::seconds(1);
        assert_eq!(check_form_token(&secret, &token, late), Err(TokenProblem::Expired));
    }

    #[test]
    fn tokens_from_another_key_or_altered_are_refused() {
        let secret = FormSecret::new(b"test secret").unwrap();
        let issued = Utc::now() - Duration::minutes(1);
        let other = issue_form_token(&FormSecret::new(b"another secret").unwrap(), issued);
        assert_eq!(check_form_token(&secret, &other, Utc::now()), Err(TokenProblem::Forged));
        let token = issue_form_token(&secret, issued);
        let (_, tag) = token.split_once('.').unwrap();
        let backdated = format!("{}.{tag}", issued.timestamp() - 60);
        assert_eq!(check_form_token(&secret, &backdated, Utc::now()), Err(TokenProblem::Forged));
        for junk in ["", "nonsense", "12.!!", ".abc", "x.abc"] {
            assert_eq!(check_form_token(&secret, junk, Utc::now()), Err(TokenProblem::Malformed), "{junk}");
        }
    }
}
