//! Shared pieces: the FS pack, its generated cases, a fresh log on either backend (an
//! SQLite file or a database of the test PostgreSQL server), the chain recomputed, a record
//! edited in the store, and [`both!`], which runs a test on each backend.

use std::path::PathBuf;

use delegat::{Engine, NoLoader, Pack};
use delegat_log::{
    Location, Log, LogError, LogOptions, PgStore, Receipt, ReceiptId, Record, SqliteStore, Store,
    chain,
};

use crate::pg_server;

/// The FS benchmark pack, built from source.
pub fn fs_pack() -> Pack {
    let text = include_str!("../../../delegat-bench/fs.regel");
    Pack::from_source("fs.regel", text, &mut NoLoader).unwrap()
}

/// A shipped example pack, built from source.
pub fn example(name: &str) -> Pack {
    let path = format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    Pack::from_source(name, &text, &mut NoLoader).unwrap()
}

/// `n` FS cases from the workload's generator, each with a decision date.
pub fn fs_cases(n: usize, seed: u64) -> Vec<String> {
    delegat_bench::generate::json_lines(n, seed)
        .map(|l| format!("{{\"beslutsdatum\":\"2026-03-01\",{}", &l[1..]))
        .collect()
}

/// A temporary directory and the path of a log in it (not yet created).
pub fn log_path() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("beslut.logg");
    (dir, path)
}

/// Both engines.
pub const ENGINES: [Engine; 2] = [Engine::Interpreter, Engine::Jit];

/// The stores a log can be kept in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// An SQLite file.
    Sqlite,
    /// A database of the test PostgreSQL server.
    Postgres,
}

/// A fresh, empty log on one backend (not yet created).
#[derive(Debug)]
pub struct TestLog {
    _dir: tempfile::TempDir,
    /// Where it is.
    pub location: Location,
}

impl TestLog {
    /// A new log; `None` (the test skipped, with a printed reason) when the backend is
    /// PostgreSQL and no server can be started.
    pub fn new(backend: Backend) -> Option<TestLog> {
        let (dir, path) = log_path();
        let location = match backend {
            Backend::Sqlite => Location::File(path),
            Backend::Postgres => {
                let server = pg_server::shared()?;
                Location::Postgres(server.url(&server.database().unwrap()))
            }
        };
        Some(TestLog {
            _dir: dir,
            location,
        })
    }

    /// The log opened for writing (created if need be).
    pub fn log(&self) -> Log {
        self.log_with(LogOptions::default())
    }

    /// [`TestLog::log`] with options.
    pub fn log_with(&self, options: LogOptions) -> Log {
        Log::open_at(&self.location, options).unwrap()
    }

    /// The existing log's store.
    pub fn store(&self) -> TestStore {
        match &self.location {
            Location::File(path) => {
                TestStore::Sqlite(Box::new(SqliteStore::open(path, false).unwrap()))
            }
            Location::Postgres(url) => {
                TestStore::Postgres(Box::new(PgStore::open(url, false).unwrap()))
            }
        }
    }
}

/// Runs each named test, a function taking a [`TestLog`], on both backends: the tests
/// `sqlite::NAME` and `postgres::NAME`.
macro_rules! both {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(#[test]
            fn $name() {
                let log = crate::support::TestLog::new(crate::support::Backend::Sqlite).unwrap();
                super::$name(&log);
            })*
        }
        mod postgres {
            $(#[test]
            fn $name() {
                if let Some(log) = crate::support::TestLog::new(crate::support::Backend::Postgres) {
                    super::$name(&log);
                }
            })*
        }
    };
}
pub(crate) use both;

/// A store of either backend, with the test hooks that change it as someone with write
/// access could.
#[derive(Debug)]
pub enum TestStore {
    /// The SQLite file.
    Sqlite(Box<SqliteStore>),
    /// The PostgreSQL database.
    Postgres(Box<PgStore>),
}

impl TestStore {
    fn inner(&mut self) -> &mut dyn Store {
        match self {
            TestStore::Sqlite(s) => s.as_mut(),
            TestStore::Postgres(s) => s.as_mut(),
        }
    }

    /// Changes the record `seq` without recomputing the chain.
    pub fn edit(&mut self, seq: u64, f: impl FnOnce(&mut Record)) {
        let found = match self {
            TestStore::Sqlite(s) => s.edit(seq, f),
            TestStore::Postgres(s) => s.edit(seq, f),
        };
        assert!(found.unwrap(), "no record {seq}");
    }

    /// Removes the record `seq`.
    pub fn remove(&mut self, seq: u64) {
        let found = match self {
            TestStore::Sqlite(s) => s.remove(seq),
            TestStore::Postgres(s) => s.remove(seq),
        };
        assert!(found.unwrap(), "no record {seq}");
    }
}

impl Store for TestStore {
    fn archive(&mut self, hash: &str, bytes: &[u8]) -> Result<(), LogError> {
        self.inner().archive(hash, bytes)
    }
    fn append(&mut self, entries: &[delegat_log::Entry]) -> Result<Vec<Receipt>, LogError> {
        self.inner().append(entries)
    }
    fn scan(
        &mut self,
        from: u64,
        f: &mut dyn FnMut(Record) -> Result<bool, LogError>,
    ) -> Result<(), LogError> {
        self.inner().scan(from, f)
    }
    fn get(&mut self, id: ReceiptId) -> Result<Option<Record>, LogError> {
        self.inner().get(id)
    }
    fn pack(&mut self, hash: &str) -> Result<Option<Vec<u8>>, LogError> {
        self.inner().pack(hash)
    }
    fn pack_hashes(&mut self) -> Result<Vec<String>, LogError> {
        self.inner().pack_hashes()
    }
    fn gallra(&mut self, before: ReceiptId) -> Result<u64, LogError> {
        self.inner().gallra(before)
    }
    fn archive_signature(
        &mut self,
        pack: &str,
        signature: &delegat_log::ArchivedSignature,
    ) -> Result<(), LogError> {
        self.inner().archive_signature(pack, signature)
    }
    fn signatures(&mut self, pack: &str) -> Result<Vec<delegat_log::ArchivedSignature>, LogError> {
        self.inner().signatures(pack)
    }
}

/// Every record's chain hash recomputed from the first and compared with the stored one;
/// returns the number of records.
pub fn assert_chain_holds(log: &TestLog) -> u64 {
    let mut store = log.store();
    let mut prev = chain::GENESIS;
    let mut n = 0;
    store
        .scan(1, &mut |r| {
            n += 1;
            assert_eq!(r.seq, n, "records are numbered from 1 without gaps");
            let h = chain::link(&prev, &r);
            assert_eq!(h, r.chain, "record {} ({})", r.seq, r.id);
            prev = h;
            Ok(true)
        })
        .unwrap();
    n
}
