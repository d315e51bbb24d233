//! The main loop: open documents, their analyses, and one handler per request.
//!
//! Synchronous, as rust-analyzer's `lsp-server` is meant to be used: a message is read,
//! answered and the next one read. After every change the changed document and every open
//! document that uses it are analysed again and their diagnostics published.

use std::collections::HashMap;

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidCloseTextDocument, DidOpenTextDocument, Notification as _,
    PublishDiagnostics,
};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, Formatting, GotoDefinition, HoverRequest,
    References, Request as _,
};
use lsp_types::{
    CompletionResponse, DocumentSymbolResponse, GotoDefinitionResponse, Location, Position,
    PublishDiagnosticsParams, TextDocumentPositionParams, TextEdit, Url,
};
use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::analysis::Analysis;
use crate::lines::LineIndex;

/// Open documents and what is known about them.
#[derive(Debug, Default)]
pub struct State {
    /// The text of each open document.
    texts: HashMap<Url, String>,
    /// The latest analysis of each open document.
    analyses: HashMap<Url, Analysis>,
}

/// Why the loop stopped other than by `shutdown` and `exit`.
pub type LoopError = Box<dyn std::error::Error + Send + Sync>;

/// Answers messages until the client says `shutdown` (or goes away).
pub fn main_loop(connection: &Connection) -> Result<(), LoopError> {
    let mut state = State::default();
    for msg in &connection.receiver {
        match msg {
            Message::Request(req) => {
                if connection.handle_shutdown(&req)? {
                    return Ok(());
                }
                let response = state.request(req);
                connection.sender.send(Message::Response(response))?;
            }
            Message::Notification(note) => {
                for out in state.notification(note) {
                    connection.sender.send(Message::Notification(out))?;
                }
            }
            Message::Response(_) => {}
        }
    }
    Ok(())
}

/// A failed request: the protocol's error code and a message.
type Failure = (ErrorCode, String);

impl State {
    fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        match self.answer(req) {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    fn answer(&self, req: Request) -> Result<Value, Failure> {
        match req.method.as_str() {
            HoverRequest::METHOD => {
                let p: TextDocumentPositionParams = parse(req.params)?;
                json(self.at(&p).and_then(|(a, off)| crate::hover::hover(a, off)))
            }
            GotoDefinition::METHOD => {
                let p: TextDocumentPositionParams = parse(req.params)?;
                let loc = self.at(&p).and_then(|(a, off)| {
                    if let Some(file) = anvand_at(a, off) {
                        let uri = a.uris.get(&file)?;
                        return Some(Location::new(uri.clone(), lsp_types::Range::default()));
                    }
                    let o = a.index.at(a.root, off)?;
                    let s = a.index.symbols.get(o.symbol)?;
                    crate::diagnostics::location(a, s.def)
                });
                json(loc.map(GotoDefinitionResponse::Scalar))
            }
            References::METHOD => {
                let p: lsp_types::ReferenceParams = parse(req.params)?;
                json(self.references(&p.text_document_position, p.context.include_declaration))
            }
            DocumentSymbolRequest::METHOD => {
                let p: lsp_types::DocumentSymbolParams = parse(req.params)?;
                json(
                    self.analyses.get(&p.text_document.uri).map(|a| {
                        DocumentSymbolResponse::Nested(crate::symbols::document_symbols(a))
                    }),
                )
            }
            Completion::METHOD => {
                let p: lsp_types::CompletionParams = parse(req.params)?;
                json(
                    self.at(&p.text_document_position).map(|(a, off)| {
                        CompletionResponse::Array(crate::complete::complete(a, off))
                    }),
                )
            }
            CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = parse(req.params)?;
                let uri = p.text_document.uri;
                json(
                    self.analyses
                        .get(&uri)
                        .map(|a| crate::actions::code_actions(a, &uri, p.range)),
                )
            }
            Formatting::METHOD => {
                let p: lsp_types::DocumentFormattingParams = parse(req.params)?;
                json(self.analyses.get(&p.text_document.uri).map(format))
            }
            other => Err((
                ErrorCode::MethodNotFound,
                format!("okänd begäran `{other}`"),
            )),
        }
    }

    /// The analysis of a position's document and the position as a byte offset; `None`
    /// for a document that is not open.
    fn at(&self, p: &TextDocumentPositionParams) -> Option<(&Analysis, usize)> {
        let a = self.analyses.get(&p.text_document.uri)?;
        Some((a, LineIndex::new(a.text(a.root)).offset(p.position)))
    }

    /// Every place the symbol at a position is written, in every open document and the
    /// files they use.
    fn references(&self, at: &TextDocumentPositionParams, with_decl: bool) -> Vec<Location> {
        let Some((a, off)) = self.at(at) else {
            return Vec::new();
        };
        // A declaration is known by its file and place, the same in every analysis.
        let key = |b: &Analysis, span: delegat_diagnostics::Span| {
            b.uris
                .get(&span.file)
                .map(|u| (u.clone(), span.start, span.end))
        };
        let Some(target) = a
            .index
            .at(a.root, off)
            .and_then(|o| a.index.symbols.get(o.symbol))
            .and_then(|s| key(a, s.def))
        else {
            return Vec::new();
        };
        let mut out: Vec<Location> = Vec::new();
        let mut analyses: Vec<(&Url, &Analysis)> = self.analyses.iter().collect();
        analyses.sort_by(|x, y| x.0.as_str().cmp(y.0.as_str()));
        for (_, b) in analyses {
            for (id, s) in b.index.symbols.iter().enumerate() {
                if key(b, s.def).as_ref() != Some(&target) {
                    continue;
                }
                for o in b.index.occurrences_of(id) {
                    if o.is_def && !with_decl {
                        continue;
                    }
                    if let Some(loc) = crate::diagnostics::location(b, o.span)
                        && !out.contains(&loc)
                    {
                        out.push(loc);
                    }
                }
            }
        }
        out
    }

    fn notification(&mut self, note: Notification) -> Vec<Notification> {
        let changed = match note.method.as_str() {
            DidOpenTextDocument::METHOD => {
                match serde_json::from_value::<lsp_types::DidOpenTextDocumentParams>(note.params) {
                    Ok(p) => {
                        self.texts
                            .insert(p.text_document.uri.clone(), p.text_document.text);
                        p.text_document.uri
                    }
                    Err(_) => return Vec::new(),
                }
            }
            DidChangeTextDocument::METHOD => {
                match serde_json::from_value::<lsp_types::DidChangeTextDocumentParams>(note.params)
                {
                    Ok(p) => {
                        let uri = p.text_document.uri;
                        let Some(text) = self.texts.get_mut(&uri) else {
                            return Vec::new();
                        };
                        for change in p.content_changes {
                            apply(text, change);
                        }
                        uri
                    }
                    Err(_) => return Vec::new(),
                }
            }
            DidCloseTextDocument::METHOD => {
                match serde_json::from_value::<lsp_types::DidCloseTextDocumentParams>(note.params) {
                    Ok(p) => {
                        let uri = p.text_document.uri;
                        self.texts.remove(&uri);
                        self.analyses.remove(&uri);
                        let mut out = vec![publish(uri.clone(), Vec::new())];
                        out.extend(self.reanalyse(&uri));
                        return out;
                    }
                    Err(_) => return Vec::new(),
                }
            }
            _ => return Vec::new(),
        };
        self.reanalyse(&changed)
    }

    /// Analyses `changed` (when open) and every open document that uses it again, and
    /// returns their diagnostics.
    fn reanalyse(&mut self, changed: &Url) -> Vec<Notification> {
        let mut todo: Vec<Url> = self
            .analyses
            .iter()
            .filter(|(u, a)| *u != changed && a.uses(changed))
            .map(|(u, _)| u.clone())
            .collect();
        todo.sort_by(|x, y| x.as_str().cmp(y.as_str()));
        if self.texts.contains_key(changed) {
            todo.insert(0, changed.clone());
        }
        let mut out = Vec::new();
        for uri in todo {
            let Some(text) = self.texts.get(&uri) else {
                continue;
            };
            let analysis = Analysis::new(&uri, text, &self.texts);
            out.push(publish(uri.clone(), crate::diagnostics::to_lsp(&analysis)));
            self.analyses.insert(uri, analysis);
        }
        out
    }
}

/// The document in the layout of `delegat fmt`: one edit replacing the whole text, none when
/// it is already laid out so, or when it has syntax errors (the diagnostics say which).
fn format(a: &Analysis) -> Vec<TextEdit> {
    let text = a.text(a.root);
    match delegat_fmt::format_file(a.root, text) {
        Ok(formatted) if formatted != text => {
            let lines = LineIndex::new(text);
            let whole = lsp_types::Range::new(Position::new(0, 0), lines.position(text.len()));
            vec![TextEdit::new(whole, formatted)]
        }
        Ok(_) | Err(_) => Vec::new(),
    }
}

/// The file of the `använd "…"` whose path is at a byte offset of the document.
fn anvand_at(a: &Analysis, offset: usize) -> Option<delegat_diagnostics::FileId> {
    a.root_ast()?
        .items
        .iter()
        .find_map(|item| match &item.kind {
            delegat_syntax::ast::ItemKind::Anvand(u)
                if u.path.span.start as usize <= offset && offset <= u.path.span.end as usize =>
            {
                a.used_file(a.root, &u.path.value)
            }
            _ => None,
        })
}

/// Applies one change: a range replaced, or (without a range) the whole text.
fn apply(text: &mut String, change: lsp_types::TextDocumentContentChangeEvent) {
    match change.range {
        None => *text = change.text,
        Some(range) => {
            let lines = LineIndex::new(text);
            let start = lines.offset(range.start);
            let end = lines.offset(range.end).max(start);
            text.replace_range(start..end, &change.text);
        }
    }
}

fn publish(uri: Url, diagnostics: Vec<lsp_types::Diagnostic>) -> Notification {
    Notification::new(
        PublishDiagnostics::METHOD.to_owned(),
        PublishDiagnosticsParams {
            uri,
            diagnostics,
            version: None,
        },
    )
}

fn parse<T: DeserializeOwned>(params: Value) -> Result<T, Failure> {
    serde_json::from_value(params).map_err(|e| {
        (
            ErrorCode::InvalidParams,
            format!("ogiltiga parametrar: {e}"),
        )
    })
}

fn json(value: impl serde::Serialize) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError, e.to_string()))
}
