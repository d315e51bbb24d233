//! Checking hostile rule files: a megabyte each of random bytes, stray characters, NUL
//! bytes and the language's words in random order, against the baseline of a valid rule file
//! of the same size, in one run (`delegat_bench::hostile`). Each iteration is what
//! `delegat check` does with a file: `Pack::from_source` (parse, check, lower, cost bound)
//! and, for a refused file, the human rendering of its diagnostics. Error reporting is
//! linear when each hostile kind costs a small constant times the baseline.
//!
//! `cargo bench -p delegat-bench --bench hostile`; figures of record in docs/PERFORMANCE.md.

#![allow(
    clippy::expect_used,
    reason = "benchmark harness: a setup failure must stop the run"
)]

use delegat::Pack;
use delegat_bench::hostile::Hostile;
use divan::Bencher;
use divan::counter::BytesCount;

const MIB: usize = 1 << 20;

fn main() {
    divan::main();
}

/// One file of each kind, built and (when refused) rendered for a person.
#[divan::bench(args = Hostile::ALL, sample_count = 10, sample_size = 1)]
fn check_one_mebibyte(bencher: Bencher<'_, '_>, kind: Hostile) {
    let text = kind.text(MIB);
    bencher
        .counter(BytesCount::new(text.len()))
        .bench_local(
            || match Pack::from_source("fil.regel", &text, &mut delegat::NoLoader) {
                Ok(pack) => pack.hash().len(),
                Err(e) => e.render(false).len(),
            },
        );
}
