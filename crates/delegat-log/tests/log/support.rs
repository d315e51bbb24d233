//! Shared pieces: the FS pack, its generated cases, a fresh log file, the chain recomputed,
//! a record edited in the file.

use std::path::PathBuf;

use delegat::{Engine, NoLoader, Pack};
use delegat_log::{Record, SqliteStore, Store, chain};

/// The FS benchmark pack, built from source.
pub fn fs_pack() -> Pack {
    let text = include_str!("../../../delegat-bench/fs.regel");
    Pack::from_source("fs.regel", text, &mut NoLoader).unwrap()
}

/// A shipped example pack, built from source.
pub fn example(name: &str) -> Pack {
    let path = format!("{}/../../examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    Pack::from_source(name, &text, &mut NoLoader).unwrap()
}

/// `n` FS cases from the workload's generator, each with a decision date.
pub fn fs_cases(n: usize, seed: u64) -> Vec<String> {
    delegat_bench::generate::json_lines(n, seed)
        .map(|l| format!("{{\"beslutsdatum\":\"2026-03-01\",{}", &l[1..]))
        .collect()
}

/// A temporary directory and the path of a log in it (not yet created).
pub fn log_path() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("beslut.logg");
    (dir, path)
}

/// Both engines.
pub const ENGINES: [Engine; 2] = [Engine::Interpreter, Engine::Jit];

/// Every record's chain hash recomputed from the first and compared with the stored one;
/// returns the number of records.
pub fn assert_chain_holds(path: &std::path::Path) -> u64 {
    let mut store = SqliteStore::open(path, false).unwrap();
    let mut prev = chain::GENESIS;
    let mut n = 0;
    store
        .scan(1, &mut |r| {
            n += 1;
            assert_eq!(r.seq, n, "records are numbered from 1 without gaps");
            let h = chain::link(&prev, &r);
            assert_eq!(h, r.chain, "record {} ({})", r.seq, r.id);
            prev = h;
            Ok(true)
        })
        .unwrap();
    n
}

/// Changes the record `seq` in the file as someone with write access could, without
/// recomputing the chain.
pub fn edit(store: &mut SqliteStore, seq: u64, f: impl FnOnce(&mut Record)) {
    assert!(store.edit(seq, f).unwrap(), "no record {seq}");
}
