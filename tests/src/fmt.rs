//! `delegat fmt` on every rule file of the repository and on generated files: formatting is
//! idempotent, and it changes no meaning. Meaning is what a build gives: for a file that
//! builds, the pack's canonical encoding with its source positions taken out (the pack hash
//! itself covers the spans, so moving text changes it by design: `delegat_ir::pack`); for a
//! file that is refused, the diagnostics' codes, severities and messages in order.

#![cfg(test)]

use std::path::{Path, PathBuf};

use delegat::{Loader, Pack};
use delegat_diagnostics::{FileId, SourceMap};
use proptest::prelude::*;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `*.regel` under the repository's own folders (not build output).
fn rule_files() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack: Vec<PathBuf> = ["examples", "crates", "tests", "fuzz/seeds"]
        .iter()
        .map(|d| root().join(d))
        .collect();
    while let Some(dir) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() && path.file_name().is_some_and(|n| n != "target") {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "regel") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Reads `använd` files relative to the file that names them; the root file itself is
/// given as text, so that the formatted text can stand in for it.
struct FsLoader;

impl Loader for FsLoader {
    fn load(&mut self, map: &mut SourceMap, from: FileId, path: &str) -> Result<FileId, String> {
        let base = map
            .get(from)
            .and_then(|f| Path::new(f.name()).parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let target = base.join(path);
        let name = target.display().to_string();
        if let Some((id, _)) = map.iter().find(|(_, f)| f.name() == name) {
            return Ok(id);
        }
        let text = std::fs::read_to_string(&target).map_err(|e| e.to_string())?;
        Ok(map.add(name, text))
    }
}

/// What a build of `text` (as the file `name`) means, positions left out.
fn meaning(name: &str, text: &str) -> serde_json::Value {
    match Pack::from_source(name, text, &mut FsLoader) {
        Ok(pack) => {
            let mut program = serde_json::to_value(pack.program()).unwrap();
            strip_spans(&mut program);
            serde_json::json!({ "pack": program })
        }
        Err(e) => {
            let diags: Vec<_> = e
                .diagnostics
                .iter()
                .map(|d| format!("{} {:?} {}", d.code, d.severity, d.message))
                .collect();
            serde_json::json!({ "refused": diags })
        }
    }
}

/// Replaces every span (`{"file", "start", "end"}`) by `null`.
fn strip_spans(value: &mut serde_json::Value) {
    match value {
        serde_json::Value::Object(map) => {
            let is_span = map.len() == 3
                && map.contains_key("file")
                && map.contains_key("start")
                && map.contains_key("end");
            if is_span {
                *value = serde_json::Value::Null;
            } else {
                map.values_mut().for_each(strip_spans);
            }
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_spans),
        _ => {}
    }
}

/// Formats `text`, checks idempotence and meaning, and returns whether it was formatted
/// (false: it has syntax errors, which must then be what the parser reports).
fn check_file(name: &str, text: &str) -> Result<bool, String> {
    let formatted = match delegat_fmt::format(text) {
        Ok(f) => f,
        Err(diags) => {
            let (_, parse) = delegat_syntax::parse(FileId(0), text);
            if parse.iter().any(|d| d.is_error())
                && diags.iter().all(|d| d.code.as_str() != "E0022")
            {
                return Ok(false);
            }
            return Err(format!("{name}: not formatted: {diags:?}"));
        }
    };
    let again = delegat_fmt::format(&formatted).map_err(|d| format!("{name}: {d:?}"))?;
    if again != formatted {
        return Err(format!(
            "{name}: not idempotent:\n{formatted}\n---\n{again}"
        ));
    }
    if meaning(name, text) != meaning(name, &formatted) {
        return Err(format!("{name}: the meaning changed:\n{formatted}"));
    }
    Ok(true)
}

#[test]
fn every_rule_file_formats_idempotently_and_keeps_its_meaning() {
    let files = rule_files();
    assert!(files.len() > 300, "found {} rule files", files.len());
    let mut formatted = 0;
    let mut problems = Vec::new();
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        match check_file(&path.display().to_string(), &text) {
            Ok(true) => formatted += 1,
            Ok(false) => {}
            Err(problem) => problems.push(problem),
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    assert!(formatted > 250, "only {formatted} files were formatted");
}

/// A rule file built from pieces with random white space, comments and spellings of amounts
/// between the tokens (where the grammar allows any).
fn generated_file() -> impl Strategy<Value = String> {
    let gap = prop_oneof![
        Just(" "),
        Just("  "),
        Just("\t"),
        Just("\n"),
        Just("\n\n\n"),
        Just("\n      "),
        Just(" // anm.\n"),
        Just(" /* anm. */ "),
    ];
    let amount = (0u32..2_000_000, prop::bool::ANY, 0usize..4).prop_map(|(n, oren, style)| {
        let kr = n / 100;
        let ore = n % 100;
        let digits = kr.to_string();
        let int = match style {
            0 => digits,
            1 => {
                let mut out = String::new();
                for (i, c) in digits.chars().enumerate() {
                    if i > 0 && (digits.len() - i).is_multiple_of(3) {
                        out.push(' ');
                    }
                    out.push(c);
                }
                out
            }
            2 => {
                let mut out = String::new();
                for (i, c) in digits.chars().enumerate() {
                    if i > 0 && (digits.len() - i).is_multiple_of(3) {
                        out.push('_');
                    }
                    out.push(c);
                }
                out
            }
            _ => digits,
        };
        let sep = if style == 3 { "" } else { " " };
        if oren {
            format!("{int}.{ore:02}{sep}kr")
        } else {
            format!("{int}{sep}kr")
        }
    });
    (
        prop::collection::vec(gap, 64),
        prop::collection::vec(amount, 8),
        1u32..5,
    )
        .prop_map(|(gaps, amounts, rows)| {
            let mut g = gaps.into_iter().cycle();
            let mut a = amounts.into_iter().cycle();
            let mut s = String::new();
            let mut w = |s: &mut String, piece: &str| {
                s.push_str(piece);
                s.push_str(g.next().unwrap_or(" "));
            };
            // Items start on a line of their own.
            s.push_str("regelverk ");
            for p in [
                "\"Genererad\"",
                "{",
                "nämnd:",
                "\"Nämnden\"",
                "version:",
                "\"1\"",
                "}",
            ] {
                w(&mut s, p);
            }
            s.push_str("\nuppgift ");
            for p in [
                "hyra:",
                "belopp",
                "0 kr..100 000 kr",
                "{",
                "källa:",
                "sökande",
                "}",
            ] {
                w(&mut s, p);
            }
            s.push_str("\nuppgift ");
            for p in [
                "personer:",
                "heltal",
                "1..20",
                "{",
                "källa:",
                "sökande",
                "}",
            ] {
                w(&mut s, p);
            }
            s.push_str("\nparameter ");
            for p in [
                "tak:",
                "tabell",
                "heltal",
                "->",
                "belopp",
                "enligt",
                "\"Riktlinjer\"",
                "{",
                "från",
                "2026-01-01:",
                "{",
            ] {
                w(&mut s, p);
            }
            for row in 1..=rows {
                let amount = a.next().unwrap_or_default();
                w(&mut s, &format!("{row}:"));
                w(&mut s, &amount);
            }
            w(&mut s, &format!("{}..:", rows + 1));
            w(&mut s, &a.next().unwrap_or_default());
            w(&mut s, "}");
            w(&mut s, "}");
            s.push_str("\nregel ");
            for p in [
                "godtagen:",
                "belopp",
                "=",
                "om",
                "hyra",
                "<=",
                "tak[personers_antal]",
                "så",
                "hyra",
                "annars",
                "tak[personers_antal]",
                "-",
                "(",
                "-",
                "1 kr",
                ")",
            ] {
                w(&mut s, p);
            }
            s.push_str("\nregel ");
            for p in ["personers_antal:", "heltal", "=", "minsta(personer;", "20)"] {
                w(&mut s, p);
            }
            s.push_str("\nbeslut ");
            for p in [
                "stöd",
                "enligt",
                "\"SoL (2025:400) 12 kap. 1 §\"",
                "{",
                "avser:",
                "myndighetsutövning",
                "överklagande:",
                "förvaltningsbesvär",
                "när",
                "hyra",
                ">",
                "tak[personers_antal]:",
                "manuell",
                "\"Hyran prövas.\"",
                "när",
                "godtagen",
                ">",
                "0 kr:",
                "bifall",
                "{",
                "belopp:",
                "godtagen",
                "motivering:",
                "\"Hyran {hyra} godtas.\"",
                "}",
                "annars:",
                "avslag",
                "{",
                "motivering:",
                "\"Ingen hyra.\"",
                "}",
                "}",
            ] {
                w(&mut s, p);
            }
            s.push_str("\nexempel ");
            for p in [
                "\"Ett\"",
                "{",
                "givet",
                "{",
                "beslutsdatum",
                "=",
                "2026-03-01",
                "hyra",
                "=",
                &a.next().unwrap_or_default(),
                "personer",
                "=",
                "2",
                "}",
                "förvänta",
                "{",
                "stöd",
                "=",
                "manuell",
                "}",
                "}",
            ] {
                w(&mut s, p);
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn generated_files_format_idempotently_and_keep_their_meaning(text in generated_file()) {
        let built = meaning("genererad.regel", &text);
        prop_assert!(built.get("pack").is_some(), "{}\n{}", text, built);
        let formatted = check_file("genererad.regel", &text);
        prop_assert_eq!(formatted, Ok(true), "{}", text);
    }
}
