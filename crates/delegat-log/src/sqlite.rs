//! [`SqliteStore`]: the embedded store, one SQLite file (rusqlite with its bundled SQLite).
//!
//! The file is created owner-only (0600; SQLite gives its `-wal` and `-shm` files the same
//! mode). It runs in WAL mode with `synchronous=FULL`, so a committed transaction is on
//! disk (the WAL is synced at every commit) and a crash at any moment leaves the last
//! committed state readable; `secure_delete` overwrites deleted content, so gallring
//! really removes it.
//!
//! Tables: `meta` (the format), `packs` (hash → bytes), `sources` (pack, decision,
//! engine, signer) and `decisions`, whose `seq` is the rowid and the chain's order, with a
//! unique index on the receipt id.

use std::collections::HashMap;
use std::path::Path;

use delegat::{Date, Money};
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::chain;
use crate::error::{self, LogError};
use crate::id::ReceiptId;
use crate::record::{Digest32, Entry, Receipt, Record, Source, engine_of, utfall_code, utfall_of};
use crate::store::Store;

/// The format written in `meta`.
pub const FORMAT: &str = "delegat-logg/1";

const SCHEMA: &str = "
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE packs (hash TEXT PRIMARY KEY, bytes BLOB NOT NULL);
CREATE TABLE sources (
  id INTEGER PRIMARY KEY,
  pack TEXT NOT NULL REFERENCES packs(hash),
  decision TEXT NOT NULL,
  engine TEXT NOT NULL,
  signer TEXT
);
CREATE TABLE decisions (
  seq INTEGER PRIMARY KEY,
  id BLOB NOT NULL,
  source INTEGER NOT NULL,
  date INTEGER NOT NULL,
  ext_ref TEXT,
  input TEXT,
  input_digest BLOB,
  utfall INTEGER NOT NULL,
  belopp INTEGER,
  felplats TEXT,
  document_digest BLOB NOT NULL,
  document BLOB,
  chain BLOB NOT NULL
);
CREATE UNIQUE INDEX decisions_id ON decisions(id);
";

const COLUMNS: &str = "d.seq, d.id, s.pack, s.decision, s.engine, s.signer, d.date, d.ext_ref, \
     d.input, d.input_digest, d.utfall, d.belopp, d.felplats, d.document_digest, d.document, \
     d.chain FROM decisions d LEFT JOIN sources s ON s.id = d.source";

/// A decision log in one SQLite file.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    /// Source ids already found or made, per source.
    sources: HashMap<Source, i64>,
}

impl SqliteStore {
    /// Opens the log at `path`, creating it (owner-only) if `create` and it does not exist.
    pub fn open(path: &Path, create: bool) -> Result<SqliteStore, LogError> {
        let exists = path.exists();
        if !exists {
            if !create {
                return Err(LogError::Open(format!("{} finns inte", path.display())));
            }
            create_owner_only(path)?;
        }
        let conn = Connection::open(path).map_err(error::open)?;
        conn.busy_timeout(std::time::Duration::from_secs(30))
            .map_err(error::open)?;
        conn.pragma_update(None, "secure_delete", "ON")
            .map_err(error::open)?;
        conn.pragma_update(None, "foreign_keys", "ON")
            .map_err(error::open)?;
        let mode: String = conn
            .query_row("PRAGMA journal_mode=WAL", [], |r| r.get(0))
            .map_err(|e| LogError::NotALog(e.to_string()))?;
        if !mode.eq_ignore_ascii_case("wal") {
            return Err(LogError::Open(format!(
                "loggen kan inte gå i WAL-läge ({mode})"
            )));
        }
        conn.pragma_update(None, "synchronous", "FULL")
            .map_err(error::open)?;
        let mut store = SqliteStore {
            conn,
            sources: HashMap::new(),
        };
        store.ensure_schema()?;
        Ok(store)
    }

    fn ensure_schema(&mut self) -> Result<(), LogError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| LogError::NotALog(e.to_string()))?;
        let has_meta: bool = tx
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='meta'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .map_err(|e| LogError::NotALog(e.to_string()))?
            > 0;
        if has_meta {
            let format: Option<String> = tx
                .query_row("SELECT value FROM meta WHERE key='format'", [], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(|e| LogError::NotALog(e.to_string()))?;
            if format.as_deref() != Some(FORMAT) {
                return Err(LogError::NotALog(format!(
                    "formatet är {}, inte {FORMAT}",
                    format.as_deref().unwrap_or("okänt")
                )));
            }
            return Ok(());
        }
        let tables: i64 = tx
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0))
            .map_err(|e| LogError::NotALog(e.to_string()))?;
        if tables > 0 {
            return Err(LogError::NotALog(
                "databasen har andra tabeller än en beslutslogg".into(),
            ));
        }
        tx.execute_batch(SCHEMA).map_err(error::write)?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES ('format', ?1)",
            [FORMAT],
        )
        .map_err(error::write)?;
        tx.commit().map_err(error::write)
    }

    /// The underlying connection (for tests and tools that inspect the file).
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    fn source_id(tx: &rusqlite::Transaction<'_>, s: &Source) -> Result<i64, LogError> {
        let found: Option<i64> = tx
            .prepare_cached(
                "SELECT id FROM sources WHERE pack = ?1 AND decision = ?2 AND engine = ?3 \
                 AND signer IS ?4",
            )
            .and_then(|mut q| {
                q.query_row(
                    params![s.pack, s.decision, s.engine.as_str(), s.signer],
                    |r| r.get(0),
                )
                .optional()
            })
            .map_err(error::write)?;
        if let Some(id) = found {
            return Ok(id);
        }
        tx.execute(
            "INSERT INTO sources (pack, decision, engine, signer) VALUES (?1, ?2, ?3, ?4)",
            params![s.pack, s.decision, s.engine.as_str(), s.signer],
        )
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                LogError::Archive(format!("regelpaketet {} är inte arkiverat", s.pack))
            }
            e => error::write(e),
        })?;
        Ok(tx.last_insert_rowid())
    }

    fn append_in(
        &mut self,
        entries: &[Entry],
        receipts: &mut Vec<Receipt>,
    ) -> Result<(), LogError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(error::write)?;
        let head: Option<(u64, Vec<u8>, Vec<u8>)> = tx
            .query_row(
                "SELECT seq, id, chain FROM decisions ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(error::write)?;
        let (mut seq, mut last_id, mut prev) = match head {
            Some((seq, id, chain)) => (seq, id_of(&id), digest_of(&chain)),
            None => (0, None, chain::GENESIS),
        };
        let mut insert = tx
            .prepare(
                "INSERT INTO decisions (seq, id, source, date, ext_ref, input, utfall, belopp, \
                 felplats, document_digest, document, chain) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
            )
            .map_err(error::write)?;
        for entry in entries {
            let source = match self.sources.get(&entry.source) {
                Some(id) => *id,
                None => {
                    let id = SqliteStore::source_id(&tx, &entry.source)?;
                    self.sources.insert(entry.source.clone(), id);
                    id
                }
            };
            seq += 1;
            let id = ReceiptId::next(last_id);
            last_id = Some(id);
            let input_digest = Entry::digest(entry.input.as_bytes());
            prev = chain::link_entry(
                &prev,
                seq,
                &id,
                entry,
                chain::Fields {
                    source: &entry.source,
                    ext_ref: entry.ext_ref.as_deref(),
                    felplats: entry.felplats.as_deref(),
                    input_digest: &input_digest,
                },
            );
            insert
                .execute(params![
                    seq,
                    &id.as_bytes()[..],
                    source,
                    entry.date.days(),
                    entry.ext_ref,
                    entry.input,
                    utfall_code(entry.utfall),
                    entry.belopp.map(Money::ore),
                    entry.felplats,
                    &entry.document_digest[..],
                    entry.document,
                    &prev[..],
                ])
                .map_err(error::write)?;
            receipts.push(Receipt {
                id,
                seq,
                chain: prev,
            });
        }
        drop(insert);
        tx.commit().map_err(error::write)
    }
}

impl Store for SqliteStore {
    fn archive(&mut self, hash: &str, bytes: &[u8]) -> Result<(), LogError> {
        self.conn
            .execute(
                "INSERT OR IGNORE INTO packs (hash, bytes) VALUES (?1, ?2)",
                params![hash, bytes],
            )
            .map_err(error::write)?;
        Ok(())
    }

    fn append(&mut self, entries: &[Entry]) -> Result<Vec<Receipt>, LogError> {
        let mut receipts = Vec::with_capacity(entries.len());
        let result = self.append_in(entries, &mut receipts);
        if result.is_err() {
            // Source ids made in a transaction that did not commit do not exist.
            self.sources.clear();
        }
        result.map(|()| receipts)
    }

    fn scan(
        &mut self,
        from: u64,
        f: &mut dyn FnMut(Record) -> Result<bool, LogError>,
    ) -> Result<(), LogError> {
        let mut q = self
            .conn
            .prepare(&format!(
                "SELECT {COLUMNS} WHERE d.seq >= ?1 ORDER BY d.seq"
            ))
            .map_err(error::open)?;
        let mut rows = q.query([from]).map_err(error::open)?;
        while let Some(row) = rows.next().map_err(error::open)? {
            if !f(record_of(row)?)? {
                break;
            }
        }
        Ok(())
    }

    fn get(&mut self, id: ReceiptId) -> Result<Option<Record>, LogError> {
        let mut q = self
            .conn
            .prepare(&format!("SELECT {COLUMNS} WHERE d.id = ?1"))
            .map_err(error::open)?;
        let mut rows = q.query([&id.as_bytes()[..]]).map_err(error::open)?;
        match rows.next().map_err(error::open)? {
            Some(row) => Ok(Some(record_of(row)?)),
            None => Ok(None),
        }
    }

    fn pack(&mut self, hash: &str) -> Result<Option<Vec<u8>>, LogError> {
        self.conn
            .query_row("SELECT bytes FROM packs WHERE hash = ?1", [hash], |r| {
                r.get(0)
            })
            .optional()
            .map_err(error::open)
    }

    fn pack_hashes(&mut self) -> Result<Vec<String>, LogError> {
        let mut q = self
            .conn
            .prepare("SELECT hash FROM packs ORDER BY hash")
            .map_err(error::open)?;
        let rows = q.query_map([], |r| r.get(0)).map_err(error::open)?;
        rows.collect::<Result<Vec<String>, _>>()
            .map_err(error::open)
    }

    fn gallra(&mut self, before: ReceiptId) -> Result<u64, LogError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(error::write)?;
        let mut n = 0;
        {
            let mut read = tx
                .prepare("SELECT seq, input FROM decisions WHERE id < ?1 AND input IS NOT NULL")
                .map_err(error::write)?;
            let mut update = tx
                .prepare(
                    "UPDATE decisions SET input = NULL, input_digest = ?2, document = NULL \
                     WHERE seq = ?1",
                )
                .map_err(error::write)?;
            let mut rows = read.query([&before.as_bytes()[..]]).map_err(error::write)?;
            while let Some(row) = rows.next().map_err(error::write)? {
                let seq: i64 = row.get(0).map_err(error::write)?;
                let input: String = row.get(1).map_err(error::write)?;
                update
                    .execute(params![seq, &Entry::digest(input.as_bytes())[..]])
                    .map_err(error::write)?;
                n += 1;
            }
            tx.execute(
                "UPDATE decisions SET document = NULL WHERE id < ?1 AND document IS NOT NULL",
                [&before.as_bytes()[..]],
            )
            .map_err(error::write)?;
        }
        tx.commit().map_err(error::write)?;
        // secure_delete zeroes the freed content in the pages SQLite writes; the vacuum
        // rewrites the whole file and the checkpoint empties the WAL, where the old pages
        // were last.
        self.conn.execute_batch("VACUUM").map_err(error::write)?;
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(error::write)?;
        Ok(n)
    }
}

/// Creates an empty file that only its owner may read and write.
fn create_owner_only(path: &Path) -> Result<(), LogError> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    options
        .open(path)
        .map(drop)
        .map_err(|e| LogError::Open(format!("{}: {e}", path.display())))
}

fn id_of(bytes: &[u8]) -> Option<ReceiptId> {
    <[u8; 16]>::try_from(bytes).ok().map(ReceiptId::from_bytes)
}

fn digest_of(bytes: &[u8]) -> Digest32 {
    <Digest32>::try_from(bytes).unwrap_or([0; 32])
}

fn bad(what: &str, seq: i64) -> LogError {
    LogError::NotALog(format!("post {seq}: {what} kan inte läsas"))
}

fn record_of(row: &rusqlite::Row<'_>) -> Result<Record, LogError> {
    let seq: i64 = row.get(0).map_err(error::open)?;
    let get_text = |i: usize| {
        row.get::<_, Option<String>>(i)
            .map_err(|_| bad("en text", seq))
    };
    let get_blob = |i: usize| {
        row.get::<_, Option<Vec<u8>>>(i)
            .map_err(|_| bad("ett värde", seq))
    };
    let id = get_blob(1)?
        .as_deref()
        .and_then(id_of)
        .ok_or_else(|| bad("kvittot", seq))?;
    let engine = get_text(4)?
        .as_deref()
        .and_then(engine_of)
        .ok_or_else(|| bad("motorn", seq))?;
    let source = Source {
        pack: get_text(2)?.ok_or_else(|| bad("regelpaketet", seq))?,
        decision: get_text(3)?.ok_or_else(|| bad("beslutet", seq))?,
        engine,
        signer: get_text(5)?,
    };
    let days: i64 = row.get(6).map_err(|_| bad("beslutsdatumet", seq))?;
    let date = Date::from_days(days).map_err(|_| bad("beslutsdatumet", seq))?;
    let input = get_text(8)?;
    let input_digest = match (&input, get_blob(9)?) {
        (Some(text), _) => Entry::digest(text.as_bytes()),
        (None, Some(d)) => digest_of(&d),
        (None, None) => return Err(bad("uppgifterna", seq)),
    };
    let utfall = row
        .get::<_, i64>(10)
        .ok()
        .and_then(utfall_of)
        .ok_or_else(|| bad("utfallet", seq))?;
    let belopp: Option<i64> = row.get(11).map_err(|_| bad("beloppet", seq))?;
    Ok(Record {
        seq: u64::try_from(seq).unwrap_or(0),
        id,
        source,
        date,
        ext_ref: get_text(7)?,
        input,
        input_digest,
        utfall,
        belopp: belopp.map(Money::from_ore),
        felplats: get_text(12)?,
        document_digest: get_blob(13)?
            .as_deref()
            .map(digest_of)
            .ok_or_else(|| bad("dokumentets kontrollsumma", seq))?,
        document: get_blob(14)?,
        chain: get_blob(15)?
            .as_deref()
            .map(digest_of)
            .ok_or_else(|| bad("kedjan", seq))?,
    })
}
