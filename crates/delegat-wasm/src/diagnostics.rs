//! Diagnostics as the page reads them: JSON with offsets in UTF-16 code units (JavaScript
//! string indices, what CodeMirror takes), beside the line and column `delegat check` shows.

use delegat_diagnostics::{Diagnostic, FileId, SourceMap, Span};
use serde_json::{Value, json};

/// Byte offsets of one text turned into UTF-16 offsets, in constant time each: a file of
/// garbage has tens of thousands of diagnostics.
#[derive(Debug)]
pub(crate) struct Utf16Index {
    /// The UTF-16 offset of every byte offset `0..=len`; a byte inside a character maps to
    /// the character's start.
    at: Vec<u32>,
}

impl Utf16Index {
    /// The index of `text`.
    pub(crate) fn new(text: &str) -> Utf16Index {
        let mut at = Vec::with_capacity(text.len() + 1);
        let mut units: u32 = 0;
        for c in text.chars() {
            for _ in 0..c.len_utf8() {
                at.push(units);
            }
            units = units.saturating_add(c.len_utf16() as u32);
        }
        at.push(units);
        Utf16Index { at }
    }

    /// The UTF-16 offset of a byte offset (clamped to the end of the text).
    pub(crate) fn of(&self, byte: usize) -> u32 {
        self.at
            .get(byte)
            .or_else(|| self.at.last())
            .copied()
            .unwrap_or(0)
    }
}

/// The diagnostics of the text `file` as a JSON array. Offsets of a span in another file
/// or of no place at all (`Span::detached`) are `null`, and so are its line and column.
pub(crate) fn to_json(
    map: &SourceMap,
    file: FileId,
    index: &Utf16Index,
    diagnostics: &[Diagnostic],
) -> Value {
    Value::Array(
        diagnostics
            .iter()
            .map(|d| one(map, file, index, d))
            .collect(),
    )
}

/// `(from, to)` in UTF-16 units, when `span` is in `file`.
fn range(file: FileId, index: &Utf16Index, span: Span) -> (Option<u32>, Option<u32>) {
    if span.is_detached() || span.file != file {
        return (None, None);
    }
    (
        Some(index.of(span.start as usize)),
        Some(index.of(span.end as usize)),
    )
}

fn one(map: &SourceMap, file: FileId, index: &Utf16Index, d: &Diagnostic) -> Value {
    let (from, to) = range(file, index, d.primary.span);
    let place = (from.is_some())
        .then(|| {
            map.get(file)
                .map(|f| f.line_col(d.primary.span.start as usize))
        })
        .flatten();
    let labels: Vec<Value> = d
        .secondary
        .iter()
        .map(|label| {
            let (from, to) = range(file, index, label.span);
            json!({ "from": from, "to": to, "message": label.message })
        })
        .collect();
    let fix = d.fix.as_ref().and_then(|fix| {
        let (from, to) = range(file, index, fix.span);
        Some(json!({ "from": from?, "to": to?, "text": fix.text }))
    });
    json!({
        "code": d.code.as_str(),
        "severity": d.severity.swedish(),
        "message": d.message,
        "from": from,
        "to": to,
        "line": place.map(|p| p.line),
        "column": place.map(|p| p.column),
        "label": d.primary.message,
        "labels": labels,
        "notes": d.notes,
        "help": d.help,
        "fix": fix,
    })
}

#[cfg(test)]
mod tests {
    use super::Utf16Index;

    #[test]
    fn offsets_count_utf16_units_not_bytes() {
        // `å` is two bytes and one unit; `𝄞` is four bytes and two units.
        let text = "aå𝄞b";
        let index = Utf16Index::new(text);
        assert_eq!(index.of(0), 0);
        assert_eq!(index.of(1), 1);
        assert_eq!(index.of(3), 2);
        assert_eq!(index.of(7), 4);
        assert_eq!(index.of(8), 5);
        // Inside a character: its start. Past the end: the end.
        assert_eq!(index.of(2), 1);
        assert_eq!(index.of(99), 5);
    }
}
