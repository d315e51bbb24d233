//! The document digest's algorithm, measured (`docs/PERFORMANCE.md`, the decision log):
//! SHA-256 (what the log keeps, `sha2` with the CPU's SHA extensions when it has them)
//! against BLAKE3 (`blake3`, with its SIMD backends) over the decision documents of the FS
//! workload, 10 000 cases from the workload's seed, as `batch` writes them.
//!
//! Before the benchmarks it prints the documents' sizes. `cargo bench -p delegat-log
//! --bench digest` (divan's items/s column is documents per second).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "benchmark harness: a setup failure must stop the run"
)]

use std::sync::LazyLock;

use delegat::{Date, Engine, NoLoader, Pack};
use divan::Bencher;
use divan::counter::{BytesCount, ItemsCount};
use sha2::{Digest, Sha256};

const CASES: usize = 10_000;
const SEED: u64 = 2024;

/// The documents, one per case (the lines of `decide_batch`, without their newlines).
static DOCUMENTS: LazyLock<Vec<Vec<u8>>> = LazyLock::new(|| {
    let text = include_str!("../../delegat-bench/fs.regel");
    let pack = Pack::from_source("fs.regel", text, &mut NoLoader).expect("fs.regel");
    let decider = pack.engine(Engine::Jit).expect("decider");
    let input: String = delegat_bench::generate::json_lines(CASES, SEED)
        .map(|l| l + "\n")
        .collect();
    let mut out = Vec::new();
    decider
        .decide_batch(
            input.as_bytes(),
            &mut out,
            Date::from_ymd(2026, 3, 1).ok(),
            |_| {},
        )
        .expect("batch");
    out.split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .map(<[u8]>::to_vec)
        .collect()
});

fn bytes() -> usize {
    DOCUMENTS.iter().map(Vec::len).sum()
}

fn main() {
    let mut sizes: Vec<usize> = DOCUMENTS.iter().map(Vec::len).collect();
    sizes.sort_unstable();
    let at = |q: usize| sizes[(sizes.len() - 1) * q / 100];
    println!(
        "{} FS documents: {} bytes on average; smallest {}, quartiles {} / {} / {}, largest {}",
        sizes.len(),
        bytes() / sizes.len(),
        at(0),
        at(25),
        at(50),
        at(75),
        at(100)
    );
    divan::main();
}

#[divan::bench]
fn sha256(b: Bencher<'_, '_>) {
    b.counter(ItemsCount::new(DOCUMENTS.len()))
        .counter(BytesCount::new(bytes()))
        .bench(|| {
            let mut x = 0_u8;
            for d in DOCUMENTS.iter() {
                x ^= Sha256::digest(d)[0];
            }
            x
        });
}

#[divan::bench]
fn blake3(b: Bencher<'_, '_>) {
    b.counter(ItemsCount::new(DOCUMENTS.len()))
        .counter(BytesCount::new(bytes()))
        .bench(|| {
            let mut x = 0_u8;
            for d in DOCUMENTS.iter() {
                x ^= blake3::hash(d).as_bytes()[0];
            }
            x
        });
}
