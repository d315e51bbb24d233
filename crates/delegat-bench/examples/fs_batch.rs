//! The full-decision batch alone on the FS workload (10 000 cases, one thread): ns per line,
//! the median of ROUNDS, per engine. For comparing two builds of the decision writer: run
//! the two binaries interleaved (or under `perf stat -e instructions:u`), since the
//! writer's share of a line is what differs.
//!
//! `cargo run --release -p delegat-bench --example fs_batch -- [ROUNDS] [jit|interpreter]`

#[path = "../benches/support/mod.rs"]
mod support;

use std::time::Instant;

use delegat::{BatchOutput, Engine};

type Res<T> = Result<T, Box<dyn std::error::Error>>;

fn main() -> Res<()> {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().as_deref().unwrap_or("15").parse()?;
    let only = args.next();
    let w = support::workload()?;
    let pack = support::pack()?;
    let date = support::date()?;
    let n = w.cases.len() as f64;
    let mut out = Vec::with_capacity(w.text.len() * 32);
    for (name, engine) in [("interpreter", Engine::Interpreter), ("jit", Engine::Jit)] {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        let d = pack.engine(engine)?;
        support::runtime_batch(&d, date, BatchOutput::Decisions, &w.text, &mut out)?;
        support::check_runtime_lines(&out, &w.expected)?;
        let mut ns = Vec::with_capacity(rounds);
        for _ in 0..rounds {
            let start = Instant::now();
            support::runtime_batch(&d, date, BatchOutput::Decisions, &w.text, &mut out)?;
            ns.push(start.elapsed().as_nanos() as f64 / n);
        }
        ns.sort_by(f64::total_cmp);
        let median = ns.get(ns.len() / 2).copied().unwrap_or(f64::NAN);
        let min = ns.first().copied().unwrap_or(f64::NAN);
        // FNV-1a of the output, to see that two builds write the same bytes.
        let hash = out.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
        });
        println!(
            "{name}: full decisions, {median:.0} ns per line (median), {min:.0} (min); {} bytes, hash {hash:016x}",
            out.len()
        );
    }
    Ok(())
}
