//! `delegat logg …`: the decision log written by `run --logg` and `batch --logg`
//! (`docs/beslutslogg.md`): `verifiera` recomputes the chain and names the first record
//! changed, removed, moved or inserted (and, with `--kontrollpunkt`, proves that the log
//! still extends a minuted head); `kontrollpunkt` prints the head for the nämnd's protocol.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use delegat_log::{Checkpoint, LogError, SqliteStore, verify};

use crate::cli::{Status, TEMPLATE};
use crate::packs::io_reason;

/// `delegat logg`.
#[derive(Debug, Args)]
pub struct LoggArgs {
    /// Vad som ska göras med beslutsloggen.
    #[command(subcommand)]
    pub command: LoggCommand,
}

/// The subcommands of `delegat logg`.
#[derive(Debug, Subcommand)]
pub enum LoggCommand {
    /// Kontrollera att loggen är oförändrad: kedjan, sparade dokument och paketarkivet.
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat logg verifiera <LOGG> [--kontrollpunkt FIL]"
    )]
    Verifiera(VerifieraArgs),
    /// Skriv loggens kontrollpunkt (antal, sista kvitto, kedja, tid) för nämndens protokoll.
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat logg kontrollpunkt <LOGG>"
    )]
    Kontrollpunkt(LogArg),
}

/// The log file.
#[derive(Debug, Args)]
pub struct LogArg {
    /// Beslutsloggen (skapad av `run --logg` eller `batch --logg`).
    #[arg(value_name = "LOGG", help_heading = "Argument")]
    pub log: PathBuf,
}

/// `delegat logg verifiera`.
#[derive(Debug, Args)]
pub struct VerifieraArgs {
    /// The log.
    #[command(flatten)]
    pub log: LogArg,
    /// En fil med en kontrollpunkt från `delegat logg kontrollpunkt` (till exempel ur
    /// nämndens protokoll): loggen måste fortsätta den.
    #[arg(long, value_name = "FIL")]
    pub kontrollpunkt: Option<PathBuf>,
}

/// Runs `delegat logg …`.
pub fn run(args: &LoggArgs) -> Status {
    match &args.command {
        LoggCommand::Verifiera(a) => verifiera(a),
        LoggCommand::Kontrollpunkt(a) => kontrollpunkt(&a.log),
    }
}

/// Opens an existing log for reading (errors printed).
pub fn open(path: &Path) -> Result<SqliteStore, Status> {
    SqliteStore::open(path, false).map_err(|e| log_error(&e))
}

/// Prints a log error; the status to exit with.
pub fn log_error(e: &LogError) -> Status {
    eprintln!("fel[{}]: {e}", e.code());
    eprintln!("Skriv `delegat explain {}` för en förklaring.", e.code());
    match e {
        LogError::Open(_) => Status::Usage,
        _ => Status::Refused,
    }
}

fn verifiera(args: &VerifieraArgs) -> Status {
    let checkpoint = match &args.kontrollpunkt {
        None => None,
        Some(path) => match std::fs::read_to_string(path) {
            Ok(text) => match Checkpoint::parse(&text) {
                Ok(cp) => Some(cp),
                Err(e) => {
                    eprintln!("fel[{}]: `{}`: {e}", e.code(), path.display());
                    return Status::Refused;
                }
            },
            Err(e) => {
                eprintln!(
                    "fel: `{}` kan inte läsas: {}",
                    path.display(),
                    io_reason(&e)
                );
                return Status::Usage;
            }
        },
    };
    let mut store = match open(&args.log.log) {
        Ok(s) => s,
        Err(s) => return s,
    };
    let v = match verify(&mut store, checkpoint.as_ref()) {
        Ok(v) => v,
        Err(e) => return log_error(&e),
    };
    if let Some(p) = &v.problem {
        eprintln!("fel[{}]: {p}", p.code());
        eprintln!(
            "{} poster före den stämmer. Skriv `delegat explain {}` för en förklaring.",
            v.head.count,
            p.code()
        );
        return Status::Refused;
    }
    let mut line = format!(
        "Loggen är oförändrad: {} beslut, kedjan stämmer, {} regelpaket i arkivet",
        v.head.count, v.packs
    );
    if v.gallrade > 0 {
        line.push_str(&format!(", {} beslut gallrade", v.gallrade));
    }
    if let Some(cp) = &checkpoint {
        line.push_str(&format!(
            "; loggen fortsätter kontrollpunkten med {} beslut från {}",
            cp.count, cp.time
        ));
    }
    println!("{line}.");
    Status::Ok
}

fn kontrollpunkt(path: &Path) -> Status {
    let mut store = match open(path) {
        Ok(s) => s,
        Err(s) => return s,
    };
    match verify(&mut store, None) {
        Ok(v) => match &v.problem {
            Some(p) => {
                eprintln!("fel[{}]: {p}", p.code());
                eprintln!("Ingen kontrollpunkt skrivs för en logg som inte är hel.");
                Status::Refused
            }
            None => {
                print!("{}", Checkpoint::of(&v.head));
                Status::Ok
            }
        },
        Err(e) => log_error(&e),
    }
}
