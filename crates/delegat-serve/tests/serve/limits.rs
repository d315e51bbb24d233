//! The limits: body size (413), the concurrency bound (a fast 503), the request timeout
//! (408), slow and oversized request heads, malformed requests, a bound on connections.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::sync::Arc;
use std::time::{Duration, Instant};

use delegat_serve::Config;

use crate::support::{
    KVOT, MemoryLog, TestDir, TestServer, parse_response, read_response, request, temp_dir,
    write_pack,
};

/// A configuration over the pack in a fresh directory, and the directory (kept alive by the
/// test while its server runs).
fn config(name: &str) -> (Config, TestDir) {
    let dir = temp_dir(name);
    write_pack(&dir, "kvot", KVOT);
    (Config::new(vec![dir.to_path_buf()]), dir)
}

#[test]
fn a_body_over_the_limit_is_413() {
    let (config, _dir) = config("413");
    let server = TestServer::start(config);
    let big = format!(
        r#"{{"inkomst": 1, "personer": 1, "x": "{}"}}"#,
        "a".repeat(70_000)
    );
    let json = [("Content-Type", "application/json")];
    let r = request(server.addr, "POST", "/beslut/stöd", &json, big.as_bytes());
    assert_eq!(r.status, 413);
    assert_eq!(r.code(), "E0531");
    // Chunked, with no length stated: refused once it grows past the limit.
    let mut s = TcpStream::connect(server.addr).unwrap();
    let head = "POST /beslut/st%C3%B6d HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
                Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n";
    s.write_all(head.as_bytes()).unwrap();
    for _ in 0..20 {
        let chunk = "b".repeat(8192);
        if s.write_all(format!("{:x}\r\n{chunk}\r\n", chunk.len()).as_bytes())
            .is_err()
        {
            break;
        }
    }
    let _ = s.write_all(b"0\r\n\r\n");
    let r = read_response(&mut s);
    assert_eq!(r.status, 413);
    assert_eq!(r.code(), "E0531");
    // Just under the limit is read (and refused as a case, not as a size).
    let padded = format!(
        r#"{{"inkomst": 1, "personer": 1, "x": "{}"}}"#,
        "a".repeat(60_000)
    );
    let r = request(
        server.addr,
        "POST",
        "/beslut/stöd",
        &json,
        padded.as_bytes(),
    );
    assert_eq!(r.status, 422);
    assert_eq!(r.code(), "E0421");
}

/// With one place and a request holding it (its log takes a second), the next request is
/// refused at once with 503 and `Retry-After`; `/healthz` and `/metrics` still answer.
#[test]
fn overload_is_a_fast_503() {
    let (mut config, _dir) = config("503");
    config.limits.max_in_flight = 1;
    let log = Arc::new(MemoryLog {
        delay: Duration::from_millis(1500),
        ..MemoryLog::default()
    });
    let server = TestServer::start_with_log(config, Some(log.clone()));
    let addr = server.addr;
    let held = std::thread::spawn(move || {
        request(
            addr,
            "POST",
            "/beslut/stöd",
            &[("Content-Type", "application/json")],
            br#"{"inkomst": 1, "personer": 1}"#,
        )
    });
    std::thread::sleep(Duration::from_millis(400));
    let start = Instant::now();
    let r = server.post_json("/beslut/stöd", r#"{"inkomst": 2, "personer": 1}"#);
    assert_eq!(r.status, 503, "{}", r.text());
    assert_eq!(r.code(), "E0535");
    assert_eq!(r.header("retry-after"), Some("1"));
    assert!(
        start.elapsed() < Duration::from_millis(500),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(server.get("/healthz").status, 200);
    let first = held.join().unwrap();
    assert_eq!(first.status, 200);
    assert_eq!(first.header("delegat-kvitto"), Some("k1"));
    assert_eq!(first.header("location"), Some("/kvitton/k1"));
    assert_eq!(log.records.lock().unwrap().len(), 1);
    assert!(
        server
            .get("/metrics")
            .text()
            .contains("delegat_refusals_total{code=\"E0535\"} 1")
    );
}

/// A client that states a body and stops sending is answered 408 at the timeout; the
/// request held no decision place meanwhile.
#[test]
fn a_slow_body_is_408_and_holds_no_place() {
    let (mut config, _dir) = config("408");
    config.limits.request_timeout = Duration::from_millis(600);
    config.limits.max_in_flight = 1;
    let server = TestServer::start(config);
    let mut slow = Vec::new();
    for _ in 0..4 {
        let mut s = TcpStream::connect(server.addr).unwrap();
        s.write_all(
            b"POST /beslut/st%C3%B6d HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n\
              Content-Length: 100\r\n\r\n{\"inkomst\"",
        )
        .unwrap();
        slow.push(s);
    }
    // Meanwhile a whole request is decided.
    let r = server.post_json("/beslut/stöd", r#"{"inkomst": 1, "personer": 1}"#);
    assert_eq!(r.status, 200, "{}", r.text());
    let start = Instant::now();
    for mut s in slow {
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let r = read_response(&mut s);
        assert_eq!(r.status, 408);
        assert_eq!(r.code(), "E0536");
    }
    assert!(
        start.elapsed() < Duration::from_secs(3),
        "{:?}",
        start.elapsed()
    );
}

/// Slowloris: many connections that send part of a request head and stop. They are closed
/// after the header timeout, and a real request is answered meanwhile.
#[test]
fn slow_request_heads_do_not_exhaust_the_service() {
    let (mut config, _dir) = config("slowloris");
    config.limits.header_timeout = Duration::from_millis(500);
    let server = TestServer::start(config);
    let mut slow = Vec::new();
    for _ in 0..200 {
        let mut s = TcpStream::connect(server.addr).unwrap();
        s.write_all(b"POST /beslut/st%C3%B6d HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .unwrap();
        slow.push(s);
    }
    let start = Instant::now();
    let r = server.post_json("/beslut/stöd", r#"{"inkomst": 1, "personer": 1}"#);
    assert_eq!(r.status, 200);
    assert!(
        start.elapsed() < Duration::from_millis(400),
        "{:?}",
        start.elapsed()
    );
    for mut s in slow {
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut buf = Vec::new();
        // Closed by the server (perhaps after a 408 head): the read ends, not times out.
        let ended = s.read_to_end(&mut buf);
        assert!(ended.is_ok(), "{ended:?}");
    }
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
}

/// Past the bound on connections a new connection is closed at once; those within it are
/// served.
#[test]
fn connections_are_bounded() {
    let (mut config, _dir) = config("connections");
    config.limits.max_connections = 4;
    config.limits.header_timeout = Duration::from_secs(3);
    let server = TestServer::start(config);
    let idle: Vec<TcpStream> = (0..4)
        .map(|_| TcpStream::connect(server.addr).unwrap())
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    let mut extra = TcpStream::connect(server.addr).unwrap();
    extra
        .set_read_timeout(Some(Duration::from_secs(2)))
        .unwrap();
    let _ = extra.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
    let mut buf = Vec::new();
    let _ = extra.read_to_end(&mut buf);
    assert!(buf.is_empty(), "{}", String::from_utf8_lossy(&buf));
    drop(idle);
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(server.get("/healthz").status, 200);
}

#[test]
fn oversized_heads_and_malformed_requests_are_refused() {
    let (config, _dir) = config("malformed");
    let server = TestServer::start(config);
    let big = "a".repeat(20_000);
    let r = request(server.addr, "GET", "/healthz", &[("X-Big", &big)], b"");
    assert_eq!(r.status, 431);
    for raw in [
        &b"GARBAGE\r\n\r\n"[..],
        b"GET / HTTP/9.9\r\n\r\n",
        b"POST /beslut/st%C3%B6d HTTP/1.1\r\nContent-Length: -1\r\n\r\n",
        b"\x00\x01\x02\x03\r\n\r\n",
    ] {
        let mut s = TcpStream::connect(server.addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        s.write_all(raw).unwrap();
        let mut buf = Vec::new();
        let _ = s.read_to_end(&mut buf);
        if !buf.is_empty() {
            let r = parse_response(&buf);
            assert!((400..500).contains(&r.status), "{raw:?}: {}", r.status);
        }
    }
    // Still serving.
    assert_eq!(
        server
            .post_json("/beslut/stöd", r#"{"inkomst": 1, "personer": 1}"#)
            .status,
        200
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]

    /// Random bytes as a request, random bodies under a valid head, and mangled heads:
    /// each is answered with a 4xx (or the connection is closed), never a 5xx, and the
    /// service goes on deciding.
    #[test]
    fn garbage_gets_a_refusal_and_the_service_goes_on(
        raw in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2048),
        body in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..4096),
        cut in 0usize..200,
    ) {
        let server = fuzz_server();
        let head = "POST /beslut/st%C3%B6d HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Type: application/json\r\n";
        let with_body = [
            format!("{head}Content-Length: {}\r\n\r\n", body.len()).into_bytes(),
            body.clone(),
        ]
        .concat();
        let mangled: Vec<u8> = with_body.iter().take(cut).copied().chain(raw.iter().copied()).collect();
        for bytes in [raw.clone(), with_body, mangled] {
            let mut s = TcpStream::connect(server.addr).unwrap();
            s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
            let _ = s.write_all(&bytes);
            let _ = s.shutdown(std::net::Shutdown::Write);
            let mut buf = Vec::new();
            let _ = s.read_to_end(&mut buf);
            if buf.starts_with(b"HTTP/1.1 ") {
                let r = parse_response(&buf);
                proptest::prop_assert!(r.status < 500, "{}: {}", r.status, String::from_utf8_lossy(&r.body));
            }
        }
        proptest::prop_assert_eq!(
            server.post_json("/beslut/stöd", r#"{"inkomst": 1, "personer": 1}"#).status,
            200
        );
    }
}

/// One server for every generated input (it lives as long as the test binary).
fn fuzz_server() -> &'static TestServer {
    static SERVER: std::sync::OnceLock<TestServer> = std::sync::OnceLock::new();
    SERVER.get_or_init(|| {
        let (mut config, _dir) = config("fuzz");
        config.limits.header_timeout = Duration::from_secs(2);
        config.limits.request_timeout = Duration::from_secs(2);
        TestServer::start(config)
    })
}
