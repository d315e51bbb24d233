//! Finding the files a document `använd`s: the text of an open document (what the editor
//! shows, saved or not) before the file on disk. Paths are relative to the directory of the
//! file that writes them, as in the CLI; the same file, however its path is spelled, keeps
//! one id, which is how the checker sees cycles.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use delegat_check::Loader;
use delegat_diagnostics::{FileId, SourceMap};
use lsp_types::Url;

/// Used files larger than this are refused rather than read, as the CLI does.
const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Loads used files for one analysis, remembering each file's URI.
#[derive(Debug)]
pub struct DocLoader<'a> {
    open: &'a HashMap<Url, String>,
    /// The URI of every file in the source map.
    pub uris: HashMap<FileId, Url>,
    /// Every `använd` resolved: the file that writes it, the path as written, the file.
    pub edges: Vec<(FileId, String, FileId)>,
    /// Files by their canonical path (or their normalised path when they are not on disk).
    by_path: HashMap<PathBuf, FileId>,
}

impl<'a> DocLoader<'a> {
    /// A loader whose source map holds only the root, `root` at `uri`.
    pub fn new(open: &'a HashMap<Url, String>, root: FileId, uri: &Url) -> DocLoader<'a> {
        let mut by_path = HashMap::new();
        if let Ok(path) = uri.to_file_path() {
            by_path.insert(key(&path), root);
        }
        DocLoader {
            open,
            uris: HashMap::from([(root, uri.clone())]),
            edges: Vec::new(),
            by_path,
        }
    }
}

impl Loader for DocLoader<'_> {
    fn load(&mut self, map: &mut SourceMap, from: FileId, path: &str) -> Result<FileId, String> {
        let id = self.find(map, from, path)?;
        self.edges.push((from, path.to_owned(), id));
        Ok(id)
    }
}

impl DocLoader<'_> {
    fn find(&mut self, map: &mut SourceMap, from: FileId, path: &str) -> Result<FileId, String> {
        let base = self
            .uris
            .get(&from)
            .and_then(|u| u.to_file_path().ok())
            .and_then(|p| p.parent().map(Path::to_path_buf))
            .ok_or_else(|| {
                "filen är inte sparad, så sökvägen kan inte räknas från dess katalog".to_owned()
            })?;
        let target = normalize(&base.join(path));
        let key = key(&target);
        if let Some(id) = self.by_path.get(&key) {
            return Ok(*id);
        }
        let uri = Url::from_file_path(&target)
            .map_err(|()| format!("`{}` är ingen sökväg till en fil", target.display()))?;
        let text = match self.open.get(&uri) {
            Some(text) => text.clone(),
            None => read(&target)?,
        };
        let id = map.add(target.display().to_string(), text);
        self.uris.insert(id, uri);
        self.by_path.insert(key, id);
        Ok(id)
    }
}

fn read(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => format!("`{}` finns inte", path.display()),
        _ => e.to_string(),
    })?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!("`{}` är för stor", path.display()));
    }
    std::fs::read_to_string(path).map_err(|e| match e.kind() {
        std::io::ErrorKind::InvalidData => format!("`{}` är inte UTF-8-text", path.display()),
        _ => e.to_string(),
    })
}

/// The key a file is known by: its canonical path when it exists.
fn key(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
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
