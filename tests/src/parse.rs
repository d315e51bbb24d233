//! Parser fixtures: every `tests/fixtures/parse/ok/*.regel` parses without a diagnostic and
//! its tree is snapshotted (serde JSON, spans left out); every `err/*.regel` reports exactly
//! the codes its header names, and its rendered diagnostics are snapshotted with the
//! replacements they offer (a file whose every diagnostic offers one must parse once they
//! are made).
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
        let fixes = fixes_of(&text, &diags);
        insta::assert_snapshot!(format!("{rendered}{fixes}"));
    });
}

/// The replacements the diagnostics offer (the language server's quick fixes), shown after
/// the rendered diagnostics; and when every diagnostic offers one, the file they make must
/// parse without a diagnostic.
fn fixes_of(text: &str, diags: &[delegat_diagnostics::Diagnostic]) -> String {
    let mut shown = String::new();
    let mut fixed = text.to_owned();
    let mut all = !diags.is_empty();
    // From the end, so that earlier spans stay valid.
    for d in diags.iter().rev() {
        match &d.fix {
            Some(fix) => {
                let range = fix.span.range();
                shown.insert_str(
                    0,
                    &format!(
                        "rättelse [{}]: `{}` → `{}`\n",
                        d.code,
                        &text[range.clone()],
                        fix.text
                    ),
                );
                fixed.replace_range(range, &fix.text);
            }
            None => all = false,
        }
    }
    if all {
        let (_, after) = delegat_syntax::parse(delegat_diagnostics::FileId(0), &fixed);
        assert!(after.is_empty(), "the fixes leave {after:?} in:\n{fixed}");
    }
    shown
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
