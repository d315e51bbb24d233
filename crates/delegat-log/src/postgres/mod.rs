//! [`PgStore`]: the decision log in a PostgreSQL database, which several service instances
//! share (`--logg postgres://…`).
//!
//! One global chain, as in the SQLite store: an append takes a transaction-level advisory
//! lock (`pg_advisory_xact_lock`), reads the head (the record with the highest number,
//! through the primary key) and inserts its records after it in one statement; the lock is
//! released at commit, after which the next append sees the new head. So appends from every
//! instance are serialised by the database and form one gapless chain, and verifying,
//! replay, the follow-up and the impact analysis read it as they read a file. The cost is
//! one more round trip per group commit and no parallel appends; each instance's group
//! commit takes every decision waiting meanwhile into its turn. An advisory lock needs no
//! privilege, so the service's role can append with `INSERT` and `SELECT` alone, and
//! `records.seq` is the primary key, so an append that did not hold the lock cannot fork
//! the chain.
//!
//! One row per record (`schema.rs`); the input's digest is kept beside the input so that
//! gallring (setting `input` and `document` to `NULL`) leaves the chain whole. A lost
//! connection is dropped and made again at the next call, so a service recovers by itself
//! when the database returns; a call made while it is away fails and nothing is returned
//! that is not logged.

mod schema;

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use delegat::{Date, Money};
use postgres::error::SqlState;
use postgres::{Client, Config, NoTls, Row, Statement, Transaction};
use uuid::Uuid;

use crate::chain;
use crate::error::LogError;
use crate::id::ReceiptId;
use crate::record::{
    ArchivedSignature, Digest32, Entry, Receipt, Record, Source, engine_of, utfall_code, utfall_of,
};
use crate::store::Store;

pub use schema::{LATEST, MIGRATIONS, Migration};

/// The advisory lock key appends are serialised under ("delegat" and 2).
const APPEND_LOCK: i64 = 0x6465_6c65_6761_7402;

/// Records read per query while scanning.
const PAGE: i64 = 2048;

/// The columns of a record, in the order [`record_of`] reads them.
const COLUMNS: &str = "seq, id, source, (date - DATE '1970-01-01'), ext_ref, input, \
                       input_digest, utfall, belopp, felplats, document_digest, document, chain";

/// A decision log in a PostgreSQL database.
pub struct PgStore {
    config: Config,
    /// The connection; `None` after it was lost, made again at the next call.
    client: Option<Client>,
    /// The append's statements, prepared once per connection (`None` with the connection).
    prepared: Option<Prepared>,
    /// Source ids already found or made, per source.
    sources: HashMap<Source, i32>,
    /// The sources by id, as read.
    by_id: HashMap<i32, Source>,
}

impl fmt::Debug for PgStore {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Not the configuration: it may hold a password.
        f.debug_struct("PgStore")
            .field("connected", &self.client.is_some())
            .finish_non_exhaustive()
    }
}

impl PgStore {
    /// Connects to the database of `url` (`postgres://…` or `postgresql://…`, or libpq's
    /// `key=value` form; the password, if not in it, from `PGPASSWORD`) and brings its schema up to date ([`LATEST`]); creates the log's
    /// tables in an empty database if `create`.
    pub fn open(url: &str, create: bool) -> Result<PgStore, LogError> {
        PgStore::open_at_version(url, create, LATEST)
    }

    /// [`PgStore::open`], migrating only up to `version` (tests build an older database).
    #[doc(hidden)]
    pub fn open_at_version(url: &str, create: bool, version: i32) -> Result<PgStore, LogError> {
        let mut config: Config = url.parse().map_err(|e: postgres::Error| {
            LogError::Open(format!("databasadressen kan inte läsas: {}", reason(&e)))
        })?;
        // As libpq: a password not in the URL may come from `PGPASSWORD`, so that it is not
        // on the command line (where other users of the machine could read it).
        if config.get_password().is_none()
            && let Some(password) = std::env::var_os("PGPASSWORD")
        {
            config.password(password.as_encoded_bytes());
        }
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        // A server that stops answering without closing the connection (a network cut)
        // fails the write after 30 s instead of the kernel's many minutes, so the service
        // answers `503` and connects again.
        if config.get_tcp_user_timeout().is_none() {
            config.tcp_user_timeout(Duration::from_secs(30));
        }
        if config.get_application_name().is_none() {
            config.application_name("delegat");
        }
        let mut client = connect(&config)?;
        let mut tx = client
            .transaction()
            .map_err(|e| LogError::Open(reason(&e)))?;
        schema::migrate_to(&mut tx, create, version)?;
        tx.commit().map_err(|e| LogError::Open(reason(&e)))?;
        Ok(PgStore {
            config,
            client: Some(client),
            prepared: None,
            sources: HashMap::new(),
            by_id: HashMap::new(),
        })
    }

    /// The connection, made again if it was lost.
    fn client(&mut self) -> Result<&mut Client, LogError> {
        if self.client.as_ref().is_some_and(Client::is_closed) {
            self.client = None;
            self.prepared = None;
        }
        match &mut self.client {
            Some(c) => Ok(c),
            slot @ None => Ok(slot.insert(connect(&self.config)?)),
        }
    }

    /// Runs `f` on the connection; an error that is not the server's answer drops the
    /// connection, so that the next call connects again.
    fn with<T>(
        &mut self,
        wrap: fn(String) -> LogError,
        f: impl FnOnce(&mut Client) -> Result<T, postgres::Error>,
    ) -> Result<T, LogError> {
        let result = f(self.client()?);
        result.map_err(|e| self.failed(&e, wrap))
    }

    fn failed(&mut self, e: &postgres::Error, wrap: fn(String) -> LogError) -> LogError {
        if e.as_db_error().is_none() {
            self.client = None;
            self.prepared = None;
        }
        wrap(reason(e))
    }

    fn append_in(&mut self, entries: &[Entry]) -> Result<Vec<Receipt>, LogError> {
        let PgStore {
            config,
            client,
            prepared,
            sources,
            ..
        } = self;
        if client.as_ref().is_some_and(Client::is_closed) {
            *client = None;
        }
        if client.is_none() {
            *prepared = None;
            *client = Some(connect(config)?);
        }
        let Some(conn) = client.as_mut() else {
            return Err(LogError::Write("ingen förbindelse med databasen".into()));
        };
        let result = match prepared {
            Some(p) => append_tx(conn, p, sources, entries),
            None => match Prepared::new(conn) {
                Ok(p) => append_tx(conn, prepared.insert(p), sources, entries),
                Err(e) => Err((LogError::Write(reason(&e)), e.as_db_error().is_none())),
            },
        };
        if let Err((e, lost)) = &result {
            // Source ids made in a transaction that did not commit do not exist.
            sources.clear();
            if *lost {
                *client = None;
                *prepared = None;
            }
            return Err(e.clone());
        }
        result.map_err(|(e, _)| e)
    }

    /// The source of the row id `id` of `sources`.
    fn source_of(&mut self, id: i32) -> Result<Source, LogError> {
        if let Some(s) = self.by_id.get(&id) {
            return Ok(s.clone());
        }
        let row = self.with(LogError::Open, |c| {
            c.query_opt(
                "SELECT pack, decision, engine, signer FROM sources WHERE id = $1",
                &[&id],
            )
        })?;
        let Some(row) = row else {
            return Err(LogError::NotALog(format!("källa {id} saknas")));
        };
        let (pack, decision, engine, signer): (String, String, String, Option<String>) =
            (get(&row, 0)?, get(&row, 1)?, get(&row, 2)?, get(&row, 3)?);
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

    /// The record of a row of [`COLUMNS`].
    fn record_of(&mut self, row: &Row) -> Result<Record, LogError> {
        let seq: i64 = get(row, 0)?;
        let id: Uuid = get(row, 1)?;
        let source = self.source_of(get(row, 2)?)?;
        let day: i32 = get(row, 3)?;
        let input: Option<String> = get(row, 5)?;
        let stored_digest: Vec<u8> = get(row, 6)?;
        let utfall: i16 = get(row, 7)?;
        let belopp: Option<i64> = get(row, 8)?;
        let document_digest: Vec<u8> = get(row, 10)?;
        let chain: Vec<u8> = get(row, 12)?;
        let seq = u64::try_from(seq)
            .map_err(|_| LogError::NotALog(format!("postnumret {seq} är negativt")))?;
        let bad = |what: &str| LogError::NotALog(format!("post {seq}: {what} kan inte läsas"));
        // The input's digest is the input's own while it is kept (so a changed input breaks
        // the chain), the stored one once it is gallrad.
        let input_digest = match &input {
            Some(t) => Entry::digest(t.as_bytes()),
            None => digest(&stored_digest).ok_or_else(|| bad("uppgifternas kontrollsumma"))?,
        };
        Ok(Record {
            seq,
            id: ReceiptId::from_bytes(id.into_bytes()),
            source,
            date: Date::from_days(i64::from(day)).map_err(|_| bad("beslutsdatumet"))?,
            ext_ref: get(row, 4)?,
            input,
            input_digest,
            utfall: utfall_of(i64::from(utfall)).ok_or_else(|| bad("utfallet"))?,
            belopp: belopp.map(Money::from_ore),
            felplats: get(row, 9)?,
            document_digest: digest(&document_digest)
                .ok_or_else(|| bad("dokumentets kontrollsumma"))?,
            document: get(row, 11)?,
            chain: digest(&chain).ok_or_else(|| bad("kedjan"))?,
        })
    }

    /// Reads record `seq`, lets `f` change it and writes it back as it is, without
    /// recomputing the chain: what someone with write access to the database could do. For
    /// the tests and demonstrations of what verifying detects; `false` if no record has
    /// that number.
    #[doc(hidden)]
    pub fn edit(&mut self, seq: u64, f: impl FnOnce(&mut Record)) -> Result<bool, LogError> {
        let key = i64::try_from(seq).unwrap_or(i64::MAX);
        let sql = format!("SELECT {COLUMNS} FROM records WHERE seq = $1");
        let Some(row) = self.with(LogError::Open, |c| c.query_opt(&sql, &[&key]))? else {
            return Ok(false);
        };
        let mut r = self.record_of(&row)?;
        f(&mut r);
        let conn = self.client()?;
        let mut tx = conn
            .transaction()
            .map_err(|e| LogError::Write(reason(&e)))?;
        let source = source_id(&mut tx, &r.source).map_err(|(e, _)| e)?;
        let n = tx
            .execute(
                "UPDATE records SET id = $2, source = $3, date = DATE '1970-01-01' + $4::integer, \
                 ext_ref = $5, input = $6, input_digest = $7, utfall = $8, belopp = $9, \
                 felplats = $10, document_digest = $11, document = $12, chain = $13 \
                 WHERE seq = $1",
                &[
                    &key,
                    &Uuid::from_bytes(*r.id.as_bytes()),
                    &source,
                    &r.date.days(),
                    &r.ext_ref,
                    &r.input,
                    &&r.input_digest[..],
                    &i16::from(utfall_code(r.utfall)),
                    &r.belopp.map(Money::ore),
                    &r.felplats,
                    &&r.document_digest[..],
                    &r.document,
                    &&r.chain[..],
                ],
            )
            .map_err(|e| LogError::Write(reason(&e)))?;
        tx.commit().map_err(|e| LogError::Write(reason(&e)))?;
        self.sources.clear();
        Ok(n == 1)
    }

    /// Deletes record `seq`: what someone deleting a decision from the database would do
    /// (for tests and demonstrations); `false` if no record has that number.
    #[doc(hidden)]
    pub fn remove(&mut self, seq: u64) -> Result<bool, LogError> {
        let key = i64::try_from(seq).unwrap_or(i64::MAX);
        let n = self.with(LogError::Write, |c| {
            c.execute("DELETE FROM records WHERE seq = $1", &[&key])
        })?;
        Ok(n == 1)
    }

    /// Runs SQL on the connection (for tests that look inside the database).
    #[doc(hidden)]
    pub fn client_mut(&mut self) -> Result<&mut Client, LogError> {
        self.client()
    }
}

impl Store for PgStore {
    fn archive(&mut self, hash: &str, bytes: &[u8]) -> Result<(), LogError> {
        self.with(LogError::Write, |c| {
            c.execute(
                "INSERT INTO packs (hash, bytes) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                &[&hash, &bytes],
            )
        })
        .map(drop)
    }

    fn archive_signature(
        &mut self,
        pack: &str,
        signature: &ArchivedSignature,
    ) -> Result<(), LogError> {
        let result = self.client()?.execute(
            "INSERT INTO signatures (pack, key_id, public_key, ed25519) \
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
            &[
                &pack,
                &signature.key_id,
                &signature.public_key,
                &signature.ed25519,
            ],
        );
        match result {
            Ok(_) => Ok(()),
            Err(e) if e.code() == Some(&SqlState::FOREIGN_KEY_VIOLATION) => Err(LogError::Archive(
                format!("regelpaketet {pack} är inte arkiverat"),
            )),
            Err(e) => Err(self.failed(&e, LogError::Write)),
        }
    }

    fn signatures(&mut self, pack: &str) -> Result<Vec<ArchivedSignature>, LogError> {
        let rows = self.with(LogError::Open, |c| {
            c.query(
                "SELECT key_id, public_key, ed25519 FROM signatures WHERE pack = $1 \
                 ORDER BY key_id",
                &[&pack],
            )
        })?;
        rows.iter()
            .map(|row| {
                Ok(ArchivedSignature {
                    key_id: get(row, 0)?,
                    public_key: get(row, 1)?,
                    ed25519: get(row, 2)?,
                })
            })
            .collect()
    }

    fn append(&mut self, entries: &[Entry]) -> Result<Vec<Receipt>, LogError> {
        if entries.is_empty() {
            return Ok(Vec::new());
        }
        self.append_in(entries)
    }

    fn scan(
        &mut self,
        from: u64,
        f: &mut dyn FnMut(Record) -> Result<bool, LogError>,
    ) -> Result<(), LogError> {
        let sql = format!("SELECT {COLUMNS} FROM records WHERE seq >= $1 ORDER BY seq LIMIT $2");
        let mut next = i64::try_from(from.max(1)).unwrap_or(i64::MAX);
        loop {
            let rows = self.with(LogError::Open, |c| c.query(&sql, &[&next, &PAGE]))?;
            let Some(last) = rows.last() else {
                return Ok(());
            };
            next = get::<i64>(last, 0)?.saturating_add(1);
            let full = i64::try_from(rows.len()).unwrap_or(0) == PAGE;
            for row in &rows {
                if !f(self.record_of(row)?)? {
                    return Ok(());
                }
            }
            if !full {
                return Ok(());
            }
        }
    }

    fn get(&mut self, id: ReceiptId) -> Result<Option<Record>, LogError> {
        let sql = format!("SELECT {COLUMNS} FROM records WHERE id = $1");
        let key = Uuid::from_bytes(*id.as_bytes());
        match self.with(LogError::Open, |c| c.query_opt(&sql, &[&key]))? {
            Some(row) => self.record_of(&row).map(Some),
            None => Ok(None),
        }
    }

    fn pack(&mut self, hash: &str) -> Result<Option<Vec<u8>>, LogError> {
        let row = self.with(LogError::Open, |c| {
            c.query_opt("SELECT bytes FROM packs WHERE hash = $1", &[&hash])
        })?;
        row.map(|r| get(&r, 0)).transpose()
    }

    fn pack_hashes(&mut self) -> Result<Vec<String>, LogError> {
        let rows = self.with(LogError::Open, |c| {
            c.query("SELECT hash FROM packs ORDER BY hash", &[])
        })?;
        rows.iter().map(|r| get(r, 0)).collect()
    }

    fn gallra(&mut self, before: ReceiptId) -> Result<u64, LogError> {
        let key = Uuid::from_bytes(*before.as_bytes());
        let n = self.with(LogError::Write, |c| {
            let mut tx = c.transaction()?;
            let n = tx.execute(
                "UPDATE records SET input = NULL, document = NULL \
                 WHERE id < $1 AND input IS NOT NULL",
                &[&key],
            )?;
            tx.execute(
                "UPDATE records SET document = NULL WHERE id < $1 AND document IS NOT NULL",
                &[&key],
            )?;
            tx.commit()?;
            Ok(n)
        })?;
        // The old row versions stay in the table's pages until it is rewritten: VACUUM FULL
        // does that (only the table's owner may; for another role the server skips it with a
        // warning, and the owner's routine rewrites the table, see docs/drift-postgresql.md).
        if n > 0 {
            self.with(LogError::Write, |c| {
                c.batch_execute("VACUUM (FULL) records")
            })?;
        }
        Ok(n)
    }
}

/// The statements of an append, prepared once per connection (a statement given as text is
/// prepared at every call: a round trip more each).
struct Prepared {
    lock: Statement,
    head: Statement,
    insert: Statement,
}

impl Prepared {
    fn new(conn: &mut Client) -> Result<Prepared, postgres::Error> {
        Ok(Prepared {
            lock: conn.prepare("SELECT pg_advisory_xact_lock($1)")?,
            head: conn.prepare("SELECT seq, id, chain FROM records ORDER BY seq DESC LIMIT 1")?,
            insert: conn.prepare(INSERT)?,
        })
    }
}

/// The insert of an append: every record of it in one statement, one array per column.
const INSERT: &str = "INSERT INTO records (seq, id, source, date, ext_ref, input, input_digest, \
     utfall, belopp, felplats, document_digest, document, chain) \
     SELECT seq, id, source, DATE '1970-01-01' + day, ext_ref, input, input_digest, \
     utfall, belopp, felplats, document_digest, document, chain \
     FROM unnest($1::bigint[], $2::uuid[], $3::integer[], $4::integer[], $5::text[], \
     $6::text[], $7::bytea[], $8::smallint[], $9::bigint[], $10::text[], $11::bytea[], \
     $12::bytea[], $13::bytea[]) AS t(seq, id, source, day, ext_ref, input, input_digest, \
     utfall, belopp, felplats, document_digest, document, chain)";

/// The append transaction: the lock, the head, the sources, one insert. The error, and
/// whether the connection was lost.
fn append_tx(
    conn: &mut Client,
    prepared: &Prepared,
    sources: &mut HashMap<Source, i32>,
    entries: &[Entry],
) -> Result<Vec<Receipt>, (LogError, bool)> {
    let fail = |e: postgres::Error| {
        let lost = e.as_db_error().is_none();
        (LogError::Write(reason(&e)), lost)
    };
    let mut tx = conn.transaction().map_err(fail)?;
    tx.execute(&prepared.lock, &[&APPEND_LOCK]).map_err(fail)?;
    let head = tx.query_opt(&prepared.head, &[]).map_err(fail)?;
    let (mut seq, mut last_id, mut prev) = match head {
        Some(row) => {
            let seq: i64 = row.try_get(0).map_err(fail)?;
            let id: Uuid = row.try_get(1).map_err(fail)?;
            let chain: Vec<u8> = row.try_get(2).map_err(fail)?;
            let seq = u64::try_from(seq).unwrap_or(0);
            let chain = digest(&chain).ok_or_else(|| {
                (
                    LogError::NotALog(format!("kedjan i post {seq} kan inte läsas")),
                    false,
                )
            })?;
            (seq, Some(ReceiptId::from_bytes(id.into_bytes())), chain)
        }
        None => (0, None, chain::GENESIS),
    };
    let n = entries.len();
    let mut seqs = Vec::with_capacity(n);
    let mut ids = Vec::with_capacity(n);
    let mut source_ids = Vec::with_capacity(n);
    let mut days = Vec::with_capacity(n);
    let mut ext_refs = Vec::with_capacity(n);
    let mut inputs = Vec::with_capacity(n);
    let mut input_digests = Vec::with_capacity(n);
    let mut utfall = Vec::with_capacity(n);
    let mut belopp = Vec::with_capacity(n);
    let mut felplats = Vec::with_capacity(n);
    let mut document_digests = Vec::with_capacity(n);
    let mut documents = Vec::with_capacity(n);
    let mut chains = Vec::with_capacity(n);
    let mut receipts = Vec::with_capacity(n);
    let mut last_source: Option<(&Arc<Source>, i32)> = None;
    for entry in entries {
        let source = match last_source {
            Some((s, id)) if s == &entry.source => id,
            _ => {
                let id = match sources.get(entry.source.as_ref()) {
                    Some(id) => *id,
                    None => {
                        let id = source_id(&mut tx, &entry.source)?;
                        sources.insert(Source::clone(&entry.source), id);
                        id
                    }
                };
                last_source = Some((&entry.source, id));
                id
            }
        };
        seq += 1;
        let chain::Next {
            id,
            input_digest,
            chain,
        } = chain::next(&prev, seq, last_id, entry);
        last_id = Some(id);
        prev = chain;
        seqs.push(i64::try_from(seq).unwrap_or(i64::MAX));
        ids.push(Uuid::from_bytes(*id.as_bytes()));
        source_ids.push(source);
        days.push(entry.date.days());
        ext_refs.push(entry.ext_ref.as_deref());
        inputs.push(entry.input.as_str());
        input_digests.push(input_digest.to_vec());
        utfall.push(i16::from(utfall_code(entry.utfall)));
        belopp.push(entry.belopp.map(Money::ore));
        felplats.push(entry.felplats.as_deref());
        document_digests.push(&entry.document_digest[..]);
        documents.push(entry.document.as_deref());
        chains.push(prev.to_vec());
        receipts.push(Receipt {
            id,
            seq,
            chain: prev,
        });
    }
    tx.execute(
        &prepared.insert,
        &[
            &seqs,
            &ids,
            &source_ids,
            &days,
            &ext_refs,
            &inputs,
            &input_digests,
            &utfall,
            &belopp,
            &felplats,
            &document_digests,
            &documents,
            &chains,
        ],
    )
    .map_err(fail)?;
    tx.commit().map_err(fail)?;
    Ok(receipts)
}

/// The id of source `s`, made if it is new; a pack not archived is refused (E0516).
fn source_id(tx: &mut Transaction<'_>, s: &Source) -> Result<i32, (LogError, bool)> {
    let fail = |e: postgres::Error| {
        if e.code() == Some(&postgres::error::SqlState::FOREIGN_KEY_VIOLATION) {
            return (
                LogError::Archive(format!("regelpaketet {} är inte arkiverat", s.pack)),
                false,
            );
        }
        let lost = e.as_db_error().is_none();
        (LogError::Write(reason(&e)), lost)
    };
    let select = "SELECT id FROM sources WHERE pack = $1 AND decision = $2 AND engine = $3 \
                  AND coalesce(signer, '') = coalesce($4, '')";
    let args: [&(dyn postgres::types::ToSql + Sync); 4] =
        [&s.pack, &s.decision, &s.engine.as_str(), &s.signer];
    if let Some(row) = tx.query_opt(select, &args).map_err(fail)? {
        return row.try_get(0).map_err(fail);
    }
    tx.execute(
        "INSERT INTO sources (pack, decision, engine, signer) VALUES ($1, $2, $3, $4) \
         ON CONFLICT DO NOTHING",
        &args,
    )
    .map_err(fail)?;
    tx.query_one(select, &args)
        .and_then(|r| r.try_get(0))
        .map_err(fail)
}

/// Connects, with the reason in Swedish around the driver's.
fn connect(config: &Config) -> Result<Client, LogError> {
    config
        .connect(NoTls)
        .map_err(|e| LogError::Open(format!("databasen kan inte nås: {}", reason(&e))))
}

/// The driver's error with the server's message, which its `Display` leaves out.
pub(crate) fn reason(e: &postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{} ({})", db.message(), db.code().code()),
        None => {
            let mut text = e.to_string();
            let mut source = std::error::Error::source(e);
            while let Some(s) = source {
                text.push_str(": ");
                text.push_str(&s.to_string());
                source = s.source();
            }
            text
        }
    }
}

/// Column `i` of `row`, or why it cannot be read.
fn get<'a, T: postgres::types::FromSql<'a>>(row: &'a Row, i: usize) -> Result<T, LogError> {
    row.try_get(i)
        .map_err(|e| LogError::NotALog(format!("kolumnen {i} kan inte läsas: {}", reason(&e))))
}

fn digest(bytes: &[u8]) -> Option<Digest32> {
    Digest32::try_from(bytes).ok()
}
