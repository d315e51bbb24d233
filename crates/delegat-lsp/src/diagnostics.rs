//! Delegat's diagnostics as the protocol's: the Swedish message with its help and notes,
//! the code, and every secondary label (the legality chain of a refused decision, the
//! first definition of a duplicate) as related information.

use std::collections::HashMap;

use delegat_diagnostics::{Diagnostic, FileId, Severity, Span};
use lsp_types::{
    DiagnosticRelatedInformation, DiagnosticSeverity, Location, NumberOrString, Position, Range,
};

use crate::analysis::Analysis;
use crate::lines::LineIndex;

/// The diagnostics of the document of `analysis`. A diagnostic about another file is shown
/// at the `använd` that brings that file in (a file the document does not use, the policy
/// file: at the start of the document), naming the file, with its place as related
/// information.
pub fn to_lsp(analysis: &Analysis) -> Vec<lsp_types::Diagnostic> {
    let root_lines = LineIndex::new(analysis.text(analysis.root));
    let mut others = Lines::default();
    analysis
        .diagnostics
        .iter()
        .map(|d| convert(analysis, &root_lines, &mut others, d))
        .collect()
}

/// The line indexes of the files labels point into, made once each.
#[derive(Default)]
struct Lines<'a> {
    files: HashMap<FileId, LineIndex<'a>>,
}

impl<'a> Lines<'a> {
    fn location(&mut self, analysis: &'a Analysis, span: Span) -> Option<Location> {
        if span.is_detached() {
            return None;
        }
        let uri = analysis.uris.get(&span.file)?;
        let lines = self
            .files
            .entry(span.file)
            .or_insert_with(|| LineIndex::new(analysis.text(span.file)));
        Some(Location::new(uri.clone(), lines.range(span)))
    }
}

/// The range of a span in the document, or `None` when the span is elsewhere.
pub fn range_in_root(analysis: &Analysis, lines: &LineIndex<'_>, span: Span) -> Option<Range> {
    (span.file == analysis.root).then(|| lines.range(span))
}

fn convert<'a>(
    analysis: &'a Analysis,
    lines: &LineIndex<'_>,
    others: &mut Lines<'a>,
    d: &Diagnostic,
) -> lsp_types::Diagnostic {
    let mut message = d.message.clone();
    let range = match range_in_root(analysis, lines, d.primary.span) {
        Some(r) => r,
        None => {
            if let Some(f) = analysis.map.get(d.primary.span.file) {
                message = format!("i `{}`: {message}", f.name());
            }
            // At the `använd` that brings the file in, else at the start of the document.
            analysis
                .anvand_leading_to(d.primary.span.file)
                .map_or(Range::new(Position::new(0, 0), Position::new(0, 0)), |s| {
                    lines.range(s)
                })
        }
    };
    if let Some(help) = &d.help {
        message.push_str(&format!("\nhjälp: {help}"));
    }
    for note in &d.notes {
        message.push_str(&format!("\nnot: {note}"));
    }
    let mut related: Vec<DiagnosticRelatedInformation> = Vec::new();
    if d.primary.span.file != analysis.root
        && let Some(loc) = others.location(analysis, d.primary.span)
    {
        related.push(DiagnosticRelatedInformation {
            location: loc,
            message: d.primary.message.clone(),
        });
    }
    for label in &d.secondary {
        if let Some(loc) = others.location(analysis, label.span) {
            related.push(DiagnosticRelatedInformation {
                location: loc,
                message: label.message.clone(),
            });
        }
    }
    lsp_types::Diagnostic {
        range,
        severity: Some(match d.severity {
            Severity::Error => DiagnosticSeverity::ERROR,
            Severity::Warning => DiagnosticSeverity::WARNING,
        }),
        code: Some(NumberOrString::String(d.code.as_str().to_owned())),
        code_description: None,
        source: Some("delegat".to_owned()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

/// Where a span is, in whichever file of the analysis holds it.
pub fn location(analysis: &Analysis, span: Span) -> Option<Location> {
    if span.is_detached() {
        return None;
    }
    let uri = analysis.uris.get(&span.file)?;
    let lines = LineIndex::new(analysis.text(span.file));
    Some(Location::new(uri.clone(), lines.range(span)))
}
