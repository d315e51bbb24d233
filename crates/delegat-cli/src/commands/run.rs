//! `delegat run PAKET|FIL.regel --input fall.json`: decides one case and writes the
//! decision as JSON (`--format json`, the default) or as the decision letter (`--format text`,
//! or `--format html` for the print-ready page, with `--logotyp` for the nämnd's logo).

use clap::{Args, ValueEnum};

use crate::cli::Status;
use crate::decide_args::DecideArgs;
use crate::packs;

/// `println!` that ignores a closed stdout (`delegat test … | head`) instead of panicking.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

/// `print!` that ignores a closed stdout.
macro_rules! out_raw {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = write!(std::io::stdout(), $($t)*);
    }};
}

/// `delegat run`.
#[derive(Debug, Args)]
pub struct RunArgs {
    /// The pack, the case, the date, the decision and the engine.
    #[command(flatten)]
    pub decide: DecideArgs,
    /// `json` (standard): beslutet som JSON; `text`: beslutsbrevet; `html`: beslutsbrevet som
    /// en HTML-sida för utskrift (A4).
    #[arg(
        long,
        value_enum,
        default_value = "json",
        value_name = "FORMAT",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub format: RunFormat,
    /// Nämndens logotyp i beslutsbrevet i HTML (en sökväg eller adress), i stället för
    /// regelpaketets `logotyp`.
    #[arg(long = "logotyp", value_name = "SÖKVÄG")]
    pub logotyp: Option<String>,
    /// Beslutsloggen: beslutet skrivs dit, med indata och regelpaket, innan det skrivs ut
    /// (filen skapas om den inte finns; `postgres://…` är en PostgreSQL-databas). Kvittot
    /// skrivs till standard fel.
    #[arg(long = "logg", value_name = "LOGG")]
    pub logg: Option<std::path::PathBuf>,
    /// E-tjänstens referens (ärendenummer) som loggas med beslutet.
    #[arg(long = "referens", value_name = "TEXT", requires = "logg")]
    pub referens: Option<String>,
}

/// How `run` writes the decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RunFormat {
    /// Beslutet som JSON.
    Json,
    /// Beslutsbrevet.
    Text,
    /// Beslutsbrevet som HTML-sida för utskrift.
    Html,
}

/// Decides the case; exit 0 for a decision (also `manuell`), 1 for a case that cannot be
/// read or a pack that is refused, 2 for usage errors.
pub fn run(args: &RunArgs) -> Status {
    let d = &args.decide;
    let date = match d.date() {
        Ok(d) => d,
        Err(s) => return s,
    };
    let text = if d.input.as_os_str() == "-" {
        let mut s = String::new();
        if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut s) {
            eprintln!("fel: ärendet kan inte läsas från standard in: {e}");
            return Status::Usage;
        }
        s
    } else {
        match std::fs::read_to_string(&d.input) {
            Ok(s) => s,
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
    let pack = match d.open() {
        Ok(p) => p,
        Err(s) => return s,
    };
    let decider = match d.decider(&pack) {
        Ok(d) => d,
        Err(s) => return s,
    };
    let decided = match &args.logg {
        None => decider.decide(&text, Some(date)).map_err(Refusal::Case),
        Some(path) => decide_logged(&decider, path, &text, date, args.referens.as_deref()),
    };
    match decided {
        Ok(decision) => {
            match args.format {
                RunFormat::Json => out!("{}", decision.to_json_pretty()),
                RunFormat::Text => out_raw!("{}", decision.letter()),
                RunFormat::Html => out_raw!("{}", decision.letter_html(args.logotyp.as_deref())),
            }
            Status::Ok
        }
        Err(Refusal::Case(e)) => {
            eprintln!("fel[{}]: {}", e.code(), e.message);
            eprintln!("Skriv `delegat explain {}` för en förklaring.", e.code());
            Status::Refused
        }
        Err(Refusal::Log(e)) => crate::commands::logg::log_error(&e),
    }
}

/// Why `run` gives no decision.
enum Refusal {
    Case(delegat::CaseError),
    Log(delegat_log::LogError),
}

/// Decides and logs; the receipt goes to stderr once the record is on disk.
fn decide_logged(
    decider: &delegat::Decider<'_>,
    path: &std::path::Path,
    text: &str,
    date: delegat::Date,
    ext_ref: Option<&str>,
) -> Result<delegat::Decision, Refusal> {
    let log = delegat_log::Log::open_at(
        &delegat_log::Location::of(path),
        delegat_log::LogOptions::default(),
    )
    .map_err(Refusal::Log)?;
    let logging = delegat_log::LoggingDecider::new(*decider, &log);
    match logging.decide(text, Some(date), ext_ref) {
        Ok((decision, receipt)) => {
            eprintln!("kvitto: {receipt}");
            Ok(decision)
        }
        Err(delegat_log::DecideError::Case(e)) => Err(Refusal::Case(e)),
        Err(delegat_log::DecideError::Log(e)) => Err(Refusal::Log(e)),
    }
}
