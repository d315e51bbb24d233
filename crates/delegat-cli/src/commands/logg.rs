//! `delegat logg …`: the decision log written by `run --logg` and `batch --logg`
//! (`docs/beslutslogg.md`): `verifiera` recomputes the chain and names the first record
//! changed, removed, moved or inserted (and, with `--kontrollpunkt`, proves that the log
//! still extends a minuted head); `kontrollpunkt` prints the head for the nämnd's protocol;
//! `ompröva` decides logged cases again from the archived pack on both engines; `visa`
//! prints one decision as it was made; `gallra` removes the personal data of older records.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use delegat_log::{
    Checkpoint, Location, LogError, ReceiptId, ReplayFilter, Store, open_store, regenerate, replay,
    verify,
};

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
    /// Fatta de loggade besluten på nytt med det arkiverade regelpaketet, på båda motorerna,
    /// och jämför med de loggade.
    #[command(
        name = "ompröva",
        alias = "omprova",
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat logg ompröva <LOGG> [--från DATUM] [--till DATUM] [--paket HASH]"
    )]
    Omprova(OmprovaArgs),
    /// Visa ett loggat beslut som det fattades: beslutsbrevet eller JSON.
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat logg visa <LOGG> <KVITTO> [--format text|json]"
    )]
    Visa(VisaArgs),
    /// Gallra: ta bort uppgifterna och sparade beslutsdokument i beslut loggade före
    /// DATUM; utfall, belopp, kontrollsummor och kedjan finns kvar.
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat logg gallra <LOGG> --före <DATUM>"
    )]
    Gallra(GallraArgs),
    /// Skapa eller uppgradera beslutsloggens tabeller i en PostgreSQL-databas (körs som
    /// databasens ägarroll; se docs/drift-postgresql.md).
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat logg migrera <LOGG>"
    )]
    Migrera(LogArg),
}

/// `delegat logg gallra`.
#[derive(Debug, Args)]
pub struct GallraArgs {
    /// The log.
    #[command(flatten)]
    pub log: LogArg,
    /// Gallra beslut loggade före denna dag (ÅÅÅÅ-MM-DD, dygn i UTC).
    #[arg(long = "före", alias = "fore", value_name = "DATUM")]
    pub fore: String,
}

/// `delegat logg ompröva`.
#[derive(Debug, Args)]
pub struct OmprovaArgs {
    /// The log.
    #[command(flatten)]
    pub log: LogArg,
    /// Bara beslut loggade denna dag eller senare (ÅÅÅÅ-MM-DD, dygn i UTC).
    #[arg(long = "från", alias = "fran", value_name = "DATUM")]
    pub fran: Option<String>,
    /// Bara beslut loggade till och med denna dag (ÅÅÅÅ-MM-DD, dygn i UTC).
    #[arg(long = "till", value_name = "DATUM")]
    pub till: Option<String>,
    /// Bara beslut fattade av regelpaketet med denna kontrollsumma (eller dess början).
    #[arg(long = "paket", value_name = "HASH")]
    pub paket: Option<String>,
}

/// `delegat logg visa`.
#[derive(Debug, Args)]
pub struct VisaArgs {
    /// The log.
    #[command(flatten)]
    pub log: LogArg,
    /// Beslutets kvitto.
    #[arg(value_name = "KVITTO", help_heading = "Argument")]
    pub kvitto: String,
    /// `text` (standard): kvittots uppgifter och beslutsbrevet; `json`: beslutsdokumentet
    /// exakt som det fattades (en rad).
    #[arg(
        long,
        value_enum,
        default_value = "text",
        value_name = "FORMAT",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub format: VisaFormat,
}

/// How `visa` writes the decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum VisaFormat {
    /// Kvittot och beslutsbrevet.
    Text,
    /// Beslutsdokumentet (JSON).
    Json,
}

/// The log file.
#[derive(Debug, Args)]
pub struct LogArg {
    /// Beslutsloggen (skapad av `run --logg` eller `batch --logg`): en fil, eller en
    /// PostgreSQL-databas som `postgres://ROLL@VÄRD/DATABAS`.
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
        LoggCommand::Omprova(a) => omprova(a),
        LoggCommand::Visa(a) => visa(a),
        LoggCommand::Gallra(a) => gallra(a),
        LoggCommand::Migrera(a) => migrera(&a.log),
    }
}

/// Opens an existing log (a file, or a database by its `postgres://` URL) for reading
/// (errors printed).
pub fn open(path: &Path) -> Result<Box<dyn Store>, Status> {
    open_store(&Location::of(path), false).map_err(|e| log_error(&e))
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
    let v = match verify(store.as_mut(), checkpoint.as_ref()) {
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
    if v.signatures > 0 {
        line.push_str(&format!(
            " ({} {} med paketen håller)",
            v.signatures,
            if v.signatures == 1 {
                "signatur"
            } else {
                "signaturer"
            }
        ));
    }
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
    match verify(store.as_mut(), None) {
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

/// A day of the command line (errors printed).
pub fn day(text: Option<&str>) -> Result<Option<delegat::Date>, Status> {
    match text {
        None => Ok(None),
        Some(t) => delegat::Date::parse(t).map(Some).map_err(|_| {
            eprintln!("fel: `{t}` är inget datum (ÅÅÅÅ-MM-DD)");
            Status::Usage
        }),
    }
}

fn omprova(args: &OmprovaArgs) -> Status {
    let (from, till) = match (day(args.fran.as_deref()), day(args.till.as_deref())) {
        (Ok(f), Ok(t)) => (f, t),
        (Err(s), _) | (_, Err(s)) => return s,
    };
    // `--till` is inclusive: up to the first receipt of the next day.
    let until = till
        .and_then(|d| delegat::Date::from_days(i64::from(d.days()) + 1).ok())
        .map(ReceiptId::first_of_day);
    let filter = ReplayFilter {
        from: from.map(ReceiptId::first_of_day),
        until,
        pack: args.paket.clone(),
    };
    let mut store = match open(&args.log.log) {
        Ok(s) => s,
        Err(s) => return s,
    };
    let report = match replay(store.as_mut(), &filter) {
        Ok(r) => r,
        Err(e) => return log_error(&e),
    };
    println!(
        "{} omprövade, {} lika, {} olika.",
        report.replayed, report.equal, report.different
    );
    if report.signatures > 0 {
        println!(
            "Regelpaketens arkiverade signaturer ({}) håller.",
            report.signatures
        );
    }
    if report.gallrade > 0 {
        println!(
            "{} gallrade beslut (uppgifterna borttagna) omprövades inte.",
            report.gallrade
        );
    }
    if report.other_format > 0 {
        let versions: Vec<String> = report
            .other_format_versions
            .iter()
            .map(u32::to_string)
            .collect();
        println!(
            "{} beslut fattades med regelpaket i formatversion {}, som den här versionen av \
             Delegat (formatversion {}) inte kör: paketen är oförändrade, men besluten har inte \
             omprövats. Ompröva dem med den version av Delegat som fattade dem.",
            report.other_format,
            versions.join(", "),
            delegat::PACK_FORMAT_VERSION
        );
    }
    for d in &report.differences {
        println!(
            "olika: post {}, kvitto {} ({}): {}: loggat {}, nu {}",
            d.seq,
            d.id,
            d.engine.as_str(),
            d.field,
            d.logged,
            d.replayed
        );
    }
    if report.different > 0 {
        let code = delegat_diagnostics::Code::E0518;
        eprintln!(
            "fel[{code}]: {} beslut gav inte det loggade beslutet. Skriv `delegat explain \
             {code}` för en förklaring.",
            report.different
        );
        return Status::Refused;
    }
    if report.other_format > 0 {
        let code = delegat_diagnostics::Code::E0520;
        eprintln!(
            "fel[{code}]: {} beslut kunde inte omprövas med den här versionen av Delegat. \
             Skriv `delegat explain {code}` för en förklaring.",
            report.other_format
        );
        return Status::Refused;
    }
    Status::Ok
}

fn visa(args: &VisaArgs) -> Status {
    let Some(id) = ReceiptId::parse(&args.kvitto) else {
        return log_error(&LogError::UnknownReceipt(args.kvitto.clone()));
    };
    let mut store = match open(&args.log.log) {
        Ok(s) => s,
        Err(s) => return s,
    };
    let regenerated = match regenerate(store.as_mut(), id) {
        Ok(r) => r,
        Err(e) => return log_error(&e),
    };
    let r = &regenerated.record;
    match (&regenerated.decision, args.format) {
        (Some((doc, _)), VisaFormat::Json) => {
            println!("{}", String::from_utf8_lossy(doc));
        }
        (Some((_, decision)), VisaFormat::Text) => {
            print!("{}", receipt_text(r, regenerated.signature.as_ref()));
            println!("Beslutsdokumentets kontrollsumma stämmer med loggen.\n");
            print!("{}", decision.letter());
        }
        (None, _) => {
            print!("{}", receipt_text(r, regenerated.signature.as_ref()));
            println!(
                "Beslutet är gallrat: uppgifterna och beslutsdokumentet har tagits bort. Kvar \
                 finns utfallet ({}){} och dokumentets kontrollsumma {}.",
                r.utfall.as_str(),
                r.belopp
                    .map(|m| format!(", beloppet {} öre", m.ore()))
                    .unwrap_or_default(),
                delegat_log::hex(&r.document_digest)
            );
        }
    }
    Status::Ok
}

/// The receipt's facts, one per line; for a signed pack, who signed it and whether the
/// signature archived with it still holds.
fn receipt_text(
    r: &delegat_log::Record,
    signature: Option<&(delegat_log::ArchivedSignature, delegat::PublicKey)>,
) -> String {
    let mut s = format!(
        "Kvitto: {}\nLoggat: {} (post {})\nRegelpaket: {}\nBeslut: {} (motor: {})\n\
         Beslutsdatum: {}\n",
        r.id,
        r.id.time(),
        r.seq,
        r.source.pack,
        r.source.decision,
        r.source.engine.as_str(),
        r.date
    );
    match (&r.source.signer, signature) {
        (Some(_), Some((archived, key))) => s.push_str(&format!(
            "Signerat av nyckel: {} ({})\nSignatur (Ed25519): {}\n\
             Signaturen finns i loggens arkiv och håller för regelpaketet.\n",
            key.id(),
            key.name(),
            archived.ed25519
        )),
        (Some(signer), None) => s.push_str(&format!(
            "Signerat av nyckel: {signer}\nSignaturen finns inte i loggens arkiv (beslutet \
             loggades innan arkivet sparade signaturer).\n"
        )),
        (None, _) => {}
    }
    if let Some(ext) = &r.ext_ref {
        s.push_str(&format!("Referens: {ext}\n"));
    }
    s
}

fn gallra(args: &GallraArgs) -> Status {
    let before = match day(Some(&args.fore)) {
        Ok(Some(d)) => d,
        Ok(None) => return Status::Usage,
        Err(s) => return s,
    };
    let mut store = match open(&args.log.log) {
        Ok(s) => s,
        Err(s) => return s,
    };
    match store.gallra(ReceiptId::first_of_day(before)) {
        Ok(n) => {
            println!(
                "{n} beslut loggade före {before} gallrade: uppgifterna och sparade \
                 beslutsdokument är borttagna ur loggen. Utfall, belopp, kontrollsummor och \
                 kedjan finns kvar."
            );
            Status::Ok
        }
        Err(e) => log_error(&e),
    }
}

/// `delegat logg migrera`: creates the log's tables in an empty PostgreSQL database or
/// applies the migrations it lacks (an SQLite file is created or opened as it is).
fn migrera(path: &Path) -> Status {
    let location = Location::of(path);
    match open_store(&location, true) {
        Ok(_) => {
            match location {
                Location::Postgres(_) => println!(
                    "Beslutsloggen i {location} har schemaversion {}.",
                    delegat_log::PG_SCHEMA_VERSION
                ),
                Location::File(_) => {
                    println!(
                        "Beslutsloggen {location} har formatet {}.",
                        delegat_log::FORMAT
                    );
                }
            }
            Status::Ok
        }
        Err(e) => log_error(&e),
    }
}
