//! Positions: the protocol counts lines and UTF-16 code units, Delegat's spans count bytes.

use delegat_diagnostics::Span;
use lsp_types::{Position, Range};

/// The line starts of one text, for converting between byte offsets and positions.
#[derive(Debug, Clone)]
pub struct LineIndex<'a> {
    text: &'a str,
    starts: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> LineIndex<'a> {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        LineIndex { text, starts }
    }

    /// The position of a byte offset (clamped to the text, and back to a character boundary).
    pub fn position(&self, offset: usize) -> Position {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = self.starts.get(line).copied().unwrap_or(0);
        let character = self
            .text
            .get(start..offset)
            .map_or(0, |s| s.encode_utf16().count());
        Position::new(to_u32(line), to_u32(character))
    }

    /// The byte offset of a position; a line past the end gives the end of the text, a
    /// character past the end of its line the end of the line.
    pub fn offset(&self, pos: Position) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.text.len();
        };
        let end = self
            .starts
            .get(pos.line as usize + 1)
            .map_or(self.text.len(), |next| next.saturating_sub(1));
        let line = self.text.get(start..end).unwrap_or("");
        let mut units = 0u32;
        for (i, c) in line.char_indices() {
            if units >= pos.character {
                return start + i;
            }
            units += to_u32(c.len_utf16());
        }
        end
    }

    /// The range of a span's bytes.
    pub fn range(&self, span: Span) -> Range {
        Range::new(
            self.position(span.start as usize),
            self.position(span.end as usize),
        )
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_utf16_units_and_round_trip() {
        let text = "regel å: heltal = 1\n  𝔸ö = 2\n";
        let index = LineIndex::new(text);
        let o = text.find("ö").unwrap_or(0);
        // `𝔸` is two UTF-16 units (and four bytes).
        assert_eq!(index.position(o), Position::new(1, 4));
        assert_eq!(index.offset(Position::new(1, 4)), o);
        assert_eq!(
            index.offset(Position::new(0, 7)),
            text.find(':').unwrap_or(0)
        );
        assert_eq!(index.offset(Position::new(9, 0)), text.len());
        assert_eq!(
            index.offset(Position::new(0, 99)),
            text.find('\n').unwrap_or(0)
        );
        // Inside a multi-byte character: back to its start.
        assert_eq!(index.position(o + 1), Position::new(1, 4));
    }
}
