//! Reading the nämnd's trusted public keys for the service (`--betrodda-nycklar FIL|KATALOG`):
//! each path a public key file, or a directory whose `*.pub` files are each one; the key
//! file format is the runtime's (`delegat::PublicKey`, `docs/paket.md`).

use std::path::{Path, PathBuf};

use delegat::{PublicKey, TrustedKeys};
use delegat_diagnostics::Code;

use crate::catalog::LoadError;

/// Key files larger than this are refused rather than read (a key file is a few lines).
const MAX_KEY_BYTES: u64 = 64 * 1024;

/// The trusted keys of `paths`; `None` when no path was given.
pub fn trusted(paths: &[PathBuf]) -> Result<Option<TrustedKeys>, LoadError> {
    if paths.is_empty() {
        return Ok(None);
    }
    let mut keys = TrustedKeys::new();
    for path in paths {
        if path.is_dir() {
            let files = crate::catalog::files_with_extension(path, "pub")?;
            if files.is_empty() {
                return Err(LoadError::new(
                    Code::E0506,
                    path,
                    "katalogen har ingen publik nyckel (`*.pub`)",
                ));
            }
            for file in files {
                keys.add(read_public(&file)?);
            }
        } else {
            keys.add(read_public(path)?);
        }
    }
    Ok(Some(keys))
}

fn read_public(path: &Path) -> Result<PublicKey, LoadError> {
    let unreadable = |e: std::io::Error| {
        LoadError::new(
            Code::E0506,
            path,
            format!(
                "nyckelfilen kan inte läsas: {}",
                crate::catalog::io_reason(&e)
            ),
        )
    };
    let meta = std::fs::metadata(path).map_err(unreadable)?;
    if meta.len() > MAX_KEY_BYTES {
        return Err(LoadError::new(
            Code::E0506,
            path,
            "filen är för stor för att vara en nyckelfil",
        ));
    }
    let bytes = std::fs::read(path).map_err(unreadable)?;
    let text = String::from_utf8(bytes).map_err(|_| {
        LoadError::new(
            Code::E0506,
            path,
            "filen är ingen nyckelfil (inte text i UTF-8)",
        )
    })?;
    PublicKey::parse(&text).map_err(|e| LoadError::new(e.code(), path, e.to_string()))
}
