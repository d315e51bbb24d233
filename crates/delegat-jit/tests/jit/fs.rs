//! The FS benchmark workload end to end: the hand-built sample pack through the JIT and the
//! interpreter, on fixed and random cases, with identical results.

#![allow(
    clippy::panic,
    clippy::indexing_slicing,
    reason = "test helpers outside #[test] functions: a failure is a test failure"
)]

use delegat_interp::Evaluator;
use delegat_ir::build::{date, fs_case, fs_sample, kr};
use delegat_ir::{DecisionId, OutcomeKind};
use delegat_jit::{JitEvaluator, JitPack};
use proptest::prelude::*;

#[test]
fn fs_sample_compiles_and_decides_like_the_interpreter() {
    let program = fs_sample();
    let pack = JitPack::compile(&program).unwrap();
    let day = date(2026, 3, 1);
    let cases = [
        fs_case(2, &[0, 0, 0, 0, 0, 0, 0], 0, &[], false),
        fs_case(1, &[], 5000, &[], false),
        fs_case(1, &[3, 19], 4000, &[20_000], false),
        fs_case(2, &[5], 6000, &[1000, 2000], true),
        fs_case(1, &[21], 0, &[], false),
    ];
    let mut jit = JitEvaluator::new(&pack);
    for c in &cases {
        let want = delegat_interp::evaluate(&program, c, day, DecisionId(0));
        let got = jit.decide(c, day, DecisionId(0));
        assert_eq!(got, Some(want));
    }
    // Two vuxna and seven children: 2 × 3 140 + 7 × 2 250 + (2 750 + 2 × 280) + 500 kr el.
    let got = pack.decide(&cases[0], day, DecisionId(0)).unwrap();
    assert_eq!(got.outcome, OutcomeKind::Bifall);
    assert_eq!(got.belopp, Some(kr(25_340 + 500)));
    assert!(!got.trace.is_empty());
    // Age 21 is no row of the table: a table miss, so manuell with the interpreter's error.
    let miss = pack.decide(&cases[4], day, DecisionId(0)).unwrap();
    assert_eq!(miss.outcome, OutcomeKind::Manuell);
    assert!(miss.error.is_some());
}

#[test]
fn a_date_before_the_parameters_is_the_same_error() {
    let program = fs_sample();
    let pack = JitPack::compile(&program).unwrap();
    let c = fs_case(1, &[2], 1000, &[], false);
    let day = date(2019, 12, 31);
    let got = pack.decide(&c, day, DecisionId(0)).unwrap();
    assert_eq!(
        got,
        delegat_interp::evaluate(&program, &c, day, DecisionId(0))
    );
    assert!(got.error.is_some());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn random_fs_cases_agree(
        adults in 0i64..4,
        children in proptest::collection::vec(-1i64..23, 0..9),
        housing in -10i64..20_000,
        incomes in proptest::collection::vec(0i64..30_000, 0..4),
        special in any::<bool>(),
        missing in proptest::option::of(0usize..7),
        year in 2019i32..2028,
    ) {
        let program = fs_sample();
        let pack = JitPack::compile(&program).unwrap();
        let mut c = fs_case(adults, &children, housing, &incomes, special);
        if let Some(m) = missing {
            c[m] = None;
        }
        let day = date(year, 6, 30);
        let mut jit = JitEvaluator::new(&pack);
        let mut interp = Evaluator::new(&program);
        // Twice, so buffer reuse between cases is exercised.
        for _ in 0..2 {
            let got = jit.decide(&c, day, DecisionId(0));
            let want = interp.decide(&c, day, DecisionId(0));
            prop_assert_eq!(got, Some(want));
        }
    }
}

#[test]
fn a_compiled_pack_can_be_shared_between_threads() {
    fn send_sync<T: Send + Sync>() {}
    fn send<T: Send>() {}
    send_sync::<JitPack>();
    send_sync::<delegat_jit::NativeCase>();
    send::<JitEvaluator<'static>>();
    let program = fs_sample();
    let pack = JitPack::compile(&program).unwrap();
    let c = fs_case(1, &[4], 3000, &[], false);
    let day = date(2026, 3, 1);
    let want = delegat_interp::evaluate(&program, &c, day, DecisionId(0));
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..2)
            .map(|_| s.spawn(|| pack.decide(&c, day, DecisionId(0))))
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), Some(want.clone()));
        }
    });
}

#[test]
fn the_generated_ir_can_be_shown() {
    let (_, clif) = JitPack::compile_with_clif(&fs_sample()).unwrap();
    assert!(clif.contains("; beslut `fs`"), "{clif}");
    // One function per rule and per decision.
    let program = fs_sample();
    assert!(clif.contains("; regel `behov`"), "{clif}");
    assert!(clif.contains("; regel `barn`"), "{clif}");
    assert_eq!(
        clif.matches("\nfunction ").count(),
        program.rules.len() + program.decisions.len(),
        "{clif}"
    );
    // Money sums are checked inline.
    assert!(clif.contains("sadd_overflow"), "{clif}");
}

#[test]
fn packs_compiled_at_the_same_time_on_several_threads_agree() {
    let program = fs_sample();
    let c = fs_case(2, &[1, 9, 15], 1200, &[], false);
    let day = date(2026, 3, 1);
    let want = delegat_interp::evaluate(&program, &c, day, DecisionId(0));
    std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    JitPack::compile(&program)
                        .unwrap()
                        .decide(&c, day, DecisionId(0))
                })
            })
            .collect();
        for h in handles {
            assert_eq!(h.join().unwrap(), Some(want.clone()));
        }
    });
}

#[test]
fn a_case_with_many_repeated_lookups_has_the_interpreters_trace() {
    // 63 children, ages three times through 0..=20: 21 distinct lookups, each repeated, more
    // than the interpreter's log scan handles before it keeps a set of seen pairs. Also more
    // events than a new evaluator's log holds (64): the call returns `LogFull` and is run
    // again with a larger log, with no fallback to the interpreter.
    let program = fs_sample();
    let pack = JitPack::compile(&program).unwrap();
    let ages: Vec<i64> = (0..63).map(|k| (k * 8) % 21).collect();
    let case = fs_case(1, &ages, 0, &[], false);
    let day = date(2026, 3, 1);
    let want = delegat_interp::evaluate(&program, &case, day, DecisionId(0));
    let mut jit = JitEvaluator::new(&pack);
    assert_eq!(jit.decide(&case, day, DecisionId(0)).as_ref(), Some(&want));
    // Every (table, key) pair once: the 21 ages, and the shared cost of 7 persons (the
    // household of 64 is above 7).
    let lookups = want
        .trace
        .iter()
        .filter(|t| matches!(t, delegat_ir::TraceEntry::Lookup { .. }))
        .count();
    assert_eq!(lookups, 22);
}
