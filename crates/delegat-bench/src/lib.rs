//! The FS benchmark workload (`crates/delegat-bench/README.md`): a simplified försörjningsstöd.
//!
//! This crate holds what every engine comparison needs: the case type, a generator with the
//! distribution the README describes (fixed seed), the hand-written Rust function of the same
//! rules — the practical speed limit, and an independent oracle for the engines' amounts —
//! and a committed sample of cases whose decisions other engines confirmed ([`sample`]).

#![forbid(unsafe_code)]

pub mod generate;
pub mod handwritten;
pub mod hostile;
pub mod konsekvens;
pub mod sample;

use serde::Deserialize;

/// One FS case, as the workload's JSON lines hold it (amounts in whole kronor).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Case {
    /// Adults in the household (1 or 2).
    pub adults: i64,
    /// The children's ages (0..=20).
    pub children: Vec<i64>,
    /// Housing cost.
    pub housing: i64,
    /// Electricity cost.
    pub electricity: i64,
    /// Travel cost.
    pub travel: i64,
    /// Incomes.
    pub incomes: Vec<i64>,
    /// Special circumstances: the case goes to a caseworker.
    pub special_circumstances: bool,
}

/// The outcome of an FS decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Outcome {
    /// Granted, with an amount.
    Grant,
    /// Refused.
    Reject,
    /// Sent to a caseworker.
    Manual,
}

/// A decision: outcome and amount in whole kronor (0 unless granted).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decision {
    /// What was decided.
    pub outcome: Outcome,
    /// The amount granted, kronor.
    pub amount: i64,
}

/// The generator examples' `main`: `N [SEED]` from the command line (default 1 000 000 and
/// 2026), and the lines `lines(n, seed)` makes written to standard output, one per line.
pub fn write_generated<I: Iterator<Item = String>>(
    lines: impl FnOnce(usize, u64) -> I,
) -> Result<(), Box<dyn std::error::Error>> {
    use std::io::Write;
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().as_deref().unwrap_or("1000000").parse()?;
    let seed: u64 = args.next().as_deref().unwrap_or("2026").parse()?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in lines(n, seed) {
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}

/// Reads one line of expected decisions (`data/expected_1k.jsonl`): `{"outcome":"grant","amount":4099}`.
pub fn parse_expected(line: &str) -> Option<Decision> {
    #[derive(Deserialize)]
    struct Expected {
        outcome: String,
        amount: i64,
    }
    let e: Expected = serde_json::from_str(line).ok()?;
    let outcome = match e.outcome.as_str() {
        "grant" => Outcome::Grant,
        "reject" => Outcome::Reject,
        "manual" => Outcome::Manual,
        _ => return None,
    };
    Some(Decision {
        outcome,
        amount: e.amount,
    })
}
