//! `delegat schema PAKET|FIL.regel`: writes the JSON Schema of a case, for e-service forms.

use std::path::PathBuf;

use clap::Args;

use crate::cli::Status;
use crate::packs;

/// `println!` that ignores a closed stdout (`delegat test … | head`) instead of panicking.
macro_rules! out {
    ($($t:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($t)*);
    }};
}

/// `delegat schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Regelpaketet eller regelfilen.
    #[arg(value_name = "PAKET|FIL.regel", help_heading = "Argument")]
    pub pack: PathBuf,
}

/// Prints the schema.
pub fn run(args: &SchemaArgs) -> Status {
    match packs::open(&args.pack, None) {
        Ok(pack) => match serde_json::to_string_pretty(&pack.schema()) {
            Ok(text) => {
                out!("{text}");
                Status::Ok
            }
            Err(e) => {
                eprintln!("fel: schemat kan inte skrivas: {e}");
                Status::Refused
            }
        },
        Err(s) => s,
    }
}
