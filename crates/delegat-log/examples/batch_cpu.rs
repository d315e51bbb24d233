//! The logged batch against the plain one in one run, by wall time and by CPU time (user +
//! system, every thread of the process, the exited ones included: the process's CPU clock,
//! to the nanosecond; the user/system split from `/proc/self/stat`, in 10 ms ticks): what
//! `docs/PERFORMANCE.md`'s decision-log figures of record come from.
//!
//! `cargo run --release -p delegat-log --example batch_cpu -- [CASES] [ROUNDS] [PAGE_SIZE]`
//! (100 000 FS cases and 5 rounds by default, the two interleaved in each round; medians
//! printed; a page size makes the log files with SQLite pages of that size instead of the
//! log's own, to compare).
//! Run it under `taskset -c 0` for "on one core": the log's writer thread then shares the
//! deciding thread's core.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::cast_precision_loss,
    reason = "a measuring tool"
)]

use std::time::Instant;

use delegat::{Date, Engine, NoLoader, Pack};
use delegat_log::{Log, LogOptions, decide_batch_logged};

/// User and system CPU seconds of the whole process so far.
fn cpu() -> (f64, f64) {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    // utime and stime are fields 14 and 15 of the line; `rest` starts at field 3.
    (ticks(11) / 100.0, ticks(12) / 100.0)
}

/// CPU seconds of the whole process so far (every thread, the exited ones included).
fn process_cpu() -> f64 {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    t.tv_sec as f64 + t.tv_nsec as f64 * 1e-9
}

struct Sample {
    wall: f64,
    cpu: f64,
    user: f64,
    sys: f64,
}

fn measure(f: impl FnOnce()) -> Sample {
    let (u0, s0) = cpu();
    let c0 = process_cpu();
    let t = Instant::now();
    f();
    let wall = t.elapsed().as_secs_f64();
    let c1 = process_cpu();
    let (u1, s1) = cpu();
    Sample {
        wall,
        cpu: c1 - c0,
        user: u1 - u0,
        sys: s1 - s0,
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().map_or(100_000, |a| a.parse().unwrap());
    let rounds: usize = args.next().map_or(5, |a| a.parse().unwrap());
    let page_size: Option<i64> = args.next().map(|a| a.parse().unwrap());
    let text = include_str!("../../delegat-bench/fs.regel");
    let pack = Pack::from_source("fs.regel", text, &mut NoLoader).unwrap();
    let decider = pack.engine(Engine::Jit).unwrap();
    let input: String = delegat_bench::generate::json_lines(n, 2024)
        .map(|l| l + "\n")
        .collect();
    let date = Date::from_ymd(2026, 3, 1).ok();
    let dir = tempfile::tempdir().unwrap();
    // Written once (not zeros, which the allocator may leave untouched), so that no round's
    // batch pays for the output buffer's first page faults.
    let mut out = vec![1_u8; input.len() * 8];
    let (mut plain, mut logged) = (Vec::new(), Vec::new());
    for round in 0..rounds {
        out.clear();
        let p = measure(|| {
            decider
                .decide_batch(input.as_bytes(), &mut out, date, |_| {})
                .unwrap();
        });
        let bytes = out.len();
        out.clear();
        let path = dir.path().join(format!("r{round}.logg"));
        if let Some(size) = page_size {
            // A log file with SQLite pages of this size (to compare page sizes).
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.pragma_update(None, "page_size", size).unwrap();
            conn.query_row("PRAGMA journal_mode=WAL", [], |_| Ok(()))
                .unwrap();
        }
        let log = Log::open_with(&path, LogOptions::default()).unwrap();
        let l = measure(|| {
            decide_batch_logged(&decider, &log, input.as_bytes(), &mut out, date, |_| {}).unwrap();
            drop(log);
        });
        assert_eq!(out.len(), bytes, "the logged batch writes the same lines");
        let size = std::fs::metadata(&path).unwrap().len()
            + std::fs::metadata(path.with_extension("logg-wal")).map_or(0, |m| m.len());
        eprintln!(
            "round {round}: batch {:.3} s wall, {:.3} s cpu ({:.2}+{:.2}); batch --logg {:.3} s \
             wall, {:.3} s cpu ({:.2}+{:.2}); log files {:.0} B/decision",
            p.wall,
            p.cpu,
            p.user,
            p.sys,
            l.wall,
            l.cpu,
            l.user,
            l.sys,
            size as f64 / n as f64
        );
        plain.push(p);
        logged.push(l);
    }
    let per = |v: &[Sample], f: fn(&Sample) -> f64| median(v.iter().map(f).collect());
    let (pw, lw) = (per(&plain, |s| s.wall), per(&logged, |s| s.wall));
    let (pc, lc) = (per(&plain, |s| s.cpu), per(&logged, |s| s.cpu));
    let ratio_wall = median(
        plain
            .iter()
            .zip(&logged)
            .map(|(p, l)| p.wall / l.wall)
            .collect(),
    );
    let ratio_cpu = median(
        plain
            .iter()
            .zip(&logged)
            .map(|(p, l)| p.cpu / l.cpu)
            .collect(),
    );
    println!(
        "{n} FS decisions, medians of {rounds} rounds:\n\
         batch:         {:.0} ns/decision wall, {:.0} ns/decision cpu\n\
         batch --logg:  {:.0} ns/decision wall, {:.0} ns/decision cpu\n\
         throughput kept (batch / batch --logg, median of the rounds' ratios): \
         {ratio_wall:.2} by wall time, {ratio_cpu:.2} by cpu time",
        pw * 1e9 / n as f64,
        pc * 1e9 / n as f64,
        lw * 1e9 / n as f64,
        lc * 1e9 / n as f64,
    );
}
