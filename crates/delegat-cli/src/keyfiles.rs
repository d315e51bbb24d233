//! Key files on disk: the nämnd's trusted public keys (`--betrodda-nycklar FIL|KATALOG`),
//! the secret key that signs (`--signera`, `--nyckel`), and writing a new key pair with the
//! secret key readable by its owner only. The key file format is the runtime's
//! (`delegat::PublicKey`, `delegat::SecretKey`; `docs/paket.md`).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use delegat::{KeyError, PublicKey, SecretKey, TrustedKeys};
use delegat_diagnostics::Code;

use crate::cli::Status;
use crate::packs::io_reason;

/// Key files larger than this are refused rather than read (a key file is a few lines).
const MAX_KEY_BYTES: u64 = 64 * 1024;

/// The extension of a public key file, added to the secret key file's name.
pub const PUBLIC_EXTENSION: &str = "pub";

/// The trusted keys of `--betrodda-nycklar`: each path a public key file, or a directory
/// whose `*.pub` files (not searched recursively) are each one. `None` when no path was
/// given. Errors are printed.
pub fn trusted(paths: &[PathBuf]) -> Result<Option<TrustedKeys>, Status> {
    if paths.is_empty() {
        return Ok(None);
    }
    let mut keys = TrustedKeys::new();
    for path in paths {
        if path.is_dir() {
            let files = public_files(path)?;
            if files.is_empty() {
                eprintln!(
                    "fel[{}]: katalogen `{}` har ingen publik nyckel (`*.{PUBLIC_EXTENSION}`)",
                    Code::E0506,
                    path.display()
                );
                return Err(Status::Usage);
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

/// The `*.pub` files of `dir`, sorted.
fn public_files(dir: &Path) -> Result<Vec<PathBuf>, Status> {
    let entries = std::fs::read_dir(dir).map_err(|e| {
        eprintln!(
            "fel: katalogen `{}` kan inte läsas: {}",
            dir.display(),
            io_reason(&e)
        );
        Status::Usage
    })?;
    let mut files: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == PUBLIC_EXTENSION))
        .collect();
    files.sort();
    Ok(files)
}

/// Reads a public key file. Errors are printed.
fn read_public(path: &Path) -> Result<PublicKey, Status> {
    let text = read(path)?;
    PublicKey::parse(&text).map_err(|e| key_error(path, &e))
}

/// Reads the secret key file that signs. Errors are printed.
pub fn read_secret(path: &Path) -> Result<SecretKey, Status> {
    let text = read(path)?;
    SecretKey::parse(&text).map_err(|e| key_error(path, &e))
}

/// Prints a key file's error; the status of a refused file.
fn key_error(path: &Path, e: &KeyError) -> Status {
    eprintln!("fel[{}]: `{}`: {e}", e.code(), path.display());
    Status::Refused
}

/// A key file's text. Errors are printed.
fn read(path: &Path) -> Result<String, Status> {
    let fail = |e: &std::io::Error| {
        eprintln!(
            "fel: nyckelfilen `{}` kan inte läsas: {}",
            path.display(),
            io_reason(e)
        );
        Status::Usage
    };
    let meta = std::fs::metadata(path).map_err(|e| fail(&e))?;
    if meta.len() > MAX_KEY_BYTES {
        eprintln!(
            "fel[{}]: `{}` är för stor för att vara en nyckelfil",
            Code::E0506,
            path.display()
        );
        return Err(Status::Refused);
    }
    let bytes = std::fs::read(path).map_err(|e| fail(&e))?;
    String::from_utf8(bytes).map_err(|_| {
        eprintln!(
            "fel[{}]: `{}` är ingen nyckelfil (inte text i UTF-8)",
            Code::E0506,
            path.display()
        );
        Status::Refused
    })
}

/// The public key file written beside the secret key file `secret`: `FIL.pub`.
pub fn public_path(secret: &Path) -> PathBuf {
    let mut name = secret.as_os_str().to_owned();
    name.push(".");
    name.push(PUBLIC_EXTENSION);
    PathBuf::from(name)
}

/// Writes a new file that must not exist yet; `secret` makes it readable and writable by
/// its owner only (mode 0600 on Unix), from its creation on.
pub fn write_new(path: &Path, text: &str, secret: bool) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(if secret { 0o600 } else { 0o644 });
    }
    #[cfg(not(unix))]
    let _ = secret;
    let mut file = options.open(path)?;
    file.write_all(text.as_bytes())?;
    file.sync_all()
}
