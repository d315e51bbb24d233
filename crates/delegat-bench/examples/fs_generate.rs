//! Writes FS cases as JSON lines (the README's distribution, fixed seed) to standard output:
//! `cargo run --release -p delegat-bench --example fs_generate -- 1000000 [SEED] > cases.jsonl`.
//! Used for the batch memory measurement of `docs/PERFORMANCE.md`.

fn main() -> Result<(), Box<dyn std::error::Error>> {
    delegat_bench::write_generated(delegat_bench::generate::json_lines)
}
