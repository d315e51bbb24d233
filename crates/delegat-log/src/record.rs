//! What one logged decision holds: the [`Entry`] a caller gives, the [`Record`] the store
//! keeps (the entry with its number, receipt id and chain hash) and the [`Receipt`] the
//! caller gets back.

use std::fmt;
use std::sync::Arc;

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

/// The signature a pack was verified with when it decided, as the archive keeps it beside
/// the pack ([`crate::Store::archive_signature`]): so that a decision's `signerad_av` can
/// be shown with the key's name and the signature checked again years later.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArchivedSignature {
    /// The signing key's id (16 hex digits), as the records' `signerad_av` names it.
    pub key_id: String,
    /// The signing key's public key file (`delegat-nyckel/1 publik`: its name, id and key).
    pub public_key: String,
    /// The Ed25519 signature of the pack's signed message (`docs/paket.md`), 128 hex digits.
    pub ed25519: String,
}

impl ArchivedSignature {
    /// The archived form of the signature `pack` was verified with, if it was.
    pub fn of(pack: &delegat::Pack) -> Option<ArchivedSignature> {
        pack.signature().map(|s| ArchivedSignature {
            key_id: s.key.id().to_owned(),
            public_key: s.key.to_file_text(),
            ed25519: s.signature.ed25519.clone(),
        })
    }

    /// [`ArchivedSignature::check`] against an archived pack file proved unaltered by
    /// [`delegat::Pack::sealed`], of any format version (this Delegat may no longer run it).
    pub fn check_sealed(&self, sealed: &delegat::Sealed) -> Result<delegat::PublicKey, String> {
        let key = self.key()?;
        let signature = delegat::PackSignature {
            nyckel: self.key_id.clone(),
            ed25519: self.ed25519.clone(),
        };
        delegat::Pack::check_sealed_signature(sealed.format_version, &sealed.hash, &key, &signature)
            .map(|()| key)
            .map_err(|e| e.to_string())
    }

    /// The archived key file read, and the key of `key_id`.
    fn key(&self) -> Result<delegat::PublicKey, String> {
        let key = delegat::PublicKey::parse(&self.public_key)
            .map_err(|e| format!("den arkiverade nyckeln kan inte läsas: {}", e.message))?;
        if key.id() != self.key_id {
            return Err(format!(
                "den arkiverade nyckeln har id {}, inte {}",
                key.id(),
                self.key_id
            ));
        }
        Ok(key)
    }

    /// Checks the signature again against `pack` (the archived pack of its hash): the key
    /// file must read and be the key of `key_id`, and the signature must hold for the
    /// pack's content hash. Why not, in Swedish.
    pub fn check(&self, pack: &delegat::Pack) -> Result<delegat::PublicKey, String> {
        let key = self.key()?;
        let signature = delegat::PackSignature {
            nyckel: self.key_id.clone(),
            ed25519: self.ed25519.clone(),
        };
        pack.check_signature(&key, &signature)
            .map(|()| key)
            .map_err(|e| e.to_string())
    }
}

/// One decision to log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// What decided (shared: a batch's entries have one source).
    pub source: Arc<Source>,
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
