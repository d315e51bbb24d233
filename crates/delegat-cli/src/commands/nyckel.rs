//! `delegat nyckel ny [--namn NAMN] -o FIL`: makes the nämnd's Ed25519 key pair: the secret
//! key in FIL (owner-only permissions) and the public key in `FIL.pub`. Neither file may
//! exist already: a secret key is never overwritten.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use delegat::SecretKey;
use delegat_diagnostics::Code;

use crate::cli::{Status, TEMPLATE};
use crate::keyfiles;
use crate::packs::io_reason;

/// `delegat nyckel`.
#[derive(Debug, Args)]
pub struct NyckelArgs {
    /// Vad som ska göras med nycklar.
    #[command(subcommand)]
    pub command: NyckelCommand,
}

/// The subcommands of `delegat nyckel`.
#[derive(Debug, Subcommand)]
pub enum NyckelCommand {
    /// Skapa ett nytt nyckelpar: en hemlig nyckel (FIL) och en publik (FIL.pub).
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat nyckel ny [--namn NAMN] -o <FIL>"
    )]
    Ny(NyArgs),
}

/// `delegat nyckel ny`.
#[derive(Debug, Args)]
pub struct NyArgs {
    /// Nyckelns namn, t.ex. `Socialnämnden 2026` (standard: filens namn).
    #[arg(long, value_name = "NAMN")]
    pub namn: Option<String>,
    /// Filen som den hemliga nyckeln skrivs till; den publika skrivs till FIL.pub.
    #[arg(short = 'o', long = "utdata", value_name = "FIL")]
    pub output: PathBuf,
}

/// Runs `delegat nyckel …`.
pub fn run(args: &NyckelArgs) -> Status {
    match &args.command {
        NyckelCommand::Ny(a) => new_pair(a),
    }
}

/// Makes and writes the key pair.
fn new_pair(args: &NyArgs) -> Status {
    let public_path = keyfiles::public_path(&args.output);
    for path in [&args.output, &public_path] {
        if path.exists() {
            eprintln!(
                "fel[{}]: `{}` finns redan; en nyckel skrivs aldrig över",
                Code::E0506,
                path.display()
            );
            return Status::Usage;
        }
    }
    let name = args.namn.clone().unwrap_or_else(|| {
        args.output
            .file_stem()
            .map_or_else(String::new, |s| s.to_string_lossy().into_owned())
    });
    let key = match SecretKey::generate(&name) {
        Ok(k) => k,
        Err(e) => {
            eprintln!("fel[{}]: {e}", e.code());
            return Status::Refused;
        }
    };
    for (path, text, secret) in [
        (&args.output, key.to_file_text(), true),
        (&public_path, key.public_key().to_file_text(), false),
    ] {
        if let Err(e) = keyfiles::write_new(path, &text, secret) {
            eprintln!(
                "fel[{}]: `{}` kan inte skrivas: {}",
                Code::E0506,
                path.display(),
                io_reason(&e)
            );
            return Status::Usage;
        }
    }
    eprintln!(
        "Skapade nyckeln `{}` med id {}.\n  Hemlig nyckel: `{}` (bara för den som signerar regelpaket; förvara den säkert)\n  Publik nyckel: `{}` (installeras där besluten fattas: `--betrodda-nycklar`)",
        key.name(),
        key.id(),
        args.output.display(),
        public_path.display()
    );
    Status::Ok
}
