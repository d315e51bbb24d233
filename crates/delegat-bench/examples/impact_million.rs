//! The impact analysis on a million cases in one process, against the baseline in the same
//! run: `cargo run --release -p delegat-bench --example impact_million -- [CASES] [ROUNDS]
//! [konsekvens]` (defaults 1 000 000 and 3; with `konsekvens` only the comparison runs, for
//! a profiler).
//!
//! The cases are 100 000 distinct generated cases (`delegat_bench::konsekvens`) repeated to
//! CASES (neither engine keeps anything from one case to the next). Each round times, one
//! after the other:
//!
//! - `batch, one pack`: `Decider::decide_batch_with` of the old pack on one thread writing
//!   summary lines (what `delegat batch --utdata sammanfattning` does), the baseline;
//! - `konsekvens, two packs`: `delegat_impact::compare` with one worker thread (the caller's
//!   thread only hands it the lines).
//!
//! Both give wall-clock cases per second and cases per CPU second of the process (user and
//! system time from `/proc/self/stat`, in clock ticks of 1/100 s), the figure per core.
//! Medians of the rounds. The flip counts are printed so that a run can be checked.

use std::num::NonZeroUsize;
use std::time::Instant;

use delegat::{BatchOptions, BatchOutput, Date, Engine, NoLoader, Pack};
use delegat_impact::{Options, compare};

const DISTINCT: usize = 100_000;

/// The process's user plus system CPU time, in seconds (`None` without `/proc`).
fn cpu_seconds() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let rest = stat.rsplit_once(')')?.1;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: f64 = fields.get(11)?.parse().ok()?;
    let stime: f64 = fields.get(12)?.parse().ok()?;
    Some((utime + stime) / 100.0)
}

/// Runs `f`, and gives (wall seconds, CPU seconds).
fn timed(f: impl FnOnce()) -> (f64, f64) {
    let (c0, t0) = (cpu_seconds().unwrap_or(0.0), Instant::now());
    f();
    (
        t0.elapsed().as_secs_f64(),
        cpu_seconds().unwrap_or(0.0) - c0,
    )
}

fn pack(name: &str) -> Result<Pack, Box<dyn std::error::Error>> {
    let path = format!("{}/konsekvens/{name}.regel", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path)?;
    Pack::from_source(&path, &text, &mut NoLoader).map_err(|e| format!("{path}: {e:?}").into())
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().as_deref().unwrap_or("1000000").parse()?;
    let rounds: usize = args.next().as_deref().unwrap_or("3").parse()?;
    let only_compare = args.next().as_deref() == Some("konsekvens");
    let lines: Vec<String> = delegat_bench::konsekvens::json_lines(DISTINCT.min(n), 2026).collect();
    let text = lines.join("\n") + "\n";
    let repeats = n.div_ceil(lines.len().max(1));
    let n = repeats * lines.len();
    let (old, new) = (pack("gammal")?, pack("ny")?);
    let (od, nd) = (old.engine(Engine::Jit)?, new.engine(Engine::Jit)?);
    let date = Date::parse("2024-06-15").map_err(|e| format!("{e:?}"))?;
    let opts = BatchOptions {
        default_date: Some(date),
        threads: NonZeroUsize::MIN,
        output: BatchOutput::Summaries,
    };
    let options = Options {
        date: Some(date),
        threads: 1,
        ..Options::default()
    };
    let (mut base_wall, mut base_cpu, mut cmp_wall, mut cmp_cpu) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let mut out = Vec::with_capacity(40 * lines.len());
    for round in 0..rounds {
        let (w, c) = timed(|| {
            for _ in 0..repeats * usize::from(!only_compare) {
                out.clear();
                let _ = od.decide_batch_with(text.as_bytes(), &mut out, &opts, |_| {});
            }
        });
        base_wall.push(n as f64 / w);
        base_cpu.push(n as f64 / c.max(0.01));
        let mut facts = None;
        let (w, c) = timed(|| {
            let (f, ()) = compare(od, nd, options, |feed| {
                for _ in 0..repeats {
                    for l in &lines {
                        feed.push(l, None);
                    }
                }
            });
            facts = Some(f);
        });
        cmp_wall.push(n as f64 / w);
        cmp_cpu.push(n as f64 / c.max(0.01));
        if let Some(f) = facts {
            eprintln!(
                "round {round}: {} cases, {} changed, matrix {:?}",
                f.cases, f.changed, f.matrix
            );
        }
    }
    println!("cases: {n} ({DISTINCT} distinct), rounds: {rounds}, medians");
    println!("| run | cases/s (wall) | cases per CPU second |");
    println!("| --- | ---: | ---: |");
    println!(
        "| batch, one pack, summary lines (baseline) | {:.0} | {:.0} |",
        median(base_wall),
        median(base_cpu)
    );
    println!(
        "| konsekvens, two packs, one worker | {:.0} | {:.0} |",
        median(cmp_wall),
        median(cmp_cpu)
    );
    Ok(())
}
