//! The seam where the decision log plugs in: [`DecisionLog`] records a decision durably
//! before the service answers it, and returns the receipt id the answer names.
//!
//! The service holds an `Option<Arc<dyn DecisionLog>>`: without a log (`--logg` not given)
//! decisions are answered without a receipt.

use std::fmt;

/// What is logged of one decision.
#[derive(Debug, Clone, Copy)]
pub struct LogRecord<'a> {
    /// The decision's name.
    pub decision: &'a str,
    /// The content hash of the pack that decided.
    pub pack_hash: &'a str,
    /// The case as the client sent it (JSON text).
    pub case: &'a str,
    /// The decision document answered (the bytes of `delegat batch`'s line).
    pub document: &'a [u8],
}

/// The log could not record a decision: the service answers `503`, never an unlogged
/// decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogError(pub String);

impl fmt::Display for LogError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LogError {}

/// A durable decision log. `record` returns only after the record is durable; it blocks
/// (the service calls it off the async workers).
pub trait DecisionLog: Send + Sync + fmt::Debug + 'static {
    /// Records one decision; returns its receipt id.
    fn record(&self, record: &LogRecord<'_>) -> Result<String, LogError>;
}
