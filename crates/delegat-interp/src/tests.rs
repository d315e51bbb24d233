//! Tests of the interpreter: the FS sample against the benchmark's expected outcomes, every
//! node, every error → manuell path, memoisation and the trace, dated parameters, and
//! property tests that nothing panics.

mod errors;
mod fs;
mod nodes;
mod props;

use delegat_ir::build::{Builder, date};
use delegat_ir::{ExprId, RuleId, Value};

use crate::{RuntimeError, ValueTarget, evaluate_value};

/// Evaluates `body` as the body of a fresh rule without arguments (with `loops` local slots
/// for loop variables), on 2026-03-01 with no inputs.
pub(crate) fn eval_in(b: &mut Builder, body: ExprId) -> Result<Value, RuntimeError> {
    eval_with(b, body, &[])
}

/// As [`eval_in`], with loop-variable slots of the given types.
pub(crate) fn eval_with(
    b: &mut Builder,
    body: ExprId,
    loops: &[(&str, delegat_ir::Type)],
) -> Result<Value, RuntimeError> {
    let ty = b.ty(body);
    let rule: RuleId = b.declare_rule("t", ty, &[], loops);
    b.set_body(rule, body);
    let errors = b.program.verify();
    assert_eq!(errors, vec![], "the test program must verify");
    evaluate_value(&b.program, &[], date(2026, 3, 1), ValueTarget::Rule(rule))
}
