//! Rendering diagnostics: for a person at a terminal (codespan-reporting) and as JSON for CI.
//!
//! This is the only module that knows codespan-reporting. Its headers are English
//! (`error[E0001]`); we render to a buffer and put the Swedish words in their place.

use codespan_reporting::diagnostic as cs;
use codespan_reporting::files::SimpleFiles;
use codespan_reporting::term::{self, termcolor};
use serde_json::json;

use crate::{Diagnostic, Severity, SourceMap, Span};

/// At most this many diagnostics are rendered by [`human`]; a line then says how many more
/// there are (`--format short` and `--format json` list them all). A file of garbage gives
/// a readable page, not megabytes.
pub const MAX_HUMAN: usize = 50;

/// A source line longer than this (in bytes) is not shown: the diagnostic names its line and
/// column instead, so that output never repeats a huge line once per diagnostic.
pub const MAX_LINE_SHOWN: usize = 400;

/// Renders diagnostics the way a person reads them, with source excerpts: the first
/// [`MAX_HUMAN`], then a line with the number of errors and warnings left out.
/// With `color`, ANSI colour codes are included.
pub fn human(map: &SourceMap, diagnostics: &[Diagnostic], color: bool) -> String {
    let mut files = SimpleFiles::new();
    for (_, file) in map.iter() {
        files.add(file.name().to_owned(), file.text().to_owned());
    }
    let config = term::Config::default();
    let mut out = String::new();
    let (shown, rest) = diagnostics.split_at(diagnostics.len().min(MAX_HUMAN));
    for diagnostic in shown {
        let cs_diag = to_codespan(map, diagnostic);
        let rendered = if color {
            let mut buffer = termcolor::Buffer::ansi();
            term::emit_to_write_style(&mut buffer, &config, &files, &cs_diag)
                .ok()
                .map(|()| String::from_utf8_lossy(buffer.as_slice()).into_owned())
        } else {
            term::emit_into_string(&config, &files, &cs_diag).ok()
        };
        let rendered = rendered.unwrap_or_else(|| plain_fallback(map, diagnostic));
        out.push_str(&swedish_headers(&rendered));
    }
    if !rest.is_empty() {
        out.push_str(&more_line(rest));
    }
    out
}

/// `… och 63 900 fel och 2 varningar till (visas inte här; ...)`.
fn more_line(rest: &[Diagnostic]) -> String {
    let errors = rest.iter().filter(|d| d.is_error()).count();
    let warnings = rest.len() - errors;
    let mut parts = Vec::new();
    if errors > 0 {
        parts.push(format!("{} fel", grouped(errors)));
    }
    if warnings > 0 {
        let word = if warnings == 1 {
            "varning"
        } else {
            "varningar"
        };
        parts.push(format!("{} {word}", grouped(warnings)));
    }
    format!(
        "… och {} till, som inte visas här (`--format short` eller `--format json` visar alla).\n\n",
        parts.join(" och ")
    )
}

/// A count with Swedish thousands grouping: `63 900`.
fn grouped(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('\u{a0}');
        }
        out.push(c);
    }
    out
}

/// One JSON object per diagnostic, for CI annotations: file, line, column, end (line and
/// column), code, severity, message, and the labels, notes and help.
pub fn json(map: &SourceMap, diagnostic: &Diagnostic) -> serde_json::Value {
    let place = |span: Span| {
        let file = map.get(span.file);
        let start = file.map(|f| f.line_col(span.start as usize));
        let end = file.map(|f| f.line_col(span.end as usize));
        (file.map(|f| f.name().to_owned()), start, end)
    };
    let (file, start, end) = place(diagnostic.primary.span);
    let labels: Vec<_> = diagnostic
        .secondary
        .iter()
        .map(|label| {
            let (file, start, _) = place(label.span);
            json!({
                "file": file,
                "line": start.map(|s| s.line),
                "column": start.map(|s| s.column),
                "message": label.message,
            })
        })
        .collect();
    json!({
        "file": file,
        "line": start.map(|s| s.line),
        "column": start.map(|s| s.column),
        "end": { "line": end.map(|e| e.line), "column": end.map(|e| e.column) },
        "code": diagnostic.code.as_str(),
        "severity": diagnostic.severity.swedish(),
        "message": diagnostic.message,
        "label": diagnostic.primary.message,
        "labels": labels,
        "notes": diagnostic.notes,
        "help": diagnostic.help,
    })
}

/// A one-line form: `fil.regel:3:7: fel[E0002]: meddelande`.
pub fn short(map: &SourceMap, diagnostic: &Diagnostic) -> String {
    let span = diagnostic.primary.span;
    let location = map
        .get(span.file)
        .map(|f| {
            let lc = f.line_col(span.start as usize);
            format!("{}:{}:{}: ", f.name(), lc.line, lc.column)
        })
        .unwrap_or_default();
    format!(
        "{location}{}[{}]: {}",
        diagnostic.severity.swedish(),
        diagnostic.code,
        diagnostic.message
    )
}

fn to_codespan(map: &SourceMap, diagnostic: &Diagnostic) -> cs::Diagnostic<usize> {
    let severity = match diagnostic.severity {
        Severity::Error => cs::Severity::Error,
        Severity::Warning => cs::Severity::Warning,
    };
    let mut labels = Vec::new();
    let mut hidden = Vec::new();
    let mut usable = |span: Span| {
        let Some(file) = map.get(span.file) else {
            return false;
        };
        if file.text().get(span.range()).is_none() {
            return false;
        }
        let longest = file
            .line_len(span.start as usize)
            .max(file.line_len(span.end as usize));
        if longest > MAX_LINE_SHOWN {
            let at = file.line_col(span.start as usize);
            hidden.push(format!(
                "{}:{}:{} (raden är för lång för att visas)",
                file.name(),
                at.line,
                at.column
            ));
            return false;
        }
        true
    };
    if usable(diagnostic.primary.span) {
        labels.push(
            cs::Label::primary(
                usize::from(diagnostic.primary.span.file.0),
                diagnostic.primary.span.range(),
            )
            .with_message(diagnostic.primary.message.clone()),
        );
    }
    for label in &diagnostic.secondary {
        if usable(label.span) {
            labels.push(
                cs::Label::secondary(usize::from(label.span.file.0), label.span.range())
                    .with_message(label.message.clone()),
            );
        }
    }
    let mut notes: Vec<String> = hidden.iter().map(|h| format!("plats: {h}")).collect();
    notes.extend(diagnostic.notes.iter().map(|n| format!("not: {n}")));
    if let Some(help) = &diagnostic.help {
        notes.push(format!("hjälp: {help}"));
    }
    cs::Diagnostic::new(severity)
        .with_code(diagnostic.code.as_str())
        .with_message(diagnostic.message.clone())
        .with_labels(labels)
        .with_notes(notes)
}

fn plain_fallback(map: &SourceMap, diagnostic: &Diagnostic) -> String {
    let mut out = short(map, diagnostic);
    out.push('\n');
    for note in &diagnostic.notes {
        out.push_str(&format!("  = not: {note}\n"));
    }
    if let Some(help) = &diagnostic.help {
        out.push_str(&format!("  = hjälp: {help}\n"));
    }
    out
}

fn swedish_headers(rendered: &str) -> String {
    rendered
        .replace("error[", "fel[")
        .replace("warning[", "varning[")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Code, Diagnostic, SourceMap};

    #[test]
    fn renders_swedish_header_and_help() {
        let mut map = SourceMap::new();
        let file = map.add("a.regel", "regel x: heltal = 1 +\n");
        let d = Diagnostic::new(
            Code::E0001,
            "förväntade ett uttryck",
            Span::new(file, 20, 21),
        )
        .with_primary_label("här")
        .with_help("skriv ett tal");
        let text = human(&map, std::slice::from_ref(&d), false);
        assert!(
            text.starts_with("fel[E0001]: förväntade ett uttryck"),
            "{text}"
        );
        assert!(text.contains("a.regel:1:21"), "{text}");
        assert!(text.contains("= hjälp: skriv ett tal"), "{text}");
        let j = json(&map, &d);
        assert_eq!(j["line"], 1);
        assert_eq!(j["column"], 21);
        assert_eq!(j["code"], "E0001");
        assert_eq!(j["severity"], "fel");
    }

    #[test]
    fn detached_span_renders_without_location() {
        let map = SourceMap::new();
        let d = Diagnostic::new(Code::E0019, "filen kan inte läsas", Span::detached());
        let text = human(&map, &[d], false);
        assert!(
            text.starts_with("fel[E0019]: filen kan inte läsas"),
            "{text}"
        );
    }

    #[test]
    fn stops_after_the_limit_and_says_how_many_more() {
        let mut map = SourceMap::new();
        let text = "x\n".repeat(200);
        let file = map.add("a.regel", text);
        let diags: Vec<_> = (0..1_234u32)
            .map(|i| {
                let at = (i % 200) * 2;
                let d = Diagnostic::new(Code::E0001, "fel", Span::new(file, at, at + 1));
                if i % 617 == 5 {
                    d.with_severity(crate::Severity::Warning)
                } else {
                    d
                }
            })
            .collect();
        let text = human(&map, &diags, false);
        assert_eq!(text.matches("[E0001]").count(), MAX_HUMAN, "{text}");
        assert!(
            text.ends_with(
                "… och 1\u{a0}183 fel och 1 varning till, som inte visas här \
                 (`--format short` eller `--format json` visar alla).\n\n"
            ),
            "{text}"
        );
    }

    #[test]
    fn a_long_line_is_named_not_shown() {
        let mut map = SourceMap::new();
        let long = "§ ".repeat(10_000);
        let file = map.add("a.regel", format!("regel a: heltal = 1\n{long}\n"));
        let diags: Vec<_> = (0..10u32)
            .map(|i| Diagnostic::new(Code::E0001, "fel", Span::new(file, 20 + i * 3, 22 + i * 3)))
            .collect();
        let text = human(&map, &diags, false);
        // Ten diagnostics on a 30 000-byte line: the line itself is never printed.
        assert!(text.len() < 5_000, "{} bytes", text.len());
        assert!(
            text.contains("= plats: a.regel:2:1 (raden är för lång för att visas)"),
            "{text}"
        );
    }
}
