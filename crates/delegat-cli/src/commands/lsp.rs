//! `delegat lsp`: the language server on standard input and output (`delegat-lsp`).

use clap::Args;

use crate::cli::Status;

/// `delegat lsp` takes no arguments: the editor starts it and speaks the protocol.
#[derive(Debug, Args)]
pub struct LspArgs {
    /// Ignored; editors such as VS Code pass it to every server they start.
    #[arg(long, hide = true)]
    pub stdio: bool,
}

/// Serves one editor until it says `shutdown` and `exit`.
pub fn run(_args: &LspArgs) -> Status {
    match delegat_lsp::run_stdio() {
        Ok(()) => Status::Ok,
        Err(e) => {
            eprintln!("fel: språkservern avbröts: {e}");
            Status::Usage
        }
    }
}
