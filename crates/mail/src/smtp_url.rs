//! Where outgoing mail goes: `smtps://[USER@]HOST[:PORT]` (TLS from the first byte, port 465)
//! or `smtp://[USER@]HOST[:PORT]` (STARTTLS required, port 587; plain text, port 25, only to
//! this machine). The rules match the IMAP address's (`imap/address.rs`): the password never
//! travels in the URL, so it never shows in `ps`, shell history or logs.

use std::fmt;

use percent_encoding::percent_decode_str;

use crate::tls::is_loopback;
use crate::Security;

/// A parsed SMTP server address. `Display` shows it without any secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmtpUrl {
    pub security: Security,
    pub host: String,
    pub port: u16,
    /// The user to sign in as, if the server wants a sign-in (a provider always does).
    pub user: Option<String>,
}

impl SmtpUrl {
    pub fn parse(text: &str) -> Result<Self, String> {
        let form = "use smtps://USER@HOST:PORT (TLS) or smtp://USER@HOST:PORT (STARTTLS); USER@ is optional";
        let url = url::Url::parse(text).map_err(|error| format!("\"{text}\" is not an SMTP URL ({error}): {form}"))?;
        let tls = match url.scheme() {
            "smtps" => true,
            "smtp" => false,
            other => return Err(format!("\"{other}\" is not an SMTP scheme: {form}")),
        };
        if url.password().is_some() {
            return Err(
                "the SMTP URL must not hold the password: give it in a password file (--smtp-password-file) or STEWARD_SMTP_PASSWORD"
                    .into(),
            );
        }
        if !matches!(url.path(), "" | "/") || url.query().is_some() || url.fragment().is_some() {
            return Err(format!("the SMTP URL has a path, query or fragment Steward does not understand: {form}"));
        }
        let host = match url.host() {
            Some(url::Host::Domain(name)) if !name.is_empty() => name.to_owned(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            _ => return Err(format!("the SMTP URL needs a host: {form}")),
        };
        let user = percent_decode_str(url.username())
            .decode_utf8()
            .map_err(|_| "the SMTP user name is not valid UTF-8 once decoded".to_owned())?
            .into_owned();
        if user.chars().any(char::is_control) {
            return Err("the SMTP user name contains control characters".into());
        }
        let user = Some(user).filter(|user| !user.is_empty());
        let (security, default_port) = if tls {
            (Security::Tls, 465)
        } else if is_loopback(&host) {
            (Security::Plain, 25)
        } else {
            (Security::StartTls, 587)
        };
        let port = url.port().unwrap_or(default_port);
        if port == 0 {
            return Err("0 is not a port".into());
        }
        Ok(Self { security, host, port, user })
    }
}

impl fmt::Display for SmtpUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.security == Security::Tls { "smtps" } else { "smtp" };
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        let user = self.user.as_ref().map(|user| format!("{user}@")).unwrap_or_default();
        write!(f, "{scheme}://{user}{host}:{}", self.port)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn smtps_is_tls_from_the_first_byte_on_port_465() {
        let url = SmtpUrl::parse("smtps://enquiries%40union.example@smtp.provider.example").unwrap();
        assert_eq!(url.security, Security::Tls);
        assert_eq!(url.host, "smtp.provider.example");
        assert_eq!(url.port, 465);
        assert_eq!(url.user.as_deref(), Some("enquiries@union.example"));
        assert_eq!(url.to_string(), "smtps://enquiries@union.example@smtp.provider.example:465");
        let url = SmtpUrl::parse("smtps://u@smtp.provider.example:2465").unwrap();
        assert_eq!((url.security, url.port), (Security::Tls, 2465));
        // TLS is kept to loopback too: the scheme asked for it.
        let url = SmtpUrl::parse("smtps://u@localhost:4650/").unwrap();
        assert_eq!((url.security, url.port, url.host.as_str()), (Security::Tls, 4650, "localhost"));
    }

    #[test]
    fn smtp_to_another_machine_requires_starttls_on_port_587() {
        let url = SmtpUrl::parse("smtp://steward@smtp.provider.example").unwrap();
        assert_eq!((url.security, url.port), (Security::StartTls, 587));
        assert_eq!(url.to_string(), "smtp://steward@smtp.provider.example:587");
        let url = SmtpUrl::parse("smtp://relay.union.example:25").unwrap();
        assert_eq!((url.security, url.port, url.user), (Security::StartTls, 25, None));
        let url = SmtpUrl::parse("smtp://192.0.2.7").unwrap();
        assert_eq!((url.security, url.port), (Security::StartTls, 587));
    }

    #[test]
    fn smtp_to_this_machine_may_stay_plain_on_port_25() {
        for (text, host, port) in [
            ("smtp://127.0.0.1:2525", "127.0.0.1", 2525),
            ("smtp://localhost", "localhost", 25),
            ("smtp://LOCALHOST:26", "LOCALHOST", 26),
            ("smtp://u@[::1]:2525", "::1", 2525),
            ("smtp://127.0.0.2", "127.0.0.2", 25),
        ] {
            let url = SmtpUrl::parse(text).unwrap();
            assert_eq!((url.security, url.host.as_str(), url.port), (Security::Plain, host, port), "{text}");
        }
        assert_eq!(SmtpUrl::parse("smtp://u@[::1]:2525").unwrap().to_string(), "smtp://u@[::1]:2525");
    }

    #[test]
    fn bad_addresses_say_why_and_never_echo_a_password() {
        for (text, reason) in [
            ("smtp.provider.example:587", "not an SMTP scheme"),
            ("relay", "not an SMTP URL"),
            ("http://smtp.provider.example", "not an SMTP scheme"),
            ("smtps://u:secret@smtp.provider.example", "must not hold the password"),
            ("smtp://u:secret@127.0.0.1:25", "must not hold the password"),
            ("smtps://:secret@smtp.provider.example", "must not hold the password"),
            ("smtps://u@:465", "SMTP URL"),
            ("smtp://", "needs a host"),
            ("smtps://u@smtp.provider.example:99999", "SMTP URL"),
            ("smtps://u@smtp.provider.example:0", "not a port"),
            ("smtps://u@smtp.provider.example/inbox", "path"),
            ("smtps://u@smtp.provider.example?auth=plain", "query"),
            ("smtps://%FF@smtp.provider.example", "UTF-8"),
            ("smtps://a%0Ab@smtp.provider.example", "control characters"),
        ] {
            let error = SmtpUrl::parse(text).unwrap_err();
            assert!(error.contains(reason), "{text}: {error}");
            assert!(!error.contains("secret"), "{error}");
        }
    }
}
