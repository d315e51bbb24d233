//! End-to-end tests of `delegat serve` as a process: it starts on an ephemeral port and
//! says where, refuses a bad pack at start, reloads on SIGHUP, reads its token from the
//! environment, stops on SIGTERM; and the fault test: killed with SIGKILL while a client
//! decides, every decision whose answer the client got is in the log, the log's chain
//! holds, and each logged decision is reproduced from the archived pack.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use delegat_log::Store as _;

use crate::support::{TestDir, delegat, root, stderr};

/// A fresh directory with the försörjningsstöd pack built into `paket/fs.paket`.
/// The test keeps it alive until the servers it starts there have stopped (a `Serve`
/// declared after it is dropped, and so killed, before it).
pub(crate) fn workdir(name: &str) -> TestDir {
    let dir = TestDir::new(&format!("delegat-serve-cli-{name}-"));
    std::fs::create_dir_all(dir.join("paket")).unwrap();
    let out = delegat(&[
        "build",
        "examples/forsorjningsstod.regel",
        "-o",
        dir.join("paket/fs.paket").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    dir
}

/// A running `delegat serve`; killed when dropped if still running.
pub(crate) struct Serve {
    child: Child,
    pub(crate) addr: SocketAddr,
    /// Whether it said `https://` (TLS) rather than `http://`.
    pub(crate) https: bool,
}

impl Serve {
    pub(crate) fn start(args: &[&str], env: &[(&str, &str)]) -> Serve {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_delegat"));
        cmd.arg("serve")
            .args(args)
            .args(["--adress", "127.0.0.1:0"])
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let mut child = cmd.spawn().unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let line = line.trim();
        let addr = line
            .strip_prefix("lyssnar på http://")
            .or_else(|| line.strip_prefix("lyssnar på https://"))
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .parse()
            .unwrap();
        let https = line.starts_with("lyssnar på https://");
        Serve { child, addr, https }
    }

    pub(crate) fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    pub(crate) fn wait(&mut self) -> std::process::ExitStatus {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(start.elapsed() < Duration::from_secs(20), "did not stop");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// One request on its own connection; `(status, headers, body)`.
pub(crate) fn http(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(20))).unwrap();
    let mut head = format!(
        "{method} {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n",
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).unwrap();
    s.write_all(body).unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, head, raw[split + 4..].to_vec())
}

pub(crate) const DECIDE: &str = "/beslut/f%C3%B6rs%C3%B6rjningsst%C3%B6d";

pub(crate) fn case() -> Vec<u8> {
    std::fs::read(root().join("examples/fall/forsorjningsstod.json")).unwrap()
}

pub(crate) fn post_case(addr: SocketAddr) -> (u16, String, Vec<u8>) {
    http(
        addr,
        "POST",
        DECIDE,
        &[("Content-Type", "application/json")],
        &case(),
    )
}

/// Posts the example case on a connection of its own; the receipt of a whole `200` answer
/// (`None` for any other answer or a cut one), or the I/O error.
pub(crate) fn post_for_receipt(addr: SocketAddr) -> std::io::Result<Option<String>> {
    let mut s = TcpStream::connect(addr)?;
    let body = case();
    let head = format!(
        "POST {DECIDE} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    s.write_all(head.as_bytes())?;
    s.write_all(&body)?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw).into_owned();
    // Only a whole answer counts as received.
    if text.starts_with("HTTP/1.1 200")
        && let Some(id) = header(&text, "delegat-kvitto")
    {
        let len: usize = header(&text, "content-length").unwrap().parse().unwrap();
        let split = raw.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        if raw.len() - split - 4 == len {
            return Ok(Some(id));
        }
    }
    Ok(None)
}

pub(crate) fn header(head: &str, name: &str) -> Option<String> {
    head.lines()
        .filter_map(|l| l.split_once(':'))
        .find(|(k, _)| k.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim().to_owned())
}

#[test]
fn serve_decides_as_batch_and_stops_on_sigterm() {
    let dir = workdir("sigterm");
    let pack = dir.join("paket/fs.paket");
    let mut serve = Serve::start(&["--paket", dir.join("paket").to_str().unwrap()], &[]);
    let (status, _, body) = post_case(serve.addr);
    assert_eq!(status, 200);
    // The same bytes as `delegat batch` on the same pack (the case has its own date).
    let line: String = serde_json::from_slice::<serde_json::Value>(&case())
        .unwrap()
        .to_string();
    std::fs::write(dir.join("fall.jsonl"), format!("{line}\n")).unwrap();
    let out = delegat(&[
        "batch",
        pack.to_str().unwrap(),
        "--input",
        dir.join("fall.jsonl").to_str().unwrap(),
        "--output",
        "-",
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(
        String::from_utf8_lossy(&body),
        String::from_utf8_lossy(&out.stdout).trim_end()
    );
    serve.signal("TERM");
    assert!(serve.wait().success());
}

#[test]
fn a_bad_pack_stops_the_start() {
    let dir = workdir("bad-start");
    std::fs::write(dir.join("paket/trasig.paket"), b"inget paket").unwrap();
    let out = delegat(&[
        "serve",
        "--paket",
        dir.join("paket").to_str().unwrap(),
        "--adress",
        "127.0.0.1:0",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("fel[E0501]"), "{}", stderr(&out));
    assert!(stderr(&out).contains("trasig.paket"), "{}", stderr(&out));
    let out = delegat(&[
        "serve",
        "--paket",
        "examples/forsorjningsstod.regel",
        "--adress",
        "127.0.0.1:0",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("fel[E0530]"), "{}", stderr(&out));
}

#[test]
fn sighup_reloads_and_the_token_comes_from_the_environment() {
    let dir = workdir("sighup");
    let token = "miljo-token-0123456789abcdef";
    let serve = Serve::start(
        &[
            "--paket",
            dir.join("paket").to_str().unwrap(),
            "--token-miljo",
            "DELEGAT_TEST_TOKEN",
        ],
        &[("DELEGAT_TEST_TOKEN", token)],
    );
    let hashes = |addr| -> String {
        let (_, _, body) = http(addr, "GET", "/beslut", &[], b"");
        let list: serde_json::Value = serde_json::from_slice(&body).unwrap();
        list["beslut"][0]["regelverk"]["hash"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let before = hashes(serve.addr);
    // Another pack in its place: the hemtjänst pack's decisions replace försörjningsstöd's.
    std::fs::remove_file(dir.join("paket/fs.paket")).unwrap();
    let out = delegat(&[
        "build",
        "examples/maxtaxa.regel",
        "-o",
        dir.join("paket/maxtaxa.paket").to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    serve.signal("HUP");
    let start = Instant::now();
    while hashes(serve.addr) == before {
        assert!(start.elapsed() < Duration::from_secs(10), "no reload");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(post_case(serve.addr).0, 404);
    // The admin route takes the token from the environment.
    let bearer = format!("Bearer {token}");
    let (status, _, _) = http(
        serve.addr,
        "POST",
        "/admin/ladda-om",
        &[("Authorization", &bearer)],
        b"",
    );
    assert_eq!(status, 200);
    let (status, _, _) = http(
        serve.addr,
        "POST",
        "/admin/ladda-om",
        &[("Authorization", "Bearer fel")],
        b"",
    );
    assert_eq!(status, 401);
}

/// The fault test. A client decides case after case; the server is killed with SIGKILL
/// mid-stream. Every receipt the client got an answer for is in the log afterwards, the
/// log's chain holds from the first record to the last, and each of those decisions is
/// reproduced byte for byte (by digest) from the pack archived in the log. The service then
/// starts again on the same log and goes on.
#[test]
fn sigkill_loses_no_answered_decision() {
    let dir = workdir("sigkill");
    let db = dir.join("logg.db");
    let packs = dir.join("paket");
    let args = [
        "--paket",
        packs.to_str().unwrap(),
        "--logg",
        db.to_str().unwrap(),
    ];
    let serve = Serve::start(&args, &[]);
    let stop = Arc::new(AtomicBool::new(false));
    let clients: Vec<_> = (0..4)
        .map(|_| {
            let (addr, stop) = (serve.addr, Arc::clone(&stop));
            std::thread::spawn(move || {
                let mut answered = Vec::new();
                while !stop.load(Ordering::Relaxed) {
                    match post_for_receipt(addr) {
                        Ok(Some(id)) => answered.push(id),
                        Ok(None) => {}
                        Err(_) => break,
                    }
                }
                answered
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(1500));
    serve.signal("KILL");
    let mut serve = serve;
    serve.wait();
    stop.store(true, Ordering::Relaxed);
    let answered: Vec<String> = clients
        .into_iter()
        .flat_map(|c| c.join().unwrap())
        .collect();
    assert!(
        answered.len() >= 10,
        "only {} decisions answered",
        answered.len()
    );
    eprintln!("{} decisions answered before SIGKILL", answered.len());

    let mut store = delegat_log::SqliteStore::open(&db, false).unwrap();
    let mut records = Vec::new();
    store
        .scan(0, &mut |r| {
            records.push(r);
            Ok(true)
        })
        .unwrap();
    // The chain holds over every record.
    let mut prev = delegat_log::chain::GENESIS;
    for r in &records {
        assert_eq!(
            delegat_log::chain::link(&prev, r),
            r.chain,
            "chain broken at {}",
            r.seq
        );
        prev = r.chain;
    }
    // Every answered decision is logged and reproduced from the archived pack.
    for id in &answered {
        let rid = delegat_log::ReceiptId::parse(id).unwrap();
        let r = records
            .iter()
            .find(|r| r.id == rid)
            .unwrap_or_else(|| panic!("{id} lost"));
        let bytes = store
            .pack(&r.source.pack)
            .unwrap()
            .expect("the pack is archived");
        let pack = delegat::Pack::load(&bytes).unwrap();
        let decider = pack
            .engine(r.source.engine)
            .unwrap()
            .with_decision(&r.source.decision)
            .unwrap();
        let mut doc = Vec::new();
        decider
            .session()
            .write_json(r.input.as_deref().unwrap(), Some(r.date), &mut doc)
            .unwrap();
        assert_eq!(delegat_log::Entry::digest(&doc), r.document_digest, "{id}");
    }
    drop(store);
    // And the log's own check agrees.
    let verified = delegat(&["logg", "verifiera", db.to_str().unwrap()]);
    assert!(
        verified.status.success(),
        "{}{}",
        crate::support::stdout(&verified),
        stderr(&verified)
    );
    // The service starts again on the same log and goes on logging.
    let mut again = Serve::start(&args, &[]);
    let (status, head, _) = post_case(again.addr);
    assert_eq!(status, 200);
    assert!(header(&head, "delegat-kvitto").is_some());
    again.signal("TERM");
    assert!(again.wait().success());
}
