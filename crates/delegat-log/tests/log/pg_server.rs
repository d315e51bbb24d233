//! A PostgreSQL server for tests: a cluster made with `initdb` in a temporary directory,
//! listening on a free loopback port and on a socket in that directory, run as the
//! `postgres` OS user when the tests run as root (PostgreSQL refuses root). A watchdog shell
//! stops the server and removes the directory when the test process ends, however it ends
//! (it waits for its stdin, a pipe the test process holds, to close).
//!
//! No server binaries (`/usr/lib/postgresql/*/bin/initdb`), or a server that does not
//! start: the tests that need one are skipped with a printed reason, except when
//! `DELEGAT_KRAV_POSTGRES=1` (CI), where that fails them.
//!
//! Shared by the test binaries of `delegat-log` and `delegat-cli` (`#[path]`), which use
//! different parts of it.

#![allow(dead_code, reason = "each test binary uses a part")]

use std::io::Write as _;
use std::path::PathBuf;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Mutex, OnceLock};

/// A running test server.
#[derive(Debug)]
pub struct PgServer {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    /// The user to run the server binaries as (`None`: this process's user).
    user: Option<&'static str>,
    /// The watchdog's stdin: closed when this process ends (or the server is dropped).
    _watchdog: Mutex<(Child, ChildStdin)>,
}

/// Whether CI requires a server.
pub fn required() -> bool {
    std::env::var("DELEGAT_KRAV_POSTGRES").is_ok_and(|v| v == "1")
}

/// The shared server of this test binary, started on first use; `None` (with a printed
/// reason) when none can be started and none is required.
pub fn shared() -> Option<&'static PgServer> {
    static SERVER: OnceLock<Result<PgServer, String>> = OnceLock::new();
    match SERVER.get_or_init(PgServer::start) {
        Ok(s) => Some(s),
        Err(reason) => skip(reason),
    }
}

/// A server of the calling test's own (one it may stop and start); `None` as for
/// [`shared`].
pub fn own() -> Option<PgServer> {
    match PgServer::start() {
        Ok(s) => Some(s),
        Err(reason) => skip(&reason),
    }
}

fn skip<T>(reason: &str) -> Option<T> {
    assert!(
        !required(),
        "DELEGAT_KRAV_POSTGRES=1 but no PostgreSQL server could be started: {reason}"
    );
    eprintln!("skipped: no PostgreSQL server can be started here ({reason})");
    None
}

/// The server binaries of the newest installed PostgreSQL.
fn bin_dir() -> Result<PathBuf, String> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .map_err(|e| format!("/usr/lib/postgresql: {e}"))?
        .filter_map(Result::ok)
        .filter_map(|d| {
            let version = d.file_name().to_str()?.parse().ok()?;
            let bin = d.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    found.sort();
    found
        .pop()
        .map(|(_, b)| b)
        .ok_or_else(|| "no /usr/lib/postgresql/*/bin/initdb".to_owned())
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

/// A free loopback port (bound and released: a race with other processes is unlikely).
fn free_port() -> Result<u16, String> {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

impl PgServer {
    /// Makes a cluster and starts it.
    pub fn start() -> Result<PgServer, String> {
        let bin = bin_dir()?;
        let user = is_root().then_some("postgres");
        let dir = tempfile::Builder::new()
            .prefix("delegat-pg-")
            .tempdir()
            .map_err(|e| e.to_string())?
            .keep();
        if let Some(user) = user {
            let ok = Command::new("chown")
                .arg(format!("{user}:"))
                .arg(&dir)
                .status()
                .is_ok_and(|s| s.success());
            if !ok {
                return Err(format!("chown {user} {}", dir.display()));
            }
        }
        // The watchdog: when its stdin closes, stop the server and remove the directory.
        let script = format!(
            "read _ignored; {stop} >/dev/null 2>&1; rm -rf '{dir}'",
            stop = as_user(
                user,
                &format!(
                    "'{}/pg_ctl' -D '{}/data' stop -m immediate",
                    bin.display(),
                    dir.display()
                )
            ),
            dir = dir.display()
        );
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("sh: {e}"))?;
        let stdin = child.stdin.take().ok_or("the watchdog has no stdin")?;
        let server = PgServer {
            bin,
            dir,
            port: free_port()?,
            user,
            _watchdog: Mutex::new((child, stdin)),
        };
        server.run(
            "initdb",
            &[
                "-D",
                &server.data(),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
                "--locale=C",
            ],
        )?;
        server.start_again()?;
        Ok(server)
    }

    fn data(&self) -> String {
        format!("{}/data", self.dir.display())
    }

    /// Runs a server binary as the server's user; its output on failure.
    fn run(&self, name: &str, args: &[&str]) -> Result<(), String> {
        let program = self.bin.join(name);
        let mut cmd = match self.user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&program);
                c
            }
            None => Command::new(&program),
        };
        let out = cmd
            .args(args)
            .current_dir(&self.dir)
            .output()
            .map_err(|e| format!("{name}: {e}"))?;
        if out.status.success() {
            Ok(())
        } else {
            Err(format!(
                "{name} failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ))
        }
    }

    /// Starts the (stopped) server and waits until it accepts connections. The tests'
    /// server does not sync to disk (`fsync=off`): its durability is not what they test.
    pub fn start_again(&self) -> Result<(), String> {
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off \
             -c max_connections=200",
            self.port,
            self.dir.display()
        );
        let log = format!("{}/server.log", self.dir.display());
        self.run(
            "pg_ctl",
            &[
                "-D",
                &self.data(),
                "-l",
                &log,
                "-o",
                &options,
                "-w",
                "-t",
                "60",
                "start",
            ],
        )
    }

    /// Stops the server at once (`immediate`: as if it crashed or the network went away).
    pub fn stop(&self) -> Result<(), String> {
        self.run(
            "pg_ctl",
            &["-D", &self.data(), "-m", "immediate", "-w", "stop"],
        )
    }

    /// Its port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The URL of database `db` as user `user`.
    pub fn url_as(&self, user: &str, db: &str) -> String {
        format!("postgres://{user}@127.0.0.1:{}/{db}", self.port)
    }

    /// The URL of database `db` as the superuser.
    pub fn url(&self, db: &str) -> String {
        self.url_as("postgres", db)
    }

    /// A new empty database, its name unique in this process.
    pub fn database(&self) -> Result<String, String> {
        static N: AtomicU32 = AtomicU32::new(0);
        let name = format!("t{}", N.fetch_add(1, Ordering::Relaxed));
        self.sql("postgres", &format!("CREATE DATABASE {name}"))?;
        Ok(name)
    }

    /// Runs a script as `psql` would, one statement at a time (comment lines dropped, each
    /// statement ending with `;` at the end of a line), in database `db` as the superuser.
    pub fn script(&self, db: &str, script: &str) -> Result<(), String> {
        let text: String = script
            .lines()
            .filter(|l| !l.trim_start().starts_with("--"))
            .map(|l| format!("{l}\n"))
            .collect();
        for statement in text.split(";\n").filter(|s| !s.trim().is_empty()) {
            self.sql(db, statement)?;
        }
        Ok(())
    }

    /// Runs SQL in database `db` as the superuser.
    pub fn sql(&self, db: &str, sql: &str) -> Result<(), String> {
        let mut client =
            postgres::Client::connect(&self.url(db), postgres::NoTls).map_err(|e| e.to_string())?;
        client.batch_execute(sql).map_err(|e| {
            e.as_db_error()
                .map_or_else(|| e.to_string(), |d| d.message().to_owned())
        })
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        // Closing the watchdog's stdin stops the server; wait for it to finish.
        if let Ok(mut w) = self._watchdog.lock() {
            let _ = w.1.write_all(b"\n");
            let _ = w.1.flush();
            let _ = w.0.wait();
        }
    }
}

fn as_user(user: Option<&str>, command: &str) -> String {
    match user {
        Some(u) => format!("runuser -u {u} -- {command}"),
        None => command.to_owned(),
    }
}
