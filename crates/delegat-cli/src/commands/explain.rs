//! `delegat explain CODE`: prints the page of `docs/errors/` for a code.

use delegat_diagnostics::Code;

use crate::cli::{ExplainArgs, Status};

/// Prints the explanation, or a usage error for an unknown code.
pub fn run(args: &ExplainArgs) -> Status {
    match Code::parse(&args.code) {
        Some(code) => {
            print!("{}", code.explanation());
            Status::Ok
        }
        None => {
            eprintln!("fel: `{}` är ingen känd felkod", args.code);
            eprintln!("Felkoderna ser ut som `E0002` eller `W0301`; se docs/errors/.");
            Status::Usage
        }
    }
}
