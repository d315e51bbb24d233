//! [`Config`]: what the service serves, where, and within which limits.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// The service's configuration (the flags of `delegat serve`).
#[derive(Clone, Debug)]
pub struct Config {
    /// Pack files, and directories whose `*.paket` files are each a pack.
    pub packs: Vec<PathBuf>,
    /// The address to bind (`127.0.0.1:8080` unless told otherwise; port 0 picks one).
    pub address: SocketAddr,
    /// The nämnd's trusted public keys (files, or directories of `*.pub`); when given, only
    /// packs signed by one of them are served.
    pub trusted_keys: Vec<PathBuf>,
    /// Where the bearer token comes from; `None`: no token, so the protected routes
    /// (admin) refuse every request.
    pub token: Option<TokenSource>,
    /// Whether the decision routes too need the token (else they are open on the bind
    /// address).
    pub decisions_need_token: bool,
    /// The limits.
    pub limits: Limits,
    /// TLS in the service itself; `None`: plain HTTP (behind a reverse proxy, or on
    /// localhost).
    pub tls: Option<TlsFiles>,
}

/// The PEM files of the service's TLS certificate (`--tls-certifikat`) and private key
/// (`--tls-nyckel`); read at start and again on SIGHUP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsFiles {
    /// The certificate chain: the server's certificate first, then any intermediates.
    pub certificate: PathBuf,
    /// The private key (PKCS#8, PKCS#1 or SEC1).
    pub key: PathBuf,
}

/// Where the bearer token is read from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenSource {
    /// A file holding the token (surrounding whitespace is ignored).
    File(PathBuf),
    /// An environment variable holding the token.
    Env(String),
}

/// The limits of the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// The largest request body, in bytes (default 64 KiB); larger is `413`.
    pub max_body: usize,
    /// The longest a request may take, body read included (default 10 s).
    pub request_timeout: Duration,
    /// The longest a client may take to send the request head (default 5 s); with TLS,
    /// also the longest its handshake may take.
    pub header_timeout: Duration,
    /// Requests handled at once (default 64); more are answered `503` at once.
    pub max_in_flight: usize,
    /// Open connections at once (default 1024); more are closed at once.
    pub max_connections: usize,
    /// The longest graceful shutdown waits for requests in flight (default 30 s).
    pub shutdown_grace: Duration,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_body: 64 * 1024,
            request_timeout: Duration::from_secs(10),
            header_timeout: Duration::from_secs(5),
            max_in_flight: 64,
            max_connections: 1024,
            shutdown_grace: Duration::from_secs(30),
        }
    }
}

/// The default address: localhost only.
pub const DEFAULT_ADDRESS: SocketAddr =
    SocketAddr::new(std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST), 8080);

impl Config {
    /// A configuration serving `packs` on the default address with default limits.
    pub fn new(packs: Vec<PathBuf>) -> Config {
        Config {
            packs,
            address: DEFAULT_ADDRESS,
            trusted_keys: Vec::new(),
            token: None,
            decisions_need_token: false,
            limits: Limits::default(),
            tls: None,
        }
    }
}
