//! A profiling loop for the JIT's evaluation only: the 10 000 FS cases converted once to
//! `NativeCase`, then only `JitEvaluator::run_case` in a loop (beside the hand-written
//! function and the interpreter's `Evaluator::run` on the same cases, for comparison). The
//! divan bench's setup dominates a plain `perf record` of it; this does not.
//!
//! `cargo run --release -p delegat-bench --example jit_profile -- [ROUNDS] [jit|all] [CASES]`
//! (CASES: only the first so many of the 10 000, e.g. 1000 for cases warm in the cache), or
//! `perf record -g target/release/examples/jit_profile 300 jit`.

#[path = "../benches/support/mod.rs"]
mod support;

use std::time::Instant;

use support::{EngineKind, Engines};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Res<()> {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().as_deref().unwrap_or("100").parse()?;
    let which = args.next().unwrap_or_else(|| "all".to_owned());
    let mut w = support::workload()?;
    if let Some(n) = args.next() {
        let n: usize = n.parse()?;
        w.cases.truncate(n);
        w.expected.truncate(n);
    }
    let pack = support::pack()?;
    let jit = support::jit_pack(&pack)?;
    let mut engines = Engines::new(&pack, Some(&jit))?;
    let kinds: &[EngineKind] = match which.as_str() {
        "jit" => &[EngineKind::Jit],
        _ => &[
            EngineKind::Handwritten,
            EngineKind::Interpreter,
            EngineKind::Jit,
        ],
    };
    for &k in kinds {
        engines.check(k, &w)?;
        let prepared = engines.prepare(k, &w.cases)?;
        let mut times = Vec::with_capacity(rounds);
        let mut sink = 0i64;
        for _ in 0..rounds {
            let start = Instant::now();
            sink = sink.wrapping_add(engines.decide_all(k, &prepared));
            times.push(start.elapsed().as_nanos() as f64 / w.cases.len() as f64);
        }
        times.sort_by(f64::total_cmp);
        let pick = |q: usize| {
            times
                .get(times.len() * q / 100)
                .copied()
                .unwrap_or(f64::NAN)
        };
        println!(
            "{:<45} min {:7.1}  median {:7.1}  p90 {:7.1} ns per decision (checksum {sink})",
            k.name(),
            pick(0),
            pick(50),
            pick(90)
        );
    }
    engines.no_fallbacks()?;
    Ok(())
}
