//! A rough timing of the interpreter on the FS sample (not a benchmark: the benchmark crate
//! compares engines). Run with `cargo run --release -p delegat-interp --example fs_timing`.

use std::time::Instant;

use delegat_interp::Evaluator;
use delegat_ir::build::{date, fs_sample, kr};
use delegat_ir::{DecisionId, Value};

fn main() {
    let program = fs_sample();
    let cases: Vec<Vec<Option<Value>>> = (0..1_000i64)
        .map(|i| {
            let children: Vec<Value> = (0..(i % 4)).map(|c| Value::Int((i + c * 7) % 21)).collect();
            let incomes: Vec<Value> = (0..(i % 3))
                .map(|c| Value::Money(kr(1_000 * (i % 13) + c)))
                .collect();
            vec![
                Some(Value::Int(1 + i % 2)),
                Some(Value::list(children)),
                Some(Value::Money(kr(i * 7 % 15_000))),
                Some(Value::Money(kr(i % 1_500))),
                Some(Value::Money(kr(0))),
                Some(Value::list(incomes)),
                Some(Value::Bool(i % 20 == 0)),
            ]
        })
        .collect();
    let mut ev = Evaluator::new(&program);
    let day = date(2026, 3, 1);
    let rounds = 200;
    let start = Instant::now();
    let mut granted = 0u64;
    for _ in 0..rounds {
        for case in &cases {
            let r = ev.decide(case, day, DecisionId(0));
            granted += u64::from(r.belopp.is_some());
        }
    }
    let n = rounds * cases.len();
    let per = start.elapsed().as_nanos() / n as u128;
    println!("{n} decisions, {per} ns per decision ({granted} with an amount)");
}
