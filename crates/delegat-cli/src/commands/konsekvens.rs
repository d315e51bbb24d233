//! `delegat konsekvens GAMMAL NY (--fall FALL.jsonl | --logg DB [--från … --till …])
//! [--datum D] [--beslut NAMN] [--format html|md|json] [-o FIL] [--tillåt REGLER]
//! [--trådar N]`: what a new rule pack would change, every case decided with both packs,
//! and the CI gate (exit 1 when a limit of `--tillåt` is broken).

use std::borrow::Cow;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use delegat::{Date, Engine};
use delegat_impact::{Gate, Options, compare};
use delegat_log::{Location, Record, open_store};
use delegat_report::impact;

use crate::cli::Status;

/// How the impact report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// En fristående HTML-sida som går att skriva ut.
    Html,
    /// Markdown.
    Md,
    /// JSON för maskiner (belopp i öre).
    Json,
}

/// `delegat konsekvens`.
#[derive(Debug, Args)]
pub struct KonsekvensArgs {
    /// Det gällande regelpaketet (en `.regel`-fil eller ett byggt paket).
    #[arg(value_name = "GAMMAL", help_heading = "Argument", display_order = 1)]
    pub old: PathBuf,
    /// Det nya regelpaketet.
    #[arg(value_name = "NY", help_heading = "Argument", display_order = 2)]
    pub new: PathBuf,
    /// Ärendena: en JSON-rad per ärende.
    #[arg(
        long = "fall",
        value_name = "FALL.jsonl",
        conflicts_with = "logg",
        required_unless_present = "logg"
    )]
    pub fall: Option<PathBuf>,
    /// Ärendena ur en beslutslogg, en fil eller en PostgreSQL-databas (`postgres://…`):
    /// underlaget för varje loggat beslut med beslutets datum.
    #[arg(long = "logg", value_name = "DB")]
    pub logg: Option<PathBuf>,
    /// Med `--logg`: första beslutsdatum (ÅÅÅÅ-MM-DD).
    #[arg(long = "från", value_name = "DATUM", requires = "logg")]
    pub from: Option<String>,
    /// Med `--logg`: sista beslutsdatum, som räknas med.
    #[arg(long = "till", value_name = "DATUM", requires = "logg")]
    pub to: Option<String>,
    /// Pröva varje ärende på detta beslutsdatum i stället för ärendets eget (utan: ärendets
    /// `beslutsdatum`, det loggade beslutets datum, eller i dag).
    #[arg(long = "datum", value_name = "DATUM")]
    pub datum: Option<String>,
    /// Beslutet som jämförs (standard: det gällande paketets första).
    #[arg(long = "beslut", value_name = "NAMN")]
    pub beslut: Option<String>,
    /// Rapportens format.
    #[arg(long = "format", value_enum, default_value = "html")]
    pub format: Format,
    /// Skriv rapporten till FIL i stället för till standard ut.
    #[arg(short = 'o', long = "utdata", value_name = "FIL")]
    pub utdata: Option<PathBuf>,
    /// Gränser för CI, t.ex. "bifall->avslag=0,avslag->bifall<=10,kostnad=+2%" (se
    /// docs/jurist/konsekvens.md);
    /// överskrids en gräns avslutas kommandot med kod 1.
    #[arg(long = "tillåt", alias = "tillat", value_name = "REGLER")]
    pub tillat: Option<String>,
    /// Antal trådar (standard: alla kärnor).
    #[arg(long = "trådar", alias = "tradar", value_name = "N",
          value_parser = clap::value_parser!(u16).range(1..))]
    pub tradar: Option<u16>,
}

fn date(flag: &str, text: Option<&str>) -> Result<Option<Date>, Status> {
    text.map(|t| {
        Date::parse(t).map_err(|_| {
            eprintln!("fel: `--{flag} {t}` är inget datum; skriv ÅÅÅÅ-MM-DD, t.ex. 2026-03-01");
            Status::Usage
        })
    })
    .transpose()
}

fn decider<'p>(
    p: &'p delegat::Pack,
    which: &str,
    beslut: Option<&str>,
) -> Result<delegat::Decider<'p>, Status> {
    let d = p.engine(Engine::Jit).map_err(|e| {
        eprintln!("fel[{}]: det {which} regelpaketet: {e}", e.code());
        Status::Refused
    })?;
    match beslut {
        Some(name) => d.with_decision(name).map_err(|e| {
            eprintln!("fel[{}]: det {which} regelpaketet: {e}", e.code());
            Status::Usage
        }),
        None => Ok(d),
    }
}

/// The case `line` to be decided on `forced`, if given: without its own `beslutsdatum` (a
/// line that is no JSON object is left as it is, and is `ogiltigt` under both packs).
fn dated(line: &str, forced: Option<Date>) -> Cow<'_, str> {
    if forced.is_none() {
        return Cow::Borrowed(line);
    }
    match serde_json::from_str::<serde_json::Value>(line) {
        Ok(serde_json::Value::Object(mut map)) if map.contains_key("beslutsdatum") => {
            map.remove("beslutsdatum");
            Cow::Owned(serde_json::Value::Object(map).to_string())
        }
        _ => Cow::Borrowed(line),
    }
}

/// Compares, writes the report, and applies the gate.
pub fn run(args: &KonsekvensArgs) -> Status {
    match write(args) {
        Ok(s) | Err(s) => s,
    }
}

fn write(args: &KonsekvensArgs) -> Result<Status, Status> {
    let gate = args
        .tillat
        .as_deref()
        .map(Gate::parse)
        .transpose()
        .map_err(|e| {
            eprintln!(
                "fel[{}]: gränserna i `--tillåt` kan inte läsas: {e}",
                e.code()
            );
            eprintln!("Skriv `delegat explain {}` för en förklaring.", e.code());
            Status::Usage
        })?;
    let forced = date("datum", args.datum.as_deref())?;
    let default_date = forced.unwrap_or_else(crate::packs::today);
    let from = date("från", args.from.as_deref())?;
    let to = date("till", args.to.as_deref())?;
    let old_pack = crate::packs::open(&args.old, None)?;
    let new_pack = crate::packs::open(&args.new, None)?;
    let old = decider(&old_pack, "gällande", args.beslut.as_deref())?;
    let name = old.decision_name().to_owned();
    let new = decider(&new_pack, "nya", args.beslut.as_deref())?
        .with_decision(&name)
        .map_err(|e| {
            eprintln!(
                "fel[{}]: det nya regelpaketet har inget beslut `{name}`: {e}",
                e.code()
            );
            Status::Usage
        })?;
    let threads = args.tradar.map_or_else(
        || std::thread::available_parallelism().map_or(1, usize::from),
        usize::from,
    );
    let options = Options {
        date: Some(default_date),
        threads,
        ..Options::default()
    };
    let (facts, read) = compare(old, new, options, |feed| -> Result<u64, Status> {
        if let Some(path) = &args.fall {
            let file = std::fs::File::open(path).map_err(|e| {
                eprintln!(
                    "fel: `{}` kan inte läsas: {}",
                    path.display(),
                    crate::packs::io_reason(&e)
                );
                Status::Usage
            })?;
            // One buffer for every line: reading a case allocates nothing.
            let mut reader = BufReader::new(file);
            let mut line = String::new();
            for i in 1u64.. {
                line.clear();
                let read = reader.read_line(&mut line).map_err(|e| {
                    eprintln!(
                        "fel: `{}` rad {i}: {}",
                        path.display(),
                        crate::packs::io_reason(&e)
                    );
                    Status::Usage
                })?;
                if read == 0 {
                    break;
                }
                // The line without its end, as `BufRead::lines` gives it.
                let case = line.strip_suffix('\n').unwrap_or(&line);
                let case = case.strip_suffix('\r').unwrap_or(case);
                if !case.trim().is_empty() {
                    feed.push(&dated(case, forced), forced);
                }
            }
            return Ok(0);
        }
        let Some(path) = &args.logg else { return Ok(0) };
        let location = Location::of(path);
        let mut store = open_store(&location, false).map_err(|e| {
            eprintln!("fel[{}]: `{location}`: {e}", e.code());
            Status::Usage
        })?;
        let mut gallrade = 0u64;
        store
            .scan(1, &mut |r: Record| {
                let in_period = from.is_none_or(|f| r.date >= f) && to.is_none_or(|t| r.date <= t);
                if in_period && r.source.decision == name {
                    match r.input {
                        Some(input) => feed.push(&dated(&input, forced), forced.or(Some(r.date))),
                        None => gallrade += 1,
                    }
                }
                Ok(true)
            })
            .map_err(|e| {
                eprintln!("fel[{}]: `{}`: {e}", e.code(), path.display());
                Status::Refused
            })?;
        Ok(gallrade)
    });
    let gallrade = read?;
    if gallrade > 0 {
        eprintln!("obs: {gallrade} loggade beslut har gallrat underlag och är inte med");
    }
    let checks = gate.as_ref().map(|g| g.evaluate(&facts));
    let violations: Option<Vec<_>> = checks
        .as_ref()
        .map(|c| c.iter().filter_map(|c| c.violation.clone()).collect());
    let text = match args.format {
        Format::Md => impact::markdown(&facts, violations.as_deref()),
        Format::Html => impact::html(&facts, violations.as_deref()),
        Format::Json => Ok(format!("{:#}\n", impact::json(&facts, checks.as_deref()))),
    }
    .map_err(|e| {
        eprintln!("fel: kan inte skriva rapporten: {e}");
        Status::Refused
    })?;
    match &args.utdata {
        Some(path) => std::fs::write(path, text).map_err(|e| {
            eprintln!("fel: kan inte skriva `{}`: {e}", path.display());
            Status::Usage
        })?,
        None => {
            use std::io::Write as _;
            let _ = std::io::stdout().write_all(text.as_bytes());
        }
    }
    let broken = violations.unwrap_or_default();
    let Some(first) = broken.first() else {
        return Ok(Status::Ok);
    };
    eprintln!(
        "fel[{}]: det nya regelpaketet ändrar fler beslut än `--tillåt` medger",
        first.code()
    );
    for v in &broken {
        eprintln!("  {v}");
    }
    Ok(Status::Refused)
}
