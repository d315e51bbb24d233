//! The arguments the deciding commands share (`run`, `batch`): the pack, the case input, the
//! decision date, the decision, the engine and the trusted keys; `--motor` also for `test`. One clap struct,
//! flattened into each command, and the one place a [`Decider`] is made from them.

use std::path::PathBuf;

use clap::{Args, ValueEnum};
use delegat::{Date, Decider, Engine, JitError, Pack};

use crate::cli::Status;
use crate::{keyfiles, packs};

/// The engine named on the command line (`--motor`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Motor {
    /// Maskinkod via Cranelift (standard).
    Jit,
    /// Tolken (referenssemantiken).
    Tolk,
}

impl Motor {
    /// The runtime's engine.
    pub fn engine(self) -> Engine {
        match self {
            Motor::Jit => Engine::Jit,
            Motor::Tolk => Engine::Interpreter,
        }
    }
}

/// `PAKET|FIL.regel --input … [--datum …] [--beslut …] [--motor …]`.
#[derive(Debug, Args)]
pub struct DecideArgs {
    /// Regelpaketet eller regelfilen.
    #[arg(value_name = "PAKET|FIL.regel", help_heading = "Argument")]
    pub pack: PathBuf,
    // `run` and `batch` word this argument's help and value name themselves (`mut_arg`).
    /// Ärendet eller ärendena (`-` läser standard in).
    #[arg(short = 'i', long = "input", value_name = "FALL")]
    pub input: PathBuf,
    /// Beslutsdatum för ärenden som inte anger `beslutsdatum` (standard: i dag).
    #[arg(long, value_name = "ÅÅÅÅ-MM-DD")]
    pub datum: Option<String>,
    /// Beslutet att fatta, om regelpaketet har flera.
    #[arg(long, value_name = "NAMN")]
    pub beslut: Option<String>,
    /// Beslutsmotor: `jit` (standard, maskinkod) eller `tolk`. Båda ger samma beslut.
    #[arg(
        long,
        value_enum,
        default_value = "jit",
        value_name = "MOTOR",
        hide_possible_values = true,
        hide_default_value = true
    )]
    pub motor: Motor,
    /// Nämndens publika nyckel, eller en katalog med sådana (`*.pub`); kan anges flera
    /// gånger. Då fattar bara regelpaket signerade med en av nycklarna beslut.
    #[arg(long = "betrodda-nycklar", value_name = "FIL|KATALOG")]
    pub betrodda_nycklar: Vec<PathBuf>,
}

impl DecideArgs {
    /// The date of `--datum`, else today. Errors are printed.
    pub fn date(&self) -> Result<Date, Status> {
        packs::date(self.datum.as_deref())
    }

    /// Opens the pack, under the trusted keys when given (errors are printed).
    pub fn open(&self) -> Result<Pack, Status> {
        let trusted = keyfiles::trusted(&self.betrodda_nycklar)?;
        packs::open(&self.pack, trusted.as_ref())
    }

    /// The decider of `--beslut` (else the pack's default decision) on `--motor`. When the
    /// JIT was asked for but cannot run the pack, says so once on stderr; the interpreter
    /// then decides, with the same results. Errors are printed.
    pub fn decider<'p>(&self, pack: &'p Pack) -> Result<Decider<'p>, Status> {
        let engine = self.motor.engine();
        let decider = pack.engine(engine).map_err(|e| {
            eprintln!("fel[{}]: {e}", e.code());
            Status::Refused
        })?;
        let decider = match &self.beslut {
            Some(name) => decider.with_decision(name).map_err(|e| {
                eprintln!("fel[{}]: {e}", e.code());
                Status::Usage
            })?,
            None => decider,
        };
        if decider.engine() != engine {
            fallback_notice(&self.pack.display().to_string(), pack);
        }
        Ok(decider)
    }
}

/// The notice that the JIT was asked for but the interpreter runs `name` (not an error),
/// with the reason in a jurist's words.
pub fn fallback_notice(name: &str, pack: &Pack) {
    let why = match pack.jit_refusal() {
        Some(JitError::Host(_)) => "den här datorn stöds inte av JIT-motorn",
        Some(JitError::Unsupported(_)) => {
            "regelverket är för stort eller kan nästla beräkningar djupare än JIT-motorn tillåter"
        }
        Some(JitError::Codegen(_)) | None => "JIT-motorn kunde inte översätta regelverket",
    };
    eprintln!(
        "obs: JIT-motorn kör inte `{name}` ({why}); tolken används i stället och ger samma beslut"
    );
}
