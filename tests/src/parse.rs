//! Parser fixtures: every `tests/fixtures/parse/ok/*.regel` parses without a diagnostic and
//! its tree is snapshotted (serde JSON, spans left out); every `err/*.regel` reports exactly
//! the codes its header names, and its rendered diagnostics are snapshotted.
//!
//! Each fixture starts with `// förväntat: ok` or `// förväntat: E0009` (several codes
//! separated by commas).

#![cfg(test)]

use std::collections::BTreeSet;
use std::path::Path;

use delegat_diagnostics::{Code, SourceMap, render};

use crate::fixture::{display_name, expected_codes};

#[test]
fn parse_ok_fixtures() {
    insta::glob!("../fixtures/parse/ok", "*.regel", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(
            expected_codes(path, &text).is_empty(),
            "{}: an ok fixture must say `ok`",
            path.display()
        );
        let mut map = SourceMap::new();
        let file = map.add(display_name(path), text.clone());
        let (ast, diags) = delegat_syntax::parse(file, &text);
        assert!(
            diags.is_empty(),
            "{}:\n{}",
            path.display(),
            render::human(&map, &diags, false)
        );
        assert!(!ast.items.is_empty(), "{}: no items", path.display());
        insta::assert_json_snapshot!(ast);
    });
}

#[test]
fn parse_err_fixtures() {
    insta::glob!("../fixtures/parse/err", "*.regel", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let expected = expected_codes(path, &text);
        assert!(
            !expected.is_empty(),
            "{}: an err fixture must name its codes",
            path.display()
        );
        let mut map = SourceMap::new();
        let file = map.add(display_name(path), text.clone());
        let (_, diags) = delegat_syntax::parse(file, &text);
        let rendered = render::human(&map, &diags, false);
        let got: BTreeSet<String> = diags.iter().map(|d| d.code.to_string()).collect();
        assert_eq!(got, expected, "{}:\n{rendered}", path.display());
        let starts: Vec<u32> = diags.iter().map(|d| d.primary.span.start).collect();
        assert!(
            starts.is_sorted(),
            "{}: diagnostics out of source order",
            path.display()
        );
        insta::assert_snapshot!(rendered);
    });
}

/// Every syntax code (E00xx, except E0019, which the CLI reports for a file it cannot read,
/// and E0022, which `delegat fmt` reports for a file it cannot format safely) has at least
/// one `err` fixture.
#[test]
fn every_syntax_code_has_a_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/parse/err");
    let mut covered = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        covered.extend(expected_codes(&path, &text));
    }
    for code in Code::ALL {
        let name = code.as_str();
        let syntax = name.starts_with("E00") && *code != Code::E0019 && *code != Code::E0022;
        if syntax {
            assert!(
                covered.contains(name),
                "no parse/err fixture reports {name}"
            );
        }
    }
}
