//! The command line: clap types with Swedish help, and Swedish usage errors.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{ArgAction, Args, Parser, Subcommand, ValueEnum};

pub const TEMPLATE: &str = "{about}\n\nAnvändning: {usage}\n\n{all-args}{after-help}";

/// Exit statuses: the same for every command.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Everything is in order.
    Ok,
    /// The files were read but refused (errors, failed exempel).
    Refused,
    /// The command could not be carried out as asked (bad arguments, missing files).
    Usage,
}

impl From<Status> for ExitCode {
    fn from(status: Status) -> ExitCode {
        match status {
            Status::Ok => ExitCode::SUCCESS,
            Status::Refused => ExitCode::from(1),
            Status::Usage => ExitCode::from(2),
        }
    }
}

/// Delegat – regler för automatiserade beslut i kommuner.
#[derive(Debug, Parser)]
#[command(
    name = "delegat",
    version,
    about = "Delegat – regelspråk, kontroll och beslutsmotor för automatiserade beslut i kommuner",
    help_template = TEMPLATE,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Kommandon",
    subcommand_value_name = "KOMMANDO",
    next_help_heading = "Flaggor"
)]
pub struct Cli {
    /// Kommandot att köra.
    #[command(subcommand)]
    pub command: Command,
    /// Visa hjälp.
    #[arg(short = 'h', long = "help", action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// Visa versionen.
    #[arg(short = 'V', long = "version", action = ArgAction::Version)]
    version: Option<bool>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Kontrollera regelfiler: syntax, typer och laglighet.
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat check [FLAGGOR] <SÖKVÄGAR>..."
    )]
    Check(CheckArgs),
    /// Förklara en felkod, t.ex. `delegat explain E0002`.
    #[command(help_template = TEMPLATE, next_help_heading = "Flaggor")]
    Explain(ExplainArgs),
    /// Skriv regelfiler i den gemensamma layouten (indrag, mellanrum, tabeller, belopp).
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat fmt [--check] <SÖKVÄGAR>..."
    )]
    Fmt(FmtArgs),
    /// Kör alla `exempel` i regelfilerna; sista raden är `N passed, N failed`.
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat test [FLAGGOR] <SÖKVÄGAR>..."
    )]
    Test(crate::commands::test::TestArgs),
    /// Bygg ett regelpaket av en regelfil som klarar kontrollen.
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat build <FIL.regel> -o <PAKET> [--signera <NYCKEL>]"
    )]
    Build(crate::commands::build::BuildArgs),
    /// Fatta beslut i ett ärende (JSON) och skriv beslutet som JSON eller beslutsbrev.
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat run <PAKET|FIL.regel> --input <FALL.json> [FLAGGOR]",
        mut_arg("input", |a| a
            .value_name("FALL.json")
            .help("Ärendet: en JSON-fil med uppgifterna (`-` läser standard in)"))
    )]
    Run(crate::commands::run::RunArgs),
    /// Fatta beslut i många ärenden: en JSON-rad in, en JSON-rad ut.
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat batch <PAKET|FIL.regel> --input <FALL.jsonl> --output <BESLUT.jsonl> [FLAGGOR]",
        mut_arg("input", |a| a
            .value_name("FALL.jsonl")
            .help("Ärendena: en JSON-rad per ärende (`-` läser standard in)"))
    )]
    Batch(crate::commands::batch::BatchArgs),
    /// Skriv JSON-schemat för ett ärende, för e-tjänstens formulär.
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat schema <PAKET|FIL.regel>"
    )]
    Schema(crate::commands::schema::SchemaArgs),
    /// Nämndens nycklar för att signera regelpaket: `delegat nyckel ny -o FIL`.
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        subcommand_help_heading = "Kommandon",
        subcommand_value_name = "KOMMANDO",
        override_usage = "delegat nyckel ny [--namn NAMN] -o <FIL>"
    )]
    Nyckel(crate::commands::nyckel::NyckelArgs),
    /// Signera ett regelpaket med nämndens hemliga nyckel.
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat signera <PAKET> --nyckel <FIL> [--kontrollsumma HASH] [-o UTDATA]"
    )]
    Signera(crate::commands::signera::SigneraArgs),
    /// Nämndens uppföljning av besluten i en eller flera beslutsloggar.
    #[command(
        name = "uppföljning",
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat uppföljning <LOGG>... [--från DATUM] [--till DATUM] [--format html|md] [--gränser FIL] [--kontrollpunkt FIL]... [--ompröva-alla] [-o FIL]"
    )]
    Uppfoljning(crate::commands::uppfoljning::UppfoljningArgs),
    /// Konsekvensanalys: vad ett nytt regelpaket skulle ändra i besluten.
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat konsekvens <GAMMAL> <NY> (--fall FALL.jsonl | --logg DB [--från DATUM] [--till DATUM]) [--datum DATUM] [--format html|md|json] [-o FIL] [--tillåt REGLER] [--trådar N]"
    )]
    Konsekvens(crate::commands::konsekvens::KonsekvensArgs),
    /// Beslutsloggen: verifiera, kontrollpunkt, ompröva, visa, gallra.
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        subcommand_help_heading = "Kommandon",
        subcommand_value_name = "KOMMANDO",
        override_usage = "delegat logg <KOMMANDO> <LOGG> [FLAGGOR]"
    )]
    Logg(crate::commands::logg::LoggArgs),
    /// Starta språkservern (LSP) på standard in och ut, för en editor.
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat lsp"
    )]
    Lsp(crate::commands::lsp::LspArgs),
    /// Fatta beslut som en tjänst över HTTP, för e-tjänster.
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat serve --paket <KATALOG|FIL>... [--logg DB] [--adress 127.0.0.1:8080] [--betrodda-nycklar FIL] [--tls-certifikat FIL --tls-nyckel FIL] [FLAGGOR]"
    )]
    Serve(crate::commands::serve::ServeArgs),
    /// Visa Delegat i webbläsaren (den byggda sidan i `web/dist`) på den här datorn.
    #[command(
        help_template = TEMPLATE,
        next_help_heading = "Flaggor",
        override_usage = "delegat playground [--katalog web/dist] [--adress 127.0.0.1:4173]"
    )]
    Playground(crate::commands::playground::PlaygroundArgs),
}

/// How diagnostics are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// För människor, med utdrag ur källtexten.
    Human,
    /// En rad per diagnos: `fil:rad:kolumn: fel[KOD]: meddelande`.
    Short,
    /// Ett JSON-objekt per rad, för CI.
    Json,
}

/// `delegat check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Filer eller kataloger (kataloger söks igenom efter `*.regel`).
    #[arg(required = true, value_name = "SÖKVÄGAR", help_heading = "Argument")]
    pub paths: Vec<PathBuf>,
    /// Utdataformat för diagnoser: `human` (standard), `short` eller `json`.
    #[arg(
        long,
        value_enum,
        default_value = "human",
        value_name = "FORMAT",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub format: DiagnosticFormat,
    /// Skriv nämndens underlag för delegering: `--rapport` (Markdown) eller `--rapport=html`.
    #[arg(
        long,
        value_enum,
        value_name = "FORMAT",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "md",
        hide_possible_values = true
    )]
    pub rapport: Option<ReportFormat>,
    /// Skriv rapporten till FIL i stället för till standard ut.
    #[arg(short = 'o', long = "utdata", value_name = "FIL", requires = "rapport")]
    pub utdata: Option<PathBuf>,
}

/// How the board's report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown.
    Md,
    /// En fristående HTML-sida som går att skriva ut.
    Html,
}

/// `delegat explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Felkoden, t.ex. `E0002`.
    #[arg(value_name = "KOD", help_heading = "Argument")]
    pub code: String,
}

/// `delegat fmt`.
#[derive(Debug, Args)]
pub struct FmtArgs {
    /// Filer eller kataloger (kataloger söks igenom efter `*.regel`).
    #[arg(required = true, value_name = "SÖKVÄGAR", help_heading = "Argument")]
    pub paths: Vec<PathBuf>,
    /// Ändra inga filer: visa skillnaden och avsluta med status 1 om någon fil inte redan är
    /// formaterad (för CI).
    #[arg(long)]
    pub check: bool,
}

/// Parses the process arguments. On `--help` and `--version` prints and returns exit 0;
/// on a usage error prints a Swedish message and returns exit 2.
pub fn parse_args() -> Result<Cli, ExitCode> {
    match Cli::try_parse() {
        Ok(cli) => Ok(cli),
        Err(error) => {
            use clap::error::ErrorKind;
            match error.kind() {
                ErrorKind::DisplayHelp
                | ErrorKind::DisplayVersion
                | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
                    let _ = error.print();
                    let code =
                        if error.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
                            2
                        } else {
                            0
                        };
                    Err(ExitCode::from(code))
                }
                kind => {
                    eprintln!("fel: {}", usage_message(kind, &error));
                    eprintln!("Skriv `delegat --help` för hjälp.");
                    Err(ExitCode::from(2))
                }
            }
        }
    }
}

/// The names of the commands, read from the command definitions themselves so that the list
/// cannot fall behind them: `check, explain, … och serve`.
fn command_names() -> String {
    let cli = <Cli as clap::CommandFactory>::command();
    let names: Vec<&str> = cli
        .get_subcommands()
        .filter(|c| !c.is_hide_set())
        .map(clap::Command::get_name)
        .collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} och {last}", rest.join(", ")),
        Some((last, _)) => (*last).to_owned(),
        None => String::new(),
    }
}

fn usage_message(kind: clap::error::ErrorKind, error: &clap::Error) -> String {
    use clap::error::{ContextKind, ContextValue, ErrorKind};
    let context = |k: ContextKind| match error.get(k) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(v)) => v.join(", "),
        _ => String::new(),
    };
    match kind {
        ErrorKind::InvalidSubcommand => format!(
            "okänt kommando `{}`; kommandona är {}",
            context(ContextKind::InvalidSubcommand),
            command_names()
        ),
        ErrorKind::UnknownArgument => {
            format!("okänd flagga `{}`", context(ContextKind::InvalidArg))
        }
        ErrorKind::MissingRequiredArgument => {
            format!("argument saknas: {}", context(ContextKind::InvalidArg))
        }
        ErrorKind::InvalidValue => format!(
            "ogiltigt värde `{}` för {}; möjliga värden: {}",
            context(ContextKind::InvalidValue),
            context(ContextKind::InvalidArg),
            context(ContextKind::ValidValue)
        ),
        ErrorKind::MissingSubcommand => "ett kommando saknas".to_owned(),
        ErrorKind::TooManyValues | ErrorKind::ArgumentConflict => {
            format!("för många värden för {}", context(ContextKind::InvalidArg))
        }
        ErrorKind::ValueValidation => format!(
            "ogiltigt värde `{}` för {}",
            context(ContextKind::InvalidValue),
            context(ContextKind::InvalidArg)
        ),
        _ => "ogiltiga argument".to_owned(),
    }
}
