//! The documentation and the example packs cannot drift from the language: every ```regel
//! block in `docs/**/*.md` and every `examples/**/*.regel` file must parse without a
//! diagnostic; the complete doc blocks and the shipped packs must also pass the checker and
//! the legality analysis without an error or a warning; and every `exempel` of the shipped
//! packs and of the doc blocks must hold on the interpreter, the packs' exempel reaching every
//! rule, branch, outcome and table row. Blocks fenced ```regel fragment are deliberately
//! partial and are skipped. (That each file in `examples/avvisade/` is refused with exactly
//! its code is tested in `legality.rs`.)

#![cfg(test)]

use std::path::{Path, PathBuf};

use delegat_diagnostics::{Code, Diagnostic, SourceMap, render};

/// The workspace root (the parent of `tests/`).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ has a parent")
        .to_path_buf()
}

/// Every file under `dir` (recursively) whose name ends with `ext`, sorted.
fn files_with_ext(dir: &Path, ext: &str) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = std::fs::read_dir(&d).unwrap_or_else(|e| panic!("{}: {e}", d.display()));
        for entry in entries {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().and_then(|e| e.to_str()) == Some(ext) {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// The complete rule files fenced ```regel in a Markdown text, each with the line number of
/// its opening fence (1-based). ```regel fragment and other languages are skipped.
fn regel_blocks(markdown: &str) -> Vec<(usize, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (index, line) in markdown.lines().enumerate() {
        match current.as_mut() {
            Some((_, text)) => {
                if line.trim_end() == "```" {
                    blocks.extend(current.take());
                } else {
                    text.push_str(line);
                    text.push('\n');
                }
            }
            None => {
                if line.trim_end() == "```regel" {
                    current = Some((index + 1, String::new()));
                }
            }
        }
    }
    blocks
}

/// Parses `text` as the file `name` and returns the rendered diagnostics, empty when clean.
fn parse_diagnostics(name: &str, text: &str) -> String {
    let mut map = SourceMap::new();
    let file = map.add(name, text);
    let (_, diagnostics) = delegat_syntax::parse(file, text);
    if diagnostics.is_empty() {
        String::new()
    } else {
        render::human(&map, &diagnostics, false)
    }
}

/// Parses, checks and runs the legality analysis on `text`: every diagnostic, rendered
/// (empty when clean).
fn all_diagnostics(name: &str, text: &str) -> String {
    diagnostics_but(name, text, &[])
}

/// As [`all_diagnostics`], leaving out the codes in `allowed`.
fn diagnostics_but(name: &str, text: &str, allowed: &[Code]) -> String {
    let mut map = SourceMap::new();
    let file = map.add(name, text);
    let (ast, mut diagnostics): (_, Vec<Diagnostic>) = delegat_syntax::parse(file, text);
    if diagnostics.is_empty() {
        let (program, more) = delegat_check::check_files(&map, &[&ast]);
        diagnostics.extend(more);
        if let Some(program) = program {
            diagnostics.extend(delegat_check::legality::check(&program));
        }
    }
    diagnostics.retain(|d| !allowed.contains(&d.code));
    if diagnostics.is_empty() {
        String::new()
    } else {
        render::human(&map, &diagnostics, false)
    }
}

#[test]
fn regel_blocks_are_found_and_fragments_skipped() {
    let md = "text\n```regel\nregelverk \"A\" {}\n```\n\n```regel fragment\nregel x: heltal = 1\n```\n\n```sh\nls\n```\n```regel\nuppgift a: heltal { källa: sökande }\n```\n";
    let blocks = regel_blocks(md);
    assert_eq!(
        blocks,
        vec![
            (2, "regelverk \"A\" {}\n".to_owned()),
            (13, "uppgift a: heltal { källa: sökande }\n".to_owned()),
        ]
    );
}

#[test]
fn every_regel_block_in_the_docs_parses() {
    let docs = root().join("docs");
    let mut count = 0;
    let mut failures = Vec::new();
    for path in files_with_ext(&docs, "md") {
        let markdown = std::fs::read_to_string(&path).expect("readable Markdown");
        for (line, block) in regel_blocks(&markdown) {
            count += 1;
            let name = format!("{}:{line}", path.display());
            let rendered = parse_diagnostics(&name, &block);
            if !rendered.is_empty() {
                failures.push(format!("{name}\n{rendered}"));
            }
        }
    }
    assert!(
        count >= 4,
        "expected the jurist guide's complete examples, found {count}"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn every_example_pack_parses() {
    let examples = root().join("examples");
    let files = files_with_ext(&examples, "regel");
    assert!(
        files.len() >= 10,
        "expected the packs and the refused files, found {}",
        files.len()
    );
    let mut failures = Vec::new();
    for path in files {
        let text = std::fs::read_to_string(&path).expect("readable rule file");
        let rendered = parse_diagnostics(&path.display().to_string(), &text);
        if !rendered.is_empty() {
            failures.push(rendered);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The shipped packs pass every check. W0303 is the one diagnostic allowed: a pack that
/// cites an appeal provision Delegat's table has not verified must say so (the test below
/// checks which packs do), and the warning is how it is said.
#[test]
fn the_shipped_packs_pass_every_check() {
    let examples = root().join("examples");
    let packs: Vec<PathBuf> = files_with_ext(&examples, "regel")
        .into_iter()
        .filter(|p| !p.starts_with(examples.join("avvisade")))
        .collect();
    assert!(packs.len() >= 4, "found {} packs", packs.len());
    let mut failures = Vec::new();
    for path in packs {
        let text = std::fs::read_to_string(&path).expect("readable rule file");
        let rendered = diagnostics_but(&path.display().to_string(), &text, &[Code::W0303]);
        if !rendered.is_empty() {
            failures.push(rendered);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The appeal provisions the shipped packs cite outside the verified table are exactly
/// those their headers say are not verified.
#[test]
fn the_shipped_packs_say_which_appeal_routes_are_unverified() {
    let cases = [
        ("forsorjningsstod.regel", true),
        ("hemtjanst.regel", true),
        ("maxtaxa.regel", false),
        ("fritidsaktivitetsbidrag.regel", false),
    ];
    for (file, warned) in cases {
        let path = root().join("examples").join(file);
        let text = std::fs::read_to_string(&path).expect("readable rule file");
        let rendered = all_diagnostics(file, &text);
        assert_eq!(
            rendered.contains("varning[W0303]"),
            warned,
            "{file}:\n{rendered}"
        );
        assert!(!rendered.contains("fel["), "{file}:\n{rendered}");
    }
}

#[test]
fn the_complete_doc_blocks_pass_every_check() {
    let docs = root().join("docs");
    let mut failures = Vec::new();
    for path in files_with_ext(&docs, "md") {
        let markdown = std::fs::read_to_string(&path).expect("readable Markdown");
        for (line, block) in regel_blocks(&markdown) {
            let name = format!("{}:{line}", path.display());
            // W0303 is how an example citing an unverified appeal provision says so.
            let rendered = diagnostics_but(&name, &block, &[Code::W0303]);
            if !rendered.is_empty() {
                failures.push(format!("{name}\n{rendered}"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Builds the pack from source and runs its exempel; panics with the diagnostics when the
/// file does not build.
fn run_exempel(name: &str, text: &str) -> delegat::ExamplesReport {
    let pack = delegat::Pack::from_source(name, text, &mut delegat::NoLoader)
        .unwrap_or_else(|e| panic!("{name} does not build:\n{e}"));
    let date = delegat::Date::from_ymd(2026, 1, 1).expect("a real date");
    pack.run_examples(date)
}

/// The failed exempel of a report, one line per failed expectation.
fn failures(name: &str, report: &delegat::ExamplesReport) -> Vec<String> {
    let mut out = Vec::new();
    for result in report.results.iter().filter(|r| !r.passed()) {
        for f in &result.failures {
            out.push(format!(
                "{name}: exempel \"{}\": {} förväntades {}, blev {}",
                result.name, f.target, f.expected, f.actual
            ));
        }
    }
    out
}

#[test]
fn the_shipped_packs_exempel_hold_and_reach_everything() {
    let examples = root().join("examples");
    let mut problems = Vec::new();
    for path in files_with_ext(&examples, "regel")
        .into_iter()
        .filter(|p| !p.starts_with(examples.join("avvisade")))
    {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(&path).expect("readable rule file");
        let report = run_exempel(&name, &text);
        assert!(
            report.results.len() >= 12,
            "{name}: a pack needs at least 12 exempel, has {}",
            report.results.len()
        );
        problems.extend(failures(&name, &report));
        let c = &report.coverage;
        for (what, _) in c
            .rules
            .iter()
            .chain(&c.branches)
            .chain(&c.outcomes)
            .chain(&c.rows)
        {
            problems.push(format!("{name}: inget exempel når {what}"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn the_exempel_of_the_doc_blocks_hold() {
    let docs = root().join("docs");
    let mut count = 0;
    let mut problems = Vec::new();
    for path in files_with_ext(&docs, "md") {
        let markdown = std::fs::read_to_string(&path).expect("readable Markdown");
        for (line, block) in regel_blocks(&markdown) {
            if !block.contains("exempel") {
                continue;
            }
            let name = format!("{}:{line}", path.display());
            let report = run_exempel(&name, &block);
            count += report.results.len();
            problems.extend(failures(&name, &report));
        }
    }
    assert!(
        count >= 5,
        "expected the guide's worked exempel, found {count}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
