//! `delegat uppföljning LOGG… [--från DATUM] [--till DATUM] [--format html|md] [--gränser FIL]
//! [--kontrollpunkt FIL]… [--ompröva-alla] [-o FIL]`: the nämnd's follow-up report on the
//! decisions in one or more decision logs.

use std::path::PathBuf;

use clap::Args;
use delegat::Date;
use delegat_followup::{DEFAULT_SAMPLE, LogInput, Options, Replay, Thresholds, collect};
use delegat_log::{Checkpoint, Location, open_store};
use delegat_report::followup;

use crate::cli::{ReportFormat, Status};

/// `delegat uppföljning`.
#[derive(Debug, Args)]
pub struct UppfoljningArgs {
    /// Beslutsloggarna (en eller flera): filer, en per tjänst, eller en PostgreSQL-databas
    /// (`postgres://…`) som flera tjänster delar.
    #[arg(value_name = "LOGG", required = true, help_heading = "Argument")]
    pub logs: Vec<PathBuf>,
    /// Periodens första beslutsdatum (ÅÅÅÅ-MM-DD); utan: från loggens första beslut.
    #[arg(long = "från", value_name = "DATUM")]
    pub from: Option<String>,
    /// Periodens sista beslutsdatum (ÅÅÅÅ-MM-DD), som räknas med; utan: till loggens sista.
    #[arg(long = "till", value_name = "DATUM")]
    pub to: Option<String>,
    /// Rapportens format.
    #[arg(long = "format", value_enum, default_value = "html")]
    pub format: ReportFormat,
    /// Nämndens gränser (en TOML-fil, se docs/jurist/uppfoljning.md); utan: standardgränserna.
    #[arg(long = "gränser", value_name = "FIL")]
    pub thresholds: Option<PathBuf>,
    /// Kontrollpunkten som nämnden antecknade (texten från `delegat logg kontrollpunkt`);
    /// loggen ska fortsätta den. Med flera loggar: en per logg, i loggarnas ordning.
    #[arg(long = "kontrollpunkt", value_name = "FIL")]
    pub checkpoints: Vec<PathBuf>,
    /// Ompröva alla beslut under perioden i sin helhet, inte bara ett urval (1 000 per logg).
    #[arg(long = "ompröva-alla")]
    pub replay_all: bool,
    /// Skriv rapporten till FIL i stället för till standard ut.
    #[arg(short = 'o', long = "utdata", value_name = "FIL")]
    pub utdata: Option<PathBuf>,
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

/// Writes the report.
pub fn run(args: &UppfoljningArgs) -> Status {
    match write(args) {
        Ok(()) => Status::Ok,
        Err(s) => s,
    }
}

fn write(args: &UppfoljningArgs) -> Result<(), Status> {
    let from = date("från", args.from.as_deref())?;
    let to = date("till", args.to.as_deref())?;
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        eprintln!("fel: perioden slutar ({t}) före den börjar ({f})");
        return Err(Status::Usage);
    }
    let thresholds = match &args.thresholds {
        None => Thresholds::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path).map_err(|e| {
                eprintln!("fel: kan inte läsa `{}`: {e}", path.display());
                Status::Usage
            })?;
            Thresholds::from_toml(&text).map_err(|e| {
                eprintln!(
                    "fel: gränserna i `{}` går inte att läsa: {e}",
                    path.display()
                );
                Status::Usage
            })?
        }
    };
    if !args.checkpoints.is_empty() && args.checkpoints.len() != args.logs.len() {
        eprintln!(
            "fel: {} loggar men {} kontrollpunkter; ge en kontrollpunkt per logg, i samma \
             ordning som loggarna",
            args.logs.len(),
            args.checkpoints.len()
        );
        return Err(Status::Usage);
    }
    let mut checkpoints = Vec::new();
    for path in &args.checkpoints {
        let text = std::fs::read_to_string(path).map_err(|e| {
            eprintln!("fel: kan inte läsa `{}`: {e}", path.display());
            Status::Usage
        })?;
        let cp = Checkpoint::parse(&text).map_err(|e| {
            eprintln!("fel[{}]: `{}`: {e}", e.code(), path.display());
            Status::Usage
        })?;
        checkpoints.push(cp);
    }
    let mut checkpoints = checkpoints.into_iter();
    let mut logs = Vec::new();
    for path in &args.logs {
        let location = Location::of(path);
        let store = open_store(&location, false).map_err(|e| {
            eprintln!("fel[{}]: `{location}`: {e}", e.code());
            eprintln!("Skriv `delegat explain {}` för en förklaring.", e.code());
            Status::Usage
        })?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        logs.push(LogInput {
            name,
            store,
            checkpoint: checkpoints.next(),
        });
    }
    let options = Options {
        from,
        to,
        min_group: thresholds.min_group,
        replay: if args.replay_all {
            Replay::All
        } else {
            Replay::Sample(DEFAULT_SAMPLE)
        },
    };
    let facts = collect(logs, options).map_err(|e| {
        eprintln!("fel[{}]: {e}", e.error.code());
        Status::Refused
    })?;
    let text = match args.format {
        ReportFormat::Md => followup::markdown(&facts, &thresholds),
        ReportFormat::Html => followup::html(&facts, &thresholds),
    }
    .map_err(|e| {
        eprintln!("fel: kan inte skriva rapporten: {e}");
        Status::Refused
    })?;
    match &args.utdata {
        Some(path) => std::fs::write(path, text).map_err(|e| {
            eprintln!("fel: kan inte skriva `{}`: {e}", path.display());
            Status::Usage
        }),
        None => {
            use std::io::Write as _;
            let _ = std::io::stdout().write_all(text.as_bytes());
            Ok(())
        }
    }
}
