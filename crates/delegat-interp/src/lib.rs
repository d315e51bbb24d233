//! The reference interpreter of Delegat rule packs.
//!
//! A straightforward tree-walking evaluator over [`delegat_ir::Program`]: the semantics the
//! JIT must agree with on every input. All arithmetic goes through `delegat-value`, so there
//! is one definition of every operation.
//!
//! - [`evaluate`] decides one case: the chosen branch and outcome, the amount, the values
//!   interpolated into the motivering, and the trace of every rule and parameter value used.
//! - [`evaluate_value`] computes one rule's or parameter's value (for `exempel`).
//! - [`Evaluator`] does the same with reusable buffers, for deciding many cases, in two
//!   phases: [`Evaluator::run`] decides (outcome, branch, amount) and keeps the case's
//!   state; [`Evaluator::result_into`] writes the full [`DecisionResult`] with the values
//!   and the trace into a reused result.
//!
//! Every runtime error (overflow, division by zero, no parameter value in force, a table
//! miss, two exceptions holding at once, a damaged pack) makes the outcome `manuell` with a
//! [`RuntimeError`] as the reason. Nothing here panics on any program or input: ids are
//! looked up with checked access, and a depth limit stops cycles and runaway nesting.

#![forbid(unsafe_code)]

mod eval;
mod ops;
mod run;
mod used;

#[cfg(test)]
mod tests;

pub use run::Evaluator;

use delegat_ir::{DecisionId, DecisionResult, Program, RuntimeError, Value, ValueTarget};
use delegat_value::Date;

/// Decides one case.
///
/// `inputs` holds one entry per [`Program::inputs`], already validated (the runtime checks
/// types and ranges); `None` is an input not given, an error only if the decision needs it.
/// `date` is the decision date (`beslutsdatum`).
pub fn evaluate(
    program: &Program,
    inputs: &[Option<Value>],
    date: Date,
    decision: DecisionId,
) -> DecisionResult {
    Evaluator::new(program).decide(inputs, date, decision)
}

/// Computes the value of a rule without arguments or of a scalar parameter on `date`, for
/// the expectations of an `exempel`.
pub fn evaluate_value(
    program: &Program,
    inputs: &[Option<Value>],
    date: Date,
    target: ValueTarget,
) -> Result<Value, RuntimeError> {
    Evaluator::new(program).value(inputs, date, target)
}
