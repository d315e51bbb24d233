//! `delegat batch PAKET|FIL.regel --input fall.jsonl --output beslut.jsonl`: decides a file
//! of JSON lines, one output line per input line, with a progress bar on a terminal and a
//! summary of the outcomes at the end. `--trådar N` decides on N threads; the output is the
//! same, byte for byte, in the same order. `--utdata sammanfattning` writes one short line
//! per case (outcome, amount, error code) instead of the full decision.

use std::fs::File;
use std::io::{BufReader, BufWriter, IsTerminal};
use std::num::NonZeroUsize;
use std::path::PathBuf;

use clap::{Args, ValueEnum};
use delegat::{BatchOptions, BatchOutput, BatchSummary};

use crate::cli::Status;
use crate::decide_args::DecideArgs;
use crate::packs;

/// `delegat batch`.
#[derive(Debug, Args)]
pub struct BatchArgs {
    /// The pack, the cases, the date, the decision and the engine.
    #[command(flatten)]
    pub decide: DecideArgs,
    /// Besluten: en JSON-rad per ärende, i samma ordning (`-` skriver till standard ut).
    #[arg(short = 'o', long = "output", value_name = "BESLUT.jsonl")]
    pub output: PathBuf,
    /// Antal trådar som fattar beslut samtidigt (standard: 1). Besluten skrivs i samma
    /// ordning som ärendena oavsett antal.
    #[arg(
        long = "trådar",
        alias = "tradar",
        value_name = "N",
        default_value_t = 1,
        hide_default_value = true,
        value_parser = clap::value_parser!(u16).range(1..)
    )]
    pub tradar: u16,
    /// Vad som skrivs per ärende: `beslut` (standard: hela beslutet med motivering, lagrum
    /// och spår) eller `sammanfattning` (bara utfall, belopp och felkod – för en
    /// konsekvensanalys av många ärenden).
    #[arg(
        long = "utdata",
        value_enum,
        default_value = "beslut",
        value_name = "SLAG",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub utdata: Utdata,
    /// Beslutsloggen: varje fattat beslut skrivs dit, med indata och regelpaket, innan dess
    /// rad skrivs ut (filen skapas om den inte finns; `postgres://…` är en PostgreSQL-databas).
    /// Rader som inte är ärenden loggas inte.
    #[arg(long = "logg", value_name = "LOGG")]
    pub logg: Option<PathBuf>,
}

/// What `--utdata` names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Utdata {
    /// Hela beslutet (`delegat-beslut/1`).
    Beslut,
    /// En kort rad per ärende: utfall, belopp och felkod.
    Sammanfattning,
}

impl Utdata {
    /// The runtime's batch output.
    fn output(self) -> BatchOutput {
        match self {
            Utdata::Beslut => BatchOutput::Decisions,
            Utdata::Sammanfattning => BatchOutput::Summaries,
        }
    }
}

/// Runs the batch; exit 0 when every line was decided (also `manuell`), 1 when some line
/// could not be read as a case, 2 for usage and IO errors.
pub fn run(args: &BatchArgs) -> Status {
    let d = &args.decide;
    if args.logg.is_some() && args.utdata == Utdata::Sammanfattning {
        eprintln!(
            "fel: `--utdata sammanfattning` ger inga beslut och kan inte loggas; ta bort \
             `--logg` eller `--utdata sammanfattning`"
        );
        return Status::Usage;
    }
    let date = match d.date() {
        Ok(d) => d,
        Err(s) => return s,
    };
    let pack = match d.open() {
        Ok(p) => p,
        Err(s) => return s,
    };
    let decider = match d.decider(&pack) {
        Ok(d) => d,
        Err(s) => return s,
    };
    let reader: Box<dyn std::io::BufRead> = if d.input.as_os_str() == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match File::open(&d.input) {
            Ok(f) => Box::new(BufReader::new(f)),
            Err(e) => {
                eprintln!(
                    "fel: `{}` kan inte läsas: {}",
                    d.input.display(),
                    packs::io_reason(&e)
                );
                return Status::Usage;
            }
        }
    };
    let writer: Box<dyn std::io::Write> = if args.output.as_os_str() == "-" {
        Box::new(BufWriter::new(std::io::stdout().lock()))
    } else {
        match File::create(&args.output) {
            Ok(f) => Box::new(BufWriter::new(f)),
            Err(e) => {
                eprintln!(
                    "fel: `{}` kan inte skrivas: {}",
                    args.output.display(),
                    packs::io_reason(&e)
                );
                return Status::Usage;
            }
        }
    };
    if let Some(log) = &args.logg {
        return run_logged(args, &decider, date, log, reader, writer);
    }
    let bar = progress_bar(&d.input);
    let threads = NonZeroUsize::new(usize::from(args.tradar)).unwrap_or(NonZeroUsize::MIN);
    // Called per line with one thread, per chunk with several: update every 256 cases.
    let mut shown = 0u64;
    let opts = BatchOptions {
        default_date: Some(date),
        threads,
        output: args.utdata.output(),
    };
    let result = decider.decide_batch_with(reader, writer, &opts, |s| {
        if let Some(bar) = &bar
            && s.cases >= shown + 256
        {
            shown = s.cases;
            bar.set_position(s.cases);
        }
    });
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    match result {
        Ok(summary) => {
            eprintln!("{}", summary_line(&summary));
            if summary.fel > 0 {
                Status::Refused
            } else {
                Status::Ok
            }
        }
        Err(e) => {
            eprintln!("fel: körningen avbröts: {e}");
            Status::Usage
        }
    }
}

/// `batch --logg`: full decisions on `--trådar` threads, each logged (in input order)
/// before its line is written.
fn run_logged(
    args: &BatchArgs,
    decider: &delegat::Decider<'_>,
    date: delegat::Date,
    path: &std::path::Path,
    reader: Box<dyn std::io::BufRead>,
    writer: Box<dyn std::io::Write>,
) -> Status {
    let log = match delegat_log::Log::open_at(
        &delegat_log::Location::of(path),
        delegat_log::LogOptions::default(),
    ) {
        Ok(l) => l,
        Err(e) => return crate::commands::logg::log_error(&e),
    };
    let bar = progress_bar(&args.decide.input);
    let threads = NonZeroUsize::new(usize::from(args.tradar)).unwrap_or(NonZeroUsize::MIN);
    let result = delegat_log::decide_batch_logged_threads(
        decider,
        &log,
        reader,
        writer,
        Some(date),
        threads,
        |s| {
            if let Some(bar) = &bar {
                bar.set_position(s.cases);
            }
        },
    );
    if let Some(bar) = &bar {
        bar.finish_and_clear();
    }
    match result {
        Ok(batch) => {
            eprintln!("{}", summary_line(&batch.summary));
            if let (Some(first), Some(last)) = (&batch.first, &batch.last) {
                eprintln!(
                    "Loggade i `{}`: kvitto {first} till {last}.",
                    path.display()
                );
            }
            if batch.summary.fel > 0 {
                Status::Refused
            } else {
                Status::Ok
            }
        }
        Err(delegat_log::BatchError::Log(e)) => {
            eprintln!("fel: körningen avbröts; beslut som inte loggats har inte skrivits ut");
            crate::commands::logg::log_error(&e)
        }
        Err(delegat_log::BatchError::Io(e)) => {
            eprintln!("fel: körningen avbröts: {e}");
            Status::Usage
        }
    }
}

/// A progress bar on a terminal. For an input file the lines are counted first (a quick
/// pass that holds one buffer, not the file), so the bar knows its length; for standard in
/// it is a spinner with a count.
fn progress_bar(input: &std::path::Path) -> Option<indicatif::ProgressBar> {
    if !std::io::stderr().is_terminal() {
        return None;
    }
    let total = if input.as_os_str() == "-" {
        None
    } else {
        count_lines(input)
    };
    let (bar, template) = match total {
        Some(n) => (
            indicatif::ProgressBar::new(n),
            "{bar:40} {pos}/{len} ärenden ({per_sec}, {eta} kvar) {msg}",
        ),
        None => (
            indicatif::ProgressBar::new_spinner(),
            "{spinner} {pos} ärenden beslutade ({per_sec}) {msg}",
        ),
    };
    let style = indicatif::ProgressStyle::with_template(template)
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner());
    bar.set_style(style);
    bar.set_message(input.display().to_string());
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    Some(bar)
}

/// The number of lines of a file (a last line without a newline counts), or `None` if it
/// cannot be read.
fn count_lines(path: &std::path::Path) -> Option<u64> {
    use std::io::Read as _;
    let mut file = File::open(path).ok()?;
    let mut buf = vec![0u8; 1 << 16];
    let (mut lines, mut last) = (0u64, b'\n');
    loop {
        let n = file.read(&mut buf).ok()?;
        let chunk = buf.get(..n)?;
        if chunk.is_empty() {
            break;
        }
        lines += chunk.iter().filter(|b| **b == b'\n').count() as u64;
        last = chunk.last().copied().unwrap_or(last);
    }
    Some(lines + u64::from(last != b'\n'))
}

/// `10000 ärenden: 4000 bifall, 5000 avslag, 0 fastställt, 1000 manuell, 0 fel.`
pub fn summary_line(s: &BatchSummary) -> String {
    format!(
        "{} ärenden: {} bifall, {} avslag, {} fastställt, {} manuell, {} fel.",
        s.cases, s.bifall, s.avslag, s.faststallt, s.manuell, s.fel
    )
}
