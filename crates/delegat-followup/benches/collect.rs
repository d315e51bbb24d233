//! The follow-up's benchmark (`docs/PERFORMANCE.md`): collecting the facts of a log of
//! 100 000 FS decisions (the workload of `crates/delegat-bench`, spread over 2025), against
//! `delegat_log::verify` of the same log in the same run, which collecting includes (the
//! chain, the archive) before its own scan (every record of the period decided again,
//! phase one) and the replay of a sample of 1 000 on both engines.
//!
//! `cargo bench -p delegat-followup --bench collect`. divan's items/s column is records per
//! second.

#![allow(
    clippy::expect_used,
    clippy::unwrap_used,
    reason = "benchmark harness: a setup failure must stop the run"
)]

use std::path::PathBuf;
use std::sync::LazyLock;

use delegat::{Date, Engine, NoLoader, Pack};
use delegat_followup::{LogInput, Options, collect};
use delegat_log::{Log, SqliteStore};
use divan::Bencher;
use divan::counter::ItemsCount;

/// Records in the log.
const RECORDS: usize = 100_000;

static DIR: LazyLock<tempfile::TempDir> =
    LazyLock::new(|| tempfile::tempdir().expect("temporary directory"));

/// A log of [`RECORDS`] FS decisions, evenly over the days of 2025 (made on first use).
static LOG: LazyLock<PathBuf> = LazyLock::new(|| {
    let path = DIR.path().join("ar.logg");
    let pack = Pack::from_source(
        "fs.regel",
        include_str!("../../delegat-bench/fs.regel"),
        &mut NoLoader,
    )
    .expect("fs.regel");
    let decider = pack.engine(Engine::Jit).expect("decider");
    let mut session = decider.session();
    let log = Log::open(&path).expect("log");
    log.archive(&pack).expect("archive");
    let first = Date::parse("2025-01-01").expect("date");
    let mut batch = Vec::with_capacity(10_000);
    for (i, line) in delegat_bench::generate::json_lines(RECORDS, 2025).enumerate() {
        let day = i64::try_from(i * 365 / RECORDS).expect("day");
        let date = Date::from_days(i64::from(first.days()) + day).expect("date");
        let case = decider.canonical_case(&line, Some(date)).expect("case");
        let decision = session.decide_values(&case.inputs, case.date);
        batch.push(log.entry(&decider, &case, &decision, None));
        if batch.len() == 10_000 {
            log.append(std::mem::take(&mut batch)).expect("append");
        }
    }
    log.append(batch).expect("append");
    path
});

fn store() -> SqliteStore {
    SqliteStore::open(&LOG, false).expect("open")
}

fn main() {
    LazyLock::force(&LOG);
    divan::main();
}

/// `delegat_log::verify` of the log: the baseline.
#[divan::bench(sample_count = 5, sample_size = 1)]
fn verify(b: Bencher<'_, '_>) {
    b.counter(ItemsCount::new(RECORDS)).bench(|| {
        let v = delegat_log::verify(&mut store(), None).expect("verify");
        assert_eq!(v.head.count, RECORDS as u64);
    });
}

/// The facts of the whole log (the default sample of 1 000 replayed).
#[divan::bench(sample_count = 5, sample_size = 1)]
fn collect_facts(b: Bencher<'_, '_>) {
    b.counter(ItemsCount::new(RECORDS)).bench(|| {
        let facts = collect(
            vec![LogInput::new("ar.logg", Box::new(store()))],
            Options::default(),
        )
        .expect("collect");
        assert_eq!(facts.counts.total(), RECORDS as u64);
    });
}
