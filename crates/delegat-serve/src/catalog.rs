//! [`Catalog`]: the packs the service decides with, and a route per decision.
//!
//! A catalog is loaded whole from the configured paths (pack files, directories of
//! `*.paket`), under the trusted keys when given, and refused whole when any pack fails its
//! checks or signature, when two packs have a decision of the same name, or when a path
//! cannot be read (E0530): at start the service does not start, at reload the old catalog
//! goes on serving. The service holds the catalog in one `Arc` and swaps it whole.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use delegat::{Engine, Pack, TrustedKeys};
use delegat_diagnostics::Code;

/// Pack files larger than this are refused rather than read.
const MAX_PACK_BYTES: u64 = 256 * 1024 * 1024;

/// The extension of a pack file in a directory.
pub const PACK_EXTENSION: &str = "paket";

/// Why a catalog (or one of its packs or keys) was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError {
    /// The stable code (E0530 for the catalog, the pack's or key's own code otherwise).
    pub code: Code,
    /// The file or directory concerned.
    pub path: Option<PathBuf>,
    /// The Swedish reason.
    pub message: String,
}

impl LoadError {
    pub(crate) fn new(code: Code, path: &Path, message: impl Into<String>) -> LoadError {
        LoadError {
            code,
            path: Some(path.to_owned()),
            message: message.into(),
        }
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.path {
            Some(p) => write!(f, "fel[{}]: `{}`: {}", self.code, p.display(), self.message),
            None => write!(f, "fel[{}]: {}", self.code, self.message),
        }
    }
}

impl std::error::Error for LoadError {}

/// One pack served.
#[derive(Debug)]
pub struct Served {
    /// The pack.
    pub pack: Arc<Pack>,
    /// The file it was read from.
    pub path: PathBuf,
    /// The dates from which the pack's norms (parameters, table rows) change, sorted.
    pub norm_dates: Vec<String>,
}

/// A decision route: the decision's name and the pack that decides it.
#[derive(Debug, Clone)]
pub struct Route {
    /// The index of the pack in [`Catalog::packs`].
    pub pack: usize,
    /// `beslut` or `beslutsstöd`.
    pub kind: &'static str,
    /// The lagrum of the decision (`enligt`).
    pub enligt: Option<String>,
}

/// The packs served and their decisions by name.
#[derive(Debug)]
pub struct Catalog {
    packs: Vec<Served>,
    routes: BTreeMap<String, Route>,
}

impl Catalog {
    /// Loads every pack of `paths` under the trusted keys of `key_paths` (none: any sound
    /// pack, signed or not). Every problem found is returned, not only the first.
    pub fn load(paths: &[PathBuf], key_paths: &[PathBuf]) -> Result<Catalog, Vec<LoadError>> {
        let trusted = crate::keyfiles::trusted(key_paths).map_err(|e| vec![e])?;
        let mut errors = Vec::new();
        let mut files = Vec::new();
        for path in paths {
            if path.is_dir() {
                match files_with_extension(path, PACK_EXTENSION) {
                    Ok(found) if found.is_empty() => errors.push(LoadError::new(
                        Code::E0530,
                        path,
                        "katalogen har inget regelpaket (`*.paket`)",
                    )),
                    Ok(found) => files.extend(found),
                    Err(e) => errors.push(e),
                }
            } else {
                files.push(path.clone());
            }
        }
        if paths.is_empty() {
            errors.push(LoadError {
                code: Code::E0530,
                path: None,
                message: "inget regelpaket angivet (`--paket`)".to_owned(),
            });
        }
        let mut packs = Vec::new();
        for file in files {
            match load_pack(&file, trusted.as_ref()) {
                Ok(pack) => packs.push(pack),
                Err(e) => errors.push(e),
            }
        }
        let mut routes = BTreeMap::new();
        for (index, served) in packs.iter().enumerate() {
            for d in &served.pack.program().decisions {
                let route = Route {
                    pack: index,
                    kind: d.kind.as_str(),
                    enligt: d.enligt.clone(),
                };
                if routes.insert(d.name.clone(), route).is_some() {
                    errors.push(LoadError::new(
                        Code::E0530,
                        &served.path,
                        format!(
                            "beslutet `{}` finns redan i ett annat regelpaket; ett beslut kan bara ha ett regelpaket",
                            d.name
                        ),
                    ));
                }
            }
        }
        if errors.is_empty() {
            Ok(Catalog { packs, routes })
        } else {
            Err(errors)
        }
    }

    /// A catalog without packs (for the tests of what does not decide).
    #[cfg(test)]
    pub(crate) fn empty() -> Catalog {
        Catalog {
            packs: Vec::new(),
            routes: BTreeMap::new(),
        }
    }

    /// The packs served, in the order they were loaded.
    pub fn packs(&self) -> &[Served] {
        &self.packs
    }

    /// The decisions served, by name.
    pub fn routes(&self) -> &BTreeMap<String, Route> {
        &self.routes
    }

    /// The decision `name` and its pack.
    pub fn route(&self, name: &str) -> Option<(&Route, &Served)> {
        let route = self.routes.get(name)?;
        let served = self.packs.get(route.pack)?;
        Some((route, served))
    }
}

/// Reads, checks and (under `trusted`) verifies one pack file, and compiles its native code
/// now rather than on the first case.
fn load_pack(path: &Path, trusted: Option<&TrustedKeys>) -> Result<Served, LoadError> {
    if path.extension().is_some_and(|e| e == "regel") {
        return Err(LoadError::new(
            Code::E0530,
            path,
            "en regelfil är inget regelpaket; bygg den med `delegat build` (och signera den)",
        ));
    }
    let unreadable = |e: std::io::Error| {
        LoadError::new(
            Code::E0530,
            path,
            format!("filen kan inte läsas: {}", io_reason(&e)),
        )
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.len() > MAX_PACK_BYTES {
        return Err(LoadError::new(
            Code::E0501,
            path,
            "filen är för stor för att vara ett regelpaket",
        ));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let pack = match trusted {
        Some(keys) => Pack::load_trusted(&bytes, keys),
        None => Pack::load(&bytes),
    }
    .map_err(|e| LoadError::new(e.code(), path, e.to_string()))?;
    // Compile the native code now (a refusal is no error: the interpreter decides).
    let _ = pack.engine(Engine::Jit);
    let norm_dates = norm_dates(&pack);
    Ok(Served {
        pack: Arc::new(pack),
        path: path.to_owned(),
        norm_dates,
    })
}

/// The distinct dates from which a parameter or table of the pack has a version, sorted.
fn norm_dates(pack: &Pack) -> Vec<String> {
    let mut dates: Vec<_> = pack
        .program()
        .params
        .iter()
        .flat_map(|p| p.versions.iter().map(|v| v.from))
        .collect();
    dates.sort();
    dates.dedup();
    dates.iter().map(ToString::to_string).collect()
}

/// The regular files of `dir` (not searched recursively) ending in `.ext`, sorted.
pub(crate) fn files_with_extension(dir: &Path, ext: &str) -> Result<Vec<PathBuf>, LoadError> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        LoadError::new(
            Code::E0530,
            dir,
            format!("katalogen kan inte läsas: {}", io_reason(&e)),
        )
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    Ok(files)
}

/// A short Swedish reason for an IO error.
pub(crate) fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "filen finns inte".to_owned(),
        std::io::ErrorKind::PermissionDenied => "behörighet saknas".to_owned(),
        _ => e.to_string(),
    }
}
