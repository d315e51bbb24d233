//! [`Store`]: the small storage interface the log is written through, so that a server
//! database can follow the embedded SQLite store ([`crate::SqliteStore`]).
//!
//! A store keeps three things: the pack archive (each pack's bytes once, by content hash,
//! with the signatures it was verified with),
//! the sources (pack, decision, engine, signer) records refer to, and the records in log
//! order. [`Store::append`] is the one write of decisions: all of its entries or none, on
//! disk when it returns, chained after the head the store has at that moment (so several
//! writers of one file stay one chain).

use crate::error::LogError;
use crate::id::ReceiptId;
use crate::record::{ArchivedSignature, Entry, Receipt, Record};

/// Storage for a decision log.
pub trait Store: Send {
    /// Archives a pack's bytes under its content hash (64 hex digits); archiving a pack
    /// again does nothing. On disk when it returns.
    fn archive(&mut self, hash: &str, bytes: &[u8]) -> Result<(), LogError>;

    /// Archives the signature the pack `pack` (its content hash, already archived) was
    /// verified with, beside the pack; one per pack and key (archiving it again does
    /// nothing). On disk when it returns.
    fn archive_signature(
        &mut self,
        pack: &str,
        signature: &ArchivedSignature,
    ) -> Result<(), LogError>;

    /// The signatures archived with the pack `pack`, by key id.
    fn signatures(&mut self, pack: &str) -> Result<Vec<ArchivedSignature>, LogError>;

    /// Appends `entries` in one transaction, on disk when it returns, each entry's source
    /// pack already archived. The receipts are in the entries' order.
    fn append(&mut self, entries: &[Entry]) -> Result<Vec<Receipt>, LogError>;

    /// Calls `f` with every record from number `from` (1 is the first) on, in log order,
    /// until `f` returns `false`.
    fn scan(
        &mut self,
        from: u64,
        f: &mut dyn FnMut(Record) -> Result<bool, LogError>,
    ) -> Result<(), LogError>;

    /// The record with this receipt id.
    fn get(&mut self, id: ReceiptId) -> Result<Option<Record>, LogError>;

    /// The archived bytes of the pack with this hash.
    fn pack(&mut self, hash: &str) -> Result<Option<Vec<u8>>, LogError>;

    /// The hashes of every archived pack.
    fn pack_hashes(&mut self) -> Result<Vec<String>, LogError>;

    /// Gallring: removes the input and the stored document of every record logged before
    /// `before` (keeping the input's digest), and makes the removed bytes unreadable in the
    /// file. Returns the number of records gallrade now.
    fn gallra(&mut self, before: ReceiptId) -> Result<u64, LogError>;
}
