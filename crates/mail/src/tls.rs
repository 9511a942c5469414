//! What IMAP and SMTP share about protecting a connection: which certificate authorities are
//! trusted (the system's, or the file SSL_CERT_FILE / the directories SSL_CERT_DIR name, for
//! a private authority), and which hosts are this machine, where plain text never leaves it.

use std::net::IpAddr;

use tokio_rustls::rustls::pki_types::CertificateDer;
use tokio_rustls::rustls::RootCertStore;

/// The certificate authorities to trust, each one rustls can use (a system store may hold a
/// few it cannot parse; they are skipped, as a browser would). None at all is an error: every
/// TLS connection would fail, and the message should say why before the first one does.
pub(crate) fn trusted_roots() -> Result<Vec<CertificateDer<'static>>, String> {
    let found = rustls_native_certs::load_native_certs();
    let usable: Vec<CertificateDer<'static>> =
        found.certs.into_iter().filter(|certificate| RootCertStore::empty().add(certificate.clone()).is_ok()).collect();
    if usable.is_empty() {
        return Err(
            "no trusted certificate authorities were found on this machine (install ca-certificates, or name a file in SSL_CERT_FILE)"
                .into(),
        );
    }
    Ok(usable)
}

/// Whether the host is this machine (`localhost` or a loopback address).
pub(crate) fn is_loopback(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost") || host.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::is_loopback;

    #[test]
    fn loopback_is_this_machine_only() {
        for host in ["localhost", "LocalHost", "127.0.0.1", "127.3.4.5", "::1"] {
            assert!(is_loopback(host), "{host}");
        }
        for host in ["mail.example", "192.0.2.2", "localhost.example", "::2", "0.0.0.0"] {
            assert!(!is_loopback(host), "{host}");
        }
    }
}
