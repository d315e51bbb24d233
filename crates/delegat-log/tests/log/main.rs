//! The decision log's tests, against real SQLite files and a real PostgreSQL server
//! (`pg_server.rs`; most tests run on both, `support::both!`): one test binary, a module
//! per area.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers outside `#[test]` functions fail loudly on purpose"
)]

mod canonical;
mod pg_server;
mod postgres;
mod replay;
mod support;
mod tamper;
mod write;
