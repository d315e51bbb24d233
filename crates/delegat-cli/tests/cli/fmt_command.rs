//! `delegat fmt`: rewrites a file in the canonical layout, `--check` changes nothing and
//! shows a diff, a file with syntax errors is left alone, and the repository's own rule
//! files are formatted.

#![allow(
    clippy::unwrap_used,
    reason = "helpers of integration tests fail loudly"
)]

use crate::support::{TestDir, delegat, root, stderr, stdout};

fn scratch_dir(name: &str) -> TestDir {
    TestDir::new(&format!("delegat-fmt-test-{name}-"))
}

const MESSY: &str = "uppgift hyra:belopp 0 kr..50000kr{\nkälla : sökande }\n";
const CANONICAL: &str = "uppgift hyra: belopp 0 kr..50 000 kr {\n  källa: sökande }\n";

#[test]
fn check_shows_a_diff_and_fmt_rewrites_the_file() {
    let dir = scratch_dir("fmt_rewrite");
    let file = dir.join("hyra.regel");
    std::fs::write(&file, MESSY).unwrap();
    let path = file.display().to_string();

    let out = delegat(&["fmt", "--check", &path]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let diff = stdout(&out);
    assert!(
        diff.contains("-uppgift hyra:belopp 0 kr..50000kr{"),
        "{diff}"
    );
    assert!(
        diff.contains("+uppgift hyra: belopp 0 kr..50 000 kr {"),
        "{diff}"
    );
    assert!(
        stderr(&out).contains("1 fil kontrollerade: 1 är inte formaterade"),
        "{}",
        stderr(&out)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), MESSY);

    let out = delegat(&["fmt", &path]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), CANONICAL);

    let out = delegat(&["fmt", "--check", &path]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(stdout(&out), "");
}

#[test]
fn a_file_with_syntax_errors_is_left_alone() {
    let dir = scratch_dir("fmt_broken");
    let file = dir.join("trasig.regel");
    let text = "regel a: belopp = (1 kr\n";
    std::fs::write(&file, text).unwrap();
    let out = delegat(&["fmt", &file.display().to_string()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(stderr(&out).contains("fel[E0002]"), "{}", stderr(&out));
    assert_eq!(std::fs::read_to_string(&file).unwrap(), text);
}
#[test]
fn the_repository_rule_files_are_formatted() {
    // tests/fixtures/parse/ and fuzz/seeds/ are left as written: the parser's fixtures test
    // exact spellings (`3kr`, `12.5`, `100%`) that the formatter would rewrite.
    let dirs = [
        "examples",
        "crates",
        "tests/fixtures/check",
        "tests/fixtures/legality",
    ];
    let out = delegat(&[&["fmt", "--check"][..], &dirs[..]].concat());
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert!(root().join("examples").is_dir());
}
