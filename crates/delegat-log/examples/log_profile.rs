//! Where a logged batch spends its time: deciding with the canonical input, building the
//! entries, and appending them to a real SQLite store (one transaction per chunk).
//! `cargo run --release -p delegat-log --example log_profile`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a measuring tool"
)]

use std::time::Instant;

use delegat::{Date, Engine, NoLoader, Pack};
use delegat_log::{Entry, SqliteStore, Store, source_of};

fn main() {
    let n = 100_000;
    let text = include_str!("../../delegat-bench/fs.regel");
    let pack = Pack::from_source("fs.regel", text, &mut NoLoader).unwrap();
    let decider = pack.engine(Engine::Jit).unwrap();
    let lines: Vec<String> = delegat_bench::generate::json_lines(n, 2024).collect();
    let date = Date::from_ymd(2026, 3, 1).ok();

    let mut session = decider.session();
    let (mut out, mut canonical) = (Vec::new(), Vec::new());
    let t = Instant::now();
    for l in &lines {
        out.clear();
        session.write_json(l, date, &mut out).unwrap();
    }
    eprintln!("write_json:       {:?} per case", t.elapsed() / n as u32);
    let t = Instant::now();
    for l in &lines {
        out.clear();
        canonical.clear();
        session
            .write_canonical(l, date, &mut out, &mut canonical)
            .unwrap();
    }
    eprintln!("write_canonical:  {:?} per case", t.elapsed() / n as u32);

    let source = std::sync::Arc::new(source_of(&decider, None));
    let t = Instant::now();
    let mut entries = Vec::with_capacity(n);
    for l in &lines {
        out.clear();
        canonical.clear();
        let c = session
            .write_canonical(l, date, &mut out, &mut canonical)
            .unwrap();
        entries.push(Entry {
            source: source.clone(),
            date: c.date,
            ext_ref: None,
            input: String::from_utf8_lossy(&canonical).into_owned(),
            utfall: c.utfall,
            belopp: c.belopp,
            felplats: None,
            document_digest: Entry::digest(&out),
            document: None,
        });
    }
    eprintln!("+ entries:        {:?} per case", t.elapsed() / n as u32);

    let dir = tempfile::tempdir().unwrap();
    for chunk in [4096, 65_536] {
        let path = dir.path().join(format!("p{chunk}.logg"));
        let mut store = SqliteStore::open(&path, true).unwrap();
        store
            .archive(&pack.hash(), &pack.to_bytes().unwrap())
            .unwrap();
        let t = Instant::now();
        for c in entries.chunks(chunk) {
            store.append(c).unwrap();
        }
        eprintln!(
            "append, {chunk:>5} a commit: {:?} per case",
            t.elapsed() / n as u32
        );
    }
    let path = dir.path().join("one.logg");
    let mut store = SqliteStore::open(&path, true).unwrap();
    store
        .archive(&pack.hash(), &pack.to_bytes().unwrap())
        .unwrap();
    let t = Instant::now();
    for _ in 0..20 {
        store.append(&entries[..1]).unwrap();
    }
    eprintln!("one-entry commit: {:?}", t.elapsed() / 20);
}
