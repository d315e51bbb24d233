//! The decision log: every decision Delegat makes kept, provable and replayable.
//!
//! ```text
//! Decider ──LoggingDecider::decide──▶ Decision + Receipt
//!                 │
//!                 ▼
//!   Log (writer thread, group commit) ──Store──▶ SQLite file (0600, WAL, synchronous=FULL)
//!       packs: each pack's bytes once, by content hash, before its first decision,
//!              with the signature it was verified with
//!       decisions: receipt id (UUIDv7), source, date, canonical input, outcome, amount,
//!                  document digest, chain hash
//! ```
//!
//! - [`Log`]: open a log ([`Log::open`]) and write decisions: [`Log::record`] one decision,
//!   [`Log::append`] many [`Entry`]s; both return when the records are on disk, and
//!   concurrent callers share one transaction (group commit). `Log` is `Send + Sync`;
//!   its calls block (async code: `spawn_blocking`).
//! - [`LoggingDecider`]: a decider whose decisions are logged before they are returned;
//!   [`decide_batch_logged`]: a batch of JSON lines, each decided case logged before its
//!   line is written.
//! - [`Store`]: the storage interface; [`SqliteStore`] the embedded SQLite store,
//!   [`PgStore`] a PostgreSQL database several service instances share; [`Location`] and
//!   [`open_store`] choose one by the `--logg` text (a path or a `postgres://` URL).
//! - [`chain`]: the hash chain over the records; [`verify`] recomputes it and names the
//!   first record that was changed, removed, moved or inserted; a [`Checkpoint`] is the
//!   head as a text the nämnd minutes, which a later log must extend.
//! - [`replay`]: logged decisions decided again from the archived pack on both engines and
//!   compared with the logged digests; [`regenerate`]: one decision as it was made.
//!
//! `docs/beslutslogg.md` describes what is stored and why, and what the chain proves.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod batch;
mod block;
pub mod chain;
mod checkpoint;
mod decider;
mod error;
mod id;
mod location;
mod log;
mod postgres;
mod record;
mod replay;
mod sqlite;
mod store;
mod verify;

pub use batch::{BatchError, LoggedBatch, decide_batch_logged, decide_batch_logged_threads};
pub use checkpoint::{Checkpoint, CheckpointError};
pub use decider::{DecideError, LoggingDecider};
pub use error::LogError;
pub use id::ReceiptId;
pub use location::{Location, open_store};
pub use log::{Log, LogOptions, Pending, SharedLog, source_of};
pub use postgres::{LATEST as PG_SCHEMA_VERSION, MIGRATIONS as PG_MIGRATIONS, Migration, PgStore};
pub use record::{ArchivedSignature, Digest32, Entry, Receipt, Record, Source, hex};
pub use replay::{
    Difference, MAX_SHOWN, Regenerated, ReplayFilter, ReplayReport, regenerate,
    regenerate_compared, replay,
};
pub use sqlite::{FORMAT, SqliteStore};
pub use store::Store;
pub use verify::{Head, Problem, Verification, verify};
