//! Turning pest pairs into the syntax tree, one function per grammar rule, split by topic:
//! items, blocks (fields, outcomes, examples), expressions, literals and types.
//!
//! Lowering also finds the errors the grammar leaves open (impossible dates, numbers out of
//! range, unknown or missing fields). It never stops at the first: it records the error,
//! puts a harmless value in place and goes on, and the item is then left out of the tree.

mod blocks;
mod exprs;
mod items;
mod literals;
mod types;

use delegat_diagnostics::{Code, Diagnostic, FileId, Span};
use pest::iterators::Pair;

use crate::ast::{Ident, Item, StrLit, TextLit, TextPart};
use crate::nfc::OffsetMap;
use crate::parser::Rule;

pub(crate) use items::item;

/// A pest pair of our grammar.
pub(crate) type P<'i> = Pair<'i, Rule>;

/// The state of lowering one item.
#[derive(Debug)]
pub(crate) struct Lower {
    /// The file the item is in.
    pub file: FileId,
    /// Byte offset of the item's piece in the file (pest positions are relative to it).
    pub offset: usize,
    /// The errors found so far.
    pub diags: Vec<Diagnostic>,
    /// Whether an error was found in this item (it is then left out).
    pub failed: bool,
    /// Offsets of the normalised text the pairs point into, back to the file's.
    pub map: OffsetMap,
}

impl Lower {
    pub(crate) fn new(file: FileId, offset: usize, map: OffsetMap) -> Lower {
        Lower {
            file,
            offset,
            diags: Vec::new(),
            failed: false,
            map,
        }
    }

    /// The file span of a pair, without the white space and comments pest lets a rule
    /// swallow after its last token (a rule ending in `x*` or `x?` skips white space
    /// before finding no `x`): a non-atomic rule ends where its last child ends.
    pub(crate) fn span(&self, pair: &P<'_>) -> Span {
        let start = pair.as_span().start();
        let mut last = pair.clone();
        while !is_compound(last.as_rule()) {
            match last.clone().into_inner().last() {
                Some(child) => last = child,
                None => break,
            }
        }
        let end = last.as_span().end().max(start);
        let range = self.offset + start..self.offset + end;
        Span::from_range(self.file, self.map.original(range))
    }

    /// Records an error; the item will be left out.
    pub(crate) fn fail(&mut self, diag: Diagnostic) {
        self.failed = true;
        self.diags.push(diag);
    }

    /// A pair did not have the shape the grammar promises (a bug, never user input).
    pub(crate) fn internal(&mut self, span: Span, what: &str) {
        self.fail(
            Diagnostic::new(Code::E0001, format!("kunde inte läsa {what}"), span)
                .with_note("detta är ett fel i Delegat, inte i regelfilen"),
        );
    }

    /// An `ident` or `field_key` pair.
    pub(crate) fn ident(&self, pair: &P<'_>) -> Ident {
        Ident {
            name: pair.as_str().to_owned(),
            span: self.span(pair),
        }
    }

    /// A `text` pair that must be plain (no interpolation): titles, lagrum, questions.
    pub(crate) fn str_lit(&mut self, pair: P<'_>, what: &str) -> StrLit {
        let span = self.span(&pair);
        let text = self.text_lit(pair);
        plain_text(self, text, span, what)
    }
}

/// The value of a text without interpolation, or an error E0018.
pub(crate) fn plain_text(l: &mut Lower, text: TextLit, span: Span, what: &str) -> StrLit {
    let mut value = String::new();
    for part in &text.parts {
        match part {
            TextPart::Lit(s) => value.push_str(s),
            TextPart::Interp(e) => {
                l.fail(
                    Diagnostic::new(
                        Code::E0018,
                        format!("{what} kan inte innehålla ett inskjutet uttryck"),
                        e.span,
                    )
                    .with_primary_label("uttrycket står inom `{…}`")
                    .with_label(span, "i denna text")
                    .with_help("skriv `{{` och `}}` om texten ska innehålla klamrar"),
                );
            }
        }
    }
    StrLit { value, span }
}

/// Lowers one item piece; `None` when it held an error.
pub(crate) fn lower_item(
    file: FileId,
    offset: usize,
    map: &OffsetMap,
    pair: P<'_>,
    doc: Option<String>,
) -> (Option<Item>, Vec<Diagnostic>) {
    let mut l = Lower::new(file, offset, map.clone());
    let item = item(&mut l, pair, doc);
    let item = if l.failed { None } else { item };
    (item, l.diags)
}

/// Rules whose text ends with a token that is not a child pair (a closing quote, `%`), so
/// their own end is exact and their children's is not.
fn is_compound(rule: Rule) -> bool {
    matches!(
        rule,
        Rule::postfix
            | Rule::call
            | Rule::field_suffix
            | Rule::money
            | Rule::percent
            | Rule::duration
            | Rule::text
    )
}

/// Levenshtein distance over characters, for "did you mean".
pub(crate) fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row.first().copied().unwrap_or(0);
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            let above = row.get(j + 1).copied().unwrap_or(usize::MAX);
            let left = row.get(j).copied().unwrap_or(usize::MAX);
            let value = (prev + cost)
                .min(above.saturating_add(1))
                .min(left.saturating_add(1));
            prev = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or(0)
}

/// The closest of `candidates` to `word`, if close enough to be a likely typo (a missing
/// ring or dots on å/ä/ö counts as nothing).
pub(crate) fn did_you_mean<'c>(word: &str, candidates: &[&'c str]) -> Option<&'c str> {
    let fold = |s: &str| -> String {
        s.to_lowercase()
            .chars()
            .map(|c| match c {
                'å' | 'ä' => 'a',
                'ö' => 'o',
                c => c,
            })
            .collect()
    };
    let w = fold(word);
    candidates
        .iter()
        .map(|c| (distance(&w, &fold(c)), *c))
        .filter(|(d, c)| *d <= 2.min(c.chars().count() / 3 + 1))
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions() {
        assert_eq!(did_you_mean("namnd", &["nämnd", "version"]), Some("nämnd"));
        assert_eq!(
            did_you_mean("motiveirng", &["belopp", "motivering"]),
            Some("motivering")
        );
        assert_eq!(did_you_mean("x", &["belopp", "motivering"]), None);
        assert_eq!(distance("kitten", "sitting"), 3);
    }
}
