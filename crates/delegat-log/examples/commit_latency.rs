//! The latency and CPU of one durable commit: the disk's floor (an 8 KiB overwrite and
//! `fdatasync` of a preallocated file in the same directory) beside the SQLite store's
//! appends of 1, 9 and 36 entries (the group sizes `delegat serve` commits at 1, 16 and 64
//! connections), each `N` times: wall-clock quantiles and the thread's CPU time per commit.
//! With `GAP_US`, each commit follows that long an idle sleep, as a commit of `delegat
//! serve` at one connection follows the client's turnaround (docs/PERFORMANCE.md, "What one
//! durable commit costs on this machine").
//!
//! `cargo run --release -p delegat-log --example commit_latency -- [DIR] [N] [GAP_US]`

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    reason = "a measuring tool"
)]

use std::io::Write;
use std::os::unix::fs::FileExt;
use std::time::{Duration, Instant};

use delegat::{Date, Engine, NoLoader, Pack};
use delegat_log::{Entry, SqliteStore, Store, source_of};

fn quantiles(mut v: Vec<Duration>) -> String {
    v.sort();
    let q = |p: usize| v[(v.len() - 1) * p / 100];
    format!("p50 {:?}  p90 {:?}  p99 {:?}", q(50), q(90), q(99))
}

fn cpu_now() -> Duration {
    let ts = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = std::path::PathBuf::from(args.next().unwrap_or_else(|| "/tmp".into()));
    let n: usize = args.next().map_or(2000, |a| a.parse().unwrap());
    let gap: Option<Duration> = args
        .next()
        .map(|a| Duration::from_micros(a.parse().unwrap()));
    let text = include_str!("../../delegat-bench/fs.regel");
    let pack = Pack::from_source("fs.regel", text, &mut NoLoader).unwrap();
    let decider = pack.engine(Engine::Jit).unwrap();
    let line = delegat_bench::generate::json_lines(1, 2024).next().unwrap();
    let mut session = decider.session();
    let (mut out, mut canonical) = (Vec::new(), Vec::new());
    let c = session
        .write_canonical(
            &line,
            Date::from_ymd(2026, 3, 1).ok(),
            &mut out,
            &mut canonical,
        )
        .unwrap();
    let entry = Entry {
        source: std::sync::Arc::new(source_of(&decider, None)),
        date: c.date,
        ext_ref: None,
        input: String::from_utf8_lossy(&canonical).into_owned(),
        utfall: c.utfall,
        belopp: c.belopp,
        felplats: None,
        document_digest: Entry::digest(&out),
        document: None,
    };

    let floor = dir.join("commit_latency.raw");
    let mut f = std::fs::File::create(&floor).unwrap();
    f.write_all(&vec![0u8; 1 << 22]).unwrap();
    f.sync_all().unwrap();
    let page = vec![1u8; 8192];
    let mut times = Vec::with_capacity(n);
    for i in 0..n {
        let t = Instant::now();
        f.write_all_at(&page, (i as u64 * 8192) % (1 << 22))
            .unwrap();
        f.sync_data().unwrap();
        times.push(t.elapsed());
    }
    println!("8 KiB overwrite + fdatasync: {}", quantiles(times));
    std::fs::remove_file(&floor).unwrap();

    let path = dir.join("commit_latency.logg");
    let _ = std::fs::remove_file(&path);
    let mut store = SqliteStore::open(&path, true).unwrap();
    store
        .archive(&pack.hash(), &pack.to_bytes().unwrap())
        .unwrap();
    for _ in 0..2000 {
        store.append(std::slice::from_ref(&entry)).unwrap();
    }
    for k in [1usize, 9, 36] {
        let entries = vec![entry.clone(); k];
        let mut times = Vec::with_capacity(n);
        let mut cpu = Vec::with_capacity(n);
        for _ in 0..n {
            if let Some(gap) = gap {
                std::thread::sleep(gap);
            }
            let c = cpu_now();
            let t = Instant::now();
            store.append(&entries).unwrap();
            times.push(t.elapsed());
            cpu.push(cpu_now() - c);
        }
        println!("{k:>2}-entry append: {}", quantiles(times));
        println!("   thread CPU:    {}", quantiles(cpu));
    }
    drop(store);
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}
