//! The server under test: a plain-HTTP base URL on a loopback address, and the paths to ask it
//! for. Anything that would send load off this machine is refused before a socket is opened.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use hyper::http::uri::PathAndQuery;
use hyper::Uri;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Where to connect.
    pub address: SocketAddr,
    /// The `Host` header value, as the URL spelt it (e.g. `127.0.0.1:8080`).
    pub host: String,
}

/// Parses `http://HOST[:PORT][/]`, where HOST is a loopback IP literal or `localhost`.
pub fn parse_base_url(raw: &str) -> Result<Target, String> {
    let uri: Uri = raw.trim().parse().map_err(|_| format!("\"{raw}\" is not a URL; use e.g. http://127.0.0.1:8080"))?;
    match uri.scheme_str() {
        Some("http") => {}
        Some(other) => {
            return Err(format!("\"{raw}\" uses {other}; only plain http:// on a loopback address is supported"));
        }
        None => return Err(format!("\"{raw}\" has no scheme; use e.g. http://127.0.0.1:8080")),
    }
    let authority = uri.authority().ok_or_else(|| format!("\"{raw}\" names no host"))?;
    if authority.as_str().contains('@') {
        return Err(format!("\"{raw}\" carries credentials; pass --email/--password or --token instead"));
    }
    if let Some(path_and_query) = uri.path_and_query() {
        if !matches!(path_and_query.as_str(), "" | "/") {
            return Err(format!("\"{raw}\" has a path or query; give the base URL and the pages with --path"));
        }
    }
    let host = authority.host();
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    let ip = if bare.eq_ignore_ascii_case("localhost") {
        IpAddr::V4(Ipv4Addr::LOCALHOST)
    } else {
        bare.parse::<IpAddr>().map_err(|_| {
            format!("\"{host}\" is not an IP address; use a loopback address such as 127.0.0.1 (or localhost)")
        })?
    };
    if !ip.is_loopback() {
        return Err(format!("{ip} is not a loopback address; steward-bench only sends load to this machine"));
    }
    let port = authority.port_u16().unwrap_or(80);
    Ok(Target { address: SocketAddr::new(ip, port), host: authority.as_str().to_owned() })
}

/// A path to request: absolute, with an optional query, and nothing that names another host.
pub fn parse_path(raw: &str) -> Result<String, String> {
    if !raw.starts_with('/') || raw.starts_with("//") {
        return Err(format!("--path \"{raw}\" must start with a single / (e.g. /members?q=ada)"));
    }
    raw.parse::<PathAndQuery>().map_err(|_| {
        format!("--path \"{raw}\" is not a valid path and query; percent-encode spaces and other special characters")
    })?;
    Ok(raw.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_loopback_urls() {
        let target = parse_base_url("http://127.0.0.1:8080").unwrap();
        assert_eq!(target.address, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(target.host, "127.0.0.1:8080");
        assert_eq!(parse_base_url("http://127.0.0.1:9/").unwrap().address.port(), 9);
        assert_eq!(parse_base_url("http://localhost:3000").unwrap().address, "127.0.0.1:3000".parse().unwrap());
        assert_eq!(parse_base_url("http://[::1]:3000").unwrap().address, "[::1]:3000".parse().unwrap());
        assert_eq!(parse_base_url("http://127.0.0.1").unwrap().address.port(), 80);
    }

    #[test]
    fn refuses_anything_else() {
        for raw in [
            "http://10.0.0.1:8080",
            "http://example.org",
            "https://127.0.0.1:8443",
            "127.0.0.1:8080",
            "http://127.0.0.1:8080/members",
            "http://user:pw@127.0.0.1:8080",
            "http://0.0.0.0:8080",
            "",
            "not a url",
        ] {
            assert!(parse_base_url(raw).is_err(), "{raw} should be refused");
        }
    }

    #[test]
    fn checks_paths() {
        assert_eq!(parse_path("/members?q=ada").unwrap(), "/members?q=ada");
        assert!(parse_path("members").is_err());
        assert!(parse_path("//evil.example/").is_err());
        assert!(parse_path("http://example.org/").is_err());
        assert!(parse_path("/members?q=a b").is_err());
    }
}
