//! The Delegat runtime: the one API an application embeds to decide cases with a rule pack.
//!
//! ```text
//! .regel text ──Pack::from_source──┐
//! pack file ─────Pack::load────────┴▶ Pack ──engine(Engine)──▶ Decider ──decide(json)──▶ Decision
//!                                                                       └─decide_batch──▶ JSON lines
//! ```
//!
//! - [`Pack`]: a rule pack, built from source (parse → check → legality → lower) or loaded
//!   from a pack file (format version, content hash and `verify()` checked: a pack file is
//!   untrusted input). [`Pack::load_trusted`] also requires the signature of one of the
//!   nämnd's [`TrustedKeys`]; [`Pack::to_signed_bytes`] signs with a [`SecretKey`].
//! - [`Decider`]: decides one case ([`Decider::decide`]) or a stream of JSON lines
//!   ([`Decider::decide_batch`], or on several threads [`Decider::decide_batch_threads`];
//!   [`Decider::decide_batch_with`] takes [`BatchOptions`], among them [`BatchOutput`]: full
//!   decisions or one short summary line per case).
//!   Choose the engine with [`Engine`].
//! - [`Session`] ([`Decider::session`]): a reusable handle that decides case after case
//!   with one engine runner and its buffers (for embedders deciding many cases).
//! - [`Decision`]: the outcome, amount, motivering, lagrum, appeal notice, the pack's
//!   identity and the trace; [`Decision::to_json_string`] (and `write_json`, `to_json`,
//!   `to_json_pretty`) writes the documented JSON of `docs/beslut.md` with the one writer
//!   the batches use too, [`Decision::letter`] the Swedish decision letter
//!   (FL 31–33 §§).
//! - [`CaseError`]: a case that cannot be read (unknown, missing, ill-typed, out-of-range
//!   input; bad JSON); it has a stable code and names the field.
//! - [`Decider::canonical_case`] and [`Session::write_canonical`]: a case's validated values
//!   in canonical JSON, for a decision log (the crate `delegat-log`).
//! - [`Pack::schema`]: the JSON Schema of a case, for e-service forms.
//! - [`Pack::run_examples`]: runs every `exempel` on both engines (what `delegat test` uses).
//!
//! Nothing here prints, exits or panics on any input: every failure is a value.
//! `docs/inbaddning.md` is the embedding guide (its example is compiled as [`guide`]).
//!
//! # Example
//! ```
//! use delegat::{Engine, Pack};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! # let bytes = delegat::doc_example_pack();
//! let pack = Pack::load(&bytes)?;
//! let decider = pack.engine(Engine::Interpreter)?;
//! let decision = decider.decide(r#"{"beslutsdatum": "2026-03-01", "inkomst": 4000}"#, None)?;
//! assert_eq!(decision.utfall.as_str(), "bifall");
//! println!("{}", decision.to_json_string());
//! println!("{}", decision.letter());
//! # Ok(())
//! # }
//! ```

#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod batch;
mod canonical;
mod case;
mod cost;
mod decision;
mod document;
mod engine;
mod examples;
mod format;
mod item_cache;
mod json_out;
mod keys;
mod letter;
mod pack;
mod reader;
mod schema;
mod session;
mod session_pair;
mod source;
mod summary;
mod write;

pub use batch::{BatchOptions, BatchSummary};
pub use canonical::{CanonicalCase, LoggedCase};
pub use case::{CaseError, CaseErrorKind};
pub use cost::cost_diagnostics;
pub use decision::{Decision, DecisionKind, PackInfo, TraceItem, TraceKind, Utfall};
/// The pack format version this Delegat reads, writes and runs (`docs/paket.md`).
pub use delegat_ir::FORMAT_VERSION as PACK_FORMAT_VERSION;
pub use delegat_ir::PackSignature;
pub use delegat_ir::pack::Sealed;
#[cfg(feature = "jit")]
pub use delegat_jit::JitError;
pub use delegat_value::{Date, Money};
pub use engine::{Decider, Engine};
pub use examples::{
    Coverage, Decided, EngineDisagreement, ExampleFailure, ExampleResult, ExamplesReport, Position,
};
pub use keys::{KeyError, PublicKey, SecretKey, TrustedKeys, VerifiedSignature};
pub use letter::LetterFacts;
pub use pack::{Pack, PackError, PackLoadError};
pub use session::Session;
pub use session_pair::{PairVerdict, SessionPair};
pub use source::{BuildError, Loader, NoLoader};
pub use summary::BatchOutput;

/// The version of the decision JSON written by [`Decision::to_json`] (the `"format"` field is
/// `"delegat-beslut/1"`). Raised whenever a field changes meaning or is removed.
pub const DECISION_FORMAT_VERSION: u32 = 1;

/// A value of type `ty` as Swedish text, as a decision's trace writes it (`3 800 kr`, an
/// enum value by its variant's name, a list joined the Swedish way).
pub fn value_text(
    program: &delegat_ir::Program,
    value: &delegat_ir::Value,
    ty: &delegat_ir::Type,
) -> String {
    format::text(program, value, ty)
}

/// Appends an error document `{"fel":{"kod":…,"meddelande":…,"fält":…}}` (the shape of a
/// batch's error line, [`CaseError::write_json`]) to `out`, for a tool that refuses a
/// request with its own code (`delegat serve`).
pub fn write_error_document(
    out: &mut Vec<u8>,
    code: delegat_diagnostics::Code,
    message: &str,
    field: Option<&str>,
) {
    document::error_line(out, code.as_str(), message, field);
}

/// A small pack file for the crate's documentation example: one decision over one input.
#[doc(hidden)]
pub fn doc_example_pack() -> Vec<u8> {
    pack::doc_example_bytes()
}

/// The embedding guide, `docs/inbaddning.md`: its example is compiled and run as a doc-test.
#[doc = include_str!("../../../docs/inbaddning.md")]
pub mod guide {}

/// Measuring the case reader (the `read_cases` example); not a public API.
#[doc(hidden)]
pub use reader::{ReadInto, read_cases as bench_read_cases};

/// The hand-built program behind [`doc_example_pack`], for tests.
#[doc(hidden)]
pub use pack::demo as pack_demo;
