//! Tidy checks over the source tree: module docs, the code table, and no floats.
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
