//! `delegat explain CODE`: prints a code's explanation, laid out for a terminal (colour when
//! standard output is one and `NO_COLOR` is not set, plain text otherwise).

use std::io::IsTerminal;

use delegat_diagnostics::Code;

use crate::cli::{ExplainArgs, Status};

/// Prints the explanation, or a usage error for an unknown code.
pub fn run(args: &ExplainArgs) -> Status {
    match Code::parse(&args.code) {
        Some(code) => {
            let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
            let color = std::io::stdout().is_terminal() && !no_color;
            print!("{}", delegat_diagnostics::explain::explain(code, color));
            Status::Ok
        }
        None => {
            eprintln!("fel: `{}` är ingen känd felkod", args.code);
            eprintln!(
                "Felkoderna ser ut som `E0002` eller `W0301`; `delegat check` skriver koden \
                 i varje meddelande."
            );
            Status::Usage
        }
    }
}
