//! What a new rule pack would change (`delegat konsekvens`): every case decided with the old
//! and the new pack, compared, as plain data for the report (`delegat-report`'s `impact`)
//! and the CI gate.
//!
//! ```text
//! cases (JSON lines, or a log's records) ──▶ N workers, each with a session per pack
//!     phase one (verdict) with both packs ──▶ same outcome and amount: counted only
//!                                          └▶ changed: both through phase two, traces compared
//!                                                         │
//!                                      Facts (flip matrix, amount changes, cost per month,
//!                                             groups by the first point of difference)
//! ```
//!
//! - [`compare`]: the streaming, threaded comparison ([`Options`]); [`Feed`]: the cases
//!   on their way to the workers, in reused chunks.
//! - [`facts`]: the data: counts by old × new outcome, the distribution of the amount
//!   change, the cost per month under each pack, the groups of changed cases.
//! - [`cause`]: the first point where two decisions' traces differ; [`cause_fast`]: the
//!   same from the engines' phase-two results, which the comparison uses.
//! - [`anon`]: the anonymised example case of a group.
//! - [`gate`]: the `--tillåt` grammar and its check.
//! - [`diff`]: the structural diff of the two packs (parameters, citations, rule
//!   definitions, outcomes), on [`canon`]'s id-free form of the definitions.
//!
//! Memory is flat in the number of cases: cases pass through bounded chunks, and what is
//! kept is counts, sums and one example per group.

#![forbid(unsafe_code)]

pub mod anon;
pub mod canon;
pub mod cause;
pub mod cause_fast;
mod causes;
pub mod compare;
pub mod diff;
pub mod facts;
mod feed;
pub mod gate;

pub use cause::Cause;
pub use compare::{Options, compare};
pub use facts::{Facts, Outcome};
pub use feed::Feed;
pub use gate::{Checked, Gate, GateError, Measure, Violation};
