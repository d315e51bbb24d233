//! The test harness: a real server on an ephemeral loopback port (in this process, on its
//! own tokio runtime), packs written to a fresh directory, and a small HTTP/1.1 client over
//! `std::net::TcpStream` that can also misbehave (slow, partial, oversized).

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

use delegat::Pack;
use delegat_serve::{Config, DecisionLog, Server};

/// The small pack of these tests: a dated parameter, a decision, and a rule that divides
/// by an input (so `personer: 0` is a runtime error: `manuell`, E0402).
pub const KVOT: &str = r#"regelverk "Kvot" { nämnd: "Testnämnden"  version: "1" }

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

/// The same pack with other amounts (another hash): for reloads.
pub fn kvot_v2() -> String {
    KVOT.replace("5 000 kr", "5 500 kr")
        .replace("6 000 kr", "7 000 kr")
        .replace("version: \"1\"", "version: \"2\"")
}

/// The pack built from `source`, as read back from its pack file (what the service and
/// `delegat batch PAKET` decide with: no source positions).
pub fn pack(source: &str) -> Pack {
    let built = Pack::from_source("kvot.regel", source, &mut delegat::NoLoader)
        .unwrap_or_else(|e| panic!("{}", e.render(false)));
    Pack::load(&built.to_bytes().unwrap()).unwrap()
}

/// A fresh empty directory for one test, removed (with what the test wrote) when dropped;
/// it derefs to its path.
pub struct TestDir(tempfile::TempDir);

impl std::ops::Deref for TestDir {
    type Target = Path;

    fn deref(&self) -> &Path {
        self.0.path()
    }
}

/// A fresh empty directory for one test under the system's temporary directory; keep it
/// alive as long as the test (and any server it starts) uses its files.
pub fn temp_dir(name: &str) -> TestDir {
    TestDir(
        tempfile::Builder::new()
            .prefix(&format!("delegat-serve-{name}-"))
            .tempdir()
            .unwrap(),
    )
}

/// Writes the pack of `source` to `dir/name.paket` (replacing it whole, through a file
/// beside it, as an operator's deploy would); its hash.
pub fn write_pack(dir: &Path, name: &str, source: &str) -> String {
    let p = pack(source);
    let tmp = dir.join(format!(".{name}.tmp"));
    std::fs::write(&tmp, p.to_bytes().unwrap()).unwrap();
    std::fs::rename(&tmp, dir.join(format!("{name}.paket"))).unwrap();
    p.hash()
}

/// A running server; shut down (gracefully) when dropped.
pub struct TestServer {
    pub addr: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: Option<tokio::task::JoinHandle<()>>,
}

impl TestServer {
    /// Starts a server of `config` (its address is replaced by an ephemeral loopback port).
    pub fn start(config: Config) -> TestServer {
        TestServer::start_with_log(config, None)
    }

    pub fn start_with_log(mut config: Config, log: Option<Arc<dyn DecisionLog>>) -> TestServer {
        config.address = "127.0.0.1:0".parse().unwrap();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let server = runtime
            .block_on(Server::bind(config, log))
            .unwrap_or_else(|e| panic!("{e}"));
        let addr = server.local_addr();
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let done = runtime.spawn(server.run(async {
            let _ = stopped.await;
        }));
        TestServer {
            addr,
            runtime: Some(runtime),
            stop: Some(stop),
            done: Some(done),
        }
    }

    /// Starts a server over the packs of `dir`.
    pub fn over(dir: &Path) -> TestServer {
        TestServer::start(Config::new(vec![dir.to_owned()]))
    }

    /// Begins a graceful shutdown and returns at once; `wait` waits for it to end.
    pub fn begin_shutdown(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }

    /// Waits for the server to have shut down.
    pub fn wait(&mut self) {
        if let (Some(rt), Some(done)) = (&self.runtime, self.done.take()) {
            let _ = rt.block_on(done);
        }
    }

    pub fn get(&self, path: &str) -> Response {
        request(self.addr, "GET", path, &[], b"")
    }

    pub fn post_json(&self, path: &str, body: &str) -> Response {
        request(
            self.addr,
            "POST",
            path,
            &[("Content-Type", "application/json")],
            body.as_bytes(),
        )
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.begin_shutdown();
        self.wait();
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(Duration::from_secs(5));
        }
    }
}

/// An HTTP response as read off the wire.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.body).unwrap()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    /// The code of an error document.
    pub fn code(&self) -> String {
        self.json()["fel"]["kod"].as_str().unwrap_or("").to_owned()
    }
}

/// A path with its non-ASCII bytes percent-encoded.
pub fn encode(path: &str) -> String {
    let mut out = String::new();
    for b in path.bytes() {
        if b.is_ascii() && b != b' ' {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Sends one request on a new connection (`Connection: close`) and reads the answer.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut head = format!(
        "{method} {} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n",
        encode(path),
        body.len()
    );
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).unwrap();
    // A server may answer (413) and close before the whole body is sent.
    let _ = stream.write_all(body);
    read_response(&mut stream)
}

/// Reads a response until the server closes the connection.
pub fn read_response(stream: &mut TcpStream) -> Response {
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse_response(&raw)
}

/// Parses a whole response (the body is what follows the head, up to `Content-Length`).
pub fn parse_response(raw: &[u8]) -> Response {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no response head in {:?}", String::from_utf8_lossy(raw)));
    let head = std::str::from_utf8(&raw[..split]).unwrap();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    let mut body = raw[split + 4..].to_vec();
    if let Some(n) = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
    {
        body.truncate(n);
    }
    Response {
        status,
        headers,
        body,
    }
}

/// The batch line `delegat batch` writes for `case` with `today` as the default date.
pub fn batch_line(pack: &Pack, decision: &str, case: &str) -> Vec<u8> {
    assert!(
        pack.sources().is_none(),
        "compare with the pack as loaded from its file"
    );
    let decider = pack.engine(delegat::Engine::Jit).unwrap();
    let decider = decider.with_decision(decision).unwrap();
    let mut out = Vec::new();
    decider
        .decide_batch(
            std::io::Cursor::new(format!("{case}\n")),
            &mut out,
            Some(today()),
            |_| {},
        )
        .unwrap();
    assert_eq!(out.pop(), Some(b'\n'));
    out
}

/// Today, as the service decides a case without `beslutsdatum`.
pub fn today() -> delegat::Date {
    let d = jiff::ZonedDateTime::now().date();
    delegat::Date::from_ymd(
        i32::from(d.year()),
        u32::from(d.month().unsigned_abs()),
        u32::from(d.day().unsigned_abs()),
    )
    .unwrap()
}

/// One logged decision: name, pack hash, case, document.
pub type Logged = (String, String, String, Vec<u8>);

/// A decision log for tests: keeps the records in memory and takes `delay` to make each
/// durable (so that a request can be held in flight).
#[derive(Debug, Default)]
pub struct MemoryLog {
    pub delay: Duration,
    pub records: std::sync::Mutex<Vec<Logged>>,
    /// When set, the log cannot be reached: `ready` fails with this reason.
    pub away: std::sync::Mutex<Option<String>>,
}

impl DecisionLog for MemoryLog {
    fn ready(&self) -> Result<(), delegat_serve::LogError> {
        match self.away.lock().unwrap().clone() {
            Some(message) => Err(delegat_serve::LogError {
                code: delegat_diagnostics::Code::E0510,
                message,
            }),
            None => Ok(()),
        }
    }

    fn record(&self, r: &delegat_serve::LogRecord<'_>) -> Result<String, delegat_serve::LogError> {
        std::thread::sleep(self.delay);
        let mut records = self.records.lock().unwrap();
        records.push((
            r.decision.to_owned(),
            r.pack.hash(),
            r.input.to_owned(),
            r.document.to_vec(),
        ));
        Ok(format!("k{}", records.len()))
    }
}
