//! The tokens of a rule file as tools outside the parser see them (the formatter, an
//! editor): every token outside texts, each text literal whole (quotes and interpolations
//! included), and the comments, in source order. Built on the crate's own lexer, so that
//! there is one tokenizer.

use crate::lexer::{self, TokKind};

/// What kind of token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenKind {
    /// A word: a name or a keyword (`regel`, `årskurs`, `kr`).
    Word,
    /// Digits, possibly with `_` and a decimal part (`12,5`, `12.5`). A grouped amount
    /// (`3 480 kr`) is several numbers and a word.
    Number,
    /// A whole text literal, from its opening to its closing quote.
    Text,
    /// An opening bracket `{`, `(`, `[`.
    Open(char),
    /// A closing bracket `}`, `)`, `]`.
    Close(char),
    /// A `,` that is not part of a number.
    Comma,
    /// Any other punctuation or operator (`:`, `=`, `..`, `<=`, `->`, `%`, …).
    Punct,
    /// A comment, `//` to the end of its line (doc comments `///` too) or `/* … */`.
    Comment,
}

/// One token: its kind and byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Token {
    /// What it is.
    pub kind: TokenKind,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

/// The tokens of `text` in source order. Never fails: what the lexer cannot place comes
/// out as [`TokenKind::Punct`], and an unterminated text as the text up to its line end.
pub fn tokens(text: &str) -> Vec<Token> {
    let lexed = lexer::lex(text);
    let mut out = Vec::with_capacity(lexed.tokens.len() + lexed.comments.len());
    let mut strings = lexed.strings.iter().peekable();
    for tok in lexed.tokens.iter().filter(|t| t.nested == 0) {
        let (kind, end) = match tok.kind {
            TokKind::Str => {
                while strings.next_if(|(s, _)| *s < tok.start).is_some() {}
                let end = match strings.peek() {
                    Some((s, e)) if *s == tok.start => *e,
                    // Unterminated: up to the end of its line.
                    _ => text
                        .get(tok.start..)
                        .and_then(|r| r.find('\n'))
                        .map_or(text.len(), |i| tok.start + i),
                };
                (TokenKind::Text, end)
            }
            TokKind::Word => (TokenKind::Word, tok.end),
            TokKind::Number => (TokenKind::Number, tok.end),
            TokKind::Open(c) => (TokenKind::Open(c), tok.end),
            TokKind::Close(c) => (TokenKind::Close(c), tok.end),
            TokKind::Comma => (TokenKind::Comma, tok.end),
            TokKind::Punct => (TokenKind::Punct, tok.end),
        };
        out.push(Token {
            kind,
            start: tok.start,
            end,
        });
    }
    out.extend(lexed.comments.iter().map(|&(start, end)| Token {
        kind: TokenKind::Comment,
        start,
        end,
    }));
    out.sort_by_key(|t| t.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokenKind, &str)> {
        tokens(text)
            .iter()
            .map(|t| (t.kind, text.get(t.start..t.end).unwrap_or("?")))
            .collect()
    }

    #[test]
    fn texts_are_whole_and_comments_are_kept() {
        assert_eq!(
            kinds("a = \"x {b + 1} y\" // c\n/* d */ e"),
            [
                (TokenKind::Word, "a"),
                (TokenKind::Punct, "="),
                (TokenKind::Text, "\"x {b + 1} y\""),
                (TokenKind::Comment, "// c"),
                (TokenKind::Comment, "/* d */"),
                (TokenKind::Word, "e"),
            ]
        );
    }

    #[test]
    fn an_unterminated_text_ends_at_its_line() {
        assert_eq!(
            kinds("a \"b\nc"),
            [
                (TokenKind::Word, "a"),
                (TokenKind::Text, "\"b"),
                (TokenKind::Word, "c")
            ]
        );
    }
}
