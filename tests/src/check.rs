//! Checker fixtures: every `tests/fixtures/check/ok/*.regel` checks without a diagnostic
//! and yields a program; every `err/*.regel` reports exactly the codes its header names
//! (`// förväntat: E0203` or several, comma-separated; warnings count), and its rendered
//! diagnostics are snapshotted. Files under `check/lib/` are only reached through `använd`.
//! The shipped examples check clean (no E01xx/E02xx anywhere in `examples/`).

#![cfg(test)]

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use delegat_check::Loader;
use delegat_diagnostics::{Diagnostic, FileId, SourceMap, render};

use crate::fixture::{display_name, expected_codes};

/// Reads used files from disk, relative to the real directory of the using file.
#[derive(Default)]
struct TestLoader {
    paths: HashMap<FileId, PathBuf>,
}

impl Loader for TestLoader {
    fn load(&mut self, map: &mut SourceMap, from: FileId, path: &str) -> Result<FileId, String> {
        let base = self.paths[&from].parent().unwrap().to_path_buf();
        let target = base.join(path);
        let Ok(real) = std::fs::canonicalize(&target) else {
            return Err("filen finns inte".to_owned());
        };
        if let Some((id, _)) = self.paths.iter().find(|(_, p)| **p == real) {
            return Ok(*id);
        }
        let text = std::fs::read_to_string(&real).map_err(|e| e.to_string())?;
        let id = map.add(display_name(&real), text);
        self.paths.insert(id, real);
        Ok(id)
    }
}

/// Parses and checks one file; returns the map, the diagnostics and whether a program
/// came out.
fn run(path: &Path) -> (SourceMap, Vec<Diagnostic>, bool) {
    let text = std::fs::read_to_string(path).unwrap();
    let mut map = SourceMap::new();
    let file = map.add(display_name(path), text.clone());
    let mut loader = TestLoader::default();
    loader
        .paths
        .insert(file, std::fs::canonicalize(path).unwrap());
    let (ast, mut diags) = delegat_syntax::parse(file, &text);
    let (program, more) = delegat_check::check(&mut map, file, &ast, &mut loader);
    diags.extend(more);
    (map, diags, program.is_some())
}

#[test]
fn check_ok_fixtures() {
    insta::glob!("../fixtures/check/ok", "*.regel", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        assert!(
            expected_codes(path, &text).is_empty(),
            "{}: an ok fixture must say `ok`",
            path.display()
        );
        let (map, diags, has_program) = run(path);
        assert!(
            diags.is_empty(),
            "{}:\n{}",
            path.display(),
            render::human(&map, &diags, false)
        );
        assert!(has_program, "{}: no program", path.display());
    });
}

#[test]
fn check_err_fixtures() {
    insta::glob!("../fixtures/check/err", "*.regel", |path| {
        let text = std::fs::read_to_string(path).unwrap();
        let expected = expected_codes(path, &text);
        assert!(
            !expected.is_empty(),
            "{}: an err fixture must name its codes",
            path.display()
        );
        let (map, diags, has_program) = run(path);
        let rendered = render::human(&map, &diags, false);
        let got: BTreeSet<String> = diags.iter().map(|d| d.code.to_string()).collect();
        assert_eq!(got, expected, "{}:\n{rendered}", path.display());
        let errors = diags.iter().any(Diagnostic::is_error);
        assert_eq!(
            has_program,
            !errors,
            "{}: a program comes out exactly when there is no error",
            path.display()
        );
        insta::assert_snapshot!(rendered);
    });
}

/// Every E01xx/E02xx/W02xx code has at least one `err` fixture.
#[test]
fn every_check_code_has_a_fixture() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/check/err");
    let mut covered = BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        covered.extend(expected_codes(&path, &text));
    }
    for code in delegat_diagnostics::Code::ALL {
        let c = code.as_str();
        if ["E01", "E02", "W01", "W02"]
            .iter()
            .any(|p| c.starts_with(p))
        {
            assert!(covered.contains(c), "{c} has no fixture in check/err");
        }
    }
}

/// The shipped examples, refused ones included, have no name or type errors: what
/// refuses them is the legality analysis (E03xx).
#[test]
fn examples_check_clean() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
    let mut files = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "regel") {
                files.push(path);
            }
        }
    }
    files.sort();
    assert!(!files.is_empty(), "no example packs found");
    for path in files {
        let (map, diags, _) = run(&path);
        let bad: Vec<Diagnostic> = diags
            .into_iter()
            .filter(|d| {
                let c = d.code.as_str();
                c.starts_with("E00") || c.starts_with("E01") || c.starts_with("E02")
            })
            .collect();
        assert!(
            bad.is_empty(),
            "{}:\n{}",
            path.display(),
            render::human(&map, &bad, false)
        );
    }
}

/// A declaration that could not be read gives one error, its syntax error: its uses are not
/// reported again as unknown names (E0102), while a name that is really unknown still is.
#[test]
fn uses_of_an_unreadable_declaration_are_not_reported_again() {
    let text = "\
uppgift inkomst: belopp 0 kr..100 000 kr { källa: sökande }
parameter taxa: belopp enligt \"Taxa\" { från 2026-01-01 3 000 kr }
regel avgift: belopp = minsta(taxa; inkomst)
regel dubbel: belopp = taxa + taxa + okänd
";
    let mut map = SourceMap::new();
    let file = map.add("foljdfel.regel", text);
    let (ast, mut diags) = delegat_syntax::parse(file, text);
    let mut loader = TestLoader::default();
    let (_, more) = delegat_check::check(&mut map, file, &ast, &mut loader);
    diags.extend(more);
    let codes: Vec<String> = diags
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert_eq!(
        codes,
        [
            "E0001 förväntade `:`, men hittade `3`".to_owned(),
            "E0102 namnet `okänd` finns inte".to_owned(),
        ],
        "{}",
        render::human(&map, &diags, false)
    );
}

/// The one error of a name joined by hyphens (E0025) and of a `lagrum` that could not be
/// read: the uses of the name, read as `skol` minus `avstånd`, and the `enligt` naming the
/// `lagrum`, are not reported again.
#[test]
fn uses_of_a_hyphenated_name_and_an_unreadable_lagrum_are_not_reported_again() {
    let text = "\
uppgift skol-avstånd: heltal { källa: sökande }
regel långt: ja/nej = skol-avstånd > 3000
regel skolskjuts: ja/nej = långt och skol_avstånd > 2000
lagrum skolskjuts_lag {
  från 1 juli 2025: \"Skollagen (2010:800) 10 kap. 32 §\"
}
regel r: ja/nej enligt skolskjuts_lag = långt
";
    let mut map = SourceMap::new();
    let file = map.add("bindestreck.regel", text);
    let (ast, mut diags) = delegat_syntax::parse(file, text);
    let mut loader = TestLoader::default();
    let (_, more) = delegat_check::check(&mut map, file, &ast, &mut loader);
    diags.extend(more);
    let codes: Vec<String> = diags
        .iter()
        .map(|d| format!("{} {}", d.code, d.message))
        .collect();
    assert_eq!(
        codes,
        [
            "E0025 namnet `skol-avstånd` innehåller bindestreck".to_owned(),
            "E0024 datumet `1 juli 2025` är skrivet med ord".to_owned(),
        ],
        "{}",
        render::human(&map, &diags, false)
    );
}

/// A name written with hyphens where it is used, the declaration written with `_`: one
/// error for the whole, with the name to write (and the replacement that writes it).
#[test]
fn a_use_written_with_hyphens_is_one_error_with_the_name_to_write() {
    let text = "\
uppgift skol_avstånd: heltal { källa: sökande }
regel långt: ja/nej = skol-avstånd > 3000
regel kort: ja/nej = skol - avstånd < 1000
";
    let mut map = SourceMap::new();
    let file = map.add("bindestreck.regel", text);
    let (ast, diags) = delegat_syntax::parse(file, text);
    assert!(diags.is_empty(), "{diags:?}");
    let mut loader = TestLoader::default();
    let (_, diags) = delegat_check::check(&mut map, file, &ast, &mut loader);
    let shown: Vec<String> = diags
        .iter()
        .map(|d| {
            format!(
                "{} {} | {}",
                d.code,
                d.message,
                d.help.clone().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(
        shown,
        [
            "E0102 namnet `skol-avstånd` finns inte | menade du `skol_avstånd`? Ord i ett namn binds ihop med `_`".to_owned(),
            // With spaces it is a subtraction: each unknown name is its own error.
            "E0102 namnet `skol` finns inte | ".to_owned(),
            "E0102 namnet `avstånd` finns inte | ".to_owned(),
        ],
        "{}",
        render::human(&map, &diags, false)
    );
    let fix = diags[0].fix.as_ref().unwrap();
    assert_eq!(&text[fix.span.range()], "skol-avstånd");
    assert_eq!(fix.text, "skol_avstånd");
}
