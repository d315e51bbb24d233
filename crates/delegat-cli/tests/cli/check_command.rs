//! End-to-end tests of `delegat check` on files that use one another.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    clippy::indexing_slicing,
    reason = "helpers of integration tests fail loudly"
)]

use std::path::PathBuf;
use std::process::Command;

use crate::support::TestDir;

fn scratch_dir(name: &str) -> TestDir {
    TestDir::new(&format!("delegat-check-test-{name}-"))
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
        .arg(dir.as_os_str())
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
    // Dated, versioned, and with the exempel result (their number changes with the pack).
    assert!(
        report.contains(&format!(
            " exempel ger det förväntade resultatet med båda beslutsmotorerna\n- **Rapporten \
             skapad:** {} med Delegat {}\n",
            today(),
            env!("CARGO_PKG_VERSION")
        )),
        "{report}"
    );
    assert!(report.contains("- **Exempel:** alla "), "{report}");
    assert!(
        report.contains(
            "Beräkningen av ett ärende kräver högst 79 691 963 beräkningssteg, även med så \
             långa listor som ett ärende kan innehålla. Delegat bygger inte ett regelpaket vars \
             beslut kan kräva fler än 1 000 000 000 steg"
        ),
        "{report}"
    );
}

/// The report of a file that does not parse says that it cannot be delegated and why; it
/// never says that nothing was found.
#[test]
fn the_report_of_a_file_with_a_syntax_error_refuses_delegation() {
    let dir = scratch_dir("syntax");
    let file = dir.join("trasig.regel");
    std::fs::write(&file, "regelverk \"x\" {\n  beslut y {\n").unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_delegat"))
        .args(["check", "--rapport"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let report = String::from_utf8(out.stdout).unwrap();
    assert!(
        report.contains(
            "**Regelpaketet kan inte delegeras i sin nuvarande form: kontrollen har hittat fel \
             som måste rättas först.**"
        ),
        "{report}"
    );
    assert!(
        report.contains("- **Fel E0002: block eller parentes som inte avslutas**"),
        "{report}"
    );
    assert!(!report.contains("inte hittat något"), "{report}");
}
/// Today's date as the CLI takes it (in the system's time zone), `ÅÅÅÅ-MM-DD`.
fn today() -> String {
    let d = jiff::ZonedDateTime::now().date();
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

/// A megabyte of random bytes given to `delegat check` is refused (exit status 1) as a file
/// that is not UTF-8 (E0019); the same bytes made text (invalid sequences replaced) are
/// refused with a syntax error, and what a person reads stays short.
#[test]
fn a_megabyte_of_random_bytes_is_refused_briefly() {
    let dir = scratch_dir("slump");
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    let bytes: Vec<u8> = (0..1 << 20)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x.to_le_bytes()[0]
        })
        .collect();
    let text = String::from_utf8_lossy(&bytes).into_owned();
    let check = |name: &str, content: &[u8]| {
        let path = dir.join(name);
        std::fs::write(&path, content).unwrap();
        let out = Command::new(env!("CARGO_BIN_EXE_delegat"))
            .arg("check")
            .arg(&path)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{out:?}");
        let stdout = String::from_utf8(out.stdout).unwrap();
        assert!(stdout.len() < 64 * 1024, "{} bytes", stdout.len());
        stdout
    };
    let raw = check("bytes.regel", &bytes);
    assert!(raw.contains("fel[E0019]"), "{raw}");
    assert!(raw.contains("den är inte kodad i UTF-8"), "{raw}");
    let lexed = check("text.regel", text.as_bytes());
    assert!(
        lexed.starts_with("fel[E0001]: förväntade en deklaration, men hittade `�`"),
        "{lexed}"
    );
}

/// The 40-level doubling chain (2^40 calls per case) passes every check of the language, but
/// its static cost bound is over the limit: `check` refuses it with E0507 and the chain, as
/// `build` does, and says so in the count line.
#[test]
fn check_refuses_a_decision_over_the_cost_limit() {
    let dir = scratch_dir("dubbling");
    let mut source = String::from(
        "regelverk \"Kedja\" { nämnd: \"Nämnden\" }\n\
         uppgift x: heltal 0..10 { källa: sökande }\n\
         regel f0(a: heltal): heltal = a + 1\n",
    );
    for i in 1..=40 {
        source.push_str(&format!(
            "regel f{i}(a: heltal): heltal = f{}(a) + f{}(a)\n",
            i - 1,
            i - 1
        ));
    }
    source.push_str(
        "regel r: heltal = f40(x)\n\
         beslut b enligt \"SoL (2025:400) 12 kap. 1 §\" {\n\
           avser: myndighetsutövning\n\
           överklagande: förvaltningsbesvär\n\
           när r > 0: bifall { belopp: 1 kr  motivering: \"Ja.\" }\n\
           annars: avslag { motivering: \"Nej.\" }\n\
         }\n",
    );
    let path = dir.join("dubbling.regel");
    std::fs::write(&path, source).unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_delegat"))
        .args(["check", "--format", "short"])
        .arg(&path)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stdout.lines().collect::<Vec<_>>(),
        [format!(
            "{}:45:1: fel[E0507]: beslutet `b` kan kräva 8 796 093 022 209 beräkningssteg \
             för ett enda ärende",
            path.display()
        )],
        "{stdout}"
    );
    assert_eq!(
        stderr.trim_end(),
        "Kontrollerade 1 fil: 1 fel, 0 varningar."
    );
}
