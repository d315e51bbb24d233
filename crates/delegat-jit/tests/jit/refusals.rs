//! What the JIT refuses to compile, so that the runtime uses the interpreter: programs where
//! native code could differ from the interpreter (rule cycles, nesting beyond the
//! interpreter's depth limit, programs that do not verify). The boundary is exact: the
//! deepest nesting the interpreter accepts is compiled.

#![allow(
    clippy::unwrap_used,
    reason = "test helpers outside #[test] functions: a failure is a test failure"
)]

use delegat_interp::evaluate_value;
use delegat_ir::build::{Builder, date};
use delegat_ir::{BinOp, ExprId, Program, RuleId, Type, Value};
use delegat_ir::{MAX_DEPTH, RuntimeErrorKind, ValueTarget};
use delegat_jit::{JitError, JitPack};

/// A program whose only rule is `n + 1 + 1 + …` nested `depth` levels deep (the input is
/// the innermost level).
fn nested(depth: u32) -> Program {
    let mut b = Builder::new("djup");
    let n = b.input("n", Type::Int);
    let mut e: ExprId = b.read_input(n);
    for _ in 1..depth {
        let one = b.lit(Value::Int(1));
        e = b.binary(BinOp::AddInt, e, one);
    }
    b.rule("djup", e);
    b.finish().unwrap()
}

#[test]
fn the_deepest_nesting_the_interpreter_accepts_is_compiled() {
    let day = date(2026, 1, 1);
    let inputs = [Some(Value::Int(1))];
    let target = ValueTarget::Rule(RuleId(0));

    let ok = nested(MAX_DEPTH);
    let pack = JitPack::compile(&ok).unwrap();
    let want = evaluate_value(&ok, &inputs, day, target);
    assert_eq!(want, Ok(Value::Int(i64::from(MAX_DEPTH))));
    assert_eq!(pack.value(&inputs, day, target), Some(want));

    let too_deep = nested(MAX_DEPTH + 1);
    let err = evaluate_value(&too_deep, &inputs, day, target).unwrap_err();
    assert_eq!(err.kind, RuntimeErrorKind::TooDeep);
    assert!(matches!(
        JitPack::compile(&too_deep),
        Err(JitError::Unsupported(_))
    ));
}

#[test]
fn a_rule_cycle_is_refused() {
    let mut b = Builder::new("cykel");
    let a = b.declare_rule("a", Type::Int, &[], &[]);
    let c = b.declare_rule("c", Type::Int, &[], &[]);
    let rc = b.read_rule(c);
    b.set_body(a, rc);
    let ra = b.read_rule(a);
    b.set_body(c, ra);
    let p = b.finish().unwrap();
    let err = JitPack::compile(&p).unwrap_err();
    assert!(
        matches!(&err, JitError::Unsupported(m) if m.contains("depends on itself")),
        "{err}"
    );
}

#[test]
fn a_program_that_does_not_verify_is_refused() {
    let mut b = Builder::new("trasig");
    let n = b.input("n", Type::Int);
    let e = b.read_input(n);
    b.rule("r", e);
    let mut p = b.program;
    // An operand id beyond the arena.
    if let Some(r) = p.rules.first_mut() {
        r.body = ExprId(99);
    }
    let err = JitPack::compile(&p).unwrap_err();
    assert!(
        matches!(&err, JitError::Unsupported(m) if m.contains("verify")),
        "{err}"
    );
}
