//! Reloading: an atomic switch to the new packs, a bad pack leaves the old ones serving,
//! no request fails or sees a half-loaded catalog under load; graceful shutdown finishes
//! the requests in flight.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use delegat_serve::{Config, TokenSource};

use crate::support::{
    KVOT, MemoryLog, TestServer, batch_line, kvot_v2, pack, request, temp_dir, write_pack,
};

const TOKEN: &str = "omladdning-0123456789abcdef";

fn server(dir: &std::path::Path) -> TestServer {
    std::fs::write(dir.join("token"), TOKEN).unwrap();
    let mut config = Config::new(vec![dir.join("paket")]);
    config.token = Some(TokenSource::File(dir.join("token")));
    TestServer::start(config)
}

fn reload(server: &TestServer) -> crate::support::Response {
    let bearer = format!("Bearer {TOKEN}");
    request(
        server.addr,
        "POST",
        "/admin/ladda-om",
        &[("Authorization", &bearer)],
        b"",
    )
}

fn served_hash(server: &TestServer) -> String {
    server.get("/beslut").json()["beslut"][0]["regelverk"]["hash"]
        .as_str()
        .unwrap()
        .to_owned()
}

#[test]
fn a_reload_switches_and_a_bad_pack_leaves_the_old_serving() {
    let dir = temp_dir("reload");
    std::fs::create_dir(dir.join("paket")).unwrap();
    let v1 = write_pack(&dir.join("paket"), "kvot", KVOT);
    let server = server(&dir);
    assert_eq!(served_hash(&server), v1);
    let v2 = write_pack(&dir.join("paket"), "kvot", &kvot_v2());
    let r = reload(&server);
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["regelpaket"], serde_json::json!([v2]));
    assert_eq!(served_hash(&server), v2);
    // A damaged pack beside it: the reload is refused whole, v2 goes on.
    std::fs::write(
        dir.join("paket/trasig.paket"),
        b"{\"format\": \"delegat-pack\"",
    )
    .unwrap();
    let r = reload(&server);
    assert_eq!(r.status, 422, "{}", r.text());
    assert_eq!(r.code(), "E0501");
    assert!(
        r.json()["fel"]["meddelande"]
            .as_str()
            .unwrap()
            .contains("trasig.paket")
    );
    assert_eq!(served_hash(&server), v2);
    let case = r#"{"beslutsdatum": "2025-02-01", "inkomst": 1000, "personer": 1}"#;
    let d = server.post_json("/beslut/stöd", case);
    assert_eq!(d.body, batch_line(&pack(&kvot_v2()), "stöd", case));
    // Two packs with the same decision: refused (E0530).
    std::fs::remove_file(dir.join("paket/trasig.paket")).unwrap();
    write_pack(&dir.join("paket"), "kvot-kopia", KVOT);
    let r = reload(&server);
    assert_eq!(r.status, 422);
    assert_eq!(r.code(), "E0530");
    assert_eq!(served_hash(&server), v2);
    let m = server.get("/metrics").text().to_owned();
    assert!(m.contains("delegat_reloads_total{result=\"ok\"} 1"), "{m}");
    assert!(m.contains("delegat_reloads_total{result=\"fel\"} 2"), "{m}");
}

/// Clients decide without pause while the packs are switched back and forth: every request
/// is answered 200, by one whole pack, the decision that pack gives.
#[test]
fn reload_under_load_fails_no_request() {
    let dir = temp_dir("reload-load");
    std::fs::create_dir(dir.join("paket")).unwrap();
    let v1 = write_pack(&dir.join("paket"), "kvot", KVOT);
    let server = server(&dir);
    let case = r#"{"beslutsdatum": "2025-02-01", "inkomst": 1000, "personer": 1}"#;
    let expected = Arc::new([
        (v1, batch_line(&pack(KVOT), "stöd", case)),
        (
            pack(&kvot_v2()).hash(),
            batch_line(&pack(&kvot_v2()), "stöd", case),
        ),
    ]);
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let (addr, stop, expected) = (server.addr, Arc::clone(&stop), Arc::clone(&expected));
            std::thread::spawn(move || {
                let mut seen = [0usize; 2];
                while !stop.load(Ordering::Relaxed) {
                    let r = request(
                        addr,
                        "POST",
                        "/beslut/stöd",
                        &[("Content-Type", "application/json")],
                        case.as_bytes(),
                    );
                    assert_eq!(r.status, 200, "{}", r.text());
                    let hash = r.json()["regelverk"]["hash"].as_str().unwrap().to_owned();
                    let i = expected.iter().position(|(h, _)| *h == hash).unwrap();
                    assert_eq!(r.body, expected[i].1);
                    seen[i] += 1;
                }
                seen
            })
        })
        .collect();
    for i in 0..8 {
        let source = if i % 2 == 0 {
            kvot_v2()
        } else {
            KVOT.to_owned()
        };
        write_pack(&dir.join("paket"), "kvot", &source);
        let r = reload(&server);
        assert_eq!(r.status, 200, "{}", r.text());
        std::thread::sleep(Duration::from_millis(100));
    }
    stop.store(true, Ordering::Relaxed);
    let mut seen = [0usize; 2];
    for c in clients {
        let s = c.join().unwrap();
        seen[0] += s[0];
        seen[1] += s[1];
    }
    assert!(seen[0] > 0 && seen[1] > 0, "{seen:?}");
}

/// A graceful shutdown lets the request in flight finish (and be logged), and then the
/// service accepts no more connections.
#[test]
fn shutdown_finishes_the_requests_in_flight() {
    let dir = temp_dir("shutdown");
    write_pack(&dir, "kvot", KVOT);
    let log = Arc::new(MemoryLog {
        delay: Duration::from_millis(800),
        ..MemoryLog::default()
    });
    let mut server =
        TestServer::start_with_log(Config::new(vec![dir.to_path_buf()]), Some(log.clone()));
    let addr = server.addr;
    let in_flight = std::thread::spawn(move || {
        request(
            addr,
            "POST",
            "/beslut/stöd",
            &[("Content-Type", "application/json")],
            br#"{"inkomst": 1, "personer": 1}"#,
        )
    });
    std::thread::sleep(Duration::from_millis(300));
    server.begin_shutdown();
    let r = in_flight.join().unwrap();
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.header("delegat-kvitto"), Some("k1"));
    server.wait();
    assert_eq!(log.records.lock().unwrap().len(), 1);
    assert!(std::net::TcpStream::connect(addr).is_err());
}
