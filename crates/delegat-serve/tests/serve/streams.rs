//! `Server::connections`: the real routes served on a caller's byte stream (an in-memory
//! pipe), as the fuzz target of the HTTP surface uses them; each seed of that target
//! (`fuzz/seeds/http_request/`) gets the answers it should, in order.

use std::path::Path;
use std::time::Duration;

use delegat_serve::{Config, Server, TokenSource};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::support::{KVOT, parse_response, temp_dir, write_pack};

/// What the service answers to `input` sent on one connection whose client then closes its
/// end: the statuses, and the whole answer.
fn exchange(input: &[u8]) -> (Vec<u16>, Vec<u8>) {
    let dir = temp_dir("streams");
    write_pack(&dir, "kvot", KVOT);
    std::fs::write(dir.join("token"), "fuzz-token-0123456789abcdef").unwrap();
    let mut config = Config::new(vec![dir.join("kvot.paket")]);
    config.address = "127.0.0.1:0".parse().unwrap();
    config.token = Some(TokenSource::File(dir.join("token")));
    config.limits.header_timeout = Duration::from_secs(2);
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let answer = runtime.block_on(async {
        let connections = Server::bind(config, None).await.unwrap().connections();
        let (client, server_end) = tokio::io::duplex(64 * 1024);
        let served = tokio::spawn(async move { connections.serve(server_end).await });
        let (mut read, mut write) = tokio::io::split(client);
        let send = async {
            write.write_all(input).await.unwrap();
            write.shutdown().await.unwrap();
        };
        let mut answer = Vec::new();
        let (_, received) = tokio::join!(send, read.read_to_end(&mut answer));
        received.unwrap();
        served.await.unwrap();
        answer
    });
    let mut statuses = Vec::new();
    let mut rest = &answer[..];
    while !rest.is_empty() {
        let r = parse_response(rest);
        let head = rest.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        // `100 Continue` has no body; nor has the answer to a first request `HEAD`.
        let body = if r.status == 100 || (input.starts_with(b"HEAD ") && statuses.is_empty()) {
            0
        } else {
            r.body.len()
        };
        statuses.push(r.status);
        rest = &rest[head + body..];
    }
    (statuses, answer)
}

#[test]
fn the_fuzz_seeds_get_their_answers() {
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/http_request");
    let expected: &[(&str, &[u16])] = &[
        ("decision_post", &[200]),
        ("decision_letter_html", &[200]),
        ("huge_header", &[431]),
        ("chunked_body", &[200]),
        ("bad_content_type", &[415]),
        ("pipelined", &[200, 200, 200, 200]),
        // No log: no receipts (404); a wrong token (401).
        ("token_routes", &[404, 401]),
        ("expect_continue", &[100, 200]),
        ("case_errors", &[422]),
        ("head_and_metrics", &[200, 200]),
    ];
    let mut names: Vec<String> = std::fs::read_dir(&seeds)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let mut listed: Vec<&str> = expected.iter().map(|(n, _)| *n).collect();
    listed.sort_unstable();
    assert_eq!(names, listed, "every seed has its expected answers");
    for (name, statuses) in expected {
        let input = std::fs::read(seeds.join(name)).unwrap();
        let (got, answer) = exchange(&input);
        assert_eq!(
            &got[..],
            *statuses,
            "{name}: {}",
            String::from_utf8_lossy(&answer)
        );
    }
}

/// Over TCP too: a client that sends a request and closes its sending half gets the answer.
#[test]
fn a_half_closed_connection_is_answered() {
    use std::io::{Read, Write};
    let dir = temp_dir("half-close");
    write_pack(&dir, "kvot", KVOT);
    let server = crate::support::TestServer::over(&dir);
    let case = r#"{"inkomst": 1000, "personer": 1}"#;
    let mut s = std::net::TcpStream::connect(server.addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let request = format!(
        "POST /beslut/st%C3%B6d HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\n\r\n{case}GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n",
        case.len()
    );
    s.write_all(request.as_bytes()).unwrap();
    s.shutdown(std::net::Shutdown::Write).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let first = parse_response(&raw);
    assert_eq!(first.status, 200, "{}", String::from_utf8_lossy(&raw));
    assert_eq!(first.json()["utfall"], "bifall");
    let text = String::from_utf8_lossy(&raw);
    assert_eq!(text.matches("HTTP/1.1 200 OK").count(), 2, "{text}");
}
