//! The seam where the decision log plugs in: [`DecisionLog`] records a decision durably
//! before the service answers it and returns the receipt id the answer names; it looks a
//! receipt up and replays it. [`StoreLog`] is the decision log of `delegat-log` (`--logg
//! LOGG`, an SQLite file or a PostgreSQL database several instances share): records
//! through its group-committing writer, reads through a connection of its own (SQLite in
//! WAL mode lets it read while the writer writes). A PostgreSQL store connects again by
//! itself after the database was away; meanwhile a decision is answered `503`.

use std::fmt;
use std::sync::{Arc, Mutex, PoisonError, RwLock};

use delegat::{Date, Engine, Money, Pack, Utfall};
use delegat_diagnostics::Code;
use delegat_log::{Entry, Location, Log, LogOptions, ReceiptId, Source, Store};

/// How many sources [`StoreLog`] keeps (each pack, decision and engine served is one; a
/// service that loads new packs again and again starts over past this).
const SOURCES_KEPT: usize = 256;

/// What is logged of one decision.
#[derive(Debug, Clone, Copy)]
pub struct LogRecord<'a> {
    /// The pack that decided (archived in the log before its first decision).
    pub pack: &'a Pack,
    /// The decision's name.
    pub decision: &'a str,
    /// The engine that decided.
    pub engine: Engine,
    /// The decision date.
    pub date: Date,
    /// The case in canonical form (`delegat::CanonicalCase`).
    pub input: &'a str,
    /// The outcome.
    pub utfall: Utfall,
    /// The amount, if any.
    pub belopp: Option<Money>,
    /// The decision document answered (the bytes of `delegat batch`'s line).
    pub document: &'a [u8],
}

/// The log could not record or read: the service answers `503` (never an unlogged
/// decision).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogError {
    /// The stable code.
    pub code: Code,
    /// The Swedish reason.
    pub message: String,
}

impl fmt::Display for LogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "fel[{}]: {}", self.code, self.message)
    }
}

impl std::error::Error for LogError {}

impl From<delegat_log::LogError> for LogError {
    fn from(e: delegat_log::LogError) -> LogError {
        LogError {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

/// Called once with a decision's receipt id when its record is durable, or with the error.
pub type Done = Box<dyn FnOnce(Result<String, LogError>) + Send>;

/// A durable decision log. Its calls block (the service calls them off the async workers),
/// except [`DecisionLog::submit`].
pub trait DecisionLog: Send + Sync + fmt::Debug + 'static {
    /// Records one decision; returns its receipt id once the record is durable.
    fn record(&self, record: &LogRecord<'_>) -> Result<String, LogError>;

    /// Hands one decision to the log without blocking: `done` is called (on a thread of
    /// the log's) with its receipt id once the record is durable, or with the error. A log
    /// that cannot take the record without blocking gives `done` back, unused; the service
    /// then calls [`DecisionLog::record`] off the async workers. The default gives it back.
    fn submit(&self, record: &LogRecord<'_>, done: Done) -> Result<(), Done> {
        let _ = record;
        Err(done)
    }

    /// Whether the log can be reached now: `Err` with the reason when it cannot (a
    /// PostgreSQL database away, a log file gone or unreadable). Blocking (it may reach
    /// the database); `/readyz` calls it off the async workers. The default is reachable.
    fn ready(&self) -> Result<(), LogError> {
        Ok(())
    }

    /// The record of receipt `id` as a JSON object; `None` when the log has no such
    /// receipt.
    fn receipt(&self, id: &str) -> Result<Option<serde_json::Value>, LogError> {
        let _ = id;
        Ok(None)
    }

    /// Decides the logged case of receipt `id` again with the archived pack: the decision
    /// document now, and whether its digest is the one logged. `None` for no such receipt.
    fn replay(&self, id: &str) -> Result<Option<(Vec<u8>, bool)>, LogError> {
        let _ = id;
        Ok(None)
    }
}

/// The decision log of `delegat-log`, in an SQLite file or a PostgreSQL database.
pub struct StoreLog {
    log: Log,
    location: Location,
    /// The reading connection, opened on first use.
    reader: Mutex<Option<Box<dyn Store>>>,
    /// The source of each pack, decision and engine decided so far: every entry of one
    /// shares its allocation instead of copying the pack hash, name and signer anew.
    sources: RwLock<Vec<Arc<Source>>>,
}

impl fmt::Debug for StoreLog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StoreLog")
            .field("location", &self.location)
            .finish_non_exhaustive()
    }
}

impl StoreLog {
    /// Opens the log at `location`, creating it if need be (a file owner-only; the tables
    /// in an empty database).
    pub fn open(location: &Location) -> Result<StoreLog, LogError> {
        Ok(StoreLog {
            log: Log::open_at(location, LogOptions::default())?,
            location: location.clone(),
            reader: Mutex::new(None),
            sources: RwLock::new(Vec::new()),
        })
    }

    /// The log as the service holds it.
    pub fn shared(self) -> Arc<dyn DecisionLog> {
        Arc::new(self)
    }

    fn with_reader<T>(
        &self,
        f: impl FnOnce(&mut dyn Store) -> Result<T, delegat_log::LogError>,
    ) -> Result<T, LogError> {
        let mut guard = self.reader.lock().unwrap_or_else(PoisonError::into_inner);
        if guard.is_none() {
            *guard = Some(delegat_log::open_store(&self.location, false)?);
        }
        match guard.as_mut() {
            Some(store) => Ok(f(store.as_mut())?),
            None => Err(LogError {
                code: Code::E0510,
                message: "beslutsloggen kan inte läsas".to_owned(),
            }),
        }
    }
}

/// The reading connection is closed on a thread of its own: a PostgreSQL client blocks on a
/// runtime of its own when it closes, which panics on a thread that drives async tasks
/// (where the service drops its state at shutdown).
impl Drop for StoreLog {
    fn drop(&mut self) {
        let reader = self
            .reader
            .get_mut()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some(reader) = reader {
            let _ = std::thread::spawn(move || drop(reader)).join();
        }
    }
}

impl StoreLog {
    /// The source of a record: the one kept for its pack, decision, engine and signer, or
    /// a new one kept from now on.
    fn source(&self, r: &LogRecord<'_>) -> Arc<Source> {
        let same = |s: &Arc<Source>| {
            s.pack == r.pack.hash_str()
                && s.decision == r.decision
                && s.engine == r.engine
                && s.signer.as_deref() == r.pack.signer()
        };
        let kept = self.sources.read().unwrap_or_else(PoisonError::into_inner);
        if let Some(s) = kept.iter().find(|s| same(s)) {
            return Arc::clone(s);
        }
        drop(kept);
        let mut kept = self.sources.write().unwrap_or_else(PoisonError::into_inner);
        if let Some(s) = kept.iter().find(|s| same(s)) {
            return Arc::clone(s);
        }
        if kept.len() >= SOURCES_KEPT {
            kept.clear();
        }
        let source = Arc::new(Source {
            pack: r.pack.hash(),
            decision: r.decision.to_owned(),
            engine: r.engine,
            signer: r.pack.signer().map(str::to_owned),
        });
        kept.push(Arc::clone(&source));
        source
    }

    /// The log's entry of a record.
    fn entry(&self, r: &LogRecord<'_>) -> Entry {
        Entry {
            source: self.source(r),
            date: r.date,
            ext_ref: None,
            input: r.input.to_owned(),
            utfall: r.utfall,
            belopp: r.belopp,
            // A pack served from its file holds no source, so a decision names no place.
            felplats: None,
            document_digest: Entry::digest(r.document),
            document: self
                .log
                .options()
                .store_documents
                .then(|| r.document.to_vec()),
        }
    }
}

/// The receipt id of a one-entry append.
fn receipt_id(
    appended: Result<Vec<delegat_log::Receipt>, delegat_log::LogError>,
) -> Result<String, LogError> {
    let receipt = appended?.pop().ok_or_else(|| LogError {
        code: Code::E0512,
        message: "loggen gav inget kvitto".to_owned(),
    })?;
    Ok(receipt.id.to_string())
}

impl DecisionLog for StoreLog {
    fn record(&self, r: &LogRecord<'_>) -> Result<String, LogError> {
        self.log.archive(r.pack)?;
        receipt_id(self.log.append(vec![self.entry(r)]))
    }

    /// Hands the entry to the group-committing writer, whose thread calls `done`; a pack
    /// not yet archived (its first decision) takes the blocking path, which archives it.
    fn submit(&self, r: &LogRecord<'_>, done: Done) -> Result<(), Done> {
        if !self.log.is_archived(r.pack.hash_str()) {
            return Err(done);
        }
        self.log.submit_then(vec![self.entry(r)], move |appended| {
            done(receipt_id(appended))
        });
        Ok(())
    }

    /// Reads the archive's pack hashes through the reading connection: for PostgreSQL a
    /// round trip to the database (connecting again when the connection was lost), for
    /// SQLite a read of the file. A log that can be read but not written (a full disk)
    /// is not found so; its decisions are answered `503` (E0538).
    fn ready(&self) -> Result<(), LogError> {
        self.with_reader(|s| s.pack_hashes().map(drop))
    }

    fn receipt(&self, id: &str) -> Result<Option<serde_json::Value>, LogError> {
        let Some(id) = ReceiptId::parse(id) else {
            return Ok(None);
        };
        let Some(r) = self.with_reader(|s| s.get(id))? else {
            return Ok(None);
        };
        let input: Option<serde_json::Value> = r
            .input
            .as_deref()
            .and_then(|t| serde_json::from_str(t).ok());
        Ok(Some(serde_json::json!({
            "kvitto": r.id.to_string(),
            "löpnummer": r.seq,
            "tid": r.id.time().to_string(),
            "beslut": r.source.decision,
            "regelpaket": r.source.pack,
            "motor": r.source.engine.as_str(),
            "signerad_av": r.source.signer,
            "beslutsdatum": r.date.to_string(),
            "ärende": input,
            "utfall": r.utfall.as_str(),
            "belopp_öre": r.belopp.map(Money::ore),
            "dokumentets_kontrollsumma": delegat_log::hex(&r.document_digest),
            "kedja": delegat_log::hex(&r.chain),
        })))
    }

    fn replay(&self, id: &str) -> Result<Option<(Vec<u8>, bool)>, LogError> {
        let Some(id) = ReceiptId::parse(id) else {
            return Ok(None);
        };
        // As `delegat logg visa` regenerates it: from the archived pack, with the record's
        // signer and felplats put back.
        let found = self.with_reader(|s| match delegat_log::regenerate_compared(s, id) {
            Err(delegat_log::LogError::UnknownReceipt(_)) => Ok(None),
            other => other.map(Some),
        })?;
        let Some((regenerated, same)) = found else {
            return Ok(None);
        };
        match regenerated.decision {
            Some((document, _)) => Ok(Some((document, same))),
            None => Err(LogError {
                code: Code::E0516,
                message: "ärendet är gallrat ur loggen".to_owned(),
            }),
        }
    }
}
