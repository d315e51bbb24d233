//! A light tokenizer that runs before pest: it finds strings, comments, brackets, words and
//! numbers, so that the parser can split a file into items, check brackets and nesting, and
//! recognise the classic mistakes (a `,` between arguments, `1 000` outside an amount)
//! before the grammar sees them.
//!
//! The lexer never fails: problems it sees (an unterminated text or comment, a character
//! that belongs nowhere) are returned as [`LexError`]s beside the tokens.

/// What kind of token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokKind {
    /// A word: a name or a keyword.
    Word,
    /// Digits, possibly with `_` and a decimal part (`12,5`, `12.5`).
    Number,
    /// A whole text literal, quotes included (its interpolations follow as nested tokens).
    Str,
    /// An opening bracket `{`, `(`, `[`.
    Open(char),
    /// A closing bracket `}`, `)`, `]`.
    Close(char),
    /// A `,` that is not part of a number.
    Comma,
    /// Any other punctuation (`:`, `=`, `..`, `<=`, …).
    Punct,
}

/// One token with its byte range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Token {
    /// What it is.
    pub kind: TokKind,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// Whether it is the first token on its line.
    pub line_first: bool,
    /// How many text interpolations enclose it (0 outside texts).
    pub nested: u32,
}

/// A problem seen while tokenizing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum LexError {
    /// A text that reaches the end of its line: the range is from the quote to the line end.
    UnterminatedText(usize, usize),
    /// A `/*` comment without `*/`.
    UnterminatedComment(usize, usize),
    /// A `}` alone inside a text.
    LoneBrace(usize),
    /// A `\x` escape that does not exist.
    BadEscape(usize, usize),
    /// A character that belongs nowhere.
    Stray(usize, usize),
    /// A text between typographic quotes (`”hej”`, as a word processor writes it), up to
    /// the closing quote or the line end: one error, not one per quote and stray character.
    CurlyText(usize, usize),
}

impl LexError {
    /// The byte range the error covers.
    pub(crate) fn range(&self) -> (usize, usize) {
        match *self {
            LexError::UnterminatedText(s, e)
            | LexError::UnterminatedComment(s, e)
            | LexError::BadEscape(s, e)
            | LexError::Stray(s, e)
            | LexError::CurlyText(s, e) => (s, e),
            LexError::LoneBrace(s) => (s, s + 1),
        }
    }
}

/// A `///` doc comment line: where it starts and its text without the slashes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DocLine {
    /// Byte offset of the `///`.
    pub start: usize,
    /// The text after `///`, with one leading space removed.
    pub text: String,
}

/// The result of tokenizing a whole file.
#[derive(Clone, Debug, Default)]
pub(crate) struct Lexed {
    pub tokens: Vec<Token>,
    /// The errors, sorted by where they start (so that a piece of the file finds its own by
    /// binary search), with runs of stray characters merged into one.
    pub errors: Vec<LexError>,
    pub docs: Vec<DocLine>,
    /// Byte ranges of the text literals, quotes included (closed ones only).
    pub strings: Vec<(usize, usize)>,
    /// Byte ranges of the comments outside texts (`//` to the line end, `/* … */`), in
    /// order; doc comments are among them.
    pub comments: Vec<(usize, usize)>,
}

/// Whether `c` may continue a name.
pub(crate) fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// The horizontal spaces that may group thousands in an amount.
pub(crate) fn is_group_space(c: char) -> bool {
    matches!(c, ' ' | '\u{A0}' | '\u{2009}' | '\u{202F}')
}

enum Frame {
    /// Inside a text literal that started at this byte.
    Text(usize),
    /// Inside an interpolation `{…}` of a text, with this many open `{` of its own.
    Interp(u32),
}

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    line_start: bool,
    frames: Vec<Frame>,
    out: Lexed,
}

/// Tokenizes a whole file.
pub(crate) fn lex(text: &str) -> Lexed {
    let mut lexer = Lexer {
        text,
        pos: 0,
        line_start: true,
        frames: Vec::new(),
        out: Lexed::default(),
    };
    lexer.run();
    let mut out = lexer.out;
    // An unterminated text is pushed when it is abandoned, after the errors inside it.
    out.errors.sort_by_key(LexError::range);
    out
}

impl Lexer<'_> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn peek_at(&self, offset: usize) -> Option<char> {
        self.text
            .get(self.pos..)
            .and_then(|s| s.chars().nth(offset))
    }

    fn rest(&self) -> &str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        Some(c)
    }

    fn nested(&self) -> u32 {
        u32::try_from(
            self.frames
                .iter()
                .filter(|f| matches!(f, Frame::Interp(_)))
                .count(),
        )
        .unwrap_or(u32::MAX)
    }

    fn push(&mut self, kind: TokKind, start: usize) {
        let nested = self.nested();
        self.out.tokens.push(Token {
            kind,
            start,
            end: self.pos,
            line_first: self.line_start && nested == 0,
            nested,
        });
        self.line_start = false;
    }

    fn run(&mut self) {
        while self.pos < self.text.len() {
            if matches!(self.frames.last(), Some(Frame::Text(_))) {
                self.text_piece();
            } else {
                self.code_piece();
            }
        }
        // Texts still open at the end of the file.
        while let Some(frame) = self.frames.pop() {
            if let Frame::Text(start) = frame {
                self.out
                    .errors
                    .push(LexError::UnterminatedText(start, self.text.len()));
            }
        }
    }

    /// Closes every frame back to (and including) the outermost open text, reporting it
    /// unterminated at `end`.
    fn abandon_text(&mut self, end: usize) {
        let outer = self.frames.iter().find_map(|f| match f {
            Frame::Text(start) => Some(*start),
            Frame::Interp(_) => None,
        });
        if let Some(start) = outer {
            self.out.errors.push(LexError::UnterminatedText(start, end));
        }
        self.frames.clear();
    }

    fn text_piece(&mut self) {
        let start = self.pos;
        let Some(c) = self.bump() else { return };
        match c {
            '"' => {
                if let Some(Frame::Text(open)) = self.frames.pop() {
                    self.out.strings.push((open, self.pos));
                }
            }
            '\n' => {
                self.abandon_text(start);
                self.line_start = true;
            }
            '\\' => match self.peek() {
                Some('"' | '\\' | 'n' | 't' | '{' | '}') => {
                    self.bump();
                }
                Some('\n') | None => {}
                Some(_) => {
                    self.bump();
                    self.out.errors.push(LexError::BadEscape(start, self.pos));
                }
            },
            '{' if self.peek() == Some('{') => {
                self.bump();
            }
            '}' if self.peek() == Some('}') => {
                self.bump();
            }
            '{' => {
                self.frames.push(Frame::Interp(0));
                self.push(TokKind::Open('{'), start);
            }
            '}' => self.out.errors.push(LexError::LoneBrace(start)),
            _ => {}
        }
    }

    fn code_piece(&mut self) {
        let start = self.pos;
        let Some(c) = self.peek() else { return };
        if c == '\n' {
            self.bump();
            if self.frames.is_empty() {
                self.line_start = true;
            } else {
                // An interpolation cannot continue on the next line: its text is unterminated.
                self.abandon_text(start);
                self.line_start = true;
            }
            return;
        }
        if c.is_whitespace() || c == '\u{FEFF}' {
            self.bump();
            return;
        }
        let rest = self.rest();
        if rest.starts_with("//") {
            let end = rest.find('\n').map_or(self.text.len(), |i| self.pos + i);
            if rest.starts_with("///") && !rest.starts_with("////") && self.frames.is_empty() {
                let body = self.text.get(self.pos + 3..end).unwrap_or("");
                let body = body.strip_prefix(' ').unwrap_or(body);
                self.out.docs.push(DocLine {
                    start: self.pos,
                    text: body.trim_end().to_owned(),
                });
            }
            if self.frames.is_empty() {
                self.out.comments.push((self.pos, end));
            }
            self.pos = end;
            return;
        }
        if rest.starts_with("/*") {
            match rest.get(2..).and_then(|r| r.find("*/")) {
                Some(i) => {
                    if self.frames.is_empty() {
                        self.out.comments.push((self.pos, self.pos + i + 4));
                    }
                    self.pos += i + 4;
                }
                None => {
                    self.out
                        .errors
                        .push(LexError::UnterminatedComment(start, self.text.len()));
                    self.pos = self.text.len();
                }
            }
            return;
        }
        if c == '"' {
            self.bump();
            self.push(TokKind::Str, start);
            self.frames.push(Frame::Text(start));
            return;
        }
        if c.is_ascii_digit() {
            self.number(start);
            return;
        }
        if is_ident_char(c) {
            while self.peek().is_some_and(is_ident_char) {
                self.bump();
            }
            self.push(TokKind::Word, start);
            return;
        }
        self.bump();
        match c {
            '{' | '(' | '[' => {
                if let Some(Frame::Interp(depth)) = self.frames.last_mut()
                    && c == '{'
                {
                    *depth += 1;
                }
                self.push(TokKind::Open(c), start);
            }
            '}' | ')' | ']' => {
                let closes_interp =
                    c == '}' && matches!(self.frames.last(), Some(Frame::Interp(0)));
                if let Some(Frame::Interp(depth)) = self.frames.last_mut()
                    && c == '}'
                    && *depth > 0
                {
                    *depth -= 1;
                }
                self.push(TokKind::Close(c), start);
                if closes_interp {
                    self.frames.pop();
                }
            }
            ',' => self.push(TokKind::Comma, start),
            '.' | ':' | ';' | '=' | '<' | '>' | '!' | '≠' | '≤' | '≥' | '+' | '-' | '*' | '/'
            | '%' | '|' | '→' | '&' => {
                // Two-character operators stay one token.
                if let Some(next) = self.peek() {
                    let pair = matches!(
                        (c, next),
                        ('.', '.')
                            | ('<', '=')
                            | ('>', '=')
                            | ('!', '=')
                            | ('-', '>')
                            | ('=', '=')
                            | ('&', '&')
                            | ('|', '|')
                    );
                    if pair {
                        self.bump();
                    }
                }
                self.push(TokKind::Punct, start);
            }
            '”' | '“' | '„' | '»' | '«' => {
                // A text a word processor wrote: up to its closing quote on this line.
                let rest = self.rest();
                let close = rest
                    .char_indices()
                    .take_while(|(_, c)| *c != '\n')
                    .find(|(_, c)| matches!(c, '”' | '“' | '„' | '»' | '«'));
                if let Some((i, q)) = close {
                    self.pos += i + q.len_utf8();
                    self.push(TokKind::Punct, start);
                    self.out.errors.push(LexError::CurlyText(start, self.pos));
                } else {
                    self.push(TokKind::Punct, start);
                    self.out.errors.push(LexError::Stray(start, self.pos));
                }
            }
            _ => {
                self.push(TokKind::Punct, start);
                // A run of stray characters, with only spaces between them, is one error:
                // a file of garbage gives a few errors, not one per byte.
                match self.out.errors.last_mut() {
                    Some(LexError::Stray(_, end))
                        if self
                            .text
                            .get(*end..start)
                            .is_some_and(|gap| gap.chars().all(|c| c == ' ' || c == '\t')) =>
                    {
                        *end = self.pos;
                    }
                    _ => self.out.errors.push(LexError::Stray(start, self.pos)),
                }
            }
        }
    }

    fn number(&mut self, start: usize) {
        while self.peek().is_some_and(|c| {
            c.is_ascii_digit() || (c == '_' && self.peek_at(1).is_some_and(|d| d.is_ascii_digit()))
        }) {
            self.bump();
        }
        // A decimal part needs a digit right after the comma or point (`1..2` is a range,
        // `f(1, 2)` has a comma between arguments).
        if matches!(self.peek(), Some(',' | '.'))
            && self.peek_at(1).is_some_and(|c| c.is_ascii_digit())
        {
            self.bump();
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.bump();
            }
        }
        self.push(TokKind::Number, start);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(TokKind, String)> {
        lex(text)
            .tokens
            .iter()
            .map(|t| (t.kind, text[t.start..t.end].to_owned()))
            .collect()
    }

    #[test]
    fn numbers_words_and_commas() {
        let toks = kinds("f(1, 2,5) 1..2 summa");
        let texts: Vec<_> = toks.iter().map(|(_, s)| s.as_str()).collect();
        assert_eq!(
            texts,
            ["f", "(", "1", ",", "2,5", ")", "1", "..", "2", "summa"]
        );
        assert_eq!(toks[3].0, TokKind::Comma);
    }

    #[test]
    fn texts_with_interpolation() {
        let lexed = lex("x \"a {b} {{c}} \" y");
        let texts: Vec<_> = lexed.tokens.iter().map(|t| t.nested).collect();
        assert_eq!(texts, [0, 0, 1, 1, 1, 0]);
        assert!(lexed.errors.is_empty());
    }

    #[test]
    fn unterminated_text_stops_at_line_end() {
        let lexed = lex("a \"abc\nregel");
        assert_eq!(lexed.errors, [LexError::UnterminatedText(2, 6)]);
        assert!(lexed.tokens.last().is_some_and(|t| t.line_first));
    }

    #[test]
    fn doc_comments() {
        let lexed = lex("/// Hej\n//// inte\nregel");
        assert_eq!(lexed.docs.len(), 1);
        assert_eq!(lexed.docs[0].text, "Hej");
    }
}
