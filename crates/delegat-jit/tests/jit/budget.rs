//! The runtime step budget (`delegat_ir::STEP_BUDGET`), the second line behind the static
//! cost bound: both engines count a step at each call of a rule with arguments and at each
//! element an aggregate looks at, stop the same cases at the same expression with
//! `RuntimeErrorKind::Budget` (E0413), and decide every case within the budget. The
//! programs here are lowered without the runtime's cost bound, as a crafted pack would be.

#![allow(
    clippy::panic,
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test helpers outside #[test] functions: a failure is a test failure"
)]

use delegat_diagnostics::{FileId, SourceMap};
use delegat_interp::Evaluator;
use delegat_ir::build::date;
use delegat_ir::{DecisionId, DecisionResult, OutcomeKind, Program, RuntimeErrorKind};
use delegat_ir::{STEP_BUDGET, Value};
use delegat_jit::{JitEvaluator, JitPack};

struct NoFiles;

impl delegat_check::Loader for NoFiles {
    fn load(&mut self, _: &mut SourceMap, _: FileId, path: &str) -> Result<FileId, String> {
        Err(format!("`{path}` läses inte i testerna"))
    }
}

/// Parses, checks and lowers `text` (no cost bound: that is the runtime's, at load).
fn lower(text: &str) -> Program {
    let mut map = SourceMap::new();
    let file = map.add("budget.regel".to_string(), text.to_string());
    let (ast, syntax) = delegat_syntax::parse(file, text);
    assert!(syntax.iter().all(|d| !d.is_error()), "{syntax:?}");
    let (checked, diags) = delegat_check::check(&mut map, file, &ast, &mut NoFiles);
    let checked = checked.unwrap_or_else(|| panic!("does not check: {diags:#?}"));
    delegat_lower::lower(&checked).unwrap_or_else(|d| panic!("does not lower: {d:?}"))
}

/// A rule file with one list input `värden` and one decision whose condition is `cond`.
fn program(rules: &str, cond: &str) -> Program {
    lower(&source(rules, cond))
}

fn source(rules: &str, cond: &str) -> String {
    format!(
        "regelverk \"Budget\" {{ nämnd: \"Nämnden\" }}\n\
         uppgift x: heltal 0..10 {{ källa: sökande }}\n\
         uppgift värden: lista av heltal 0..10 {{ källa: sökande }}\n\
         {rules}\n\
         beslut b enligt \"SoL (2025:400) 12 kap. 1 §\" {{\n\
           avser: myndighetsutövning\n\
           överklagande: förvaltningsbesvär\n\
           när {cond}: bifall {{ belopp: 1 kr  motivering: \"Ja.\" }}\n\
           annars: avslag {{ motivering: \"Nej.\" }}\n\
         }}\n"
    )
}

/// The case decided by both engines; they must agree, and native code must decide it.
fn both(p: &Program, x: i64, tal: Vec<i64>) -> DecisionResult {
    let inputs = [
        Some(Value::Int(x)),
        Some(Value::list(
            tal.into_iter().map(Value::Int).collect::<Vec<_>>(),
        )),
    ];
    let day = date(2026, 1, 1);
    let want = Evaluator::new(p).decide(&inputs, day, DecisionId(0));
    let pack = JitPack::compile(p).unwrap();
    let got = JitEvaluator::new(&pack)
        .decide(&inputs, day, DecisionId(0))
        .expect("native code decides the case");
    assert_eq!(got, want);
    want
}

fn budget() -> usize {
    usize::try_from(STEP_BUDGET).unwrap()
}

/// Whether the case was made `manuell` by the budget.
fn is_budget(r: &DecisionResult) -> bool {
    r.outcome == OutcomeKind::Manuell
        && r.error
            .as_ref()
            .is_some_and(|e| e.kind == RuntimeErrorKind::Budget && e.code().as_str() == "E0413")
}

/// A 25-level doubling chain (2^26 − 1 calls a case) that the static bound would refuse at
/// load: both engines stop it at the budget, at the same call, instead of running on.
#[test]
fn a_doubling_chain_stops_at_the_budget_in_both_engines() {
    let mut rules = String::from("regel f0(a: heltal): heltal = a + 1\n");
    for i in 1..=25 {
        rules.push_str(&format!(
            "regel f{i}(a: heltal): heltal = f{}(a) + f{}(a)\n",
            i - 1,
            i - 1
        ));
    }
    let text = source(&rules, "f25(x) > 0");
    let p = lower(&text);
    let r = both(&p, 1, vec![]);
    assert!(is_budget(&r), "{r:?}");
    let err = r.error.unwrap();
    assert_eq!(
        err.message(),
        "beräkningen av ärendet krävde fler än 1 000 000 steg (anrop av regler med argument \
         och genomgångna listelement)"
    );
    // Both engines stopped at the same call (the results are equal, spans included): the
    // 1 000 001st call in evaluation order, which is a call of `f1` from `f2`'s body.
    let at = &text[err.span.start as usize..err.span.end as usize];
    assert_eq!(at, "f1(a)");
}

/// The boundary is exact: an aggregate with a filter over `STEP_BUDGET` elements is
/// decided, one element more is not.
#[test]
fn the_budget_is_exact_at_its_boundary() {
    let p = program("", "antal(för t i värden där t > 0) > 0");
    let at = both(&p, 0, vec![1; budget()]);
    assert_eq!(at.outcome, OutcomeKind::Bifall, "{at:?}");
    let over = both(&p, 0, vec![1; budget() + 1]);
    assert!(is_budget(&over), "{over:?}");
}

/// Plain `summa` and `antal` of a list look at no element through a filter or body: they
/// take no steps, in either engine, however long the list.
#[test]
fn plain_sums_and_counts_take_no_steps() {
    let p = program("", "summa(värden) + antal(värden) > 0");
    let r = both(&p, 0, vec![1; budget() + 1]);
    assert_eq!(r.outcome, OutcomeKind::Bifall, "{r:?}");
}

/// Calls and elements share one budget per case: calls inside an aggregate count both.
/// With half the budget in elements, each making a call, the case takes exactly
/// `STEP_BUDGET` steps; one element more is over.
#[test]
fn calls_inside_an_aggregate_count_as_well() {
    let p = program(
        "regel dubbel(a: heltal): heltal = a * 2",
        "summa(för t i värden: dubbel(t)) > 0",
    );
    let half = budget() / 2;
    let at = both(&p, 0, vec![1; half]);
    assert_eq!(at.outcome, OutcomeKind::Bifall, "{at:?}");
    let over = both(&p, 0, vec![1; half + 1]);
    assert!(is_budget(&over), "{over:?}");
}

/// The budget is per case: a case over it does not use up the next case's.
#[test]
fn every_case_starts_with_a_full_budget() {
    let p = program("", "antal(för t i värden där t > 0) > 0");
    let day = date(2026, 1, 1);
    let pack = JitPack::compile(&p).unwrap();
    let mut jit = JitEvaluator::new(&pack);
    let mut interp = Evaluator::new(&p);
    for _ in 0..3 {
        let inputs = [
            Some(Value::Int(0)),
            Some(Value::list(vec![Value::Int(1); budget()])),
        ];
        let want = interp.decide(&inputs, day, DecisionId(0));
        assert_eq!(want.outcome, OutcomeKind::Bifall);
        assert_eq!(jit.decide(&inputs, day, DecisionId(0)), Some(want));
    }
}
