//! A rough timing of the JIT beside the interpreter on the FS sample (not a benchmark: the
//! benchmark crate compares engines). Run with
//! `cargo run --release -p delegat-jit --example jit_timing`.

use std::time::Instant;

use delegat_interp::Evaluator;
use delegat_ir::build::{date, fs_sample, kr};
use delegat_ir::{DecisionId, Value};
use delegat_jit::{JitEvaluator, JitPack, NativeCase};

fn main() {
    let program = fs_sample();
    let pack = match JitPack::compile(&program) {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
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
    let day = date(2026, 3, 1);
    let rounds = 200;
    let n = rounds * cases.len();

    let mut interp = Evaluator::new(&program);
    let start = Instant::now();
    let mut a = 0u64;
    for _ in 0..rounds {
        for case in &cases {
            a += u64::from(interp.decide(case, day, DecisionId(0)).belopp.is_some());
        }
    }
    let per_interp = start.elapsed().as_nanos() / n as u128;

    let mut jit = JitEvaluator::new(&pack);
    let start = Instant::now();
    let mut b = 0u64;
    for _ in 0..rounds {
        for case in &cases {
            b += u64::from(
                jit.decide(case, day, DecisionId(0))
                    .and_then(|r| r.belopp)
                    .is_some(),
            );
        }
    }
    let per_jit = start.elapsed().as_nanos() / n as u128;

    let native: Vec<NativeCase> = cases
        .iter()
        .filter_map(|c| NativeCase::new(&pack, c))
        .collect();
    let start = Instant::now();
    let (mut c, mut left) = (0u64, 0u64);
    for _ in 0..rounds * 5 {
        for case in &native {
            match jit.run_case(case, day, DecisionId(0)) {
                Some(v) => c += u64::from(v.belopp.is_some()),
                None => left += 1,
            }
        }
    }
    let per_case = start.elapsed().as_nanos() / (5 * n) as u128;
    println!(
        "{n} decisions: interpreter {per_interp} ns, JIT decide {per_jit} ns, JIT run_case \
         {per_case} ns per decision ({a}, {b} and {} with an amount, {} left to the \
         interpreter)",
        c / 5,
        left / 5
    );
}
