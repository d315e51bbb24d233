//! The PostgreSQL log's schema and its migrations, applied when a store opens.
//!
//! The table `delegat_schema` holds one row per migration applied (its version, what it
//! does, when). Opening a store takes a transaction-level advisory lock (so two instances
//! starting together migrate once), reads the highest version and applies every later
//! migration of [`MIGRATIONS`] in the same transaction: all of them or none. A database
//! of a later version than this program knows is refused (E0525), and so is a migration
//! the connecting role may not apply (the service's role may only read and insert; the
//! owner's role migrates, see `docs/drift-postgresql.md`).
//!
//! A migration is never edited once released; a change to the schema is a new migration
//! at the end of the list.

use postgres::Transaction;
use postgres::error::SqlState;

use crate::error::LogError;
use crate::postgres::reason;

/// One step of the schema.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Its version: 1, 2, … in order.
    pub version: i32,
    /// What it does (an operator reads it in `delegat_schema`).
    pub description: &'static str,
    /// The statements.
    pub sql: &'static str,
}

/// The schema's migrations, in order.
pub const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        description: "the pack archive, the sources and the records",
        sql: "
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
",
    },
    Migration {
        version: 2,
        description: "an index on the decision date, for selections by period",
        sql: "CREATE INDEX records_date ON records (date);",
    },
    Migration {
        version: 3,
        description: "the signatures a signed pack was verified with, beside the pack",
        sql: "
CREATE TABLE signatures (
  pack text NOT NULL REFERENCES packs (hash),
  key_id text NOT NULL,
  public_key text NOT NULL,
  ed25519 text NOT NULL,
  PRIMARY KEY (pack, key_id)
);
",
    },
];

/// The version this program writes and reads.
pub const LATEST: i32 = 3;

/// The advisory lock key migrations are applied under ("delegat" and 1).
const MIGRATE_LOCK: i64 = 0x6465_6c65_6761_7401;

/// Brings the database to version `target` ([`LATEST`] but in tests, which build an older
/// database) in `tx`, committed by the caller: creates the log in an empty database if
/// `create`, refuses a database that holds other tables.
pub(crate) fn migrate_to(
    tx: &mut Transaction<'_>,
    create: bool,
    target: i32,
) -> Result<(), LogError> {
    let open = |e: postgres::Error| LogError::Open(reason(&e));
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATE_LOCK])
        .map_err(open)?;
    let has_schema: bool = tx
        .query_one("SELECT to_regclass('delegat_schema') IS NOT NULL", &[])
        .and_then(|r| r.try_get(0))
        .map_err(open)?;
    if !has_schema {
        let tables: i64 = tx
            .query_one(
                "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()",
                &[],
            )
            .and_then(|r| r.try_get(0))
            .map_err(open)?;
        if tables > 0 {
            return Err(LogError::NotALog(
                "databasen har andra tabeller än en beslutslogg".into(),
            ));
        }
        if !create {
            return Err(LogError::Open("databasen har ingen beslutslogg".into()));
        }
        tx.batch_execute(
            "CREATE TABLE delegat_schema (
               version integer PRIMARY KEY,
               description text NOT NULL,
               applied_at timestamptz NOT NULL DEFAULT now()
             )",
        )
        .map_err(|e| denied_or(&e, 0))?;
    }
    let current: i32 = tx
        .query_one("SELECT coalesce(max(version), 0) FROM delegat_schema", &[])
        .and_then(|r| r.try_get(0))
        .map_err(open)?;
    if current > LATEST {
        return Err(LogError::Schema(format!(
            "databasen har schemaversion {current}, men den här versionen av Delegat känner \
             bara versionerna till och med {LATEST}; använd en nyare version av Delegat"
        )));
    }
    for m in MIGRATIONS
        .iter()
        .filter(|m| m.version > current && m.version <= target)
    {
        tx.batch_execute(m.sql)
            .map_err(|e| denied_or(&e, current))?;
        tx.execute(
            "INSERT INTO delegat_schema (version, description) VALUES ($1, $2)",
            &[&m.version, &m.description],
        )
        .map_err(|e| denied_or(&e, current))?;
    }
    Ok(())
}

/// A migration that failed: E0525 when the role may not change the schema, else a write
/// error.
fn denied_or(e: &postgres::Error, current: i32) -> LogError {
    if e.code() == Some(&SqlState::INSUFFICIENT_PRIVILEGE) {
        return LogError::Schema(format!(
            "databasen har schemaversion {current} och behöver version {LATEST}, men rollen \
             som loggar in får inte ändra tabellerna ({}); öppna loggen en gång med ägarrollen, \
             till exempel med `delegat logg verifiera`, så uppgraderas den",
            reason(e)
        ));
    }
    LogError::Write(reason(e))
}
