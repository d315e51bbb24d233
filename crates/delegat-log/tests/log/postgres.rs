//! What only the PostgreSQL store has: the schema's migrations (a database of version 1,
//! written here by hand, upgraded), what it refuses to open, the roles of the operator's
//! guide (the service may only read and insert), two instances appending to one chain, and
//! a server that goes away and comes back.

use std::sync::Arc;

use delegat::Engine;
use delegat_log::{
    Location, Log, LogOptions, LoggingDecider, PG_SCHEMA_VERSION, PgStore, Store, verify,
};

use crate::pg_server::{self, PgServer};
use crate::support::{TestLog, TestStore, assert_chain_holds, fs_cases, fs_pack};

/// Version 1 of the schema as it was released (not taken from the code: the test is that
/// a database made by it is upgraded).
const VERSION_1: &str = "
CREATE TABLE delegat_schema (
  version integer PRIMARY KEY,
  description text NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE packs (hash text PRIMARY KEY, bytes bytea NOT NULL);
CREATE TABLE sources (
  id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  pack text NOT NULL REFERENCES packs (hash),
  decision text NOT NULL,
  engine text NOT NULL,
  signer text
);
CREATE UNIQUE INDEX sources_key ON sources (pack, decision, engine, coalesce(signer, ''));
CREATE TABLE records (
  seq bigint PRIMARY KEY CHECK (seq > 0),
  id uuid NOT NULL UNIQUE,
  source integer NOT NULL,
  date date NOT NULL,
  ext_ref text,
  input text,
  input_digest bytea NOT NULL,
  utfall smallint NOT NULL,
  belopp bigint,
  felplats text,
  document_digest bytea NOT NULL,
  document bytea,
  chain bytea NOT NULL
);
INSERT INTO delegat_schema (version, description)
  VALUES (1, 'the pack archive, the sources and the records');
";

fn server_and_db() -> Option<(&'static PgServer, String)> {
    let server = pg_server::shared()?;
    let db = server.database().unwrap();
    Some((server, db))
}

/// Logs `n` FS decisions through `log` on the JIT.
fn decide(log: &Log, n: usize, seed: u64) {
    let pack = fs_pack();
    let logging = LoggingDecider::new(pack.engine(Engine::Jit).unwrap(), log);
    for case in fs_cases(n, seed) {
        logging.decide(&case, None, None).unwrap();
    }
}

fn versions(store: &mut PgStore) -> Vec<i32> {
    store
        .client_mut()
        .unwrap()
        .query("SELECT version FROM delegat_schema ORDER BY version", &[])
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect()
}

#[test]
fn a_database_of_version_1_is_upgraded_at_start_and_its_log_continues() {
    let Some((server, db)) = server_and_db() else {
        return;
    };
    server.sql(&db, VERSION_1).unwrap();
    let url = server.url(&db);
    // Decisions logged while the database is at version 1 (the store told to migrate no
    // further).
    let v1 = PgStore::open_at_version(&url, false, 1).unwrap();
    let log = Log::with_store(Box::new(v1), Default::default(), LogOptions::default());
    decide(&log, 20, 3);
    drop(log);

    let mut store = PgStore::open(&url, false).unwrap();
    assert_eq!(
        versions(&mut store),
        (1..=PG_SCHEMA_VERSION).collect::<Vec<_>>()
    );
    let indexed: bool = store
        .client_mut()
        .unwrap()
        .query_one("SELECT to_regclass('records_date') IS NOT NULL", &[])
        .unwrap()
        .get(0);
    assert!(indexed, "version 2 adds the index on the decision date");
    let v = verify(&mut store, None).unwrap();
    assert_eq!((v.head.count, v.problem), (20, None));
    drop(store);
    let log = Log::open_at(&Location::Postgres(url.clone()), LogOptions::default()).unwrap();
    decide(&log, 5, 4);
    drop(log);
    let mut store = PgStore::open(&url, false).unwrap();
    assert_eq!(verify(&mut store, None).unwrap().head.count, 25);
    // Opening again migrates nothing.
    assert_eq!(
        versions(&mut store).len(),
        usize::try_from(PG_SCHEMA_VERSION).unwrap()
    );
}

#[test]
fn what_is_not_a_log_of_this_version_is_refused_and_left_alone() {
    let Some((server, db)) = server_and_db() else {
        return;
    };
    let url = server.url(&db);
    // An empty database: no log to read, and one to create.
    let e = PgStore::open(&url, false).unwrap_err();
    assert_eq!(e.code().as_str(), "E0510", "{e}");
    assert!(e.to_string().contains("ingen beslutslogg"), "{e}");
    // A database of another application.
    let other = server.database().unwrap();
    server
        .sql(&other, "CREATE TABLE kunder (namn text)")
        .unwrap();
    let e = PgStore::open(&server.url(&other), true).unwrap_err();
    assert_eq!(e.code().as_str(), "E0511", "{e}");
    let mut kept = postgres::Client::connect(&server.url(&other), postgres::NoTls).unwrap();
    let tables: i64 = kept
        .query_one(
            "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'",
            &[],
        )
        .unwrap()
        .get(0);
    assert_eq!(tables, 1, "nothing was created beside it");
    // A log of a later version than this program knows.
    PgStore::open(&url, true).unwrap();
    server
        .sql(
            &db,
            "INSERT INTO delegat_schema (version, description) VALUES (99, 'framtiden')",
        )
        .unwrap();
    let e = PgStore::open(&url, false).unwrap_err();
    assert_eq!(e.code().as_str(), "E0525", "{e}");
    assert!(e.to_string().contains("schemaversion 99"), "{e}");
    // No server at the address, and an address that is not one.
    let port = server.port();
    let nowhere = format!("postgres://postgres@127.0.0.1:{}/x", port.wrapping_add(1));
    let e = PgStore::open(&nowhere, true).unwrap_err();
    assert_eq!(e.code().as_str(), "E0510", "{e}");
    assert!(e.to_string().contains("kan inte nås"), "{e}");
    let e = PgStore::open("postgres://[", true).unwrap_err();
    assert_eq!(e.code().as_str(), "E0510", "{e}");
}

#[test]
fn the_roles_of_the_guide_let_the_service_read_and_insert_but_never_change() {
    let Some(server) = pg_server::shared() else {
        return;
    };
    let docs = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/postgresql");
    let roles = std::fs::read_to_string(format!("{docs}/roles.sql")).unwrap();
    let grants = std::fs::read_to_string(format!("{docs}/grants.sql")).unwrap();
    server.script("postgres", &roles).unwrap();
    let owner = server.url_as("delegat_agare", "beslutslogg");
    let service = server.url_as("delegat_tjanst", "beslutslogg");
    let reader = server.url_as("delegat_granskare", "beslutslogg");

    // Before the owner has made the tables, the service can make nothing.
    let e = PgStore::open(&service, true).unwrap_err();
    assert_eq!(e.code().as_str(), "E0525", "{e}");
    // `delegat logg migrera` as the owner, then the grants.
    drop(PgStore::open(&owner, true).unwrap());
    let mut as_owner = postgres::Client::connect(&owner, postgres::NoTls).unwrap();
    as_owner.batch_execute(&grants).unwrap();

    // The service logs decisions (a pack archived, a source made, records inserted) and
    // reads them back.
    let log = Log::open_at(&Location::Postgres(service.clone()), LogOptions::default()).unwrap();
    decide(&log, 30, 8);
    drop(log);
    let mut store = PgStore::open(&service, false).unwrap();
    assert_eq!(verify(&mut store, None).unwrap().head.count, 30);
    // It may not change or remove anything, nor gallra.
    let denied = |url: &str, sql: &str| {
        let mut c = postgres::Client::connect(url, postgres::NoTls).unwrap();
        let e = c.batch_execute(sql).unwrap_err();
        assert_eq!(
            e.code(),
            Some(&postgres::error::SqlState::INSUFFICIENT_PRIVILEGE),
            "{sql}: {e:?}"
        );
    };
    for sql in [
        "UPDATE records SET belopp = 0",
        "DELETE FROM records",
        "TRUNCATE records",
        "UPDATE packs SET bytes = ''",
        "DELETE FROM sources",
        "INSERT INTO delegat_schema (version, description) VALUES (7, 'x')",
        "CREATE TABLE annat (x int)",
    ] {
        denied(&service, sql);
    }
    let mut as_service = TestStore::Postgres(Box::new(PgStore::open(&service, false).unwrap()));
    let e = as_service
        .gallra(delegat_log::ReceiptId::first_of_ms(i64::MAX >> 16))
        .unwrap_err();
    assert_eq!(e.code().as_str(), "E0512", "{e}");
    // The reader may only read.
    let mut as_reader = PgStore::open(&reader, false).unwrap();
    assert_eq!(verify(&mut as_reader, None).unwrap().head.count, 30);
    denied(&reader, "INSERT INTO packs VALUES ('x', '')");
    denied(&reader, "UPDATE records SET belopp = 0");
    // Gallring is the owner's.
    let mut as_owner = PgStore::open(&owner, false).unwrap();
    let before = delegat_log::ReceiptId::first_of_ms(i64::MAX >> 16);
    assert_eq!(as_owner.gallra(before).unwrap(), 30);
    let v = verify(&mut as_owner, None).unwrap();
    assert_eq!((v.gallrade, v.problem), (30, None));
}

#[test]
fn two_instances_append_to_one_gapless_chain() {
    let Some(tl) = TestLog::new(crate::support::Backend::Postgres) else {
        return;
    };
    // Two logs (as two service instances hold them), each with writers on threads.
    let a = Arc::new(tl.log());
    let b = Arc::new(tl.log());
    let pack = Arc::new(fs_pack());
    let cases = Arc::new(fs_cases(200, 31));
    let mut receipts = Vec::new();
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|t| {
                let log = if t % 2 == 0 { a.clone() } else { b.clone() };
                let (pack, cases) = (pack.clone(), cases.clone());
                s.spawn(move || {
                    let logging = LoggingDecider::new(pack.engine(Engine::Jit).unwrap(), &log);
                    cases
                        .iter()
                        .skip(t)
                        .step_by(4)
                        .map(|c| logging.decide(c, None, None).unwrap().1)
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            receipts.extend(h.join().unwrap());
        }
    });
    drop((a, b));
    let mut seqs: Vec<u64> = receipts.iter().map(|r| r.seq).collect();
    seqs.sort_unstable();
    assert_eq!(seqs, (1..=200).collect::<Vec<_>>());
    assert_eq!(assert_chain_holds(&tl), 200);
    let mut store = tl.store();
    for r in &receipts {
        assert_eq!(store.get(r.id).unwrap().map(|x| x.chain), Some(r.chain));
    }
}

#[test]
fn a_log_whose_server_goes_away_refuses_and_recovers_by_itself() {
    let Some(server) = pg_server::own() else {
        return;
    };
    let db = server.database().unwrap();
    let location = Location::Postgres(server.url(&db));
    let log = Log::open_at(&location, LogOptions::default()).unwrap();
    decide(&log, 3, 1);
    server.stop().unwrap();
    let pack = fs_pack();
    let logging = LoggingDecider::new(pack.engine(Engine::Jit).unwrap(), &log);
    let case = fs_cases(1, 2).remove(0);
    for _ in 0..2 {
        let Err(delegat_log::DecideError::Log(e)) = logging.decide(&case, None, None) else {
            panic!("a decision was returned without a log");
        };
        assert!(matches!(e.code().as_str(), "E0512" | "E0510"), "{e}");
    }
    server.start_again().unwrap();
    let (_, receipt) = logging.decide(&case, None, None).unwrap();
    assert_eq!(
        receipt.seq, 4,
        "nothing of the refused decisions was logged"
    );
    drop(log);
    let mut store = PgStore::open(&server.url(&db), false).unwrap();
    let v = verify(&mut store, None).unwrap();
    assert_eq!((v.head.count, v.problem), (4, None));
}
