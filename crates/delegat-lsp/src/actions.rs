//! Quick fixes: a diagnostic whose help is a replacement offers to make it. The replacement
//! is the diagnostic's [`Fix`](delegat_diagnostics::Fix) where the phase gave one (the
//! checker's did-you-mean, a number written as an amount), else a did-you-mean in the help
//! (`menade du \`x\`?`) written in place of the word the diagnostic points at.

use std::collections::HashMap;

use delegat_diagnostics::{Diagnostic, Span};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Url, WorkspaceEdit,
};

use crate::analysis::Analysis;
use crate::lines::LineIndex;

/// The replacement a diagnostic suggests: where, and what to write.
pub fn suggestion(d: &Diagnostic) -> Option<(Span, &str)> {
    if let Some(fix) = &d.fix {
        return Some((fix.span, fix.text.as_str()));
    }
    let word = d
        .help
        .as_deref()?
        .strip_prefix("menade du `")?
        .strip_suffix("`?")
        .filter(|s| !s.is_empty() && !s.contains('`'))?;
    Some((d.primary.span, word))
}

/// The quick fixes for the diagnostics of the document that touch `range`.
pub fn code_actions(a: &Analysis, uri: &Url, range: Range) -> Vec<CodeActionOrCommand> {
    let lines = LineIndex::new(a.text(a.root));
    let lsp = crate::diagnostics::to_lsp(a);
    let mut out = Vec::new();
    for (d, shown) in a.diagnostics.iter().zip(lsp) {
        let shown_at = lines.range(d.primary.span);
        let Some((span, new)) = suggestion(d) else {
            continue;
        };
        if span.file != a.root || d.primary.span.file != a.root {
            continue;
        }
        let at = lines.range(span);
        let touches = |r: Range| !(r.end < range.start || range.end < r.start);
        if !touches(at) && !touches(shown_at) {
            continue;
        }
        let old = a.slice(span);
        if old.is_empty() || old == new {
            continue;
        }
        let edit = TextEdit::new(at, new.to_owned());
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Skriv `{new}` i stället för `{old}`"),
            kind: Some(CodeActionKind::QUICKFIX),
            diagnostics: Some(vec![shown]),
            edit: Some(WorkspaceEdit {
                changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
                ..WorkspaceEdit::default()
            }),
            command: None,
            is_preferred: Some(true),
            disabled: None,
            data: None,
        }));
    }
    out
}
