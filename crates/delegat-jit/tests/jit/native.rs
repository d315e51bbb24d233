//! The two-phase API on the FS sample: inputs written through `NativeInputs` or converted
//! once into a `NativeCase` decide exactly as IR values do, `result_into` gives what
//! `decide` gives when one result is reused across cases (errors, successes, cases native
//! code does not decide), and the setters refuse what is not of an input's type without
//! setting anything.

#![allow(
    clippy::indexing_slicing,
    reason = "test helpers outside #[test] functions: a failure is a test failure"
)]

use delegat_interp::Evaluator;
use delegat_ir::build::{date, fs_case, fs_sample, kr};
use delegat_ir::{Chosen, DecisionResult, RuntimeErrorKind, Verdict};
use delegat_ir::{DecisionId, OutcomeKind, Value};
use delegat_jit::{JitEvaluator, JitPack, NativeCase};
use delegat_value::Decimal;

const FS: DecisionId = DecisionId(0);

/// An FS case as IR values (inputs in the sample's order).
fn case(adults: i64, children: &[i64], housing: i64, incomes: &[i64]) -> Vec<Option<Value>> {
    fs_case(adults, children, housing, incomes, false)
}

/// The same case written through `NativeInputs` with the one-word setters.
fn write(jit: &mut JitEvaluator<'_>, adults: i64, children: &[i64], housing: i64, incomes: &[i64]) {
    let ore: Vec<i64> = incomes.iter().map(|k| k * 100).collect();
    let mut w = jit.inputs();
    assert!(w.set_word(0, adults));
    assert!(w.set_word_list(1, children));
    assert!(w.set_word(2, housing * 100));
    assert!(w.set_word(3, 500 * 100));
    assert!(w.set_word(4, 0));
    assert!(w.set_word_list(5, &ore));
    assert!(w.set_word(6, 0));
}

/// An FS case: adults, children's ages, housing (kr), incomes (kr), decision date.
type FsCase = (i64, Vec<i64>, i64, Vec<i64>, (i32, u32, u32));

/// Cases in an order that mixes errors (a table miss, no parameter in force) and
/// successes of different sizes.
fn cases() -> Vec<FsCase> {
    vec![
        (1, vec![21], 0, vec![], (2026, 3, 1)),
        (2, vec![0, 0, 0, 0, 0, 0, 0], 0, vec![], (2026, 3, 1)),
        (1, vec![3], 1000, vec![], (2019, 12, 31)),
        (1, vec![], 5000, vec![40_000], (2026, 3, 1)),
        (1, vec![3, 19, 7, 12], 4000, vec![20_000, 100], (2026, 3, 1)),
        (2, vec![22, 1], 0, vec![], (2026, 3, 1)),
        (1, vec![5], 6000, vec![1000, 2000], (2026, 3, 2)),
    ]
}

#[test]
fn native_inputs_decide_as_values_do_and_a_reused_result_matches_decide() {
    let program = fs_sample();
    let pack = JitPack::compile(&program).unwrap();
    let mut jit = JitEvaluator::new(&pack);
    let mut interp = Evaluator::new(&program);
    let mut via_values = DecisionResult::default();
    let mut via_native = via_values.clone();
    let mut via_case = via_values.clone();
    let mut errors = 0;
    for round in 0..3 {
        for (adults, children, housing, incomes, (y, m, d)) in cases() {
            let day = date(y, m, d);
            let values = case(adults, &children, housing, &incomes);
            let want = interp.decide(&values, day, FS);
            let verdict = Verdict {
                outcome: want.outcome,
                chosen: want.chosen,
                belopp: want.belopp,
            };
            assert_eq!(jit.run(&values, day, FS), Some(verdict));
            assert!(jit.result_into(&mut via_values));
            assert_eq!(via_values, want, "round {round}: values");

            write(&mut jit, adults, &children, housing, &incomes);
            assert_eq!(jit.run_native(day, FS), Some(verdict));
            assert!(jit.result_into(&mut via_native));
            assert_eq!(via_native, want, "round {round}: native inputs");

            let native = NativeCase::new(&pack, &values).unwrap();
            assert_eq!(jit.run_case(&native, day, FS), Some(verdict));
            drop(native);
            assert!(jit.result_into(&mut via_case));
            assert_eq!(via_case, want, "round {round}: native case");
            errors += usize::from(want.error.is_some());
        }
    }
    assert_eq!(errors, 9, "three error cases in each round");
}

#[test]
fn a_native_case_can_be_decided_again_and_with_other_evaluators() {
    let program = fs_sample();
    let pack = JitPack::compile(&program).unwrap();
    let values = case(2, &[0, 0, 0, 0, 0, 0, 0], 0, &[]);
    let native = NativeCase::new(&pack, &values).unwrap();
    let day = date(2026, 3, 1);
    let mut a = JitEvaluator::new(&pack);
    let mut b = JitEvaluator::new(&pack);
    for _ in 0..3 {
        for ev in [&mut a, &mut b] {
            let v = ev.run_case(&native, day, FS).unwrap();
            assert_eq!(v.outcome, OutcomeKind::Bifall);
            assert_eq!(v.chosen, Some(Chosen::Branch(1)));
            // 2 × 3 140 + 7 × 2 250 + (2 750 + 2 × 280) + 500 kr electricity.
            assert_eq!(v.belopp, Some(kr(25_340 + 500)));
        }
    }
    // A case made for another pack is not run (the runtime leaves it to the interpreter),
    // and leaves no result to read.
    let other = JitPack::compile(&program).unwrap();
    let foreign = NativeCase::new(&other, &values).unwrap();
    assert_eq!(a.run_case(&foreign, day, FS), None);
    assert!(!a.result_into(&mut DecisionResult::default()));
}

#[test]
fn setters_refuse_wrong_indexes_and_types_and_set_nothing() {
    let program = fs_sample();
    let pack = JitPack::compile(&program).unwrap();
    let mut jit = JitEvaluator::new(&pack);
    let mut w = jit.inputs();
    assert!(!w.set_word(7, 1), "no input 7");
    assert!(!w.set_word(1, 3), "children is a list");
    assert!(!w.set_word(6, 2), "ja/nej is 0 or 1");
    assert!(!w.set_dec(0, Decimal::ZERO), "adults is a heltal");
    assert!(!w.set_text(0, "två"), "adults is a heltal");
    assert!(!w.set_word_list(0, &[1]), "adults is no list");
    assert!(!w.set_value(0, &Value::Bool(true)), "adults is a heltal");
    assert!(!w.set_value(1, &Value::list(vec![Value::Bool(true)])));
    // Everything else given: the refused input is missing, as if never set.
    assert!(w.set_word_list(1, &[4]));
    assert!(w.set_word(2, 0));
    assert!(w.set_word(3, 0));
    assert!(w.set_word(4, 0));
    assert!(w.set_word_list(5, &[]));
    assert!(w.set_word(6, 0));
    let v = jit.run_native(date(2026, 3, 1), FS).unwrap();
    assert_eq!(v.outcome, OutcomeKind::Manuell);
    let mut r = DecisionResult::default();
    assert!(jit.result_into(&mut r));
    let err = r.error.unwrap();
    assert!(
        matches!(&err.kind, RuntimeErrorKind::MissingInput { name } if name == "adults"),
        "{err:?}"
    );
    // A new case starts with every input absent again.
    jit.inputs();
    let v = jit.run_native(date(2026, 3, 1), FS).unwrap();
    assert_eq!(v.outcome, OutcomeKind::Manuell);
}

#[test]
fn inputs_of_the_wrong_type_get_no_native_result_and_read_back_as_the_interpreter_needs() {
    let program = fs_sample();
    let pack = JitPack::compile(&program).unwrap();
    let mut jit = JitEvaluator::new(&pack);
    let mut values = case(1, &[2], 0, &[]);
    values[0] = Some(Value::Text("en".into()));
    let day = date(2026, 3, 1);
    assert!(NativeCase::new(&pack, &values).is_none());
    assert_eq!(jit.run(&values, day, FS), None);
    assert!(!jit.result_into(&mut DecisionResult::default()));
    // What the runtime gives the interpreter for a case native code did not decide: the
    // inputs written before the refused one, read back.
    let mut w = jit.inputs();
    assert!(w.set_word(0, 2));
    assert!(w.set_word_list(1, &[4, 9]));
    let back = jit.inputs_back();
    assert_eq!(back[0], Some(Value::Int(2)));
    assert_eq!(
        back[1],
        Some(Value::list(vec![Value::Int(4), Value::Int(9)]))
    );
    assert_eq!(back[2], None);
    let want = delegat_interp::evaluate(&program, &back, day, FS);
    assert_eq!(want.outcome, OutcomeKind::Manuell, "housing is missing");
}
