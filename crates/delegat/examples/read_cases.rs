//! Times reading FS benchmark cases (a given file, or 10 000 generated ones)
//! with the fast case reader into a reused sink, against the general reader `case::read`
//! and against `serde_json` into the hand-written reference's struct: ns per case, the
//! median of the rounds, in on-CPU time of the thread (`/proc/thread-self/schedstat`, so
//! that other processes on a loaded machine count less) and in wall time. Run in release:
//! `cargo run --release -p delegat --example read_cases [-- CASES.jsonl [ROUNDS [NAME]]]`.

use std::time::Instant;

use delegat::{Date, NoLoader, Pack, ReadInto, bench_read_cases};

/// The thread's on-CPU time in ns, when the kernel says it.
fn cpu_ns() -> Option<u128> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let source = std::fs::read_to_string(format!("{root}/crates/delegat-bench/fs.regel"))?;
    let pack =
        Pack::from_source("fs.regel", &source, &mut NoLoader).map_err(|e| e.render(false))?;
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).cloned().unwrap_or_default();
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(9);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        eprintln!("no case file given: 10 000 generated cases");
        delegat_bench::generate::json_lines(10_000, 42)
            .collect::<Vec<_>>()
            .join("\n")
    });
    let lines: Vec<&str> = text.lines().collect();
    // Each round reads the cases `reps` times (at least 200 000 cases), long enough for the
    // kernel's accounting of on-CPU time.
    let reps = (200_000 / lines.len().max(1)).max(1);
    let n = (lines.len() * reps).max(1) as u128;
    let date = Date::parse("2026-03-01")?;
    println!(
        "{} cases, {} bytes per case on average, {rounds} rounds of {reps} passes",
        lines.len(),
        text.len() / lines.len().max(1)
    );
    type Run<'a> = Box<dyn Fn() -> (usize, i64) + 'a>;
    let serde_struct: Run<'_> = Box::new(|| {
        let mut sum = 0i64;
        let mut read = 0;
        for line in &lines {
            if let Ok(c) = serde_json::from_str::<delegat_bench::Case>(line) {
                read += 1;
                sum += c.housing + c.children.len() as i64;
            }
        }
        (read, sum)
    });
    let runs: Vec<(&str, Run<'_>, usize)> = vec![
        (
            "fast reader -> words",
            Box::new(|| bench_read_cases(&pack, &lines, ReadInto::Words, date)),
            rounds,
        ),
        (
            "fast reader -> JIT NativeInputs",
            Box::new(|| bench_read_cases(&pack, &lines, ReadInto::Native, date)),
            rounds,
        ),
        (
            "fast reader -> Vec<Option<Value>>",
            Box::new(|| bench_read_cases(&pack, &lines, ReadInto::Values, date)),
            rounds,
        ),
        (
            "serde_json into the hand-written struct",
            serde_struct,
            rounds,
        ),
        (
            "case::read (serde_json Value tree)",
            Box::new(|| bench_read_cases(&pack, &lines, ReadInto::General, date)),
            rounds.min(3),
        ),
    ];
    // A third argument runs only the readers whose name contains it.
    let only = args.get(3).cloned().unwrap_or_default();
    for (name, run, rounds) in runs {
        if !name.contains(only.as_str()) {
            continue;
        }
        let mut cpu = Vec::with_capacity(rounds);
        let mut wall = Vec::with_capacity(rounds);
        let mut check = (0, 0);
        for _ in 0..rounds {
            let (c0, w0) = (cpu_ns(), Instant::now());
            for _ in 0..reps {
                check = std::hint::black_box(run());
            }
            wall.push(w0.elapsed().as_nanos() / n);
            if let (Some(c0), Some(c1)) = (c0, cpu_ns()) {
                cpu.push(c1.saturating_sub(c0) / n);
            }
        }
        cpu.sort_unstable();
        wall.sort_unstable();
        let median = |v: &[u128]| v.get(v.len() / 2).copied().unwrap_or(0);
        println!(
            "{name:42} cpu median {:>6} ns/case (min {:>6}), wall median {:>6}; {} read, checksum {}",
            median(&cpu),
            cpu.first().copied().unwrap_or(0),
            median(&wall),
            check.0,
            check.1
        );
    }
    Ok(())
}
