//! Writes cases for the impact benchmark's packs (`konsekvens/`) as JSON lines to standard
//! output: `cargo run --release -p delegat-bench --example impact_generate -- 1000000 [SEED]
//! > cases.jsonl`. Used for the memory measurement of `delegat konsekvens` in
//! `docs/PERFORMANCE.md`.

use std::io::{BufWriter, Write};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().as_deref().unwrap_or("1000000").parse()?;
    let seed: u64 = args.next().as_deref().unwrap_or("2026").parse()?;
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    for line in delegat_bench::konsekvens::json_lines(n, seed) {
        out.write_all(line.as_bytes())?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    Ok(())
}
