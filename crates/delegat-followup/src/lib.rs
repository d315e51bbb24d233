//! The nämnd's follow-up on its automated decisions (`delegat uppföljning`): the facts of one
//! or more decision logs over a period, as plain data for the report (`delegat-report`'s
//! `followup`).
//!
//! ```text
//! log files ──verify (checkpoint)──▶ chain
//!           ──Store::scan──▶ records ──re-decided (phase one, JIT)──▶ branch, reason
//!                              │  │                                      │
//!                              │  └──────────────▶ Collector ◀───────────┘
//!                              └─ sample (or all) ──replay (both engines)──▶ differences
//!                                                      │
//!                   Facts (per month, decision, pack; previous period; integrity; findings)
//! ```
//!
//! - [`collect`]: read log files ([`LogInput`], each with the checkpoint it must extend)
//!   into [`Facts`] ([`Options`]: the period, the minimum group size, the replay's sample).
//! - [`facts`]: the data: counts by outcome, amounts (total and quartiles), the manuell
//!   share by reason, per pack version its identity and use, the branches taken and never
//!   taken, and what could be checked of each log's integrity.
//! - [`thresholds`]: the nämnd's thresholds (a small TOML file) and the findings they
//!   give (what the report's first page points at).
//!
//! A record keeps its outcome, amount, date, source and canonical input, not the branch
//! that decided it nor the reason a case went to a caseworker: those are derived by deciding
//! the record's input again with its archived pack (phase one only; both engines are
//! deterministic and agree). That re-decision is also a replay of the outcome and amount.

#![forbid(unsafe_code)]

pub mod collect;
pub mod facts;
mod stats;
pub mod thresholds;
mod views;

pub use collect::{CollectError, DEFAULT_SAMPLE, LogInput, Options, collect};
pub use facts::Facts;
pub use facts::Replay;
pub use thresholds::{Finding, Thresholds, findings};
