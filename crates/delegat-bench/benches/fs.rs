//! The FS benchmark (crates/delegat-bench/README.md) with divan: every engine on the 10 000
//! cases of the workload, (a) evaluation only on input converted once into the engine's form,
//! (b) end to end from the JSON lines to decision JSON lines, (c) end to end to summary lines
//! (outcome and amount only). Every engine is first checked
//! against the hand-written function; a disagreement stops the run.
//!
//! `cargo bench -p delegat-bench --bench fs` (add `--features zen` for GoRules zen).
//! One iteration decides all 10 000 cases: divide the time by 10 000 for ns per decision
//! (divan's items/s column is decisions per second).

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "benchmark harness: a setup failure or a wrong answer must stop the run"
)]

mod support;

use std::sync::LazyLock;

use delegat::Pack;
use delegat_jit::JitPack;
use divan::Bencher;
use divan::counter::ItemsCount;
use support::{EngineKind, Engines, Workload};

static WORKLOAD: LazyLock<Workload> =
    LazyLock::new(|| support::workload().unwrap_or_else(|e| panic!("workload: {e}")));
static PACK: LazyLock<Pack> =
    LazyLock::new(|| support::pack().unwrap_or_else(|e| panic!("fs.regel: {e}")));
/// The pack compiled by the JIT (`None` if it does not compile: the JIT is then skipped).
static JIT: LazyLock<Option<JitPack>> = LazyLock::new(|| match support::jit_pack(&PACK) {
    Ok(j) => Some(j),
    Err(e) => {
        eprintln!("the JIT does not compile fs.regel: {e}");
        None
    }
});

fn main() {
    divan::main();
}

/// The engines for a bench of `kind`; `None` (said on stderr) when `kind` is not available
/// (the JIT does not compile fs.regel, so the runtime would fall back).
fn engines_for(kind: EngineKind) -> Option<Engines<'static>> {
    let (pack, jit) = (&*PACK, JIT.as_ref());
    if !kind.available(pack, jit) {
        eprintln!(
            "{}: not available (the runtime falls back), skipped",
            kind.name()
        );
        return None;
    }
    Some(Engines::new(pack, jit).expect("engines"))
}

/// (a) Evaluation only: the cases converted once, then all 10 000 decided.
#[divan::bench(args = EngineKind::ALL, sample_count = 30)]
fn eval_only(bencher: Bencher<'_, '_>, kind: EngineKind) {
    let w = &*WORKLOAD;
    let Some(mut engines) = engines_for(kind) else {
        return;
    };
    engines
        .check(kind, w)
        .unwrap_or_else(|e| panic!("disagrees: {e}"));
    let prepared = engines.prepare(kind, &w.cases).expect("prepare");
    bencher
        .counter(ItemsCount::new(w.cases.len()))
        .bench_local(|| engines.decide_all(kind, &prepared));
    engines.no_fallbacks().unwrap_or_else(|e| panic!("{e}"));
}

/// (b) End to end: the text of all 10 000 lines to decision lines. The hand-written function
/// parses with serde_json into `Case` and writes `{"outcome":…,"amount":…}`; the runtime
/// engines run `Decider::decide_batch` (full decision JSON with motivering and trace).
#[divan::bench(
    args = [EngineKind::Handwritten, EngineKind::RuntimeInterpreter, EngineKind::RuntimeJit],
    sample_count = 15
)]
fn end_to_end(bencher: Bencher<'_, '_>, kind: EngineKind) {
    let w = &*WORKLOAD;
    let Some(engines) = engines_for(kind) else {
        return;
    };
    let mut out = Vec::with_capacity(w.text.len() * 8);
    let counter = ItemsCount::new(w.cases.len());
    match kind {
        EngineKind::Handwritten => {
            support::handwritten_end_to_end(&w.text, &mut out).expect("run");
            let expected: String = w
                .expected
                .iter()
                .map(|d| {
                    format!(
                        "{{\"outcome\":\"{}\",\"amount\":{}}}\n",
                        support::outcome_word(d.outcome),
                        d.amount
                    )
                })
                .collect();
            assert!(
                out == expected.as_bytes(),
                "hand-written end to end disagrees"
            );
            bencher
                .counter(counter)
                .bench_local(|| support::handwritten_end_to_end(&w.text, &mut out));
        }
        EngineKind::RuntimeInterpreter | EngineKind::RuntimeJit => {
            let d = engines.runtime(kind);
            support::runtime_end_to_end(&d, engines.date, &w.text, &mut out).expect("run");
            support::check_runtime_lines(&out, &w.expected)
                .unwrap_or_else(|e| panic!("{}: {e}", kind.name()));
            bencher
                .counter(counter)
                .bench_local(|| support::runtime_end_to_end(&d, engines.date, &w.text, &mut out));
        }
        EngineKind::Interpreter | EngineKind::Jit => {}
    }
}

/// (c) End to end writing summary lines only (`Decider::decide_batch_with` with
/// `BatchOutput::Summaries`: `{"utfall":…,"belopp":…}` per case, the information the
/// hand-written function writes), not the full decisions of (b).
#[divan::bench(
    args = [EngineKind::RuntimeInterpreter, EngineKind::RuntimeJit],
    sample_count = 15
)]
fn end_to_end_summary(bencher: Bencher<'_, '_>, kind: EngineKind) {
    let w = &*WORKLOAD;
    let Some(engines) = engines_for(kind) else {
        return;
    };
    let d = engines.runtime(kind);
    let mut out = Vec::with_capacity(w.text.len());
    let summaries = delegat::BatchOutput::Summaries;
    support::runtime_batch(&d, engines.date, summaries, &w.text, &mut out).expect("run");
    support::check_runtime_lines(&out, &w.expected)
        .unwrap_or_else(|e| panic!("{}: {e}", kind.name()));
    bencher
        .counter(ItemsCount::new(w.cases.len()))
        .bench_local(|| support::runtime_batch(&d, engines.date, summaries, &w.text, &mut out));
}

/// GoRules zen 2.1: evaluation only, input converted once into zen `Variable`s.
#[cfg(feature = "zen")]
#[divan::bench(args = support::zen::Model::ALL, sample_count = 10)]
fn zen_eval_only(bencher: Bencher<'_, '_>, model: support::zen::Model) {
    let w = &*WORKLOAD;
    let zen = support::zen::Zen::new(model).expect("zen");
    zen.check(w)
        .unwrap_or_else(|e| panic!("zen disagrees: {e}"));
    let prepared = zen.prepare(&w.lines).expect("prepare");
    bencher
        .counter(ItemsCount::new(w.cases.len()))
        .bench_local(|| zen.decide_all(&prepared));
}

/// GoRules zen 2.1: end to end from the JSON lines (serde_json → Variable → result JSON).
#[cfg(feature = "zen")]
#[divan::bench(args = support::zen::Model::ALL, sample_count = 10)]
fn zen_end_to_end(bencher: Bencher<'_, '_>, model: support::zen::Model) {
    let w = &*WORKLOAD;
    let zen = support::zen::Zen::new(model).expect("zen");
    let mut out = Vec::new();
    zen.end_to_end(&w.text, &mut out).expect("run");
    bencher
        .counter(ItemsCount::new(w.cases.len()))
        .bench_local(|| zen.end_to_end(&w.text, &mut out));
}
