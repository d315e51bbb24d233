//! Any bytes as what a client sends on one connection to `delegat serve` (one or more
//! HTTP/1.1 requests, pipelined, then the client's end closed): the real routes and state
//! (`delegat_serve::Server::connections`) over a small pack, with a token and no decision
//! log, served by hyper over an in-memory pipe. Never a panic; what comes back is a sequence
//! of well-formed HTTP/1.1 (or, to an HTTP/1.0 request, HTTP/1.0) responses, each with a status of the documented set (never a
//! 5xx but `503`), a `Content-Length` that is the body's, and as JSON body a JSON document
//! (an error document with a code when the status is an error).
#![no_main]

use std::sync::LazyLock;
use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The statuses `docs/tjanst.md` documents, and hyper's own `400` for a malformed request.
const STATUSES: &[u16] = &[200, 400, 401, 404, 405, 406, 408, 413, 415, 422, 431, 503];

/// A small pack: a dated parameter, a decision, and a rule that divides by an input.
const SOURCE: &str = r#"regelverk "Kvot" { nämnd: "Fuzznämnden"  version: "1" }

uppgift inkomst: belopp 0 kr..100 000 kr { källa: sökande }
uppgift personer: heltal 0..10 { källa: sökande }

parameter gräns: belopp enligt "SoL (2025:400) 12 kap. 1 §" {
  från 2024-01-01: 5 000 kr
  från 2025-01-01: 6 000 kr
}

regel per_person: tal = 100 / personer

beslut stöd enligt "SoL (2025:400) 12 kap. 1 §" {
  avser: myndighetsutövning
  överklagande: förvaltningsbesvär
  när per_person > 1000: manuell "Orimligt."
  när inkomst < gräns: bifall { belopp: gräns - inkomst  motivering: "Inkomsten {inkomst} är under gränsen {gräns}." }
  annars: avslag { motivering: "Inkomsten {inkomst} når gränsen {gräns}." }
}
"#;

/// The token of the seeds that reach the protected routes.
const TOKEN: &str = "fuzz-token-0123456789abcdef";

struct Service {
    runtime: tokio::runtime::Runtime,
    connections: delegat_serve::Connections,
}

static SERVICE: LazyLock<Service> = LazyLock::new(|| {
    let dir = std::env::temp_dir().join(format!("delegat-fuzz-http-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let pack = delegat::Pack::from_source("kvot.regel", SOURCE, &mut delegat::NoLoader)
        .expect("the pack builds");
    std::fs::write(dir.join("kvot.paket"), pack.to_bytes().expect("bytes")).expect("written");
    std::fs::write(dir.join("token"), TOKEN).expect("written");
    let mut config = delegat_serve::Config::new(vec![dir.join("kvot.paket")]);
    config.address = "127.0.0.1:0".parse().expect("an address");
    config.token = Some(delegat_serve::TokenSource::File(dir.join("token")));
    // Short enough that an input which leaves the service waiting shows as a slow unit.
    config.limits.request_timeout = Duration::from_secs(2);
    config.limits.header_timeout = Duration::from_secs(2);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let server = runtime
        .block_on(delegat_serve::Server::bind(config, None))
        .expect("the service starts");
    Service {
        connections: server.connections(),
        runtime,
    }
});

fuzz_target!(|data: &[u8]| {
    let service = &*SERVICE;
    let answer = service.runtime.block_on(async {
        let (client, server_end) = tokio::io::duplex(64 * 1024);
        let connections = service.connections.clone();
        let served = tokio::spawn(async move { connections.serve(server_end).await });
        let (mut read, mut write) = tokio::io::split(client);
        let send = async {
            let _ = write.write_all(data).await;
            let _ = write.shutdown().await;
        };
        let mut answer = Vec::new();
        let receive = read.read_to_end(&mut answer);
        let (_, received) = tokio::join!(send, receive);
        received.expect("the pipe reads to its end");
        served.await.expect("the connection task does not panic");
        answer
    });
    // A `HEAD` request's answer states a length but has no body.
    let head_requests = data.windows(5).any(|w| w == b"HEAD ");
    check_responses(&answer, head_requests);
});

/// Asserts that `bytes` is a sequence of whole, well-formed HTTP/1.1 responses.
fn check_responses(mut bytes: &[u8], head_requests: bool) {
    while !bytes.is_empty() {
        let end = bytes
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("no whole response head in {:?}", String::from_utf8_lossy(bytes)));
        let head = std::str::from_utf8(&bytes[..end]).expect("the head is text");
        let mut lines = head.split("\r\n");
        let status_line = lines.next().unwrap_or("");
        // An HTTP/1.0 request is answered in HTTP/1.0.
        let rest = status_line
            .strip_prefix("HTTP/1.1 ")
            .or_else(|| status_line.strip_prefix("HTTP/1.0 "))
            .unwrap_or_else(|| panic!("not a status line: {status_line:?}"));
        let status: u16 = rest
            .get(..3)
            .and_then(|s| s.parse().ok())
            .unwrap_or_else(|| panic!("no status in {status_line:?}"));
        if status == 100 {
            // `Expect: 100-continue` answered before the body is read.
            bytes = &bytes[end + 4..];
            continue;
        }
        assert!(STATUSES.contains(&status), "undocumented status {status}: {head}");
        let mut length = None;
        let mut json = false;
        for line in lines {
            let (name, value) = line
                .split_once(':')
                .unwrap_or_else(|| panic!("not a header: {line:?}"));
            let (name, value) = (name.trim(), value.trim());
            assert!(!name.is_empty() && !name.contains(' '), "bad header name {name:?}");
            if name.eq_ignore_ascii_case("content-length") {
                length = Some(value.parse::<usize>().expect("a length"));
            }
            if name.eq_ignore_ascii_case("transfer-encoding") {
                panic!("a chunked answer: {head}");
            }
            if name.eq_ignore_ascii_case("content-type") && value.starts_with("application/json") {
                json = true;
            }
        }
        let mut length = length.unwrap_or_else(|| panic!("no Content-Length: {head}"));
        let after = &bytes[end + 4..];
        let headless = head_requests && (after.is_empty() || after.starts_with(b"HTTP/1."));
        if headless {
            length = 0;
        }
        let body = bytes
            .get(end + 4..end + 4 + length)
            .unwrap_or_else(|| panic!("a body shorter than its Content-Length: {head}"));
        if json && !headless {
            let value: serde_json::Value = serde_json::from_slice(body)
                .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(body)));
            if status >= 400 {
                assert!(value["fel"]["kod"].is_string(), "an error without a code: {value}");
            }
        }
        bytes = &bytes[end + 4 + length..];
    }
}
