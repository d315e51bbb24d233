//! The language server of Delegat: `delegat lsp` speaks the Language Server Protocol over
//! standard input and output, so that an editor (the VS Code extension in `editors/vscode/`,
//! or any other client) shows what `delegat check` would say as the jurist types.
//!
//! What it answers: diagnostics on open and change, in Swedish, with help and notes, and the
//! legality chain of a refused decision as related information; hover on a name (its
//! declaration, type, unit and range, lagrum, `///` comment and a parameter's values by
//! date) and on a diagnostic (its `delegat explain` page); go to definition and find
//! references, across the files `använd` brings in and every open document; document
//! symbols; completion of names, keywords and block fields; quick fixes for did-you-mean;
//! formatting through `delegat-fmt` (the layout of `delegat fmt`).
//!
//! The crate is synchronous (`lsp-server`, as rust-analyzer uses it). Like the CLI it reads
//! files: the files a document `använd`s and the policy file `delegat.toml` beside it, the
//! editor's unsaved text before the disk's. Modules: `server` (the loop and the open
//! documents), `analysis` (one document checked and indexed), `loader`, `index` (names),
//! `lines` (positions), and one module per request.

#![forbid(unsafe_code)]

mod actions;
mod analysis;
mod complete;
mod diagnostics;
mod hover;
mod index;
mod lines;
mod loader;
mod server;
mod symbols;

use lsp_server::Connection;
use lsp_types::{
    CodeActionProviderCapability, CompletionOptions, HoverProviderCapability, OneOf,
    ServerCapabilities, TextDocumentSyncCapability, TextDocumentSyncKind,
};

pub use server::LoopError;

/// What the server can do, as it tells the client in `initialize`.
pub fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Kind(
            TextDocumentSyncKind::INCREMENTAL,
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(vec![".".to_owned(), ":".to_owned()]),
            ..CompletionOptions::default()
        }),
        code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
        document_formatting_provider: Some(OneOf::Left(true)),
        ..ServerCapabilities::default()
    }
}

/// Serves one client over a connection: the `initialize` handshake, then every message
/// until `shutdown`. Tests pass one end of [`Connection::memory`].
pub fn serve(connection: &Connection) -> Result<(), LoopError> {
    let caps = serde_json::to_value(capabilities())?;
    connection.initialize(caps)?;
    server::main_loop(connection)
}

/// Serves the client on standard input and output (`delegat lsp`).
pub fn run_stdio() -> Result<(), LoopError> {
    let (connection, io_threads) = Connection::stdio();
    serve(&connection)?;
    drop(connection);
    io_threads.join()?;
    Ok(())
}
