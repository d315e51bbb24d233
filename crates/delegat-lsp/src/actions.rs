//! Quick fixes: every diagnostic whose help is the checker's or the parser's did-you-mean
//! (`menade du \`x\`?`) offers to write the suggestion in place of the word it points at.

use std::collections::HashMap;

use delegat_diagnostics::Diagnostic;
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, Range, TextEdit, Url, WorkspaceEdit,
};

use crate::analysis::Analysis;
use crate::lines::LineIndex;

/// The suggestion of a did-you-mean help text.
pub fn suggestion(d: &Diagnostic) -> Option<&str> {
    d.help
        .as_deref()?
        .strip_prefix("menade du `")?
        .strip_suffix("`?")
        .filter(|s| !s.is_empty() && !s.contains('`'))
}

/// The quick fixes for the diagnostics of the document that touch `range`.
pub fn code_actions(a: &Analysis, uri: &Url, range: Range) -> Vec<CodeActionOrCommand> {
    let lines = LineIndex::new(a.text(a.root));
    let lsp = crate::diagnostics::to_lsp(a);
    let mut out = Vec::new();
    for (d, shown) in a.diagnostics.iter().zip(lsp) {
        let span = d.primary.span;
        if span.file != a.root {
            continue;
        }
        let at = lines.range(span);
        if at.end < range.start || range.end < at.start {
            continue;
        }
        let Some(new) = suggestion(d) else {
            continue;
        };
        let old = a.slice(span);
        if old.is_empty() || old == new {
            continue;
        }
        let edit = TextEdit::new(at, new.to_owned());
        out.push(CodeActionOrCommand::CodeAction(CodeAction {
            title: format!("Ändra `{old}` till `{new}`"),
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
