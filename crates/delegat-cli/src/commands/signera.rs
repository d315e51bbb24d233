//! `delegat signera PAKET --nyckel FIL [--kontrollsumma HASH] [-o UTDATA]`: signs a built
//! pack with the nämnd's secret key. The pack is read and checked as any pack is; with
//! `--kontrollsumma` it must be the pack the nämnd adopted (the hash in its protocol). The
//! signed pack replaces PAKET (written beside it, then renamed), or goes to UTDATA.

use std::path::{Path, PathBuf};

use clap::Args;

use crate::cli::Status;
use crate::{keyfiles, packs};

/// `delegat signera`.
#[derive(Debug, Args)]
pub struct SigneraArgs {
    /// Regelpaketet att signera.
    #[arg(value_name = "PAKET", help_heading = "Argument")]
    pub pack: PathBuf,
    /// Nämndens hemliga nyckel (`delegat nyckel ny`).
    #[arg(long, value_name = "FIL")]
    pub nyckel: PathBuf,
    /// Signera bara om paketets kontrollsumma är denna (den som står i nämndens protokoll).
    #[arg(long, value_name = "HASH")]
    pub kontrollsumma: Option<String>,
    /// Skriv det signerade paketet hit i stället för att ersätta PAKET.
    #[arg(short = 'o', long = "utdata", value_name = "UTDATA")]
    pub output: Option<PathBuf>,
}

/// Signs and writes the pack.
pub fn run(args: &SigneraArgs) -> Status {
    if args.pack.extension().is_some_and(|e| e == "regel") {
        eprintln!(
            "fel: `{}` är en regelfil; bygg och signera den med `delegat build {} -o PAKET --signera {}`",
            args.pack.display(),
            args.pack.display(),
            args.nyckel.display()
        );
        return Status::Usage;
    }
    let key = match keyfiles::read_secret(&args.nyckel) {
        Ok(k) => k,
        Err(s) => return s,
    };
    let pack = match packs::open(&args.pack, None) {
        Ok(p) => p,
        Err(s) => return s,
    };
    if let Some(want) = &args.kontrollsumma
        && !want.trim().eq_ignore_ascii_case(&pack.hash())
    {
        eprintln!(
            "fel: `{}` har kontrollsumman {}, inte {}; paketet signeras inte",
            args.pack.display(),
            pack.hash(),
            want.trim()
        );
        return Status::Refused;
    }
    let bytes = match pack.to_signed_bytes(&key) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("fel[{}]: {e}", e.code());
            return Status::Refused;
        }
    };
    let target = args.output.as_deref().unwrap_or(&args.pack);
    if let Err(e) = replace(target, &bytes) {
        eprintln!(
            "fel: `{}` kan inte skrivas: {}",
            target.display(),
            packs::io_reason(&e)
        );
        return Status::Usage;
    }
    eprintln!(
        "Signerade `{}` (kontrollsumma {}) med nyckeln `{}` (id {}).",
        target.display(),
        pack.hash(),
        key.name(),
        key.id()
    );
    Status::Ok
}

/// Writes `bytes` to `path` whole or not at all: to a file beside it, then renamed over it.
pub fn replace(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(".signeras");
    let temp = PathBuf::from(temp);
    std::fs::write(&temp, bytes)?;
    std::fs::rename(&temp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temp);
    })
}
