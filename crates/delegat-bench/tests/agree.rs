//! Untimed agreement test: every Delegat engine decides the FS cases exactly as the
//! hand-written function does (outcome and amount to the öre) — on the committed sample
//! (whose decisions the peer engines confirmed), on the 10 000-case workload and on 20 000
//! other generated cases — and the runtime's JSON batch path writes the same decisions.

#[path = "../benches/support/mod.rs"]
mod support;

use delegat_bench::{Case, Outcome, generate, handwritten};
use support::{EngineKind, Engines};

#[test]
fn every_available_engine_agrees_with_the_peers_on_the_sample() {
    let w = support::sample().unwrap();
    assert_eq!(w.cases.len(), 1_000);
    let pack = support::pack().unwrap();
    let jit = support::jit_pack(&pack).unwrap();
    let mut engines = Engines::new(&pack, Some(&jit)).unwrap();
    for kind in EngineKind::ALL {
        if kind.available(&pack, Some(&jit)) {
            engines.check(kind, &w).unwrap();
        }
    }
}

#[test]
fn every_available_engine_agrees_on_the_10k_cases() {
    let w = support::workload().unwrap();
    let pack = support::pack().unwrap();
    let jit = support::jit_pack(&pack).unwrap();
    let mut engines = Engines::new(&pack, Some(&jit)).unwrap();
    let mut checked = 0;
    for kind in EngineKind::ALL {
        if kind.available(&pack, Some(&jit)) {
            engines.check(kind, &w).unwrap();
            checked += 1;
        }
    }
    assert!(
        checked >= 4,
        "hand-written, interpreter, JIT and runtime interpreter at least"
    );
}

#[test]
fn every_available_engine_agrees_on_20k_generated_cases() {
    let pack = support::pack().unwrap();
    let jit = support::jit_pack(&pack).unwrap();
    let mut engines = Engines::new(&pack, Some(&jit)).unwrap();
    let cases: Vec<Case> = generate::json_lines(20_000, 2026)
        .map(|l| serde_json::from_str(&l).unwrap())
        .collect();
    let expected: Vec<_> = cases.iter().map(handwritten::decide).collect();
    // The generated set reaches all three outcomes, households above seven persons included.
    for o in [Outcome::Grant, Outcome::Reject, Outcome::Manual] {
        assert!(
            expected.iter().filter(|d| d.outcome == o).count() > 500,
            "{o:?}"
        );
    }
    assert!(cases.iter().any(|c| c.adults + c.children.len() as i64 > 7));
    for kind in EngineKind::ALL {
        if !kind.available(&pack, Some(&jit)) || kind == EngineKind::Handwritten {
            continue;
        }
        let prepared = engines.prepare(kind, &cases).unwrap();
        for (i, (case, exp)) in cases.iter().zip(&expected).enumerate() {
            let got = engines.decide(kind, &prepared, i);
            assert_eq!(got, *exp, "{}: case {i} {case:?}", kind.name());
        }
    }
    engines.no_fallbacks().unwrap();
}

#[test]
fn the_runtime_batch_writes_the_expected_decisions() {
    let w = support::workload().unwrap();
    let pack = support::pack().unwrap();
    let engines = Engines::new(&pack, None).unwrap();
    let mut out = Vec::new();
    let n = support::runtime_end_to_end(&engines.runtime_interp, engines.date, &w.text, &mut out)
        .unwrap();
    assert_eq!(n, 10_000);
    support::check_runtime_lines(&out, &w.expected).unwrap();
}

#[test]
fn summary_lines_agree_with_the_full_decisions_on_both_engines() {
    let w = support::workload().unwrap();
    let pack = support::pack().unwrap();
    let engines = Engines::new(&pack, None).unwrap();
    assert_eq!(engines.runtime_jit.engine(), delegat::Engine::Jit);
    for d in [engines.runtime_interp, engines.runtime_jit] {
        let (mut full, mut summary) = (Vec::new(), Vec::new());
        support::runtime_end_to_end(&d, engines.date, &w.text, &mut full).unwrap();
        let summaries = delegat::BatchOutput::Summaries;
        let n = support::runtime_batch(&d, engines.date, summaries, &w.text, &mut summary);
        assert_eq!(n, Ok(10_000));
        support::check_runtime_lines(&summary, &w.expected).unwrap();
        let (full, summary) = (
            String::from_utf8(full).unwrap(),
            String::from_utf8(summary).unwrap(),
        );
        assert_eq!(summary.lines().count(), 10_000);
        for (f, s) in full.lines().zip(summary.lines()) {
            let f: serde_json::Value = serde_json::from_str(f).unwrap();
            let s: serde_json::Value = serde_json::from_str(s).unwrap();
            assert_eq!(f.get("utfall"), s.get("utfall"));
            assert_eq!(f.get("belopp"), s.get("belopp"));
            assert!(s.as_object().unwrap().len() <= 2, "{s}");
        }
    }
}

#[test]
fn the_hand_written_end_to_end_path_writes_the_expected_lines() {
    let w = support::workload().unwrap();
    let mut out = Vec::new();
    support::handwritten_end_to_end(&w.text, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert_eq!(text.lines().count(), 10_000);
    for (line, exp) in text.lines().zip(&w.expected) {
        assert_eq!(delegat_bench::parse_expected(line), Some(*exp), "{line}");
    }
}

#[test]
fn a_wrong_amount_is_caught_by_the_check() {
    // The check must be able to fail: an interpreter decision compared with a shifted
    // expectation is reported.
    let mut w = support::workload().unwrap();
    let pack = support::pack().unwrap();
    let jit = support::jit_pack(&pack).unwrap();
    let mut engines = Engines::new(&pack, Some(&jit)).unwrap();
    let i = w
        .expected
        .iter()
        .position(|d| d.outcome == Outcome::Grant)
        .unwrap();
    if let Some(d) = w.expected.get_mut(i) {
        d.amount += 1;
    }
    let err = engines.check(EngineKind::Interpreter, &w).unwrap_err();
    assert!(err.contains(&format!("case {i} ")), "{err}");
}
