//! Legality fixtures (docs/language.md §7): every `tests/fixtures/legality/ok/*.regel` passes the
//! checker and the legality analysis without a diagnostic; every `err/*.regel` reports
//! exactly the codes its header names (`// förväntat: E0301`, or several comma-separated;
//! warnings count) and its rendered diagnostics are snapshotted. The board's report (md) is
//! snapshotted for a lawful and an unlawful pack; the policy fixture shows `delegat.toml`
//! turning a warning into an error; and each file in `examples/avvisade/` is refused with
//! exactly its code.

#![cfg(test)]

use std::collections::BTreeSet;
use std::path::Path;

use delegat_check::facts;
use delegat_check::legality::{self, policy};
use delegat_check::program::Program;
use delegat_diagnostics::{Diagnostic, FileId, Severity, SourceMap, render};
use delegat_report::delegation;

use crate::fixture::{display_name, expected_codes};

/// Parses, checks and analyses one file (no `använd`): the map, every diagnostic, and the
/// program when the checker accepted it.
fn run(path: &Path) -> (SourceMap, Vec<Diagnostic>, Option<Program>) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut map = SourceMap::new();
    let file = map.add(display_name(path), text.clone());
    let (ast, mut diags) = delegat_syntax::parse(file, &text);
    assert!(
        diags.is_empty(),
        "{}: syntax errors:\n{}",
        path.display(),
        render::human(&map, &diags, false)
    );
    let (program, more) = delegat_check::check_files(&map, &[&ast]);
    diags.extend(more);
    if let Some(p) = &program {
        diags.extend(legality::check(p));
    }
    (map, diags, program)
}

fn codes(diags: &[Diagnostic]) -> BTreeSet<String> {
    diags.iter().map(|d| d.code.to_string()).collect()
}

#[test]
fn legality_ok_fixtures() {
    insta::glob!("../fixtures/legality/ok", "*.regel", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(
            expected_codes(path, &text).is_empty(),
            "{}: must say `ok`",
            path.display()
        );
        let (map, diags, program) = run(path);
        assert!(
            diags.is_empty(),
            "{}:\n{}",
            path.display(),
            render::human(&map, &diags, false)
        );
        assert!(program.is_some(), "{}: no program", path.display());
    });
}

#[test]
fn legality_err_fixtures() {
    insta::glob!("../fixtures/legality/err", "*.regel", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let expected = expected_codes(path, &text);
        assert!(
            !expected.is_empty(),
            "{}: must name its codes",
            path.display()
        );
        let (map, diags, program) = run(path);
        let rendered = render::human(&map, &diags, false);
        assert!(
            program.is_some(),
            "{}: the checker refused it:\n{rendered}",
            path.display()
        );
        assert_eq!(codes(&diags), expected, "{}:\n{rendered}", path.display());
        // Legality codes only: the fixture must be otherwise clean.
        assert!(
            diags.iter().all(|d| d.code.as_str()[1..].starts_with("03")),
            "{}:\n{rendered}",
            path.display()
        );
        insta::assert_snapshot!(format!(
            "----- SOURCE\n{text}\n----- DIAGNOSTICS\n{rendered}"
        ));
    });
}

#[test]
fn the_fixture_corpus_is_large_enough() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/legality");
    let count = |sub: &str| std::fs::read_dir(dir.join(sub)).unwrap().count();
    assert!(count("ok") + count("err") >= 40);
    assert!(count("ok") >= 8);
}

#[test]
fn one_diagnostic_per_decision_and_declaration_with_the_shortest_chain() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/legality/err");
    let (_, diags, _) = run(&root.join("e0301_tva_beslut.regel"));
    let messages: Vec<&str> = diags.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "beslutet `stöd` bygger på uppgiften `taxerad_inkomst`, som hämtas från register \"Skatteverket\"",
            "beslutet `tillägg` bygger på uppgiften `taxerad_inkomst`, som hämtas från register \"Skatteverket\"",
        ]
    );
    let (_, diags, _) = run(&root.join("e0301_kortaste_kedjan.regel"));
    assert_eq!(diags.len(), 1);
    let steps: Vec<&str> = diags[0]
        .secondary
        .iter()
        .map(|l| l.message.as_str())
        .collect();
    assert_eq!(
        steps,
        vec![
            "1. beror på regeln `kort`",
            "2. som beror på uppgiften `taxerad_inkomst`",
            "3. som hämtas från register \"Skatteverket\"",
        ]
    );
}

fn report_md(path: &Path) -> String {
    let (map, diags, program) = run(path);
    delegation::markdown(&[facts::build(&program.unwrap(), &map, &diags)]).unwrap()
}

#[test]
fn report_of_a_lawful_pack() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/legality/ok/rapport.regel");
    let md = report_md(&path);
    assert!(md.contains("Kontrollen har inte hittat något som hindrar"));
    assert!(md.contains("| avslag | **inget exempel** |"));
    insta::assert_snapshot!(md);
}

#[test]
fn report_of_an_unlawful_pack() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/legality/err/e0301_via_regel.regel");
    let md = report_md(&path);
    assert!(md.contains("kan inte fattas automatiskt: 1 fel"));
    insta::assert_snapshot!(md);
}

#[test]
fn report_html_is_self_contained() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/legality/ok/rapport.regel");
    let (map, diags, program) = run(&path);
    let html = delegation::html(&[facts::build(&program.unwrap(), &map, &diags)]).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("@media print"));
    for external in ["http://", "https://", "<script", "<link", "src="] {
        assert!(!html.contains(external), "found `{external}`");
    }
}

/// A table's key column is headed by what the rules look it up by, and its keys and values
/// are formatted as a reader expects (grouped from four digits, not as written in the file).
#[test]
fn report_tables_have_a_key_heading_and_formatted_values() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let (map, diags, program) = run(&root.join("forsorjningsstod.regel"));
    let html = delegation::html(&[facts::build(&program.unwrap(), &map, &diags)]).unwrap();
    // `riksnorm_barn[b.ålder]`, `tak_boendekostnad[hushållets_storlek]`.
    assert!(
        html.contains("<p><strong>riksnorm barn</strong>"),
        "the table is in the report"
    );
    for heading in ["<th>Ålder</th>", "<th>Hushållets storlek</th>"] {
        assert!(html.contains(heading), "{heading}");
    }
    // `hushållsgemensamma_kostnader[antal]`, `[7]` and `[6]`: the literal keys say nothing
    // about what the key is, so the column is headed by the name, not the type (`Tal`).
    assert!(
        html.contains(
            "<p><strong>hushållsgemensamma kostnader</strong> <span class=\"muted\">\
             (Socialtjänstförordningen (2001:937) 2 kap. 1 §)</span></p>\n<p>Hushållsgemensamma \
             kostnader efter antalet personer i hushållet, 1–7 personer.</p>\n<table \
             class=\"values\"><thead><tr><th>Antal</th>"
        ),
        "{html}"
    );
    assert!(!html.contains("<th>Tal</th>"), "{html}");
    assert!(!html.contains("<th></th>"));
    assert!(html.contains("<td class=\"num\">2 130 kr</td>"));
    let (map, diags, program) = run(&root.join("maxtaxa.regel"));
    let html = delegation::html(&[facts::build(&program.unwrap(), &map, &diags)]).unwrap();
    // `procent_förskola[barnets_ordning]`; the income ceiling grouped from four digits.
    assert!(html.contains("<th>Barnets ordning</th>"), "{html}");
    assert!(html.contains("<td class=\"num\">46 080 kr</td>"), "{html}");
}

#[test]
fn policy_makes_warnings_errors_and_requires_examples() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/legality/policy");
    let path = dir.join("skalig_hyra.regel");
    let text = std::fs::read_to_string(&path).unwrap();
    let (map, mut diags, program) = run(&path);
    let toml = std::fs::read_to_string(dir.join(policy::FILE_NAME)).unwrap();
    let (policy, errs) = policy::parse(FileId(99), &toml);
    assert!(errs.is_empty(), "{errs:?}");
    let program = program.unwrap();
    diags.extend(policy.check(&program, &legality::analyse(&program)));
    policy.escalate(&mut diags);
    assert_eq!(codes(&diags), expected_codes(&path, &text));
    assert!(diags.iter().all(|d| d.severity == Severity::Error));
    insta::assert_snapshot!(render::human(&map, &diags, false));
}

#[test]
fn every_refused_example_is_refused_with_exactly_its_code() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/avvisade");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "regel") {
            continue;
        }
        n += 1;
        let text = std::fs::read_to_string(&path).unwrap();
        let (map, diags, _) = run(&path);
        assert_eq!(
            codes(&diags),
            expected_codes(&path, &text),
            "{}:\n{}",
            path.display(),
            render::human(&map, &diags, false)
        );
    }
    assert!(n >= 6, "found {n} refused examples");
}
