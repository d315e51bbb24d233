//! The filesystem [`Loader`] for `använd "fil.regel"`: paths are relative to the directory
//! of the file that writes them; a file already in the source map (the same file on disk,
//! however its path was spelled) keeps its id, which is how the checker sees cycles.

use std::path::{Component, Path, PathBuf};

use delegat_check::Loader;
use delegat_diagnostics::{FileId, SourceMap};

/// Reads used files from disk into the source map.
#[derive(Debug, Default)]
pub struct FsLoader;

impl Loader for FsLoader {
    fn load(&mut self, map: &mut SourceMap, from: FileId, path: &str) -> Result<FileId, String> {
        let base = map
            .get(from)
            .and_then(|f| Path::new(f.name()).parent().map(Path::to_path_buf))
            .unwrap_or_default();
        let target = normalize(&base.join(path));
        let canonical = std::fs::canonicalize(&target).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("`{}` finns inte", target.display()),
            _ => e.to_string(),
        })?;
        let known = map.iter().find_map(|(id, f)| {
            std::fs::canonicalize(f.name())
                .ok()
                .filter(|c| *c == canonical)
                .map(|_| id)
        });
        if let Some(id) = known {
            return Ok(id);
        }
        match crate::files::read(map, &target) {
            Ok(id) => Ok(id),
            Err(diag) => Err(diag.message),
        }
    }
}

/// Removes `.` and resolves `..` lexically, so names in messages stay short.
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other),
        }
    }
    out
}
