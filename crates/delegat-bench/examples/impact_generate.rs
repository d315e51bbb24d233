//! Writes cases for the impact benchmark's packs (`konsekvens/`) as JSON lines to standard
//! output: `cargo run --release -p delegat-bench --example impact_generate -- 1000000 [SEED]
//! > cases.jsonl`. Used for the memory measurement of `delegat konsekvens` in
//! `docs/PERFORMANCE.md`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    delegat_bench::write_generated(delegat_bench::konsekvens::json_lines)
}
