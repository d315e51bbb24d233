//! TLS (`Config::tls`): a self-signed certificate made in the test (rcgen), the real server
//! on an ephemeral port, and a rustls client that trusts that certificate alone. A decision
//! over HTTPS is the bytes of `delegat batch`; plain HTTP to the TLS port gets no HTTP
//! answer; a client that never finishes its handshake is closed after the header timeout
//! and gives its connection place back; bad certificate and key files stop the start (E0545).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use delegat_diagnostics::Code;
use delegat_serve::{Config, ServeError, Server, TlsFiles};
use rustls_pki_types::{CertificateDer, ServerName};

use crate::support::{
    KVOT, Response, TestDir, TestServer, batch_line, encode, pack, parse_response, temp_dir,
    write_pack,
};

/// A self-signed certificate for `localhost`, written as PEM files to `dir`.
struct Certificate {
    der: CertificateDer<'static>,
    files: TlsFiles,
}

fn certificate(dir: &Path, name: &str) -> Certificate {
    let made = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let files = TlsFiles {
        certificate: dir.join(format!("{name}.crt")),
        key: dir.join(format!("{name}.key")),
    };
    std::fs::write(&files.certificate, made.cert.pem()).unwrap();
    std::fs::write(&files.key, made.signing_key.serialize_pem()).unwrap();
    Certificate {
        der: made.cert.der().clone(),
        files,
    }
}

/// A directory with the pack and a certificate, and a configuration serving them over TLS.
/// The directory is kept alive by the test while its server runs.
fn tls_config(name: &str) -> (Config, Certificate, TestDir) {
    let dir = temp_dir(name);
    write_pack(&dir, "kvot", KVOT);
    let cert = certificate(&dir, "tjanst");
    let mut config = Config::new(vec![dir.to_path_buf()]);
    config.tls = Some(cert.files.clone());
    (config, cert, dir)
}

/// Sends one request over TLS (trusting `trusted` alone, as `localhost`) on a new
/// connection and reads the answer; the error of the handshake or the connection, if any.
#[allow(
    deprecated,
    reason = "rustls 0.23.48 deprecates ring's provider (no post-quantum key exchange); ring is kept to avoid aws-lc's cmake build"
)]
fn https(
    addr: SocketAddr,
    trusted: &CertificateDer<'static>,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> std::io::Result<Response> {
    let mut roots = rustls::RootCertStore::empty();
    roots.add(trusted.clone()).unwrap();
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_root_certificates(roots)
        .with_no_client_auth();
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    let name = ServerName::try_from("localhost").unwrap();
    let connection = rustls::ClientConnection::new(Arc::new(config), name).unwrap();
    let tcp = TcpStream::connect(addr)?;
    tcp.set_read_timeout(Some(Duration::from_secs(30)))?;
    let mut stream = rustls::StreamOwned::new(connection, tcp);
    let mut head = format!(
        "{method} {} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n",
        encode(path),
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    assert_eq!(stream.conn.alpn_protocol(), Some(&b"http/1.1"[..]));
    let mut raw = Vec::new();
    let mut buf = [0u8; 8192];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            // A peer that closes without close_notify, once the whole answer is in.
            Err(e) if !raw.is_empty() && e.kind() == std::io::ErrorKind::UnexpectedEof => break,
            Err(e) => return Err(e),
        }
    }
    Ok(parse_response(&raw))
}

const CASE: &str = r#"{"inkomst": 1000, "personer": 1}"#;

fn post_case(addr: SocketAddr, cert: &Certificate, case: &str) -> Response {
    https(
        addr,
        &cert.der,
        "POST",
        "/beslut/stöd",
        &[("Content-Type", "application/json")],
        case.as_bytes(),
    )
    .unwrap()
}

#[test]
fn a_decision_over_https_is_the_batch_line() {
    let (config, cert, _dir) = tls_config("tls-decide");
    let server = TestServer::start(config);
    let r = post_case(server.addr, &cert, CASE);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.body, batch_line(&pack(KVOT), "stöd", CASE));
    assert_eq!(r.json()["utfall"], "bifall");
    // Other routes too, and an error document is one as over plain HTTP.
    let health = https(server.addr, &cert.der, "GET", "/healthz", &[], b"").unwrap();
    assert_eq!(health.status, 200);
    let bad = post_case(server.addr, &cert, r#"{"inkomst": 1000}"#);
    assert_eq!(bad.status, 422);
    assert_eq!(bad.code(), "E0422");
}

/// A client that does not trust the service's certificate gets no answer: its handshake
/// fails, and the service goes on.
#[test]
fn an_untrusting_client_fails_its_handshake() {
    let (config, cert, _dir) = tls_config("tls-untrusted");
    let server = TestServer::start(config);
    let other_dir = temp_dir("tls-other");
    let other = certificate(&other_dir, "annan");
    let refused = https(server.addr, &other.der, "GET", "/healthz", &[], b"");
    let e = refused.expect_err("a certificate the client does not trust");
    assert!(e.to_string().contains("certificate"), "{e}");
    assert_eq!(post_case(server.addr, &cert, CASE).status, 200);
}

/// Plain HTTP to the TLS port is no TLS handshake: the connection is closed with no HTTP
/// answer (at most a TLS alert), at once, and the service goes on.
#[test]
fn plain_http_to_the_tls_port_fails_cleanly() {
    let (config, cert, _dir) = tls_config("tls-plain");
    let server = TestServer::start(config);
    let start = Instant::now();
    let mut s = TcpStream::connect(server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut buf = Vec::new();
    let ended = s.read_to_end(&mut buf);
    assert!(
        ended.is_ok() || start.elapsed() < Duration::from_secs(1),
        "{ended:?}"
    );
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    assert!(
        !buf.starts_with(b"HTTP/"),
        "{}",
        String::from_utf8_lossy(&buf)
    );
    // A TLS alert record (content type 21), if anything.
    assert!(buf.is_empty() || buf[0] == 21, "{buf:?}");
    assert_eq!(post_case(server.addr, &cert, CASE).status, 200);
}

/// Clients that open a connection and never handshake (one silent, one that sends half a
/// record) hold the two connection places only until the header timeout; then they are
/// closed and a real client is served.
#[test]
fn a_handshake_that_never_completes_times_out() {
    let (mut config, cert, _dir) = tls_config("tls-silent");
    config.limits.header_timeout = Duration::from_millis(500);
    config.limits.max_connections = 2;
    let server = TestServer::start(config);
    let start = Instant::now();
    let silent = TcpStream::connect(server.addr).unwrap();
    let mut partial = TcpStream::connect(server.addr).unwrap();
    // The first bytes of a ClientHello record: handshake, TLS 1.0 framing, 512 bytes due.
    partial.write_all(&[22, 3, 1, 2, 0, 1]).unwrap();
    std::thread::sleep(Duration::from_millis(100));
    // Both places are taken: a third connection is closed at once, unanswered.
    let third = https(server.addr, &cert.der, "GET", "/healthz", &[], b"");
    assert!(third.is_err(), "{third:?}");
    for mut s in [silent, partial] {
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut buf = Vec::new();
        let ended = s.read_to_end(&mut buf);
        assert!(ended.is_ok(), "{ended:?}");
        assert!(!buf.starts_with(b"HTTP/"), "{buf:?}");
    }
    let closed = start.elapsed();
    assert!(
        closed >= Duration::from_millis(450) && closed < Duration::from_secs(3),
        "{closed:?}"
    );
    std::thread::sleep(Duration::from_millis(100));
    assert_eq!(post_case(server.addr, &cert, CASE).status, 200);
}

/// Graceful shutdown with a TLS request in flight: it is answered, then the server stops.
#[test]
fn shutdown_answers_a_tls_request_in_flight() {
    let (config, cert, _dir) = tls_config("tls-shutdown");
    let log = Arc::new(crate::support::MemoryLog {
        delay: Duration::from_millis(800),
        ..crate::support::MemoryLog::default()
    });
    let mut server = TestServer::start_with_log(config, Some(log.clone()));
    let addr = server.addr;
    let der = cert.der.clone();
    let in_flight = std::thread::spawn(move || {
        https(
            addr,
            &der,
            "POST",
            "/beslut/stöd",
            &[("Content-Type", "application/json")],
            CASE.as_bytes(),
        )
    });
    std::thread::sleep(Duration::from_millis(300));
    server.begin_shutdown();
    let r = in_flight.join().unwrap().unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("delegat-kvitto"), Some("k1"));
    server.wait();
    assert_eq!(log.records.lock().unwrap().len(), 1);
    assert!(TcpStream::connect(addr).is_err());
}

/// The reason the service refuses to start with `files`.
fn refusal(dir: &Path, files: TlsFiles) -> String {
    let mut config = Config::new(vec![dir.to_owned()]);
    config.address = "127.0.0.1:0".parse().unwrap();
    config.tls = Some(files);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    match runtime.block_on(Server::bind(config, None)) {
        Err(ServeError::Load(errors)) => {
            assert_eq!(errors.len(), 1, "{errors:?}");
            assert_eq!(errors[0].code, Code::E0545);
            errors[0].to_string()
        }
        Err(e) => panic!("not refused as TLS files: {e}"),
        Ok(_) => panic!("served with bad TLS files"),
    }
}

#[test]
fn bad_certificate_and_key_files_stop_the_start() {
    let dir = temp_dir("tls-bad");
    write_pack(&dir, "kvot", KVOT);
    let good = certificate(&dir, "bra");
    let other = certificate(&dir, "annan");
    let garbage = dir.join("skrap.pem");
    std::fs::write(&garbage, "inget certifikat här\n").unwrap();
    let broken = dir.join("trasig.crt");
    let pem = std::fs::read_to_string(&good.files.certificate).unwrap();
    std::fs::write(&broken, &pem[..pem.len() / 2]).unwrap();
    let with = |certificate: &Path, key: &Path| TlsFiles {
        certificate: certificate.to_owned(),
        key: key.to_owned(),
    };
    let missing = dir.join("saknas.crt");
    let cases = [
        (
            with(&missing, &good.files.key),
            "certifikatfilen kan inte läsas: filen finns inte",
        ),
        (
            with(&garbage, &good.files.key),
            "filen har inget certifikat",
        ),
        (
            with(&broken, &good.files.key),
            "certifikatfilen är inte giltig PEM: avslutande rad `-----END CERTIFICATE-----` saknas",
        ),
        (
            with(&good.files.certificate, &garbage),
            "filen har ingen privat nyckel",
        ),
        // The files swapped: no certificate in the key's file.
        (
            with(&good.files.key, &good.files.certificate),
            "filen har inget certifikat",
        ),
        (
            with(&good.files.certificate, &other.files.key),
            "nyckeln hör inte till certifikatet",
        ),
    ];
    for (files, reason) in cases {
        let message = refusal(&dir, files.clone());
        assert!(message.starts_with("fel[E0545]: `"), "{message}");
        assert!(message.contains(reason), "{files:?}: {message}");
    }
}
