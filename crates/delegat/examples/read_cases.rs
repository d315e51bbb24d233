//! Times reading the FS benchmark cases (`shared/bench/cases_10k.jsonl`, or generated ones)
//! with the fast case reader into a reused sink, against the general reader: ns per case,
//! the median of the rounds. Run in release:
//! `cargo run --release -p delegat --example read_cases [-- CASES.jsonl [ROUNDS]]`.

use std::time::Instant;

use delegat::{Date, NoLoader, Pack, ReadInto, bench_read_cases};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../..");
    let source = std::fs::read_to_string(format!("{root}/crates/delegat-bench/fs.regel"))?;
    let pack = Pack::from_source("fs.regel", &source, &mut NoLoader).map_err(|e| e.render(false))?;
    let args: Vec<String> = std::env::args().collect();
    let path = args.get(1).cloned().unwrap_or_else(|| "/work/shared/bench/cases_10k.jsonl".into());
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(21);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|_| {
        eprintln!("{path} not found: 10 000 generated cases instead");
        delegat_bench::generate::json_lines(10_000, 42).collect::<Vec<_>>().join("\n")
    });
    let lines: Vec<&str> = text.lines().collect();
    let date = Date::parse("2026-03-01")?;
    println!("{} cases, {} bytes per case on average, {rounds} rounds", lines.len(), text.len() / lines.len().max(1));
    for (name, into, rounds) in [
        ("fast reader -> words", ReadInto::Words, rounds),
        ("fast reader -> JIT NativeInputs", ReadInto::Native, rounds),
        ("fast reader -> Vec<Option<Value>>", ReadInto::Values, rounds),
        ("case::read (serde_json Value tree)", ReadInto::General, rounds.min(5)),
    ] {
        let mut times = Vec::with_capacity(rounds);
        let mut check = (0, 0);
        for _ in 0..rounds {
            let start = Instant::now();
            check = std::hint::black_box(bench_read_cases(&pack, &lines, into, date));
            times.push(start.elapsed().as_nanos() / lines.len().max(1) as u128);
        }
        times.sort_unstable();
        let median = times[times.len() / 2];
        println!(
            "{name:38} median {median:>6} ns/case (min {:>6}, max {:>6}); {} read, checksum {}",
            times[0],
            times[times.len() - 1],
            check.0,
            check.1
        );
    }
    Ok(())
}
