//! Tidy checks over the source tree: module docs, the code table, no floats, nothing outside
//! the repository, and the crate graph.
//!
//! These keep the conventions of `docs/architecture.md` true as the code grows.

use std::path::{Path, PathBuf};

use delegat_diagnostics::Code;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            if path
                .file_name()
                .is_some_and(|n| n == "target" || n == "snapshots")
            {
                continue;
            }
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<(PathBuf, String)> {
    let mut files = Vec::new();
    rust_files(&root().join("crates"), &mut files);
    rust_files(&root().join("tests/src"), &mut files);
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            (p, text)
        })
        .collect()
}

#[test]
fn every_rust_file_opens_with_a_module_doc() {
    let missing: Vec<_> = sources()
        .into_iter()
        .filter(|(_, text)| !text.trim_start().starts_with("//!"))
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "files without a `//!` comment: {missing:#?}"
    );
}

#[test]
fn every_code_is_emitted_somewhere() {
    let all: String = sources()
        .into_iter()
        .filter(|(p, _)| !p.ends_with("codes.rs") && !p.ends_with("tidy.rs"))
        .map(|(_, t)| t)
        .collect();
    let unused: Vec<_> = Code::ALL
        .iter()
        .filter(|c| !all.contains(&format!("Code::{}", c.as_str())))
        .map(|c| c.as_str())
        .collect();
    assert!(unused.is_empty(), "codes that no source emits: {unused:?}");
}

#[test]
fn every_error_page_belongs_to_a_code() {
    let dir = root().join("docs/errors");
    let mut orphans = Vec::new();
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some(stem) = name.strip_suffix(".md")
            && Code::parse(stem).is_none()
        {
            orphans.push(name);
        }
    }
    assert!(
        orphans.is_empty(),
        "pages in docs/errors/ without a code: {orphans:?}"
    );
}

#[test]
fn no_binary_floating_point_in_evaluation() {
    let evaluating = [
        "delegat-value",
        "delegat-ir",
        "delegat-interp",
        "delegat-jit",
        "delegat-lower",
        "delegat",
    ];
    let offenders: Vec<_> = sources()
        .into_iter()
        .filter(|(p, _)| {
            evaluating
                .iter()
                .any(|c| p.starts_with(root().join("crates").join(c).join("src")))
        })
        .filter(|(_, text)| {
            text.split(|c: char| !c.is_alphanumeric() && c != '_')
                .any(|w| w == "f32" || w == "f64")
        })
        .map(|(p, _)| p.display().to_string())
        .collect();
    assert!(
        offenders.is_empty(),
        "f32/f64 in evaluation code: {offenders:#?}"
    );
}

/// Text files of the repository that the tidy checks read: sources, manifests, rule files,
/// docs and insta snapshots.
fn text_files() -> Vec<(PathBuf, String)> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if path.is_dir() {
                if name != "target" && !name.to_string_lossy().starts_with('.') {
                    walk(&path, out);
                }
            } else if path.extension().is_some_and(|e| {
                ["rs", "toml", "md", "regel", "sh", "snap"]
                    .iter()
                    .any(|x| e == *x)
            }) {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    for dir in ["crates", "tests", "docs", "examples", "grammar", ".ci"] {
        walk(&root().join(dir), &mut files);
    }
    files.push(root().join("README.md"));
    files.push(root().join(".ci/run"));
    files.sort();
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).unwrap_or_default();
            (p, text)
        })
        .collect()
}

/// The repository stands on its own: no source, manifest, test or doc reaches for a file
/// outside it (a folder beside the clone, an absolute path of a developer's machine). A
/// fresh clone with nothing beside it builds, tests and reads completely.
#[test]
fn nothing_reaches_outside_the_repository() {
    // Spelled in pieces so that this file does not match itself.
    let outside = [
        ["../", "shared"].concat(),
        ["shared/", "bench"].concat(),
        ["shared/", "design"].concat(),
        ["shared/", "domain"].concat(),
        ["/work", "/"].concat(),
    ];
    let root = root().canonicalize().unwrap();
    let mut found = Vec::new();
    for (path, text) in text_files() {
        // How deep the file's folder lies in the repository: a relative path that climbs
        // more folders than that leaves it, whether it is read from the file's folder
        // (`include_str!`) or from its crate's (`CARGO_MANIFEST_DIR`), which lies higher.
        let dir = path.parent().and_then(|d| d.canonicalize().ok());
        let depth = dir
            .as_deref()
            .and_then(|d| d.strip_prefix(&root).ok())
            .map_or(0, |d| d.components().count());
        for (n, line) in text.lines().enumerate() {
            let climbs = line
                .split(|c: char| !(c == '.' || c == '/'))
                .map(|run| run.matches("../").count())
                .max()
                .unwrap_or(0);
            if let Some(pattern) = outside.iter().find(|p| line.contains(p.as_str())) {
                found.push(format!("{}:{}: {pattern}", path.display(), n + 1));
            } else if climbs > depth {
                found.push(format!(
                    "{}:{}: climbs {climbs} folders",
                    path.display(),
                    n + 1
                ));
            }
        }
    }
    assert!(
        found.is_empty(),
        "paths that leave the repository: {found:#?}"
    );
}

/// The repository's own pages are its specification: no comment, doc, fixture or snapshot
/// cites the design briefs that preceded it, which a reader of the repository cannot open.
/// Cite `docs/language.md` (by section), `docs/semantics.md`, `docs/jurist/laglighet.md`,
/// `examples/README.md` (the norms) or `crates/delegat-bench/README.md` (the FS workload).
#[test]
fn nothing_cites_the_design_briefs() {
    // Spelled in pieces so that this file does not match itself. Case matters:
    // `docs/architecture.md` is the repository's own page.
    let briefs = [
        ["LANGUAGE", ".md"].concat(),
        ["LEGAL", ".md"].concat(),
        ["FS", ".md"].concat(),
        ["ARCHITECTURE", ".md"].concat(),
        ["STYLE", ".md"].concat(),
    ];
    let root = root();
    let mut found = Vec::new();
    for (path, text) in text_files() {
        let relative = path
            .strip_prefix(&root)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        for (n, line) in text.lines().enumerate() {
            if let Some(brief) = briefs.iter().find(|b| line.contains(b.as_str())) {
                found.push(format!("{relative}:{}: {brief}", n + 1));
            }
        }
    }
    assert!(
        found.is_empty(),
        "citations of design briefs outside the repository: {found:#?}"
    );
}

/// The `delegat-*` crates a crate's `[dependencies]` name (dev-dependencies are free).
fn delegat_dependencies(manifest: &str) -> Vec<String> {
    let mut in_deps = false;
    let mut deps = Vec::new();
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_deps = line == "[dependencies]";
        } else if in_deps
            && line.starts_with("delegat")
            && let Some(name) = line.split(['=', '.', ' ']).next()
        {
            deps.push(name.to_owned());
        }
    }
    deps.sort();
    deps
}

/// The crate graph of docs/architecture.md: data flows one way, the back ends and the IR know
/// nothing of the front end, and the JIT does not need the interpreter.
#[test]
fn crate_dependencies_follow_the_architecture() {
    // What each crate may depend on. A crate missing here is a new crate: add it with the
    // dependencies docs/architecture.md gives it.
    let allowed: &[(&str, &[&str])] = &[
        ("delegat-diagnostics", &[]),
        ("delegat-value", &[]),
        ("delegat-syntax", &["delegat-diagnostics", "delegat-value"]),
        (
            "delegat-check",
            &["delegat-diagnostics", "delegat-syntax", "delegat-value"],
        ),
        ("delegat-ir", &["delegat-diagnostics", "delegat-value"]),
        (
            "delegat-interp",
            &["delegat-diagnostics", "delegat-ir", "delegat-value"],
        ),
        // The JIT returns `delegat-ir`'s result types; the runtime falls back to the
        // interpreter, never the JIT itself.
        (
            "delegat-jit",
            &["delegat-diagnostics", "delegat-ir", "delegat-value"],
        ),
        (
            "delegat-lower",
            &[
                "delegat-check",
                "delegat-diagnostics",
                "delegat-interp",
                "delegat-ir",
                "delegat-value",
            ],
        ),
        (
            "delegat",
            &[
                "delegat-check",
                "delegat-diagnostics",
                "delegat-interp",
                "delegat-ir",
                "delegat-jit",
                "delegat-lower",
                "delegat-syntax",
                "delegat-value",
            ],
        ),
        (
            "delegat-cli",
            &[
                "delegat",
                "delegat-check",
                "delegat-diagnostics",
                "delegat-followup",
                "delegat-impact",
                "delegat-log",
                "delegat-lsp",
                "delegat-fmt",
                "delegat-report",
                "delegat-serve",
                "delegat-syntax",
            ],
        ),
        (
            "delegat-report",
            &[
                "delegat",
                "delegat-check",
                "delegat-followup",
                "delegat-impact",
                "delegat-value",
            ],
        ),
        // The language server answers from the front end (and the formatter) only; it never
        // builds a pack.
        (
            "delegat-lsp",
            &[
                "delegat-check",
                "delegat-diagnostics",
                "delegat-fmt",
                "delegat-syntax",
            ],
        ),
        // The decision log sits above the runtime: nothing below it knows of it.
        ("delegat-log", &["delegat", "delegat-diagnostics"]),
        // The follow-up reads logs and decides their records again (phase one).
        (
            "delegat-followup",
            &["delegat", "delegat-ir", "delegat-log"],
        ),
        // The impact analysis decides cases with two packs (phase one, then in full for the
        // changed ones); it reuses the follow-up's month and smallest group.
        (
            "delegat-impact",
            &[
                "delegat",
                "delegat-diagnostics",
                "delegat-followup",
                "delegat-ir",
                "delegat-value",
            ],
        ),
        (
            "delegat-serve",
            &["delegat", "delegat-diagnostics", "delegat-log"],
        ),
        ("delegat-fmt", &["delegat-diagnostics", "delegat-syntax"]),
        ("delegat-bench", &[]),
        // The browser's API: the front end, the runtime (interpreter only) and the report.
        (
            "delegat-wasm",
            &[
                "delegat",
                "delegat-check",
                "delegat-diagnostics",
                "delegat-fmt",
                "delegat-ir",
                "delegat-report",
                "delegat-syntax",
            ],
        ),
    ];
    // The front end never reaches below the lowering.
    let front_end = ["delegat-syntax", "delegat-check"];
    let below_lowering = [
        "delegat-diagnostics",
        "delegat-value",
        "delegat-ir",
        "delegat-interp",
        "delegat-jit",
    ];
    let mut problems = Vec::new();
    let mut seen = Vec::new();
    for entry in std::fs::read_dir(root().join("crates")).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Ok(manifest) = std::fs::read_to_string(entry.path().join("Cargo.toml")) else {
            continue;
        };
        seen.push(name.clone());
        let deps = delegat_dependencies(&manifest);
        let Some((_, ok)) = allowed.iter().find(|(c, _)| *c == name) else {
            problems.push(format!("{name}: not in the architecture's crate map"));
            continue;
        };
        for dep in &deps {
            if !ok.contains(&dep.as_str()) {
                problems.push(format!("{name} depends on {dep}"));
            }
            if below_lowering.contains(&name.as_str()) && front_end.contains(&dep.as_str()) {
                problems.push(format!("{name} (below the lowering) depends on {dep}"));
            }
        }
    }
    assert!(seen.len() >= 12, "crates found: {seen:?}");
    assert!(problems.is_empty(), "{problems:#?}");
}

/// A crate whose manifest says `test = false` (delegat-cli's binary: a unit-test build of it
/// would link the whole runtime again) is not compiled as a test by `cargo test`, so a unit
/// test in its sources would never run: its tests belong in its `tests/`.
#[test]
fn no_unit_tests_where_cargo_test_does_not_look() {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(root().join("crates")).unwrap().flatten() {
        let manifest = std::fs::read_to_string(entry.path().join("Cargo.toml")).unwrap_or_default();
        if !manifest.lines().any(|line| line.trim() == "test = false") {
            continue;
        }
        let mut files = Vec::new();
        rust_files(&entry.path().join("src"), &mut files);
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap_or_default();
            if text.contains("#[test]") || text.contains("#[cfg(test)]") {
                found.push(file.display().to_string());
            }
        }
    }
    assert!(found.is_empty(), "unit tests that never run: {found:#?}");
}
