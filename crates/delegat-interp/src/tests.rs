//! Tests of the interpreter: the FS sample against the benchmark's expected outcomes, every
//! node, every error → manuell path, memoisation and the trace, dated parameters, and
//! property tests that nothing panics.

mod errors;
mod fs;
mod nodes;
mod phases;
mod props;

use delegat_ir::build::{Builder, date};
use delegat_ir::{DecisionId, ExprId, Program, RuleId, Value};
use delegat_value::Date;

use delegat_ir::{DecisionResult, RuntimeError, ValueTarget};

use crate::{Evaluator, evaluate, evaluate_value};

/// Decides a case as [`evaluate`] does (a fresh evaluator), and checks that the two phases
/// give exactly that result however the evaluator and the result buffer were used before:
/// after another case (no inputs, another date) decided and written into the same buffer,
/// with the case's inputs dropped before phase two, with a `value` in between, written
/// twice, and decided again on the same evaluator.
pub(crate) fn decide_checked(
    p: &Program,
    inputs: &[Option<Value>],
    day: Date,
    decision: DecisionId,
) -> DecisionResult {
    let fresh = evaluate(p, inputs, day, decision);
    let mut ev = Evaluator::new(p);
    let mut out = DecisionResult::default();
    ev.run(&vec![None; p.inputs.len()], date(2019, 1, 1), decision);
    ev.result_into(&mut out);
    let owned = inputs.to_vec();
    let verdict = ev.run(&owned, day, decision);
    drop(owned);
    if let Some(r) = p.rules.iter().position(|r| r.arity == 0) {
        let _ = ev.value(&[], day, ValueTarget::Rule(RuleId(r as u32)));
    }
    ev.result_into(&mut out);
    assert_eq!(
        out, fresh,
        "run + result_into on a reused evaluator and buffer"
    );
    assert_eq!(
        (verdict.outcome, verdict.chosen, verdict.belopp),
        (fresh.outcome, fresh.chosen, fresh.belopp),
        "the verdict of phase one"
    );
    ev.result_into(&mut out);
    assert_eq!(out, fresh, "result_into a second time");
    ev.run(inputs, day, decision);
    ev.result_into(&mut out);
    assert_eq!(out, fresh, "the same case again on the same evaluator");
    fresh
}

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
