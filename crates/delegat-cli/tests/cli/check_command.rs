//! End-to-end tests of `delegat check` on files that use one another.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

use std::path::PathBuf;
use std::process::Command;

fn scratch_dir(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("delegat-check-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A library named on the command line and also brought in with `använd` is checked twice;
/// its diagnostics are shown once and counted once.
#[test]
fn a_used_file_named_on_the_command_line_reports_once() {
    let dir = scratch_dir("anvand");
    std::fs::write(dir.join("lib.regel"), "regel a: heltal = okänd + 1\n").unwrap();
    std::fs::write(
        dir.join("main.regel"),
        "använd \"lib.regel\"\nregel b: heltal = a + 1\n",
    )
    .unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_delegat"))
        .args(["check", "--format", "short"])
        .arg(&dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    let reported: Vec<&str> = stdout
        .lines()
        .chain(stderr.lines())
        .filter(|l| l.contains("fel[E0102]"))
        .collect();
    assert_eq!(reported.len(), 1, "{stdout}{stderr}");
    assert!(
        reported[0].ends_with("lib.regel:1:19: fel[E0102]: namnet `okänd` finns inte"),
        "{}",
        reported[0]
    );
    assert!(
        stderr.contains("Kontrollerade 2 filer: 1 fel, 0 varningar."),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(1));
    std::fs::remove_dir_all(&dir).unwrap();
}

/// The nämnd's report gives each automated decision's static cost bound and the limit
/// (docs/cost.md), from the pack the file builds to.
#[test]
fn the_report_shows_the_cost_bound_of_each_decision() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let out = Command::new(env!("CARGO_BIN_EXE_delegat"))
        .args(["check", "--rapport"])
        .arg(root.join("examples/forsorjningsstod.regel"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains(
            "Beräkningen av ett ärende kräver högst 79 691 955 beräkningssteg, även med så \
             långa listor som ett ärende kan innehålla. Delegat bygger inte ett regelpaket vars \
             beslut kan kräva fler än 1 000 000 000 steg"
        ),
        "{report}"
    );
}
