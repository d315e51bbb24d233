//! `delegat build FIL.regel -o PAKET`: checks a rule file (legality included) and writes
//! the rule pack. A file `delegat check` refuses is refused here too.

use std::path::PathBuf;

use clap::Args;

use crate::cli::Status;
use crate::packs;

/// `delegat build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// Regelfilen att bygga.
    #[arg(value_name = "FIL.regel", help_heading = "Argument")]
    pub file: PathBuf,
    /// Filen som regelpaketet skrivs till.
    #[arg(short = 'o', long = "utdata", value_name = "PAKET")]
    pub output: PathBuf,
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
    let pack = match packs::open(&args.file) {
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
    let bytes = match pack.to_bytes() {
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
    eprintln!(
        "Byggde `{}` till `{}` (kontrollsumma {}).",
        args.file.display(),
        args.output.display(),
        pack.hash()
    );
    Status::Ok
}
