//! `delegat build FIL.regel -o PAKET [--signera NYCKEL]`: checks a rule file (legality
//! included) and writes the rule pack, signed with the nämnd's secret key when asked. A file
//! `delegat check` refuses is refused here too.

use std::path::PathBuf;

use clap::Args;

use crate::cli::Status;
use crate::{keyfiles, packs};

/// `delegat build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Regelfilen att bygga.
    #[arg(value_name = "FIL.regel", help_heading = "Argument")]
    pub file: PathBuf,
    /// Filen som regelpaketet skrivs till.
    #[arg(short = 'o', long = "utdata", value_name = "PAKET")]
    pub output: PathBuf,
    /// Signera paketet med nämndens hemliga nyckel (`delegat nyckel ny`).
    #[arg(long, value_name = "NYCKEL")]
    pub signera: Option<PathBuf>,
}

/// Builds and writes the pack.
pub fn run(args: &BuildArgs) -> Status {
    if args.file.extension().is_none_or(|e| e != "regel") {
        eprintln!(
            "fel: `{}` är ingen regelfil (`.regel`)",
            args.file.display()
        );
        return Status::Usage;
    }
    let key = match args
        .signera
        .as_deref()
        .map(keyfiles::read_secret)
        .transpose()
    {
        Ok(k) => k,
        Err(status) => return status,
    };
    let pack = match packs::open(&args.file, None) {
        Ok(p) => p,
        Err(status) => return status,
    };
    if !pack.warnings().is_empty()
        && let Some(map) = pack.sources()
    {
        eprint!(
            "{}",
            delegat_diagnostics::render::human(map, pack.warnings(), false)
        );
    }
    let bytes = match key
        .as_ref()
        .map_or_else(|| pack.to_bytes(), |k| pack.to_signed_bytes(k))
    {
        Ok(b) => b,
        Err(e) => {
            eprintln!("fel[{}]: {e}", e.code());
            return Status::Refused;
        }
    };
    if let Err(e) = std::fs::write(&args.output, bytes) {
        eprintln!(
            "fel: `{}` kan inte skrivas: {}",
            args.output.display(),
            packs::io_reason(&e)
        );
        return Status::Usage;
    }
    let signed = key.map_or_else(String::new, |k| {
        format!(", signerat med nyckeln `{}` (id {})", k.name(), k.id())
    });
    eprintln!(
        "Byggde `{}` till `{}` (kontrollsumma {}{signed}).",
        args.file.display(),
        args.output.display(),
        pack.hash()
    );
    Status::Ok
}
