//! Writes a decision log of a year of generated FS decisions for the follow-up report:
//! `cargo run --release -p delegat-followup --example year -- LOGG [ANTAL]` (default a
//! million). The cases are the FS workload's (`delegat-bench`), spread evenly over 2025;
//! version 2 of the pack (a higher norm for a single adult) decides from 1 July; in the
//! last quarter a growing share of applicants state special circumstances (5 %, 10 %,
//! 18 % more in October, November, December), so the manuell share rises.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "a demonstration program: a failure should stop it loudly"
)]

use std::path::PathBuf;
use std::time::Instant;

use delegat::{Date, Engine, NoLoader, Pack};
use delegat_log::Log;

fn pack(version: &str, single_adult: &str) -> Pack {
    let text = include_str!("../../delegat-bench/fs.regel")
        .replace("version: \"1\"", &format!("version: \"{version}\""))
        .replace(
            "parameter vuxen_ensam: belopp enligt \"FS-arbetslasten\" {\n  från 2020-01-01: 3 480 kr",
            &format!(
                "parameter vuxen_ensam: belopp enligt \"FS-arbetslasten\" {{\n  från 2020-01-01: {single_adult}"
            ),
        );
    Pack::from_source("fs.regel", &text, &mut NoLoader).expect("the FS pack builds")
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = PathBuf::from(args.next().expect("usage: year LOGG [ANTAL]"));
    let n: usize = args.next().map_or(1_000_000, |a| a.parse().expect("ANTAL"));
    let v1 = pack("2025.1", "3 480 kr");
    let v2 = pack("2025.2", "3 560 kr");
    assert_ne!(v1.hash(), v2.hash());
    let d1 = v1.engine(Engine::Jit).unwrap();
    let d2 = v2.engine(Engine::Jit).unwrap();
    let (mut s1, mut s2) = (d1.session(), d2.session());
    let log = Log::open(&path).unwrap();
    log.archive(&v1).unwrap();
    log.archive(&v2).unwrap();
    let start = Instant::now();
    let first = Date::parse("2025-01-01").unwrap();
    let switch = Date::parse("2025-07-01").unwrap();
    let mut batch = Vec::with_capacity(10_000);
    for (i, line) in delegat_bench::generate::json_lines(n, 2025).enumerate() {
        // Evenly over the 365 days of 2025, in order.
        let day = i64::try_from(i * 365 / n).unwrap();
        let date = Date::from_days(i64::from(first.days()) + day).unwrap();
        let (_, month, _) = date.ymd();
        let extra = match month {
            10 => 5,
            11 => 10,
            12 => 18,
            _ => 0,
        };
        let line = if (i * 37) % 100 < extra {
            line.replace(
                "\"special_circumstances\":false",
                "\"special_circumstances\":true",
            )
        } else {
            line
        };
        let (decider, session) = if date < switch {
            (&d1, &mut s1)
        } else {
            (&d2, &mut s2)
        };
        let case = decider.canonical_case(&line, Some(date)).unwrap();
        let decision = session.decide_values(&case.inputs, case.date);
        batch.push(log.entry(decider, &case, &decision, None));
        if batch.len() == 10_000 {
            log.append(std::mem::take(&mut batch)).unwrap();
        }
    }
    log.append(batch).unwrap();
    eprintln!(
        "{n} beslut loggade i {} på {:.1} s",
        path.display(),
        start.elapsed().as_secs_f64()
    );
}
