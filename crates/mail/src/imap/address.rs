//! Where the mailbox is: `imaps://USER@HOST:PORT/FOLDER` (TLS from the first byte) or
//! `imap://USER@HOST:PORT/FOLDER` (STARTTLS, or plain text only to this machine). The password
//! never travels in the URL, so it never shows in `ps`, shell history or logs.

use std::fmt;
use std::net::IpAddr;

use percent_encoding::percent_decode_str;

/// How the connection is protected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    /// `imaps://`: TLS from the first byte (port 993 by default).
    Tls,
    /// `imap://` to another machine: the connection is upgraded with STARTTLS before the
    /// password is sent, and refused if the server cannot.
    StartTls,
    /// `imap://` to a loopback address: nothing leaves the machine, so no TLS.
    Plain,
}

/// A parsed IMAP mailbox address. `Display` shows it without any secret.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImapUrl {
    pub security: Security,
    pub host: String,
    pub port: u16,
    pub user: String,
    pub folder: String,
}

impl ImapUrl {
    pub fn parse(text: &str) -> Result<Self, String> {
        let form = "use imaps://USER@HOST:PORT/FOLDER or imap://USER@HOST:PORT/FOLDER";
        let url = url::Url::parse(text).map_err(|error| format!("\"{text}\" is not an IMAP URL ({error}): {form}"))?;
        let tls = match url.scheme() {
            "imaps" => true,
            "imap" => false,
            other => return Err(format!("\"{other}\" is not an IMAP scheme: {form}")),
        };
        if url.password().is_some() {
            return Err(
                "the IMAP URL must not hold the password: give it in a password file or STEWARD_IMAP_PASSWORD".into()
            );
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(format!("the IMAP URL has a query or fragment Steward does not understand: {form}"));
        }
        let host = match url.host() {
            Some(url::Host::Domain(name)) if !name.is_empty() => name.to_owned(),
            Some(url::Host::Ipv4(ip)) => ip.to_string(),
            Some(url::Host::Ipv6(ip)) => ip.to_string(),
            _ => return Err(format!("the IMAP URL needs a host: {form}")),
        };
        let user = decode(url.username(), "user name")?;
        if user.is_empty() {
            return Err(format!("the IMAP URL needs a user name (write @ in it as %40): {form}"));
        }
        let folder = decode(url.path().trim_start_matches('/'), "folder")?;
        let folder = if folder.is_empty() { "INBOX".to_owned() } else { folder };
        if folder.chars().any(|c| c.is_control()) {
            return Err("the IMAP folder name contains control characters".into());
        }
        let security = if tls {
            Security::Tls
        } else if is_loopback(&host) {
            Security::Plain
        } else {
            Security::StartTls
        };
        let port = url.port().unwrap_or(if tls { 993 } else { 143 });
        if port == 0 {
            return Err("0 is not a port".into());
        }
        Ok(Self { security, host, port, user, folder })
    }
}

impl fmt::Display for ImapUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = if self.security == Security::Tls { "imaps" } else { "imap" };
        let host = if self.host.contains(':') { format!("[{}]", self.host) } else { self.host.clone() };
        write!(f, "{scheme}://{}@{host}:{}/{}", self.user, self.port, self.folder)
    }
}

fn decode(text: &str, what: &str) -> Result<String, String> {
    percent_decode_str(text)
        .decode_utf8()
        .map(|decoded| decoded.into_owned())
        .map_err(|_| format!("the IMAP {what} is not valid UTF-8 once decoded"))
}

fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_read_with_defaults() {
        let url = ImapUrl::parse("imaps://enquiries%40union.example@mail.union.example/Enquiries").unwrap();
        assert_eq!(url.security, Security::Tls);
        assert_eq!(url.host, "mail.union.example");
        assert_eq!(url.port, 993);
        assert_eq!(url.user, "enquiries@union.example");
        assert_eq!(url.folder, "Enquiries");
        assert_eq!(url.to_string(), "imaps://enquiries@union.example@mail.union.example:993/Enquiries");

        let url = ImapUrl::parse("imap://steward@127.0.0.1:1143").unwrap();
        assert_eq!((url.security, url.port, url.folder.as_str()), (Security::Plain, 1143, "INBOX"));
        let url = ImapUrl::parse("imap://steward@[::1]:1143/").unwrap();
        assert_eq!((url.security, url.host.as_str()), (Security::Plain, "::1"));
        assert_eq!(url.to_string(), "imap://steward@[::1]:1143/INBOX");
        let url = ImapUrl::parse("imap://steward@mail.example/Intake%20box").unwrap();
        assert_eq!((url.security, url.port, url.folder.as_str()), (Security::StartTls, 143, "Intake box"));
    }

    #[test]
    fn bad_addresses_say_why() {
        for (text, reason) in [
            ("mail.example", "not an IMAP URL"),
            ("pop3://u@mail.example", "not an IMAP scheme"),
            ("imaps://u:secret@mail.example", "must not hold the password"),
            ("imaps://mail.example/INBOX", "needs a user name"),
            ("imaps://u@/INBOX", "IMAP URL"),
            ("imaps://u@mail.example:99999", "IMAP URL"),
            ("imaps://u@mail.example/INBOX?x=1", "query"),
            ("imaps://u@mail.example/%FF", "UTF-8"),
        ] {
            let error = ImapUrl::parse(text).unwrap_err();
            assert!(error.contains(reason), "{text}: {error}");
            assert!(!error.contains("secret"), "{error}");
        }
    }
}
