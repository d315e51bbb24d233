//! [`SqliteStore`]: the embedded store, one SQLite file (rusqlite with its bundled SQLite).
//!
//! The file is created owner-only (0600; SQLite gives its `-wal` and `-shm` files the same
//! mode). It runs in WAL mode with `synchronous=FULL`, so a committed transaction is on
//! disk (the WAL is synced at every commit, with `fdatasync`: the workspace builds the
//! bundled SQLite with `HAVE_FDATASYNC`, `.cargo/config.toml`) and a crash at any moment
//! leaves the last committed state readable; `secure_delete` overwrites deleted content, so gallring
//! really removes it.
//!
//! Tables: `meta` (the format), `packs` (hash → bytes), `signatures` (pack, key id →
//! the public key file and the signature the pack was verified with), `sources` (pack,
//! decision, engine, signer) and `blocks`: the records packed many to a row ([`crate::block`]), each
//! block keyed by the number of its first record, with its first receipt id (indexed, for
//! finding a receipt) and the head after its last record (number, receipt, chain hash: where
//! the next append chains on). An append writes one block per [`BLOCK`] records; a block is
//! never extended, only rewritten by gallring.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

use crate::block::{self, Input, Packed};
use crate::chain;
use crate::error::{self, LogError};
use crate::id::ReceiptId;
use crate::record::{ArchivedSignature, Digest32, Entry, Receipt, Record, Source, engine_of};
use crate::store::Store;

/// The format written in `meta`.
pub const FORMAT: &str = "delegat-logg/3";

/// The format before the archive kept signatures: read as it is, and made [`FORMAT`] by
/// the first signature archived in it (the tables are the same but for `signatures`).
const FORMAT_2: &str = "delegat-logg/2";

/// The most records one block holds.
pub const BLOCK: usize = 256;

/// An append's transaction: immediate, so that the chain's head read first cannot move.
const BEGIN: &str = "BEGIN IMMEDIATE";
/// The end of an append that succeeded.
const COMMIT: &str = "COMMIT";
/// The end of an append that failed.
const ROLLBACK: &str = "ROLLBACK";

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
CREATE TABLE blocks (
  first INTEGER PRIMARY KEY,
  first_id BLOB NOT NULL,
  last INTEGER NOT NULL,
  last_id BLOB NOT NULL,
  last_chain BLOB NOT NULL,
  records BLOB NOT NULL
);
CREATE INDEX blocks_id ON blocks(first_id);
";

/// The signatures the archive's packs were verified with (in [`SCHEMA`]'s logs from the
/// start; added to a log of [`FORMAT_2`] by its first signature).
const SIGNATURES: &str = "
CREATE TABLE IF NOT EXISTS signatures (
  pack TEXT NOT NULL REFERENCES packs(hash),
  key_id TEXT NOT NULL,
  public_key TEXT NOT NULL,
  ed25519 TEXT NOT NULL,
  PRIMARY KEY (pack, key_id)
);
";

/// What [`SqliteStore::blocks`] calls with each block's records; `false` stops.
type BlockVisitor<'a> = dyn FnMut(&mut SqliteStore, Vec<Packed>) -> Result<bool, LogError> + 'a;

/// A decision log in one SQLite file.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    /// Source ids already found or made, per source.
    sources: HashMap<Source, i64>,
    /// The sources by id, as read ([`Self::source_of`]).
    by_id: HashMap<u32, Source>,
    /// The block being encoded (reused).
    buf: Vec<u8>,
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
            by_id: HashMap::new(),
            buf: Vec::new(),
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
            if format.as_deref() == Some("delegat-logg/1") {
                return Err(LogError::NotALog(format!(
                    "loggen har det äldre formatet delegat-logg/1 (en rad per beslut), som den \
                     här versionen inte läser; den läser och skriver {FORMAT}. Verifiera och \
                     arkivera den gamla loggen med den version av Delegat som skrev den, och \
                     börja en ny logg"
                )));
            }
            if format.as_deref() != Some(FORMAT) && format.as_deref() != Some(FORMAT_2) {
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
        tx.execute_batch(SIGNATURES).map_err(error::write)?;
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

    fn source_id(tx: &Connection, s: &Source) -> Result<i64, LogError> {
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

    /// Appends `entries` in one `BEGIN IMMEDIATE` … `COMMIT`, rolled back on any error. The
    /// three statements are prepared once per connection (`transaction_with_behavior` parses
    /// `BEGIN` and `COMMIT` at every commit).
    fn append_in(
        &mut self,
        entries: &[Entry],
        receipts: &mut Vec<Receipt>,
    ) -> Result<(), LogError> {
        self.run(BEGIN)?;
        let result = self
            .append_blocks(entries, receipts)
            .and_then(|()| self.run(COMMIT));
        if result.is_err() {
            // Nothing of a failed append stays: not a block, not a source. A `ROLLBACK`
            // that fails (no transaction left to end) changes nothing more.
            let _ = self.run(ROLLBACK);
        }
        result
    }

    /// Runs one statement without parameters or rows, prepared once per connection.
    fn run(&self, sql: &str) -> Result<(), LogError> {
        self.conn
            .prepare_cached(sql)
            .and_then(|mut s| s.execute([]))
            .map(|_| ())
            .map_err(error::write)
    }

    /// The blocks of `entries` written after the chain's head, inside the transaction of
    /// [`Self::append_in`].
    fn append_blocks(
        &mut self,
        entries: &[Entry],
        receipts: &mut Vec<Receipt>,
    ) -> Result<(), LogError> {
        let tx = &self.conn;
        // Prepared once per connection: at one caller per commit, preparing it anew was
        // about 7 % of a logged request's samples.
        // The blobs are read in place, not copied out.
        let head: Option<(u64, Option<ReceiptId>, Digest32)> = tx
            .prepare_cached(
                "SELECT last, last_id, last_chain FROM blocks ORDER BY first DESC LIMIT 1",
            )
            .and_then(|mut q| {
                q.query_row([], |r| {
                    Ok((r.get(0)?, id_of(blob(r, 1)?), digest_of(blob(r, 2)?)))
                })
                .optional()
            })
            .map_err(error::write)?;
        let (mut seq, mut last_id, mut prev) = match head {
            Some((seq, id, chain)) => (seq, id, chain),
            None => (0, None, chain::GENESIS),
        };
        let mut insert = tx
            .prepare_cached(
                "INSERT INTO blocks (first, first_id, last, last_id, last_chain, records) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )
            .map_err(error::write)?;
        let buf = &mut self.buf;
        // The source of the entry before (a batch's entries share one).
        let mut last_source: Option<(&Arc<Source>, i64)> = None;
        for group in entries.chunks(BLOCK) {
            buf.clear();
            let first = seq + 1;
            let mut first_id = None;
            for entry in group {
                let source = match &last_source {
                    // Arc<Source>: the same allocation compares equal without reading it.
                    Some((s, id)) if *s == &entry.source => *id,
                    _ => {
                        let id = match self.sources.get(entry.source.as_ref()) {
                            Some(id) => *id,
                            None => {
                                let id = SqliteStore::source_id(tx, &entry.source)?;
                                self.sources.insert(Source::clone(&entry.source), id);
                                id
                            }
                        };
                        last_source = Some((&entry.source, id));
                        id
                    }
                };
                seq += 1;
                let chain::Next { id, chain, .. } = chain::next(&prev, seq, last_id, entry);
                last_id = Some(id);
                first_id.get_or_insert(id);
                prev = chain;
                block::encode(
                    buf,
                    &block::Fields {
                        seq,
                        id: id.as_bytes(),
                        source: u32::try_from(source).unwrap_or(u32::MAX),
                        date: entry.date,
                        utfall: entry.utfall,
                        belopp: entry.belopp,
                        ext_ref: entry.ext_ref.as_deref(),
                        input: Ok(&entry.input),
                        felplats: entry.felplats.as_deref(),
                        document_digest: &entry.document_digest,
                        document: entry.document.as_deref(),
                        chain: &prev,
                    },
                );
                receipts.push(Receipt {
                    id,
                    seq,
                    chain: prev,
                });
            }
            let (Some(first_id), Some(last)) = (first_id, last_id) else {
                continue;
            };
            insert
                .execute(params![
                    first,
                    &first_id.as_bytes()[..],
                    seq,
                    &last.as_bytes()[..],
                    &prev[..],
                    &buf[..],
                ])
                .map_err(error::write)?;
        }
        Ok(())
    }

    /// The source of the row id `id` of the `sources` table.
    fn source_of(&mut self, id: u32) -> Result<Source, LogError> {
        if let Some(s) = self.by_id.get(&id) {
            return Ok(s.clone());
        }
        let found: Option<(String, String, String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT pack, decision, engine, signer FROM sources WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()
            .map_err(error::open)?;
        let Some((pack, decision, engine, signer)) = found else {
            return Err(LogError::NotALog(format!("källa {id} saknas")));
        };
        let engine =
            engine_of(&engine).ok_or_else(|| LogError::NotALog(format!("okänd motor {engine}")))?;
        let source = Source {
            pack,
            decision,
            engine,
            signer,
        };
        self.by_id.insert(id, source.clone());
        Ok(source)
    }

    /// The record of a packed one.
    fn record_of(&mut self, p: Packed) -> Result<Record, LogError> {
        let source = self.source_of(p.source)?;
        let (input, input_digest) = match p.input {
            Input::Text(t) => {
                let d = Entry::digest(t.as_bytes());
                (Some(t), d)
            }
            Input::Gallrad(d) => (None, d),
        };
        Ok(Record {
            seq: p.seq,
            id: ReceiptId::from_bytes(p.id),
            source,
            date: p.date,
            ext_ref: p.ext_ref,
            input,
            input_digest,
            utfall: p.utfall,
            belopp: p.belopp,
            felplats: p.felplats,
            document_digest: p.document_digest,
            document: p.document,
            chain: p.chain,
        })
    }

    /// The blocks from the one holding record `from` on, in log order: each block's first
    /// number and its records.
    fn blocks(&mut self, from: u64, f: &mut BlockVisitor<'_>) -> Result<(), LogError> {
        let start: u64 = self
            .conn
            .query_row(
                "SELECT coalesce(max(first), 0) FROM blocks WHERE first <= ?1",
                [from],
                |r| r.get(0),
            )
            .map_err(error::open)?;
        let mut after = start;
        let mut inclusive = true;
        // A few blocks at a time, so that `f` may use the connection between them.
        loop {
            let rows: Vec<(u64, Vec<u8>)> = {
                let mut q = self
                    .conn
                    .prepare_cached(if inclusive {
                        "SELECT first, records FROM blocks WHERE first >= ?1 ORDER BY first LIMIT 16"
                    } else {
                        "SELECT first, records FROM blocks WHERE first > ?1 ORDER BY first LIMIT 16"
                    })
                    .map_err(error::open)?;
                let rows = q
                    .query_map([after], |r| Ok((r.get(0)?, bytes(r, 1)?)))
                    .map_err(error::open)?;
                rows.collect::<Result<_, _>>().map_err(error::open)?
            };
            if rows.is_empty() {
                return Ok(());
            }
            for (first, bytes) in rows {
                after = first;
                inclusive = false;
                let records = block::decode(&bytes).ok_or_else(|| {
                    LogError::NotALog(format!(
                        "blocket som börjar med post {first} kan inte läsas: det har skadats \
                         eller ändrats"
                    ))
                })?;
                if !f(self, records)? {
                    return Ok(());
                }
            }
        }
    }

    /// Reads record `seq`, lets `f` change it and writes it back with [`Self::overwrite`]:
    /// what someone editing the file would do. For the tests and demonstrations of what
    /// verifying detects; `false` if no record has that number.
    #[doc(hidden)]
    pub fn edit(&mut self, seq: u64, f: impl FnOnce(&mut Record)) -> Result<bool, LogError> {
        let mut found = None;
        self.scan(seq, &mut |r| {
            found = Some(r);
            Ok(false)
        })?;
        let Some(mut record) = found.filter(|r| r.seq == seq) else {
            return Ok(false);
        };
        f(&mut record);
        self.overwrite(&record)
    }

    /// Writes `record` over the stored record of its number as it is, without recomputing
    /// the chain: what someone editing the file would do. For the tests and demonstrations
    /// of what verifying detects; `false` if no record has that number.
    #[doc(hidden)]
    pub fn overwrite(&mut self, record: &Record) -> Result<bool, LogError> {
        let tx = self.conn.unchecked_transaction().map_err(error::write)?;
        let source = SqliteStore::source_id(&tx, &record.source)?;
        tx.commit().map_err(error::write)?;
        let source = u32::try_from(source).unwrap_or(u32::MAX);
        self.rewrite_block(record.seq, |records| {
            let Some(r) = records.iter_mut().find(|r| r.seq == record.seq) else {
                return false;
            };
            *r = Packed {
                seq: record.seq,
                id: *record.id.as_bytes(),
                source,
                date: record.date,
                utfall: record.utfall,
                belopp: record.belopp,
                ext_ref: record.ext_ref.clone(),
                input: match &record.input {
                    Some(t) => Input::Text(t.clone()),
                    None => Input::Gallrad(record.input_digest),
                },
                felplats: record.felplats.clone(),
                document_digest: record.document_digest,
                document: record.document.clone(),
                chain: record.chain,
            };
            true
        })
    }

    /// Cuts the record of number `seq` out of its block, leaving the others as they are:
    /// what someone deleting a decision from the file would do (for tests and
    /// demonstrations); `false` if no record has that number.
    #[doc(hidden)]
    pub fn remove(&mut self, seq: u64) -> Result<bool, LogError> {
        self.rewrite_block(seq, |records| {
            let before = records.len();
            records.retain(|r| r.seq != seq);
            records.len() != before
        })
    }

    fn rewrite_block(
        &mut self,
        seq: u64,
        edit: impl FnOnce(&mut Vec<Packed>) -> bool,
    ) -> Result<bool, LogError> {
        let found: Option<(u64, Vec<u8>)> = self
            .conn
            .query_row(
                "SELECT first, records FROM blocks WHERE first <= ?1 ORDER BY first DESC LIMIT 1",
                [seq],
                |r| Ok((r.get(0)?, bytes(r, 1)?)),
            )
            .optional()
            .map_err(error::open)?;
        let Some((first, bytes)) = found else {
            return Ok(false);
        };
        let mut records = block::decode(&bytes).unwrap_or_default();
        if !edit(&mut records) {
            return Ok(false);
        }
        let mut out = Vec::with_capacity(bytes.len());
        for r in &records {
            block::encode_packed(&mut out, r);
        }
        self.conn
            .execute(
                "UPDATE blocks SET records = ?2 WHERE first = ?1",
                params![first, out],
            )
            .map_err(error::write)?;
        Ok(true)
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

    fn archive_signature(
        &mut self,
        pack: &str,
        signature: &ArchivedSignature,
    ) -> Result<(), LogError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(error::write)?;
        tx.execute_batch(SIGNATURES).map_err(error::write)?;
        tx.execute("UPDATE meta SET value = ?1 WHERE key = 'format'", [FORMAT])
            .map_err(error::write)?;
        tx.execute(
            "INSERT OR IGNORE INTO signatures (pack, key_id, public_key, ed25519) \
             VALUES (?1, ?2, ?3, ?4)",
            params![
                pack,
                signature.key_id,
                signature.public_key,
                signature.ed25519
            ],
        )
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if f.code == rusqlite::ErrorCode::ConstraintViolation =>
            {
                LogError::Archive(format!("regelpaketet {pack} är inte arkiverat"))
            }
            e => error::write(e),
        })?;
        tx.commit().map_err(error::write)
    }

    fn signatures(&mut self, pack: &str) -> Result<Vec<ArchivedSignature>, LogError> {
        let has_table: i64 = self
            .conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type='table' AND name='signatures'",
                [],
                |r| r.get(0),
            )
            .map_err(error::open)?;
        if has_table == 0 {
            return Ok(Vec::new());
        }
        let mut q = self
            .conn
            .prepare_cached(
                "SELECT key_id, public_key, ed25519 FROM signatures WHERE pack = ?1 \
                 ORDER BY key_id",
            )
            .map_err(error::open)?;
        let rows = q
            .query_map([pack], |r| {
                Ok(ArchivedSignature {
                    key_id: r.get(0)?,
                    public_key: r.get(1)?,
                    ed25519: r.get(2)?,
                })
            })
            .map_err(error::open)?;
        rows.collect::<Result<_, _>>().map_err(error::open)
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
        self.blocks(from, &mut |store, records| {
            for p in records {
                if p.seq < from {
                    continue;
                }
                if !f(store.record_of(p)?)? {
                    return Ok(false);
                }
            }
            Ok(true)
        })
    }

    fn get(&mut self, id: ReceiptId) -> Result<Option<Record>, LogError> {
        let found: Option<Vec<u8>> = self
            .conn
            .query_row(
                "SELECT records FROM blocks WHERE first_id <= ?1 ORDER BY first_id DESC LIMIT 1",
                [&id.as_bytes()[..]],
                |r| bytes(r, 0),
            )
            .optional()
            .map_err(error::open)?;
        let Some(bytes) = found else {
            return Ok(None);
        };
        let records = block::decode(&bytes)
            .ok_or_else(|| LogError::NotALog("kvittots block kan inte läsas".into()))?;
        match records.into_iter().find(|p| p.id == *id.as_bytes()) {
            Some(p) => self.record_of(p).map(Some),
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
                .prepare("SELECT first, records FROM blocks WHERE first_id < ?1 ORDER BY first")
                .map_err(error::write)?;
            let mut update = tx
                .prepare("UPDATE blocks SET records = ?2 WHERE first = ?1")
                .map_err(error::write)?;
            let mut rows = read.query([&before.as_bytes()[..]]).map_err(error::write)?;
            let mut out = Vec::new();
            while let Some(row) = rows.next().map_err(error::write)? {
                let first: i64 = row.get(0).map_err(error::write)?;
                let bytes = bytes(row, 1).map_err(error::write)?;
                let mut records = block::decode(&bytes).ok_or_else(|| {
                    LogError::NotALog(format!(
                        "blocket som börjar med post {first} kan inte läsas"
                    ))
                })?;
                let mut changed = false;
                for r in records.iter_mut().filter(|r| r.id < *before.as_bytes()) {
                    if let Input::Text(t) = &r.input {
                        r.input = Input::Gallrad(Entry::digest(t.as_bytes()));
                        n += 1;
                        changed = true;
                    }
                    if r.document.take().is_some() {
                        changed = true;
                    }
                }
                if changed {
                    out.clear();
                    for r in &records {
                        block::encode_packed(&mut out, r);
                    }
                    update
                        .execute(params![first, &out[..]])
                        .map_err(error::write)?;
                }
            }
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

/// A block's records as bytes, whether SQLite holds them as a blob or (after an edit with
/// the `sqlite3` shell, whose `||` makes text) as text.
/// Column `i` of `row`, a blob, borrowed from the row (an error as reading a `Vec<u8>`
/// gives for any other type).
fn blob<'r>(row: &'r rusqlite::Row<'_>, i: usize) -> rusqlite::Result<&'r [u8]> {
    let value = row.get_ref(i)?;
    value
        .as_blob()
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), Box::new(e)))
}

fn bytes(row: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Vec<u8>> {
    let value = row.get_ref(i)?;
    value
        .as_bytes()
        .map(<[u8]>::to_vec)
        .map_err(|e| rusqlite::Error::FromSqlConversionFailure(i, value.data_type(), Box::new(e)))
}
