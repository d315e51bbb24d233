//! The Cranelift JIT backend of Delegat rule packs: native code that decides cases exactly
//! as the reference interpreter (`delegat-interp`) does.
//!
//! [`JitPack::compile`] lowers a verified [`delegat_ir::Program`] to one native function per
//! rule and per decision; [`JitPack::decide`] (or a reusable [`JitEvaluator`]) runs a case
//! and returns the interpreter's own result type, [`delegat_ir::DecisionResult`], with
//! the same outcome, amount, interpolated values, trace and runtime error.
//!
//! - Compilation never panics: a host Cranelift cannot target, a program that does not
//!   verify, a rule cycle or a nesting the interpreter would refuse give a [`JitError`], and
//!   the runtime then uses the interpreter.
//! - This crate does not depend on the interpreter: the result types are `delegat-ir`'s,
//!   and whatever native code does not decide comes back as `None` (or `false`), for the
//!   runtime to decide with the interpreter (`crates/delegat/src/engine.rs`).
//! - Generated code never unwinds: a runtime error is a status returned up the native call
//!   chain, with the failing expression in the frame; Rust turns it into the same
//!   [`delegat_ir::RuntimeError`] the interpreter reports.
//! - Every non-trivial operation (decimals, money × and / with rounding, rounding, dates)
//!   calls the `delegat-value` function the interpreter calls, through `extern "C"` shims.
//! - A case whose inputs do not have their declared types gets no native result.
//!
//! `docs/jit.md` describes the frame layout, the calling convention and the statuses.
//! This is the only crate of the workspace with `unsafe` code: the shims, reading slots
//! back, the one call into generated code and the one `free_memory`, each justified by a
//! `// SAFETY:` comment.

mod analysis;
mod arena;
mod codegen;
mod consts;
mod host;
mod layout;
mod marshal;
mod native;
mod pack;
mod params;
mod result;
mod run;
mod shims;

pub use native::{NativeCase, NativeInputs};
pub use pack::JitPack;
pub use result::TraceEntryRef;
pub use run::JitEvaluator;

use std::fmt;

/// Why a program was not compiled; the runtime falls back to the interpreter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum JitError {
    /// Cranelift cannot generate code for this machine.
    Host(String),
    /// The program uses something this backend does not compile (or could behave
    /// differently from the interpreter on it: a rule cycle, a too deep nesting, a program
    /// that does not verify).
    Unsupported(String),
    /// Cranelift refused the generated code (a bug in this crate).
    Codegen(String),
}

impl fmt::Display for JitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JitError::Host(e) => write!(f, "the JIT cannot target this machine: {e}"),
            JitError::Unsupported(e) => write!(f, "the JIT does not compile this pack: {e}"),
            JitError::Codegen(e) => write!(f, "the JIT failed to generate code: {e}"),
        }
    }
}

impl std::error::Error for JitError {}
