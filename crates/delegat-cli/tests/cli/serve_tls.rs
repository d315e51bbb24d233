//! `delegat serve --tls-certifikat FIL --tls-nyckel FIL` as a process: it says `https://`,
//! decides over TLS for a client that trusts its self-signed certificate (made here with
//! rcgen), serves a renewed certificate after SIGHUP, and refuses to start with bad files
//! (E0545, exit 1) or with one of the two flags alone (exit 2).

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rustls_pki_types::{CertificateDer, ServerName};

use crate::serve_command::{DECIDE, Serve, case, workdir};
use crate::support::{delegat, stderr};

/// A self-signed certificate for `localhost` written over `crt` and `key`; its DER.
pub(crate) fn write_certificate(crt: &Path, key: &Path) -> CertificateDer<'static> {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    std::fs::write(crt, made.cert.pem()).unwrap();
    std::fs::write(key, made.signing_key.serialize_pem()).unwrap();
    made.cert.der().clone()
}

/// `POST` the example case over TLS, trusting `trusted` alone; `(status, body)`, or the
/// error of the handshake.
#[allow(
    deprecated,
    reason = "rustls 0.23.48 deprecates ring's provider (no post-quantum key exchange); ring is kept to avoid aws-lc's cmake build"
)]
fn https_post(
    addr: SocketAddr,
    trusted: &CertificateDer<'static>,
) -> std::io::Result<(u16, Vec<u8>)> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(trusted.clone()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    let name = ServerName::try_from("localhost").unwrap();
    let connection = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let tcp = TcpStream::connect(addr)?;
    tcp.set_read_timeout(Some(Duration::from_secs(20)))?;
    let mut stream = rustls::StreamOwned::new(connection, tcp);
    let body = case();
    let head = format!(
        "POST {DECIDE} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    stream.write_all(&body)?;
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(e) if !raw.is_empty() && e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(e),
        }
    }
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Ok((status, raw[split + 4..].to_vec()))
}

fn tls_files(dir: &Path) -> (PathBuf, PathBuf) {
    (dir.join("tjanst.crt"), dir.join("tjanst.key"))
}

#[test]
fn serve_over_tls_and_sighup_renews_the_certificate() {
    let dir = workdir("tls");
    let (crt, key) = tls_files(&dir);
    let first = write_certificate(&crt, &key);
    let mut serve = Serve::start(
        &[
            "--paket",
            dir.join("paket").to_str().unwrap(),
            "--tls-certifikat",
            crt.to_str().unwrap(),
            "--tls-nyckel",
            key.to_str().unwrap(),
        ],
        &[],
    );
    assert!(serve.https);
    let (status, body) = https_post(serve.addr, &first).unwrap();
    assert_eq!(status, 200, "{}", String::from_utf8_lossy(&body));
    let decision: serde_json::Value = serde_json::from_slice(&body).unwrap();
    assert!(decision["utfall"].is_string(), "{decision}");
    // The certificate renewed in place and SIGHUP: new connections get the new one.
    let renewed = write_certificate(&crt, &key);
    assert!(https_post(serve.addr, &renewed).is_err());
    serve.signal("HUP");
    let start = Instant::now();
    while https_post(serve.addr, &renewed).is_err() {
        assert!(start.elapsed() < Duration::from_secs(10), "no renewal");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(https_post(serve.addr, &renewed).unwrap().0, 200);
    assert!(https_post(serve.addr, &first).is_err());
    // A bad renewal keeps the certificate served.
    std::fs::write(&key, "ingen nyckel\n").unwrap();
    serve.signal("HUP");
    std::thread::sleep(Duration::from_millis(300));
    assert_eq!(https_post(serve.addr, &renewed).unwrap().0, 200);
    serve.signal("TERM");
    assert!(serve.wait().success());
}

#[test]
fn bad_tls_files_stop_the_start() {
    let dir = workdir("tls-bad");
    let (crt, key) = tls_files(&dir);
    write_certificate(&crt, &key);
    let packs = dir.join("paket");
    let missing = dir.join("saknas.key");
    let out = delegat(&[
        "serve",
        "--paket",
        packs.to_str().unwrap(),
        "--adress",
        "127.0.0.1:0",
        "--tls-certifikat",
        crt.to_str().unwrap(),
        "--tls-nyckel",
        missing.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(
        stderr(&out).contains("fel[E0545]: `") && stderr(&out).contains("saknas.key"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("nyckelfilen kan inte läsas: filen finns inte"),
        "{}",
        stderr(&out)
    );
    assert!(
        stderr(&out).contains("delegat explain E0545"),
        "{}",
        stderr(&out)
    );
    // One of the two flags alone is a usage error.
    let out = delegat(&[
        "serve",
        "--paket",
        packs.to_str().unwrap(),
        "--tls-certifikat",
        crt.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
}
