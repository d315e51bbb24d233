//! Unicode normalisation (NFC) of a rule file, with the map from offsets in the normalised
//! text back to the original's.
//!
//! A rule file may hold decomposed letters (`a` followed by U+030A COMBINING RING ABOVE for
//! `å`), as macOS file names and text copied from a PDF do. The parser reads the NFC form,
//! so such a word is the same name, keyword or text as its composed spelling; every span it
//! makes is mapped back through [`Nfc::original`] and points at the bytes of the text the
//! author wrote (an editor marks the right characters).
//!
//! Text already in NFC (every ASCII file, and almost every file) is borrowed, not copied,
//! and its map is the identity.

use std::borrow::Cow;
use std::ops::Range;

use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// A text in NFC and where its pieces came from.
#[derive(Clone, Debug)]
pub struct Nfc<'a> {
    /// The normalised text.
    pub text: Cow<'a, str>,
    /// The map back to the original's offsets.
    pub map: OffsetMap,
}

/// Maps byte offsets of a normalised text to the original's. Only the pieces that
/// normalisation changed are kept, in order; between them the two texts are equal.
#[derive(Clone, Debug, Default)]
pub struct OffsetMap {
    changed: Vec<Changed>,
}

/// One piece that normalisation rewrote: its range in the normalised and the original text.
#[derive(Clone, Debug)]
struct Changed {
    nfc: Range<usize>,
    original: Range<usize>,
}

/// Whether `text` is already in NFC, decided cheaply for ASCII.
pub fn is_nfc(text: &str) -> bool {
    text.is_ascii() || unicode_normalization::is_nfc(text)
}

/// The NFC form of `text` with its offset map.
pub fn normalize(text: &str) -> Nfc<'_> {
    if text.is_ascii() || is_nfc_quick(text.chars()) == IsNormalized::Yes {
        return Nfc {
            text: Cow::Borrowed(text),
            map: OffsetMap::default(),
        };
    }
    let mut out = String::with_capacity(text.len());
    let mut changed = Vec::new();
    let mut run_start = 0;
    let mut flush = |range: Range<usize>, out: &mut String| {
        let piece = text.get(range.clone()).unwrap_or("");
        let start = out.len();
        if unicode_normalization::is_nfc(piece) {
            out.push_str(piece);
        } else {
            out.extend(piece.nfc());
            changed.push(Changed {
                nfc: start..out.len(),
                original: range,
            });
        }
    };
    for (i, c) in text.char_indices() {
        if i > run_start && is_stable(c) {
            flush(run_start..i, &mut out);
            run_start = i;
        }
    }
    flush(run_start..text.len(), &mut out);
    Nfc {
        text: Cow::Owned(out),
        map: OffsetMap { changed },
    }
}

/// A character before which normalisation never reaches back: it neither reorders with nor
/// composes with what precedes it (canonical combining class 0 and NFC_Quick_Check = Yes,
/// Unicode Standard Annex #15). Runs of text between such characters normalise on their own.
fn is_stable(c: char) -> bool {
    c.is_ascii()
        || (canonical_combining_class(c) == 0
            && is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes)
}

impl OffsetMap {
    /// Whether the map is the identity (the text was already in NFC).
    pub fn is_identity(&self) -> bool {
        self.changed.is_empty()
    }

    /// The original offset of the normalised offset `at`, read as the start of a range:
    /// an offset inside a rewritten piece moves to the piece's start.
    pub fn start(&self, at: usize) -> usize {
        self.map(at, false)
    }

    /// The original offset of the normalised offset `at`, read as the end of a range: an
    /// offset inside a rewritten piece moves to the piece's end.
    pub fn end(&self, at: usize) -> usize {
        self.map(at, true)
    }

    /// The original range of the normalised range `range`.
    pub fn original(&self, range: Range<usize>) -> Range<usize> {
        if self.is_identity() {
            return range;
        }
        let start = self.start(range.start);
        start..self.end(range.end).max(start)
    }

    fn map(&self, at: usize, as_end: bool) -> usize {
        let before = self.changed.partition_point(|c| c.nfc.start < at);
        // The last piece that starts before `at`, if any (`at` may also be a piece's start,
        // which maps to that piece's original start since the texts agree up to there).
        let Some(piece) = before.checked_sub(1).and_then(|i| self.changed.get(i)) else {
            return at;
        };
        if at >= piece.nfc.end {
            piece.original.end + (at - piece.nfc.end)
        } else if as_end {
            piece.original.end
        } else {
            piece.original.start
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nfc_text_is_borrowed_with_identity_map() {
        let n = normalize("regel årskurs = 3");
        assert!(matches!(n.text, Cow::Borrowed(_)));
        assert!(n.map.is_identity());
        assert_eq!(n.map.original(6..14), 6..14);
    }

    #[test]
    fn decomposed_letters_compose_and_map_back() {
        // "x årskurs ö" with å and ö decomposed.
        let original = "x a\u{30a}rskurs o\u{308} y";
        let n = normalize(original);
        assert_eq!(n.text, "x årskurs ö y");
        // `årskurs` is 2..10 in NFC, 2..11 in the original.
        assert_eq!(n.map.original(2..10), 2..11);
        assert_eq!(original.get(2..11), Some("a\u{30a}rskurs"));
        // `ö` is 11..13 in NFC, 12..15 in the original; `y` follows.
        assert_eq!(n.map.original(11..13), 12..15);
        assert_eq!(n.map.original(14..15), 16..17);
        assert_eq!(original.get(16..17), Some("y"));
        // A range starting or ending inside a rewritten letter widens to the whole letter.
        assert_eq!(n.map.original(3..4), 2..5);
        // Offsets before any change are unchanged.
        assert_eq!(n.map.original(0..1), 0..1);
    }

    #[test]
    fn combining_mark_without_composition_is_kept() {
        let n = normalize("q\u{30a} å");
        assert_eq!(n.text, "q\u{30a} å");
        assert!(n.map.is_identity());
    }

    #[test]
    fn reordered_marks_are_one_piece() {
        // Two marks out of canonical order: normalisation reorders them.
        let original = "a\u{301}\u{323}b";
        let n = normalize(original);
        assert_eq!(n.text, "\u{1ea1}\u{301}b");
        assert_eq!(n.map.original(0..n.text.len() - 1), 0..original.len() - 1);
        assert_eq!(n.map.end(n.text.len()), original.len());
    }
}
