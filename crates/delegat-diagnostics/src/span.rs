//! Byte spans into source files.
//!
//! A [`Span`] is 12 bytes and `Copy`: a [`FileId`] and a half-open byte range
//! `start..end` into that file's text. Nodes that have no source text (synthesised by a
//! later phase) carry [`Span::detached`], which renders as no location at all.

use serde::{Deserialize, Serialize};

/// Identifies one file in a [`crate::SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct FileId(pub u16);

impl FileId {
    /// The id used by [`Span::detached`]: it never names a real file.
    pub const DETACHED: FileId = FileId(u16::MAX);
}

/// A half-open byte range in one source file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Span {
    /// The file the range points into.
    pub file: FileId,
    /// First byte of the range.
    pub start: u32,
    /// One past the last byte of the range.
    pub end: u32,
}

impl Span {
    /// A span covering `start..end` in `file`.
    pub fn new(file: FileId, start: u32, end: u32) -> Span {
        Span { file, start, end }
    }

    /// A span from `usize` offsets, saturating at `u32::MAX` (files that large are refused
    /// when they are read, so saturation never happens in practice).
    pub fn from_range(file: FileId, range: std::ops::Range<usize>) -> Span {
        let clamp = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        Span::new(file, clamp(range.start), clamp(range.end))
    }

    /// The span of something that has no source text.
    pub fn detached() -> Span {
        Span::new(FileId::DETACHED, 0, 0)
    }

    /// Whether this span points nowhere.
    pub fn is_detached(self) -> bool {
        self.file == FileId::DETACHED
    }

    /// The smallest span covering both `self` and `other` (same file assumed; if the files
    /// differ, `self` is returned unchanged).
    pub fn to(self, other: Span) -> Span {
        if self.file != other.file {
            return self;
        }
        Span::new(
            self.file,
            self.start.min(other.start),
            self.end.max(other.end),
        )
    }

    /// The byte range as `usize`s, for slicing the file's text.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// An empty span at the start of `self`.
    pub fn shrink_to_start(self) -> Span {
        Span::new(self.file, self.start, self.start)
    }

    /// An empty span at the end of `self`.
    pub fn shrink_to_end(self) -> Span {
        Span::new(self.file, self.end, self.end)
    }
}
