//! One logged-in IMAP connection with its folder selected. Messages are found by UID and read
//! with `BODY.PEEK[]`, which leaves them unseen: the caller marks each one `\Seen` only after
//! intake has stored it, so a crash between the two means the message is read again (and
//! intake's Message-ID check makes that harmless), never that it is lost.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use async_imap::extensions::idle::IdleResponse;
use async_imap::{Client, Session};
use futures_util::TryStreamExt;
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;
use tokio_rustls::rustls::pki_types::ServerName;
use tokio_rustls::rustls::{ClientConfig, RootCertStore};
use tokio_rustls::TlsConnector;

use super::address::{ImapUrl, Security};

/// The longest a single network step may take before the connection counts as broken.
const STEP_LIMIT: Duration = Duration::from_secs(120);
/// RFC 2177: servers may drop a client idle for 30 minutes, so IDLE is renewed before that.
const IDLE_LIMIT: Duration = Duration::from_secs(28 * 60);

trait Io: AsyncRead + AsyncWrite + Unpin + Send + fmt::Debug {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send + fmt::Debug> Io for T {}
type Stream = Box<dyn Io>;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImapError {
    /// The server could not be reached, TLS failed, or the connection broke or went silent.
    Connection(String),
    /// The server refused the user name or password.
    Login(String),
    /// The folder does not exist or cannot be opened.
    Folder(String),
    /// The server answered something Steward did not expect.
    Protocol(String),
}

impl ImapError {
    /// Errors a person fixes by changing the settings (user, password, folder).
    pub fn is_bad_input(&self) -> bool {
        matches!(self, Self::Login(_) | Self::Folder(_))
    }
}

impl fmt::Display for ImapError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Connection(message) | Self::Login(message) | Self::Folder(message) | Self::Protocol(message) => {
                f.write_str(message)
            }
        }
    }
}

impl std::error::Error for ImapError {}

fn protocol(what: &str, error: async_imap::error::Error) -> ImapError {
    use async_imap::error::Error;
    match error {
        Error::Io(_) | Error::ConnectionLost => {
            ImapError::Connection(format!("IMAP connection lost during {what}: {error}"))
        }
        other => ImapError::Protocol(format!("IMAP {what} failed: {other}")),
    }
}

async fn within<T>(what: &str, step: impl std::future::Future<Output = T>) -> Result<T, ImapError> {
    tokio::time::timeout(STEP_LIMIT, step).await.map_err(|_| {
        ImapError::Connection(format!("the IMAP server did not answer {what} within {} s", STEP_LIMIT.as_secs()))
    })
}

/// A logged-in connection with the folder selected.
pub struct ImapMailbox {
    session: Session<Stream>,
    can_idle: bool,
}

impl fmt::Debug for ImapMailbox {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ImapMailbox").field("can_idle", &self.can_idle).finish_non_exhaustive()
    }
}

impl ImapMailbox {
    /// Connects, protects the connection as the URL says, logs in and selects the folder.
    pub async fn connect(url: &ImapUrl, password: &str) -> Result<Self, ImapError> {
        let tcp = within("the connection", TcpStream::connect((url.host.as_str(), url.port)))
            .await?
            .map_err(|error| ImapError::Connection(format!("cannot connect to {}:{}: {error}", url.host, url.port)))?;
        let stream: Stream = match url.security {
            Security::Plain => Box::new(tcp),
            Security::Tls => Box::new(tls(tcp, &url.host).await?),
            Security::StartTls => {
                let mut client = Client::new(tcp);
                greeting(&mut client).await?;
                within("STARTTLS", client.run_command_and_check_ok("STARTTLS", None)).await?.map_err(|error| {
                    ImapError::Connection(format!(
                        "{} did not accept STARTTLS ({error}); Steward sends passwords only over TLS: use imaps://",
                        url.host
                    ))
                })?;
                Box::new(tls(client.into_inner(), &url.host).await?)
            }
        };
        let mut client = Client::new(stream);
        if url.security != Security::StartTls {
            greeting(&mut client).await?;
        }
        let mut session = within("the login", client.login(&url.user, password)).await?.map_err(|(error, _)| {
            use async_imap::error::Error;
            match error {
                Error::No(reason) | Error::Bad(reason) => {
                    ImapError::Login(format!("the IMAP server refused the login for {}: {}", url.user, said(&reason)))
                }
                other => protocol("login", other),
            }
        })?;
        let capabilities =
            within("CAPABILITY", session.capabilities()).await?.map_err(|error| protocol("CAPABILITY", error))?;
        let can_idle = capabilities.has_str("IDLE");
        within("SELECT", session.select(&url.folder)).await?.map_err(|error| match error {
            async_imap::error::Error::No(reason) | async_imap::error::Error::Bad(reason) => {
                ImapError::Folder(format!("cannot open the IMAP folder \"{}\": {}", url.folder, said(&reason)))
            }
            other => protocol("SELECT", other),
        })?;
        Ok(Self { session, can_idle })
    }

    /// Whether the server offers IDLE (RFC 2177), so new mail can be waited for.
    pub fn can_idle(&self) -> bool {
        self.can_idle
    }

    /// The UIDs of the folder's unseen messages, oldest first.
    pub async fn unseen(&mut self) -> Result<Vec<u32>, ImapError> {
        let found = within("UID SEARCH", self.session.uid_search("UNSEEN"))
            .await?
            .map_err(|error| protocol("UID SEARCH", error))?;
        let mut uids: Vec<u32> = found.into_iter().collect();
        uids.sort_unstable();
        Ok(uids)
    }

    /// The raw RFC 5322 bytes of one message, without marking it seen; `None` when it has gone
    /// (expunged by another client in the meantime).
    pub async fn fetch(&mut self, uid: u32) -> Result<Option<Vec<u8>>, ImapError> {
        let fetches = within("UID FETCH", async {
            let stream = self.session.uid_fetch(uid.to_string(), "BODY.PEEK[]").await?;
            stream.try_collect::<Vec<_>>().await
        })
        .await?
        .map_err(|error| protocol("UID FETCH", error))?;
        Ok(fetches.iter().find(|fetch| fetch.uid == Some(uid)).and_then(|fetch| fetch.body()).map(<[u8]>::to_vec))
    }

    /// Marks one message `\Seen`, once it is safely stored.
    pub async fn mark_seen(&mut self, uid: u32) -> Result<(), ImapError> {
        within("UID STORE", async {
            let stream = self.session.uid_store(uid.to_string(), "+FLAGS.SILENT (\\Seen)").await?;
            stream.try_collect::<Vec<_>>().await
        })
        .await?
        .map_err(|error| protocol("UID STORE", error))?;
        Ok(())
    }

    /// Waits in IDLE until the server reports a change in the folder or `longest` passes
    /// (never more than 28 minutes, inside the 29-minute limit of RFC 2177). Returns whether
    /// the server reported something. Only call it when `can_idle` is true.
    pub async fn wait_for_change(self, longest: Duration) -> Result<(Self, bool), ImapError> {
        let can_idle = self.can_idle;
        let mut idle = self.session.idle();
        within("IDLE", idle.init()).await?.map_err(|error| protocol("IDLE", error))?;
        let (wait, stop) = idle.wait_with_timeout(longest.min(IDLE_LIMIT));
        let outcome = wait.await;
        drop(stop);
        let changed = matches!(outcome.map_err(|error| protocol("IDLE", error))?, IdleResponse::NewData(_));
        let session = within("DONE", idle.done()).await?.map_err(|error| protocol("DONE", error))?;
        Ok((Self { session, can_idle }, changed))
    }

    /// Says goodbye politely; errors do not matter at this point.
    pub async fn logout(mut self) {
        let _ = tokio::time::timeout(Duration::from_secs(5), self.session.logout()).await;
    }
}

/// The server's own words from async-imap's NO/BAD text, which wraps them in debug output
/// (`code: None, info: Some("[AUTHENTICATIONFAILED] Authentication failed.")`).
fn said(reason: &str) -> String {
    let words =
        reason.split_once("Some(\"").and_then(|(_, rest)| rest.rsplit_once("\")")).map_or(reason, |(words, _)| words);
    words.replace("\\\"", "\"").trim().to_owned()
}

async fn greeting<T: AsyncRead + AsyncWrite + Unpin + Send + fmt::Debug>(
    client: &mut Client<T>,
) -> Result<(), ImapError> {
    match within("with a greeting", client.read_response()).await? {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(ImapError::Connection("the IMAP server closed the connection before greeting".into())),
        Err(error) => Err(ImapError::Connection(format!("no IMAP greeting: {error}"))),
    }
}

/// TLS with rustls (ring), trusting the system's certificate authorities (SSL_CERT_FILE or
/// SSL_CERT_DIR name others, for a private authority).
async fn tls(tcp: TcpStream, host: &str) -> Result<tokio_rustls::client::TlsStream<TcpStream>, ImapError> {
    let mut roots = RootCertStore::empty();
    let found = rustls_native_certs::load_native_certs();
    let (added, _) = roots.add_parsable_certificates(found.certs);
    if added == 0 {
        return Err(ImapError::Connection(
            "no trusted certificate authorities were found on this machine (install ca-certificates, or name a file in SSL_CERT_FILE)"
                .into(),
        ));
    }
    let provider = Arc::new(tokio_rustls::rustls::crypto::ring::default_provider());
    let config = ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|error| ImapError::Connection(format!("TLS set-up failed: {error}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = ServerName::try_from(host.to_owned()).map_err(|error| {
        ImapError::Connection(format!("\"{host}\" cannot be checked against a certificate: {error}"))
    })?;
    within("the TLS handshake", TlsConnector::from(Arc::new(config)).connect(name, tcp))
        .await?
        .map_err(|error| ImapError::Connection(format!("TLS with {host} failed: {error}")))
}

#[cfg(test)]
mod tests {
    use super::said;

    #[test]
    fn server_words_are_taken_out_of_debug_text() {
        assert_eq!(
            said(r#"code: None, info: Some("[AUTHENTICATIONFAILED] Authentication failed.")"#),
            "[AUTHENTICATIONFAILED] Authentication failed."
        );
        assert_eq!(
            said(r#"outcome: Outcome { code: None, information: Some("Mailbox doesn't exist: Nope (0.001 secs).") }"#),
            "Mailbox doesn't exist: Nope (0.001 secs)."
        );
        assert_eq!(said(" plain words "), "plain words");
    }
}
