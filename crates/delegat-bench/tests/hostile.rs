//! Hostile rule files and pack files of the sizes issue #13 names — 100 000 stray
//! characters, a megabyte of random bytes, of NUL bytes and of the language's own words in
//! random order — are each refused with coded diagnostics by `Pack::from_source` on an
//! ordinary 2 MiB thread, with a bounded human rendering; a megabyte of random bytes is
//! refused by `Pack::load`. How long they take is measured in `benches/hostile.rs`, not
//! here.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "test helpers: a failure is a test failure"
)]

use delegat::Pack;
use delegat_bench::hostile::{Hostile, random_bytes};

const MIB: usize = 1 << 20;

/// Runs `f` on a thread with an ordinary 2 MiB stack, as an application's worker has.
fn on_small_stack<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> T {
    std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(f)
        .unwrap()
        .join()
        .unwrap()
}

/// Builds `text` on a small stack: its diagnostics' codes and the human rendering.
fn refused(text: String) -> (Vec<String>, String) {
    on_small_stack(move || {
        let err = match Pack::from_source("fientlig.regel", &text, &mut delegat::NoLoader) {
            Ok(_) => panic!("a hostile file built"),
            Err(e) => e,
        };
        let codes = err
            .diagnostics
            .iter()
            .map(|d| d.code.as_str().to_owned())
            .collect();
        (codes, err.render(false))
    })
}

/// The rendering stops after 50 diagnostics with a line counting the rest, and never
/// repeats long source lines: a few kilobytes, however large the input.
fn assert_bounded(what: &str, codes: &[String], human: &str) {
    assert!(!codes.is_empty(), "{what}: no diagnostic");
    assert!(human.len() < 64 * 1024, "{what}: {} bytes", human.len());
    if codes.len() > 50 {
        assert!(
            human.contains(&format!("och {}", group(codes.len() - 50))),
            "{what}: {} diagnostics, ends: {}",
            codes.len(),
            &human[human.len().saturating_sub(300)..]
        );
    }
}

/// `n` grouped the Swedish way, with no-break spaces (`63 900`).
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

#[test]
fn stray_characters_are_refused_with_codes() {
    let (codes, human) = refused("@".repeat(100_000));
    assert_bounded("stray", &codes, &human);
    assert!(codes.iter().all(|c| c.starts_with("E00")), "{codes:?}");
}

#[test]
fn a_megabyte_of_each_hostile_kind_is_refused_with_codes() {
    for kind in Hostile::ALL {
        if kind == Hostile::Valid {
            continue;
        }
        let (codes, human) = refused(kind.text(MIB));
        assert_bounded(kind.name(), &codes, &human);
        assert!(
            codes.iter().all(|c| c.len() == 5 && c.starts_with('E')),
            "{}: {codes:?}",
            kind.name()
        );
    }
}

/// The baseline of the benchmark is a valid file of the same size: it builds.
#[test]
fn the_baseline_of_the_same_size_builds() {
    let text = Hostile::Valid.text(MIB);
    assert!(text.len() >= MIB);
    on_small_stack(move || {
        Pack::from_source("kedja.regel", &text, &mut delegat::NoLoader)
            .unwrap_or_else(|e| panic!("{}", e.render(false)));
    });
}

#[test]
fn a_megabyte_of_random_bytes_is_not_a_pack() {
    let err = on_small_stack(|| Pack::load(&random_bytes(MIB)).err().unwrap());
    assert_eq!(err.code().as_str(), "E0501", "{err}");
}
