//! The `delegat` binary: parses the command line and dispatches to one command.

#![forbid(unsafe_code)]

mod cli;
mod commands;
mod decide_args;
mod files;
mod keyfiles;
mod loader;
mod packs;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = match cli::parse_args() {
        Ok(args) => args,
        Err(code) => return code,
    };
    let status = match args.command {
        cli::Command::Check(a) => commands::check::run(&a),
        cli::Command::Explain(a) => commands::explain::run(&a),
        cli::Command::Fmt(a) => commands::fmt::run(&a),
        cli::Command::Test(a) => commands::test::run(&a),
        cli::Command::Build(a) => commands::build::run(&a),
        cli::Command::Run(a) => commands::run::run(&a),
        cli::Command::Batch(a) => commands::batch::run(&a),
        cli::Command::Schema(a) => commands::schema::run(&a),
        cli::Command::Nyckel(a) => commands::nyckel::run(&a),
        cli::Command::Signera(a) => commands::signera::run(&a),
        cli::Command::Uppfoljning(a) => commands::uppfoljning::run(&a),
        cli::Command::Konsekvens(a) => commands::konsekvens::run(&a),
        cli::Command::Logg(a) => commands::logg::run(&a),
        cli::Command::Lsp(a) => commands::lsp::run(&a),
        cli::Command::Serve(a) => commands::serve::run(&a),
        cli::Command::Playground(a) => commands::playground::run(&a),
    };
    status.into()
}
