//! What one logged decision holds: the [`Entry`] a caller gives, the [`Record`] the store
//! keeps (the entry with its number, receipt id and chain hash) and the [`Receipt`] the
//! caller gets back.

use std::fmt;

use delegat::{Date, Engine, Money, Utfall};
use sha2::{Digest, Sha256};

use crate::id::ReceiptId;

/// A SHA-256 digest.
pub type Digest32 = [u8; 32];

/// What decided: the pack (by content hash), the decision, the engine and the key that
/// signed the pack (when it was loaded under trusted keys). Records refer to a source,
/// so each record keeps none of these texts itself.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Source {
    /// The pack's content hash (64 hex digits), as every decision document carries it.
    pub pack: String,
    /// The decision's name.
    pub decision: String,
    /// The engine that decided (the one that really ran: [`delegat::Decider::engine`]).
    pub engine: Engine,
    /// `regelverk.signerad_av` of the decision document, if the pack was signed.
    pub signer: Option<String>,
}

/// One decision to log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// What decided.
    pub source: Source,
    /// The decision date (it selects the norms and the period).
    pub date: Date,
    /// The e-service's reference (its case number), if any.
    pub ext_ref: Option<String>,
    /// The validated case in canonical JSON ([`delegat::CanonicalCase::json`]).
    pub input: String,
    /// The outcome.
    pub utfall: Utfall,
    /// The amount, if the outcome has one.
    pub belopp: Option<Money>,
    /// The document's `felplats` (`fil:rad:kolumn`), if it has one.
    pub felplats: Option<String>,
    /// The SHA-256 of the decision document (the line of `Decision::to_json_string`).
    pub document_digest: Digest32,
    /// The document itself, when the log keeps documents ([`crate::LogOptions`]).
    pub document: Option<Vec<u8>>,
}

impl Entry {
    /// The SHA-256 of `bytes`.
    pub fn digest(bytes: &[u8]) -> Digest32 {
        Sha256::digest(bytes).into()
    }
}

/// A logged decision as the store keeps it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    /// Its place in the log, from 1.
    pub seq: u64,
    /// The receipt id (UUIDv7: the time it was logged, to the millisecond).
    pub id: ReceiptId,
    /// What decided.
    pub source: Source,
    /// The decision date.
    pub date: Date,
    /// The e-service's reference.
    pub ext_ref: Option<String>,
    /// The canonical input; `None` once the record is gallrad.
    pub input: Option<String>,
    /// The SHA-256 of the input, kept when the input is gallrad (else computed from it).
    pub input_digest: Digest32,
    /// The outcome.
    pub utfall: Utfall,
    /// The amount.
    pub belopp: Option<Money>,
    /// The document's `felplats`.
    pub felplats: Option<String>,
    /// The SHA-256 of the decision document.
    pub document_digest: Digest32,
    /// The document, if kept (and not gallrad).
    pub document: Option<Vec<u8>>,
    /// The chain hash as stored: SHA-256 over the previous record's and this record's
    /// fields ([`crate::chain`]).
    pub chain: Digest32,
}

/// What the caller gets for a logged decision: it is on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Receipt {
    /// The receipt id.
    pub id: ReceiptId,
    /// The record's place in the log, from 1.
    pub seq: u64,
    /// The chain hash after this record.
    pub chain: Digest32,
}

impl fmt::Display for Receipt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.id)
    }
}

/// The code of an outcome in the store.
pub(crate) fn utfall_code(u: Utfall) -> u8 {
    match u {
        Utfall::Bifall => 1,
        Utfall::Avslag => 2,
        Utfall::Faststallt => 3,
        Utfall::Manuell => 4,
    }
}

/// The outcome of a code in the store.
pub(crate) fn utfall_of(code: i64) -> Option<Utfall> {
    Some(match code {
        1 => Utfall::Bifall,
        2 => Utfall::Avslag,
        3 => Utfall::Faststallt,
        4 => Utfall::Manuell,
        _ => return None,
    })
}

/// The engine of its name (`tolk`, `jit`).
pub(crate) fn engine_of(name: &str) -> Option<Engine> {
    match name {
        "tolk" => Some(Engine::Interpreter),
        "jit" => Some(Engine::Jit),
        _ => None,
    }
}

/// Lowercase hex.
pub fn hex(bytes: &[u8]) -> String {
    use fmt::Write as _;
    let mut s = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(s, "{b:02x}");
    }
    s
}
