//! TLS in the service itself (`--tls-certifikat FIL --tls-nyckel FIL`): rustls with the
//! ring provider, HTTP/1.1 only (ALPN `http/1.1`). [`Tls`] reads the certificate chain and
//! the private key from PEM files into a server configuration, refusing with E0545 (and a
//! Swedish reason) files it cannot read, files without a certificate or key, and a key that
//! is not the certificate's; it keeps the acceptor the accept loop hands each connection,
//! and [`Tls::reload`] swaps it for one read anew (on SIGHUP), keeping the old one when the
//! new files are refused.

use std::path::Path;
use std::sync::{Arc, RwLock};

use delegat_diagnostics::Code;
use rustls::ServerConfig;
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, PrivateKeyDer};
use tokio_rustls::TlsAcceptor;

use crate::catalog::{LoadError, io_reason};
use crate::config::TlsFiles;

/// PEM files larger than this are refused rather than read (a chain is a few KiB).
const MAX_PEM_BYTES: u64 = 1024 * 1024;

/// The service's TLS: the files it reads and the acceptor made from them.
#[derive(Debug)]
pub struct Tls {
    files: TlsFiles,
    config: RwLock<Arc<ServerConfig>>,
}

impl Tls {
    /// Reads the certificate chain and key of `files`.
    pub fn load(files: &TlsFiles) -> Result<Tls, LoadError> {
        Ok(Tls {
            files: files.clone(),
            config: RwLock::new(server_config(files)?),
        })
    }

    /// The acceptor for a new connection (connections already open keep theirs).
    pub fn acceptor(&self) -> TlsAcceptor {
        let config = match self.config.read() {
            Ok(c) => Arc::clone(&c),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        };
        TlsAcceptor::from(config)
    }

    /// Reads the files again; when they are sound, new connections use them, otherwise the
    /// old certificate goes on serving and the reason is returned. Blocking (reads files).
    pub fn reload(&self) -> Result<(), LoadError> {
        let config = server_config(&self.files)?;
        match self.config.write() {
            Ok(mut c) => *c = config,
            Err(poisoned) => *poisoned.into_inner() = config,
        }
        Ok(())
    }
}

/// The rustls server configuration of `files`: TLS 1.2 and 1.3 with ring's defaults, no
/// client certificates, ALPN `http/1.1`.
#[allow(
    deprecated,
    reason = "rustls 0.23.48 deprecates ring's provider (no post-quantum key exchange); ring is kept to avoid aws-lc's cmake build"
)]
fn server_config(files: &TlsFiles) -> Result<Arc<ServerConfig>, LoadError> {
    let chain = certificates(&files.certificate)?;
    let key = private_key(&files.key)?;
    let refused = |message: String| LoadError::new(Code::E0545, &files.key, message);
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| refused(format!("TLS kan inte ställas in: {e}")))?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| match e {
            rustls::Error::InconsistentKeys(_) => refused(format!(
                "nyckeln hör inte till certifikatet `{}`",
                files.certificate.display()
            )),
            other => refused(format!("nyckeln kan inte användas: {other}")),
        })?;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

/// Every certificate of the PEM file `path` (the server's first, then its chain).
fn certificates(path: &Path) -> Result<Vec<CertificateDer<'static>>, LoadError> {
    let bytes = read_pem(path, "certifikatfilen")?;
    let chain = CertificateDer::pem_slice_iter(&bytes)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| {
            LoadError::new(
                Code::E0545,
                path,
                format!("certifikatfilen är inte giltig PEM: {}", pem_reason(&e)),
            )
        })?;
    if chain.is_empty() {
        return Err(LoadError::new(
            Code::E0545,
            path,
            "filen har inget certifikat (`-----BEGIN CERTIFICATE-----`)",
        ));
    }
    Ok(chain)
}

/// The private key of the PEM file `path` (PKCS#8, PKCS#1 or SEC1).
fn private_key(path: &Path) -> Result<PrivateKeyDer<'static>, LoadError> {
    let bytes = read_pem(path, "nyckelfilen")?;
    PrivateKeyDer::from_pem_slice(&bytes).map_err(|e| match e {
        rustls_pki_types::pem::Error::NoItemsFound => LoadError::new(
            Code::E0545,
            path,
            "filen har ingen privat nyckel (`-----BEGIN PRIVATE KEY-----`)",
        ),
        other => LoadError::new(
            Code::E0545,
            path,
            format!("nyckelfilen är inte giltig PEM: {}", pem_reason(&other)),
        ),
    })
}

/// Why a PEM file could not be read, in Swedish.
fn pem_reason(e: &rustls_pki_types::pem::Error) -> String {
    use rustls_pki_types::pem::Error;
    match e {
        Error::MissingSectionEnd { end_marker } => format!(
            "avslutande rad `-----END {}-----` saknas",
            String::from_utf8_lossy(end_marker)
        ),
        Error::IllegalSectionStart { .. } => "en rad `-----BEGIN …-----` är felskriven".to_owned(),
        Error::Base64Decode(_) => "innehållet är inte giltig base64".to_owned(),
        Error::SectionTooLarge => "ett avsnitt är för stort".to_owned(),
        Error::NoItemsFound => "inget avsnitt av rätt slag".to_owned(),
        other => other.to_string(),
    }
}

fn read_pem(path: &Path, what: &str) -> Result<Vec<u8>, LoadError> {
    let unreadable = |e: std::io::Error| {
        LoadError::new(
            Code::E0545,
            path,
            format!("{what} kan inte läsas: {}", io_reason(&e)),
        )
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.len() > MAX_PEM_BYTES {
        return Err(LoadError::new(
            Code::E0545,
            path,
            format!("{what} är för stor för att vara en PEM-fil"),
        ));
    }
    std::fs::read(path).map_err(unreadable)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio_rustls::TlsConnector;

    /// A self-signed certificate for `localhost` written to `dir/name.{crt,key}`; its DER.
    fn write_certificate(dir: &Path, files: &TlsFiles) -> CertificateDer<'static> {
        std::fs::create_dir_all(dir).unwrap();
        let made = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
        std::fs::write(&files.certificate, made.cert.pem()).unwrap();
        std::fs::write(&files.key, made.signing_key.serialize_pem()).unwrap();
        made.cert.der().clone()
    }

    /// Whether a client trusting `trusted` alone completes a handshake with `tls` (over an
    /// in-memory stream).
    #[allow(deprecated, reason = "as in `server_config`")]
    fn handshake_trusting(tls: &Tls, trusted: &CertificateDer<'static>) -> bool {
        let mut roots = rustls::RootCertStore::empty();
        roots.add(trusted.clone()).unwrap();
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let client = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .unwrap()
            .with_root_certificates(roots)
            .with_no_client_auth();
        let connector = TlsConnector::from(Arc::new(client));
        let acceptor = tls.acceptor();
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let (near, far) = tokio::io::duplex(64 * 1024);
            let server = tokio::spawn(async move { acceptor.accept(far).await.is_ok() });
            let name = rustls_pki_types::ServerName::try_from("localhost").unwrap();
            let client = connector.connect(name, near).await;
            // The client closes on a refused certificate; the server's accept then ends.
            let served = server.await.unwrap();
            client.is_ok() && served
        })
    }

    #[test]
    fn reload_serves_the_new_certificate_and_keeps_the_old_on_a_bad_one() {
        let temp = tempfile::Builder::new()
            .prefix("delegat-tls-unit-")
            .tempdir()
            .unwrap();
        let dir = temp.path();
        let files = TlsFiles {
            certificate: dir.join("tjanst.crt"),
            key: dir.join("tjanst.key"),
        };
        let first = write_certificate(dir, &files);
        let tls = Tls::load(&files).unwrap();
        assert!(handshake_trusting(&tls, &first));
        // The certificate renewed in place: served after a reload, not before.
        let second = write_certificate(dir, &files);
        assert!(!handshake_trusting(&tls, &second));
        tls.reload().unwrap();
        assert!(handshake_trusting(&tls, &second));
        assert!(!handshake_trusting(&tls, &first));
        // A half-written key is refused, and the renewed certificate goes on serving.
        std::fs::write(&files.key, "-----BEGIN PRIVATE KEY-----\nAAAA\n").unwrap();
        let refused = tls.reload().unwrap_err();
        assert_eq!(refused.code, Code::E0545);
        assert!(
            refused.message.contains("nyckelfilen är inte giltig PEM"),
            "{refused}"
        );
        assert!(handshake_trusting(&tls, &second));
    }
}
