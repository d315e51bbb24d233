//! Atoms: the tokens of a rule file as the formatter lays them out. A literal the lexer
//! splits into several tokens (a date `2026-03-01`, an amount `3 480 kr`, a percentage
//! `3 %`, the type `ja/nej`) is one atom, so that no space is put inside it and none taken
//! out; and every number is written the Swedish way here (see [`Atom::text`]).

use delegat_syntax::tokens::{Token, TokenKind};

/// What an atom is, as far as layout cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A name or a keyword (and `ja/nej`).
    Word,
    /// A number, an amount, a percentage, a date or a duration's number.
    Number,
    /// A text literal, written as it stands.
    Text,
    /// An opening bracket.
    Open(char),
    /// A closing bracket.
    Close(char),
    /// Punctuation and operators.
    Punct,
    /// A comment, written as it stands (its end trimmed).
    Comment,
}

/// One atom: its canonical text and where it was in the source.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Atom {
    pub kind: Kind,
    /// The text to write: the source's, except that an amount is grouped by thousands with
    /// spaces and a `,` before its decimals (`3480.5 kr` → `3 480,5 kr`), a percentage has a
    /// space before `%`, and every decimal number has a `,`.
    pub text: String,
    /// Line breaks between the previous atom (or the file's start) and this one.
    pub newlines_before: usize,
    /// Whether white space (or nothing) separated it from the previous atom on its line:
    /// `false` when the two touch (`f(`, `a[`, `b.c`).
    pub touches_previous: bool,
    /// The column (in characters, a tab counting as two) where it started, if it was the
    /// first atom on its line (0 otherwise).
    pub column: usize,
}

/// Splits `source` into atoms.
pub(crate) fn atoms(source: &str) -> Vec<Atom> {
    let tokens = delegat_syntax::tokens::tokens(source);
    let mut out: Vec<Atom> = Vec::with_capacity(tokens.len());
    let mut i = 0;
    let mut prev_end = 0;
    while let Some(tok) = tokens.get(i) {
        let (kind, text, used) = atom_at(source, &tokens, i);
        let gap = source.get(prev_end..tok.start).unwrap_or("");
        let newlines_before = gap.matches('\n').count();
        let column = if newlines_before > 0 || out.is_empty() {
            let indent = gap.rsplit('\n').next().unwrap_or("");
            indent.chars().map(|c| if c == '\t' { 2 } else { 1 }).sum()
        } else {
            0
        };
        out.push(Atom {
            kind,
            text,
            newlines_before,
            touches_previous: gap.is_empty() && !out.is_empty(),
            column,
        });
        let last = tokens.get(i + used - 1).map_or(tok.end, |t| t.end);
        prev_end = last;
        i += used;
    }
    out
}

fn slice(source: &str, tok: &Token) -> String {
    source.get(tok.start..tok.end).unwrap_or("").to_owned()
}

fn tok_text<'a>(source: &'a str, tok: Option<&Token>) -> &'a str {
    tok.and_then(|t| source.get(t.start..t.end)).unwrap_or("")
}

/// Whether the tokens touch (no byte between them).
fn touching(a: Option<&Token>, b: Option<&Token>) -> bool {
    matches!((a, b), (Some(a), Some(b)) if a.end == b.start)
}

/// The atom starting at token `i`: its kind, its text and how many tokens it takes.
fn atom_at(source: &str, tokens: &[Token], i: usize) -> (Kind, String, usize) {
    let Some(tok) = tokens.get(i) else {
        return (Kind::Punct, String::new(), 1);
    };
    match tok.kind {
        TokenKind::Number => number_at(source, tokens, i),
        TokenKind::Word => {
            let slash = tokens.get(i + 1);
            let nej = tokens.get(i + 2);
            if tok_text(source, Some(tok)) == "ja"
                && tok_text(source, slash) == "/"
                && tok_text(source, nej) == "nej"
                && touching(Some(tok), slash)
                && touching(slash, nej)
            {
                (Kind::Word, "ja/nej".to_owned(), 3)
            } else {
                (Kind::Word, slice(source, tok), 1)
            }
        }
        TokenKind::Text => (Kind::Text, slice(source, tok), 1),
        TokenKind::Open(c) => (Kind::Open(c), slice(source, tok), 1),
        TokenKind::Close(c) => (Kind::Close(c), slice(source, tok), 1),
        TokenKind::Comment => {
            let text = slice(source, tok);
            (Kind::Comment, text.trim_end().to_owned(), 1)
        }
        TokenKind::Comma | TokenKind::Punct => (Kind::Punct, slice(source, tok), 1),
    }
}

/// A date, an amount, a percentage or a plain number, starting at the number token `i`.
fn number_at(source: &str, tokens: &[Token], i: usize) -> (Kind, String, usize) {
    let first = tokens.get(i);
    let text = |k: usize| tok_text(source, tokens.get(k));
    // A date: four digits, `-`, two digits, `-`, two digits, all touching.
    let is_digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    if is_digits(text(i), 4)
        && text(i + 1) == "-"
        && is_digits(text(i + 2), 2)
        && text(i + 3) == "-"
        && is_digits(text(i + 4), 2)
        && (i..i + 4).all(|k| touching(tokens.get(k), tokens.get(k + 1)))
    {
        let end = tokens.get(i + 4).map_or(0, |t| t.end);
        let start = first.map_or(0, |t| t.start);
        return (
            Kind::Number,
            source.get(start..end).unwrap_or("").to_owned(),
            5,
        );
    }
    // An amount: groups of digits, each after exactly one grouping space, the last one
    // possibly with decimals, then `kr` or `öre` after horizontal space (as the grammar's
    // `money` reads it: a group after two spaces is not part of the amount).
    let mut groups = vec![text(i)];
    let mut k = i;
    while !has_decimals(text(k))
        && tokens
            .get(k + 1)
            .is_some_and(|t| t.kind == TokenKind::Number)
        && gap(source, tokens, k).is_some_and(|g| {
            let mut chars = g.chars();
            chars
                .next()
                .is_some_and(|c| matches!(c, ' ' | '\u{A0}' | '\u{2009}' | '\u{202F}'))
                && chars.next().is_none()
        })
    {
        k += 1;
        groups.push(text(k));
    }
    let unit = text(k + 1);
    let horizontal = gap(source, tokens, k).is_some_and(|g| !g.contains('\n'));
    if matches!(unit, "kr" | "öre") && horizontal {
        return (
            Kind::Number,
            format!("{} {unit}", amount(&groups)),
            k + 2 - i,
        );
    }
    // A percentage.
    if text(i + 1) == "%" && gap(source, tokens, i).is_some_and(|g| !g.contains('\n')) {
        return (Kind::Number, format!("{} %", decimal_comma(text(i))), 2);
    }
    (Kind::Number, decimal_comma(text(i)), 1)
}

/// The text between token `k` and the next, if both exist.
fn gap<'a>(source: &'a str, tokens: &[Token], k: usize) -> Option<&'a str> {
    let a = tokens.get(k)?;
    let b = tokens.get(k + 1)?;
    source.get(a.end..b.start)
}

fn has_decimals(number: &str) -> bool {
    number.contains([',', '.'])
}

/// `12.5` → `12,5`.
fn decimal_comma(number: &str) -> String {
    number.replace('.', ",")
}

/// The digit groups of an amount written with spaces between thousands and a decimal comma.
fn amount(groups: &[&str]) -> String {
    let joined: String = groups.concat();
    let (int, frac) = match joined.find([',', '.']) {
        Some(p) => (
            joined.get(..p).unwrap_or(""),
            joined.get(p + 1..).unwrap_or(""),
        ),
        None => (joined.as_str(), ""),
    };
    let digits: Vec<char> = int.chars().filter(char::is_ascii_digit).collect();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + frac.len() + 1);
    for (n, d) in digits.iter().enumerate() {
        if n > 0 && (digits.len() - n).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(*d);
    }
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(source: &str) -> Vec<String> {
        atoms(source).into_iter().map(|a| a.text).collect()
    }

    #[test]
    fn amounts_are_grouped_by_thousands() {
        assert_eq!(texts("3480 kr"), ["3 480 kr"]);
        assert_eq!(texts("1234567,5 kr"), ["1 234 567,5 kr"]);
        assert_eq!(texts("1_000.50kr"), ["1 000,50 kr"]);
        assert_eq!(texts("3\u{A0}480 kr"), ["3 480 kr"]);
        assert_eq!(texts("50 öre"), ["50 öre"]);
        // Two spaces end an amount, as in the grammar.
        assert_eq!(texts("5  100 kr"), ["5", "100 kr"]);
    }

    #[test]
    fn dates_percentages_and_ja_nej_are_one_atom() {
        assert_eq!(
            texts("2026-03-01..2026-12-31"),
            ["2026-03-01", "..", "2026-12-31"]
        );
        assert_eq!(texts("2,5% 3 %"), ["2,5 %", "3 %"]);
        assert_eq!(texts("x: ja/nej"), ["x", ":", "ja/nej"]);
        assert_eq!(texts("ja / nej"), ["ja", "/", "nej"]);
        assert_eq!(texts("12.5"), ["12,5"]);
    }

    #[test]
    fn layout_facts() {
        let a = atoms("a\n\n  f(x) // c\n");
        let facts: Vec<_> = a
            .iter()
            .map(|a| {
                (
                    a.text.as_str(),
                    a.newlines_before,
                    a.touches_previous,
                    a.column,
                )
            })
            .collect();
        assert_eq!(
            facts,
            [
                ("a", 0, false, 0),
                ("f", 2, false, 2),
                ("(", 0, true, 0),
                ("x", 0, true, 0),
                (")", 0, true, 0),
                ("// c", 0, false, 0),
            ]
        );
    }
}
