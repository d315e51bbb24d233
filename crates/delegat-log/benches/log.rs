//! The decision log's benchmark (`docs/PERFORMANCE.md`), on the FS workload
//! (`crates/delegat-bench/README.md`): 10 000 cases from the workload's seed.
//!
//! - `batch`: `Decider::decide_batch` on one thread, full decisions, no log: the baseline,
//!   measured in the same run;
//! - `batch_logged`: `decide_batch_logged`, the same cases, every decision in a real SQLite
//!   log on disk (WAL, `synchronous=FULL`) before its line is written;
//! - `verify` and `replay` (both engines) of a log of 100 000 FS decisions.
//!
//! Before the benchmarks it prints the log's size per decision, with and without the stored
//! documents. `cargo bench -p delegat-log --bench log`. One iteration of the batches decides
//! 10 000 cases (divan's items/s column is decisions per second).

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    clippy::panic,
    reason = "benchmark harness: a setup failure must stop the run"
)]

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use delegat::{Date, Engine, NoLoader, Pack};
use delegat_log::{Log, LogOptions, ReplayFilter, SqliteStore, decide_batch_logged};
use divan::Bencher;
use divan::counter::ItemsCount;

const CASES: usize = 10_000;
const SEED: u64 = 2024;
/// Decisions in the log that `verify` and `replay` read.
const LARGE: usize = 100_000;

static PACK: LazyLock<Pack> = LazyLock::new(|| {
    let text = include_str!("../../delegat-bench/fs.regel");
    Pack::from_source("fs.regel", text, &mut NoLoader).expect("fs.regel")
});
static TEXT: LazyLock<String> = LazyLock::new(|| {
    delegat_bench::generate::json_lines(CASES, SEED)
        .map(|l| l + "\n")
        .collect()
});
static DIR: LazyLock<tempfile::TempDir> =
    LazyLock::new(|| tempfile::tempdir().expect("temporary directory"));
/// A log of [`LARGE`] decisions (made on first use).
static LARGE_LOG: LazyLock<PathBuf> = LazyLock::new(|| {
    let path = DIR.path().join("large.logg");
    fill(&path, LARGE, LogOptions::default());
    path
});

fn date() -> Option<Date> {
    Date::from_ymd(2026, 3, 1).ok()
}

/// Logs `n` FS decisions (the workload repeated) in a new log at `path`.
fn fill(path: &Path, n: usize, options: LogOptions) {
    let log = Log::open_with(path, options).expect("log");
    let decider = PACK.engine(Engine::Jit).expect("decider");
    let mut left = n;
    while left > 0 {
        let take = left.min(CASES);
        let text: String = TEXT.lines().take(take).map(|l| format!("{l}\n")).collect();
        decide_batch_logged(
            &decider,
            &log,
            text.as_bytes(),
            std::io::sink(),
            date(),
            |_| {},
        )
        .expect("batch");
        left -= take;
    }
}

/// The file's bytes per decision once the WAL is checkpointed into it.
fn bytes_per_decision(options: LogOptions, n: usize) -> f64 {
    let path = DIR
        .path()
        .join(format!("size-{}.logg", options.store_documents));
    fill(&path, n, options);
    let store = SqliteStore::open(&path, false).expect("open");
    store
        .connection()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .expect("checkpoint");
    drop(store);
    let size = std::fs::metadata(&path).expect("size").len();
    // The pack archive and the schema are a fixed part: measure it on an empty log too.
    #[allow(clippy::cast_precision_loss, reason = "a printed ratio")]
    let per = size as f64 / n as f64;
    per
}

fn main() {
    let n = 100_000;
    eprintln!(
        "log size, FS decisions: {:.0} bytes per decision without the documents, {:.0} with \
         them ({n} decisions, file size after a WAL checkpoint, pack archive included)",
        bytes_per_decision(LogOptions::default(), n),
        bytes_per_decision(
            LogOptions {
                store_documents: true
            },
            n
        )
    );
    divan::main();
}

/// The baseline: `decide_batch`, JIT, full decisions, one thread, no log.
#[divan::bench(sample_count = 10)]
fn batch(bencher: Bencher<'_, '_>) {
    let decider = PACK.engine(Engine::Jit).expect("decider");
    let mut out = Vec::with_capacity(TEXT.len() * 8);
    bencher.counter(ItemsCount::new(CASES)).bench_local(|| {
        out.clear();
        decider
            .decide_batch(TEXT.as_bytes(), &mut out, date(), |_| {})
            .expect("batch")
    });
}

/// `batch --logg`: the same, every decision logged on disk before its line is written.
#[divan::bench(sample_count = 10)]
fn batch_logged(bencher: Bencher<'_, '_>) {
    let decider = PACK.engine(Engine::Jit).expect("decider");
    let log = Log::open(&DIR.path().join("batch.logg")).expect("log");
    let mut out = Vec::with_capacity(TEXT.len() * 8);
    bencher.counter(ItemsCount::new(CASES)).bench_local(|| {
        out.clear();
        decide_batch_logged(&decider, &log, TEXT.as_bytes(), &mut out, date(), |_| {})
            .expect("batch")
    });
}

/// `logg verifiera` of a log of 100 000 decisions.
#[divan::bench(sample_count = 3)]
fn verify(bencher: Bencher<'_, '_>) {
    let path = &*LARGE_LOG;
    bencher.counter(ItemsCount::new(LARGE)).bench_local(|| {
        let mut store = SqliteStore::open(path, false).expect("open");
        let v = delegat_log::verify(&mut store, None).expect("verify");
        assert_eq!(v.problem, None);
        v
    });
}

/// `logg ompröva` of a log of 100 000 decisions, each on both engines.
#[divan::bench(sample_count = 3)]
fn replay(bencher: Bencher<'_, '_>) {
    let path = &*LARGE_LOG;
    bencher.counter(ItemsCount::new(LARGE)).bench_local(|| {
        let mut store = SqliteStore::open(path, false).expect("open");
        let r = delegat_log::replay(&mut store, &ReplayFilter::default()).expect("replay");
        assert_eq!(r.different, 0);
        r
    });
}
