//! A rough timing of the interpreter on the FS sample (not a benchmark: the benchmark crate
//! compares engines): phase one, `Evaluator::run`, as the benchmark times it, and `decide`
//! (both phases) for comparison. The cases are the benchmark's committed sample
//! (`crates/delegat-bench/data/cases_1k.jsonl`) ten times over. Blocks of 1 000 cases are timed one by one;
//! the fastest block and the median are printed, so that a busy machine shows in the gap.
//! On Linux it also prints the thread's CPU time per decision (from
//! `/proc/thread-self/schedstat`), which time spent waiting for a core does not inflate.
//!
//! `cargo run --release -p delegat-interp --example interp_timing [-- ROUNDS [decide]]`

use std::time::Instant;

use delegat_interp::Evaluator;
use delegat_ir::build::{date, fs_sample, kr};
use delegat_ir::{DecisionId, Value};

fn case(
    adults: i64,
    children: &[i64],
    money: [i64; 3],
    incomes: &[i64],
    special: bool,
) -> Vec<Option<Value>> {
    let [housing, electricity, travel] = money;
    vec![
        Some(Value::Int(adults)),
        Some(Value::list(
            children.iter().map(|&a| Value::Int(a)).collect::<Vec<_>>(),
        )),
        Some(Value::Money(kr(housing))),
        Some(Value::Money(kr(electricity))),
        Some(Value::Money(kr(travel))),
        Some(Value::list(
            incomes
                .iter()
                .map(|&k| Value::Money(kr(k)))
                .collect::<Vec<_>>(),
        )),
        Some(Value::Bool(special)),
    ]
}

fn from_json(line: &str) -> Option<Vec<Option<Value>>> {
    let v: serde_json::Value = serde_json::from_str(line).ok()?;
    let int = |k: &str| v.get(k).and_then(serde_json::Value::as_i64);
    let list = |k: &str| -> Option<Vec<i64>> {
        v.get(k)?
            .as_array()?
            .iter()
            .map(serde_json::Value::as_i64)
            .collect()
    };
    Some(case(
        int("adults")?,
        &list("children")?,
        [int("housing")?, int("electricity")?, int("travel")?],
        &list("incomes")?,
        v.get("special_circumstances")?.as_bool()?,
    ))
}

fn cases() -> Vec<Vec<Option<Value>>> {
    let text = include_str!("../../delegat-bench/data/cases_1k.jsonl");
    let sample: Vec<_> = text.lines().filter_map(from_json).collect();
    std::iter::repeat_n(sample, 10).flatten().collect()
}

/// The nanoseconds this thread has run on a CPU, if the kernel says.
fn cpu_ns() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    text.split_whitespace().next()?.parse().ok()
}

fn main() {
    let rounds: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(20);
    let decide = std::env::args().nth(2).as_deref() == Some("decide");
    let program = fs_sample();
    let cases = cases();
    let mut ev = Evaluator::new(&program);
    let day = date(2026, 1, 15);
    let mut blocks = Vec::new();
    let mut granted = 0u64;
    let cpu_start = cpu_ns();
    for _ in 0..rounds {
        for block in cases.chunks(1_000) {
            let start = Instant::now();
            for case in block {
                let belopp = if decide {
                    ev.decide(case, day, DecisionId(0)).belopp
                } else {
                    ev.run(case, day, DecisionId(0)).belopp
                };
                granted += u64::from(belopp.is_some());
            }
            blocks.push(start.elapsed().as_nanos() as f64 / block.len() as f64);
        }
    }
    let decided = (rounds * cases.len()) as f64;
    let cpu = cpu_start
        .zip(cpu_ns())
        .map_or(f64::NAN, |(a, b)| b.saturating_sub(a) as f64 / decided);
    blocks.sort_by(f64::total_cmp);
    let min = blocks.first().copied().unwrap_or(f64::NAN);
    let median = blocks.get(blocks.len() / 2).copied().unwrap_or(f64::NAN);
    println!(
        "{} ({} cases × {rounds}): fastest block {min:.0} ns per decision, median {median:.0} ns, \
         CPU time {cpu:.0} ns ({granted} with an amount)",
        if decide { "decide" } else { "run" },
        cases.len()
    );
}
