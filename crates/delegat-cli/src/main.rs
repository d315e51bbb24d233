//! The `delegat` binary: parses the command line and dispatches to one command.

#![forbid(unsafe_code)]

mod cli;
mod commands;
mod files;
mod loader;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match cli::parse_args() {
        Ok(args) => args,
        Err(code) => return code,
    };
    let status = match args.command {
        cli::Command::Check(a) => commands::check::run(&a),
        cli::Command::Explain(a) => commands::explain::run(&a),
    };
    status.into()
}
