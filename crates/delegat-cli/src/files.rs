//! Finding and reading rule files named on the command line.

use std::path::{Path, PathBuf};

use delegat_diagnostics::{Code, Diagnostic, FileId, SourceMap, Span};

/// Rule files larger than this are refused rather than read (no real rule file comes near).
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// The `*.regel` files named by `paths`: files as given, directories searched
/// recursively, each list sorted so output is stable. A path that does not exist is an
/// error message for the user.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut out = Vec::new();
    for path in paths {
        if path.is_dir() {
            walk(path, &mut out)
                .map_err(|e| format!("kan inte läsa katalogen `{}`: {e}", path.display()))?;
        } else if path.is_file() {
            out.push(path.clone());
        } else {
            return Err(format!("`{}` finns inte", path.display()));
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            walk(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "regel") {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads a file into the map. A file that cannot be read (or is not UTF-8, or is huge)
/// becomes an E0019 diagnostic.
pub fn read(map: &mut SourceMap, path: &Path) -> Result<FileId, Box<Diagnostic>> {
    let name = path.display().to_string();
    let fail = |why: String| {
        Box::new(Diagnostic::new(
            Code::E0019,
            format!("filen `{name}` kan inte läsas: {why}"),
            Span::detached(),
        ))
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(e.to_string()))?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(fail(format!(
            "den är större än {} MB",
            MAX_FILE_BYTES / 1024 / 1024
        )));
    }
    let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
    let text =
        String::from_utf8(bytes).map_err(|_| fail("den är inte kodad i UTF-8".to_owned()))?;
    Ok(map.add(name, text))
}
