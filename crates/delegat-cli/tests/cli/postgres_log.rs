//! The decision log in PostgreSQL through the `delegat` binary: every command that takes a
//! log reads the shared database; two `delegat serve` instances on one database, one killed
//! with SIGKILL under load, lose no answered decision; a service whose database goes away
//! answers `503` (and is not ready) and recovers by itself when it returns. Skipped with a printed reason when
//! no PostgreSQL server can be started, except under `DELEGAT_KRAV_POSTGRES=1` (CI).

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

use std::net::{SocketAddr, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use delegat_log::{PgStore, ReceiptId, Store as _};

use crate::pg_server;
use crate::serve_command::{Serve, header, http, post_case, post_for_receipt, workdir};
use crate::support::{delegat, stderr, stdout};

const FS: &str = "crates/delegat-bench/fs.regel";
const CASES: &str = "crates/delegat-bench/data/cases_1k.jsonl";

fn ok(args: &[&str]) -> String {
    let out = delegat(args);
    assert!(
        out.status.success(),
        "{args:?}: {}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

#[test]
fn every_log_command_reads_the_shared_database() {
    let Some(server) = pg_server::shared() else {
        return;
    };
    let url = server.url(&server.database().unwrap());
    let dir = tempfile::tempdir().unwrap();
    let batch = |extra: &[&str]| {
        let mut args = vec!["batch", FS, "--input", CASES, "--output", "-"];
        args.extend_from_slice(&["--datum", "2026-03-01", "--logg", &url]);
        args.extend_from_slice(extra);
        ok(&args);
    };
    batch(&["--trådar", "2"]);
    let migrated = ok(&["logg", "migrera", &url]);
    let latest = format!("schemaversion {}", delegat_log::PG_SCHEMA_VERSION);
    assert!(migrated.contains(&latest), "{migrated}");
    let verified = ok(&["logg", "verifiera", &url]);
    assert!(verified.contains("1000"), "{verified}");
    let checkpoint = dir.path().join("kontrollpunkt.txt");
    std::fs::write(&checkpoint, ok(&["logg", "kontrollpunkt", &url])).unwrap();
    batch(&[]);
    let verified = ok(&[
        "logg",
        "verifiera",
        &url,
        "--kontrollpunkt",
        checkpoint.to_str().unwrap(),
    ]);
    assert!(verified.contains("2000"), "{verified}");
    let replayed = ok(&["logg", "ompröva", &url]);
    assert!(replayed.contains("2000"), "{replayed}");
    let mut store = PgStore::open(&url, false).unwrap();
    let mut first = None;
    store
        .scan(1, &mut |r| {
            first = Some(r.id);
            Ok(false)
        })
        .unwrap();
    let shown = ok(&["logg", "visa", &url, &first.unwrap().to_string()]);
    assert!(shown.contains(&first.unwrap().to_string()), "{shown}");
    let page = ok(&["uppföljning", &url, "--format", "md"]);
    let total = page
        .lines()
        .find(|l| l.starts_with("| Beslut totalt |"))
        .unwrap_or_default();
    assert_eq!(
        total.replace(|c: char| !c.is_ascii_digit(), ""),
        "2000",
        "{page}"
    );
    assert!(page.contains("Beslutsloggarna | hela"), "{page}");
    let impact = ok(&["konsekvens", FS, FS, "--logg", &url, "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&impact).unwrap();
    assert_eq!(json["ärenden"], 2000, "{json}");
    let gallrade = ok(&["logg", "gallra", &url, "--före", "2999-01-01"]);
    assert!(gallrade.starts_with("2000 beslut"), "{gallrade}");
    ok(&["logg", "verifiera", &url]);

    // A database that does not exist: refused, and the password is not written out.
    let secret = format!(
        "postgres://postgres:hemligt@127.0.0.1:{}/finns_inte",
        server.port()
    );
    let out = delegat(&["logg", "verifiera", &secret]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("E0510"), "{}", stderr(&out));
    let out = delegat(&["uppföljning", &secret]);
    assert!(!stderr(&out).contains("hemligt"), "{}", stderr(&out));
}

/// Posts cases to `addrs` in turn until `stop`; the receipts of the whole `200` answers.
fn load(addrs: Vec<SocketAddr>, stop: Arc<AtomicBool>) -> Vec<String> {
    let mut answered = Vec::new();
    let mut i = 0;
    while !stop.load(Ordering::Relaxed) {
        i += 1;
        let addr = addrs[i % addrs.len()];
        if let Ok(Some(id)) = post_for_receipt(addr) {
            answered.push(id);
        }
    }
    answered
}

#[test]
fn two_instances_on_one_database_one_killed_under_load_lose_nothing() {
    let Some(server) = pg_server::shared() else {
        return;
    };
    let url = server.url(&server.database().unwrap());
    let dir = workdir("pg-two");
    let packs = dir.join("paket");
    let args = ["--paket", packs.to_str().unwrap(), "--logg", &url];
    let a = Serve::start(&args, &[]);
    let mut b = Serve::start(&args, &[]);
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let (addrs, stop) = (vec![a.addr, b.addr], Arc::clone(&stop));
            std::thread::spawn(move || load(addrs, stop))
        })
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    a.signal("KILL");
    let mut a = a;
    a.wait();
    // The other instance goes on alone.
    std::thread::sleep(Duration::from_millis(700));
    stop.store(true, Ordering::Relaxed);
    let answered: Vec<String> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    b.signal("TERM");
    assert!(b.wait().success());
    assert!(answered.len() >= 20, "only {} answered", answered.len());
    eprintln!("{} decisions answered by two instances", answered.len());

    let mut store = PgStore::open(&url, false).unwrap();
    for id in &answered {
        let rid = ReceiptId::parse(id).unwrap();
        assert!(store.get(rid).unwrap().is_some(), "{id} lost");
    }
    let v = delegat_log::verify(&mut store, None).unwrap();
    assert_eq!(v.problem, None);
    assert!(v.head.count >= answered.len() as u64);
    let replayed = ok(&["logg", "ompröva", &url]);
    assert!(replayed.contains(&v.head.count.to_string()), "{replayed}");
}

#[test]
fn the_service_answers_503_while_its_database_is_away_and_recovers_by_itself() {
    let Some(server) = pg_server::own() else {
        return;
    };
    let url = server.url(&server.database().unwrap());
    let dir = workdir("pg-away");
    let packs = dir.join("paket");
    let mut serve = Serve::start(&["--paket", packs.to_str().unwrap(), "--logg", &url], &[]);
    let (status, _, _) = post_case(serve.addr);
    assert_eq!(status, 200);
    let ready = || {
        let (status, _, body) = http(serve.addr, "GET", "/readyz", &[], b"");
        (status, String::from_utf8_lossy(&body).into_owned())
    };
    assert_eq!(ready().0, 200);

    server.stop().unwrap();
    // Not ready while the database is away (a probe is kept a second).
    let start = Instant::now();
    let (status, body) = loop {
        let (status, body) = ready();
        if status != 200 || start.elapsed() > Duration::from_secs(5) {
            break (status, body);
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    assert_eq!(status, 503, "{body}");
    assert!(body.contains("loggen kan inte nås"), "{body}");
    for _ in 0..3 {
        let (status, head, body) = post_case(serve.addr);
        let body = String::from_utf8_lossy(&body).into_owned();
        assert_eq!(status, 503, "{head}{body}");
        assert!(body.contains("E0538"), "{body}");
        assert!(header(&head, "delegat-kvitto").is_none());
    }

    server.start_again().unwrap();
    // Ready again when it is back, before any decision has been tried.
    let start = Instant::now();
    while ready().0 != 200 {
        assert!(start.elapsed() < Duration::from_secs(20), "not ready again");
        std::thread::sleep(Duration::from_millis(100));
    }
    let start = Instant::now();
    let receipt = loop {
        let (status, head, _) = post_case(serve.addr);
        if status == 200 {
            break header(&head, "delegat-kvitto").unwrap();
        }
        assert!(start.elapsed() < Duration::from_secs(20), "did not recover");
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "the first decision after the return is answered"
    );
    serve.signal("TERM");
    // Exits cleanly: the reading connection the readiness probe opened is closed off the
    // async runtime.
    assert!(serve.wait().success());
    let mut store = PgStore::open(&url, false).unwrap();
    let v = delegat_log::verify(&mut store, None).unwrap();
    assert_eq!((v.head.count, v.problem), (2, None));
    assert!(
        store
            .get(ReceiptId::parse(&receipt).unwrap())
            .unwrap()
            .is_some()
    );
}

/// nginx on a free loopback port in front of `upstreams`, run in the foreground with a
/// configuration of its own in `dir`; `None` (printed) when there is no nginx and
/// `DELEGAT_KRAV_NGINX=1` (CI) is not set.
fn nginx(dir: &std::path::Path, upstreams: &[SocketAddr]) -> Option<(Nginx, SocketAddr)> {
    let bin = ["/usr/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists());
    let Some(bin) = bin else {
        assert!(
            std::env::var("DELEGAT_KRAV_NGINX").is_err(),
            "DELEGAT_KRAV_NGINX is set but nginx is not installed"
        );
        eprintln!("skipped: nginx is not installed (apt-get install nginx)");
        return None;
    };
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let servers: String = upstreams
        .iter()
        .map(|a| format!("    server {a} max_fails=1 fail_timeout=10s;\n"))
        .collect();
    let d = dir.display();
    let conf = format!(
        "pid {d}/nginx.pid;\nerror_log {d}/error.log;\nworker_processes 1;\n\
         events {{ worker_connections 256; }}\n\
         http {{\n  access_log off;\n  client_body_temp_path {d}/body;\n  proxy_temp_path {d}/proxy;\n\
         fastcgi_temp_path {d}/fcgi;\n  uwsgi_temp_path {d}/uwsgi;\n  scgi_temp_path {d}/scgi;\n\
         upstream delegat {{\n{servers}  }}\n\
         server {{\n    listen 127.0.0.1:{port};\n    location / {{\n      proxy_pass http://delegat;\n\
         proxy_http_version 1.1;\n      proxy_next_upstream error timeout;\n    }}\n  }}\n}}\n"
    );
    let path = dir.join("nginx.conf");
    std::fs::write(&path, conf).unwrap();
    let child = std::process::Command::new(bin)
        .args(["-p", dir.to_str().unwrap(), "-c", path.to_str().unwrap()])
        .args(["-g", "daemon off;"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let addr: SocketAddr = format!("127.0.0.1:{port}").parse().unwrap();
    // Stopped by its guard even when it does not start in time.
    let guard = Nginx(child);
    let start = Instant::now();
    while TcpStream::connect(addr).is_err() {
        assert!(
            start.elapsed() < Duration::from_secs(10),
            "nginx did not start"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    Some((guard, addr))
}

/// A running nginx, stopped when dropped.
struct Nginx(std::process::Child);

impl Drop for Nginx {
    fn drop(&mut self) {
        // SIGTERM: the master stops its worker too (SIGKILL would leave the worker running).
        let _ = std::process::Command::new("kill")
            .args(["-TERM", &self.0.id().to_string()])
            .status();
        let _ = self.0.wait();
    }
}

#[test]
fn two_instances_behind_nginx_decide_into_one_log_and_losing_one_loses_nothing() {
    let Some(server) = pg_server::shared() else {
        return;
    };
    let url = server.url(&server.database().unwrap());
    let dir = workdir("pg-nginx");
    let packs = dir.join("paket");
    let args = ["--paket", packs.to_str().unwrap(), "--logg", &url];
    let a = Serve::start(&args, &[]);
    let mut b = Serve::start(&args, &[]);
    let Some((proxy, addr)) = nginx(&dir, &[a.addr, b.addr]) else {
        return;
    };
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let stop = Arc::clone(&stop);
            std::thread::spawn(move || load(vec![addr], stop))
        })
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    let mut before = PgStore::open(&url, false).unwrap();
    let at_kill = delegat_log::verify(&mut before, None).unwrap().head.count;
    a.signal("KILL");
    let mut a = a;
    a.wait();
    std::thread::sleep(Duration::from_millis(1000));
    stop.store(true, Ordering::Relaxed);
    let answered: Vec<String> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    drop(proxy);
    b.signal("TERM");
    assert!(b.wait().success());

    let mut store = PgStore::open(&url, false).unwrap();
    let v = delegat_log::verify(&mut store, None).unwrap();
    assert_eq!(v.problem, None);
    for id in &answered {
        let rid = ReceiptId::parse(id).unwrap();
        assert!(store.get(rid).unwrap().is_some(), "{id} lost");
    }
    eprintln!(
        "{} answered through nginx, {} logged, {at_kill} before the kill",
        answered.len(),
        v.head.count
    );
    assert!(at_kill >= 10, "both instances decided before the kill");
    assert!(
        v.head.count > at_kill + 10,
        "the other instance went on deciding after the kill"
    );
}
