//! The impact analysis (`delegat konsekvens`) on the FS workload: the försörjningsstöd pack
//! (`konsekvens/gammal.regel`, a copy of `examples/forsorjningsstod.regel`) against a copy
//! with the 2024 riksnorm for a single adult raised by 2 % (`konsekvens/ny.regel`), on
//! 100 000 generated cases (`delegat_bench::konsekvens`), all on one worker thread, with
//! the JIT. Per iteration all cases:
//!
//! - `one_pack_batch`: the baseline, `delegat batch --utdata sammanfattning` of one pack
//!   (`Decider::decide_batch_with`, summary lines, one thread);
//! - `one_pack_verdicts`: `Session::verdict` of one pack per case (phase one);
//! - `two_packs_compare`: `delegat_impact::compare` with one worker (both packs' verdicts
//!   per case, full decisions for the changed cases, the facts).
//!
//! `cargo bench -p delegat-bench --bench impact`; divan's items/s is cases per second. For a
//! million cases in one process see `examples/impact_million.rs` (docs/PERFORMANCE.md).

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "benchmark harness: a setup failure must stop the run"
)]

use std::num::NonZeroUsize;
use std::sync::LazyLock;

use delegat::{BatchOptions, BatchOutput, Date, Engine, NoLoader, Pack};
use delegat_impact::{Options, compare};
use divan::Bencher;
use divan::counter::ItemsCount;

const CASES: usize = 100_000;

static LINES: LazyLock<Vec<String>> =
    LazyLock::new(|| delegat_bench::konsekvens::json_lines(CASES, 2026).collect());
static TEXT: LazyLock<String> = LazyLock::new(|| LINES.join("\n") + "\n");

fn pack(name: &str) -> Pack {
    let path = format!("{}/konsekvens/{name}.regel", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("the bench's pack");
    Pack::from_source(&path, &text, &mut NoLoader).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

static OLD: LazyLock<Pack> = LazyLock::new(|| pack("gammal"));
static NEW: LazyLock<Pack> = LazyLock::new(|| pack("ny"));

fn date() -> Date {
    Date::parse("2024-06-15").expect("date")
}

fn main() {
    divan::main();
}

#[divan::bench(sample_count = 10)]
fn one_pack_batch(bencher: Bencher<'_, '_>) {
    let d = OLD.engine(Engine::Jit).expect("jit");
    let opts = BatchOptions {
        default_date: Some(date()),
        threads: NonZeroUsize::MIN,
        output: BatchOutput::Summaries,
    };
    let mut out = Vec::with_capacity(64 * CASES);
    bencher.counter(ItemsCount::new(CASES)).bench_local(|| {
        out.clear();
        d.decide_batch_with(TEXT.as_bytes(), &mut out, &opts, |_| {})
            .expect("batch")
    });
}

#[divan::bench(sample_count = 10)]
fn one_pack_verdicts(bencher: Bencher<'_, '_>) {
    let d = OLD.engine(Engine::Jit).expect("jit");
    let mut s = d.session();
    bencher.counter(ItemsCount::new(CASES)).bench_local(|| {
        let mut bifall = 0u64;
        for l in LINES.iter() {
            if let Ok((v, _, _)) = s.verdict(l, Some(date())) {
                bifall += u64::from(v.outcome == delegat_ir::OutcomeKind::Bifall);
            }
        }
        bifall
    });
}

#[divan::bench(sample_count = 10)]
fn two_packs_compare(bencher: Bencher<'_, '_>) {
    let (old, new) = (
        OLD.engine(Engine::Jit).expect("jit"),
        NEW.engine(Engine::Jit).expect("jit"),
    );
    let options = Options {
        date: Some(date()),
        threads: 1,
        ..Options::default()
    };
    bencher.counter(ItemsCount::new(CASES)).bench_local(|| {
        let (facts, ()) = compare(old, new, options, |feed| {
            for l in LINES.iter() {
                feed.push(l, None);
            }
        });
        assert_eq!(facts.cases, CASES as u64);
        facts.changed
    });
}
