//! The decision log's tests, against real SQLite files: one test binary, a module per area.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers outside `#[test]` functions fail loudly on purpose"
)]

mod canonical;
mod replay;
mod support;
mod write;
