//! The byte scanner of the fast case reader: whitespace, plain strings, JSON numbers and
//! skipping a whole value, over the text of one case.
//!
//! Every function returns `None` for anything it does not handle, valid JSON or not (a
//! string with an escape, a number too long to be read as a word); the reader then reads
//! the case again with `case::read`, so `None` is never an error of its own. Everything
//! that is returned is exactly what `serde_json` reads from the same bytes.

/// The deepest nesting the scanner follows inside one input's value. `serde_json` refuses
/// 128 levels counted from the top-level object, so anything it would refuse is beyond
/// this and falls back.
const MAX_DEPTH: u32 = 100;

/// The most digits of an integer read straight into a word (`10^18 < 2^63`).
const MAX_WORD_DIGITS: u32 = 18;

/// A JSON number as scanned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Number<'t> {
    /// An integer of at most 18 digits without fraction or exponent: its sign and magnitude.
    Word { negative: bool, magnitude: u64 },
    /// Any other number: its exact text, valid by the JSON grammar.
    Text(&'t str),
}

/// A position in the text of a case.
#[derive(Debug)]
pub(super) struct Cursor<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pub(super) pos: usize,
}

impl<'t> Cursor<'t> {
    pub(super) fn new(text: &'t str) -> Cursor<'t> {
        Cursor {
            text,
            bytes: text.as_bytes(),
            pos: 0,
        }
    }

    /// The next byte, not consumed.
    #[inline]
    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The next byte, consumed.
    #[inline]
    pub(super) fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    /// Consumes `b`, or `None` when the next byte is another.
    #[inline]
    pub(super) fn eat(&mut self, b: u8) -> Option<()> {
        if self.peek()? == b {
            self.pos += 1;
            Some(())
        } else {
            None
        }
    }

    /// Whether the whole text has been read.
    pub(super) fn at_end(&self) -> bool {
        self.pos >= self.bytes.len()
    }

    /// Skips JSON whitespace (space, tab, line feed, carriage return).
    #[inline]
    pub(super) fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// Consumes `literal` (`true`, `false`, `null`).
    #[inline]
    pub(super) fn literal(&mut self, literal: &[u8]) -> Option<()> {
        let end = self.pos.checked_add(literal.len())?;
        if self.bytes.get(self.pos..end)? == literal {
            self.pos = end;
            Some(())
        } else {
            None
        }
    }

    /// A string without escapes, the opening quote next: its content. `None` for an escape
    /// or a control character (which JSON forbids raw in a string).
    #[inline]
    pub(super) fn plain_string(&mut self) -> Option<&'t str> {
        self.eat(b'"')?;
        let start = self.pos;
        loop {
            match self.next()? {
                b'"' => break,
                b'\\' | 0..=0x1f => return None,
                _ => {}
            }
        }
        // Both ends are at ASCII quotes, so the slice is on character boundaries.
        self.text.get(start..self.pos - 1)
    }

    /// Consumes `word` and a closing quote when they come next (a key known to need no
    /// escapes, its opening quote already consumed).
    #[inline]
    pub(super) fn eat_key(&mut self, word: &[u8]) -> bool {
        let end = self.pos + word.len();
        if self.bytes.get(self.pos..end) == Some(word) && self.bytes.get(end) == Some(&b'"') {
            self.pos = end + 1;
            true
        } else {
            false
        }
    }

    /// The rest of a string without escapes, its opening quote already consumed: its bytes.
    #[inline]
    pub(super) fn plain_rest(&mut self) -> Option<&'t [u8]> {
        let start = self.pos;
        loop {
            match self.next()? {
                b'"' => break,
                b'\\' | 0..=0x1f => return None,
                _ => {}
            }
        }
        self.bytes.get(start..self.pos - 1)
    }

    /// A JSON number, strictly by the grammar `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`.
    pub(super) fn number(&mut self) -> Option<Number<'t>> {
        let start = self.pos;
        let negative = self.peek() == Some(b'-');
        if negative {
            self.pos += 1;
        }
        let mut magnitude: u64 = 0;
        let mut digits: u32;
        match self.next()? {
            b'0' => {
                if self.peek().is_some_and(|b| b.is_ascii_digit()) {
                    return None;
                }
                digits = 1;
            }
            first @ b'1'..=b'9' => {
                magnitude = u64::from(first - b'0');
                digits = 1;
                while let Some(d @ b'0'..=b'9') = self.peek() {
                    self.pos += 1;
                    digits += 1;
                    if digits <= MAX_WORD_DIGITS {
                        magnitude = magnitude * 10 + u64::from(d - b'0');
                    }
                }
            }
            _ => return None,
        }
        let mut word = digits <= MAX_WORD_DIGITS;
        if self.peek() == Some(b'.') {
            self.pos += 1;
            self.digits()?;
            word = false;
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.pos += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.pos += 1;
            }
            self.digits()?;
            word = false;
        }
        if word {
            Some(Number::Word {
                negative,
                magnitude,
            })
        } else {
            self.text.get(start..self.pos).map(Number::Text)
        }
    }

    /// One or more ASCII digits.
    fn digits(&mut self) -> Option<()> {
        let start = self.pos;
        while let Some(b'0'..=b'9') = self.peek() {
            self.pos += 1;
        }
        (self.pos > start).then_some(())
    }

    /// Skips one JSON value of any shape, checking its grammar (escapes are checked by the
    /// `serde_json` parse of the slice that follows).
    pub(super) fn skip_value(&mut self, depth: u32) -> Option<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            b'[' => {
                if depth >= MAX_DEPTH {
                    return None;
                }
                self.pos += 1;
                self.ws();
                if self.peek()? == b']' {
                    self.pos += 1;
                    return Some(());
                }
                loop {
                    self.skip_value(depth + 1)?;
                    self.ws();
                    match self.next()? {
                        b',' => self.ws(),
                        b']' => return Some(()),
                        _ => return None,
                    }
                }
            }
            b'{' => {
                if depth >= MAX_DEPTH {
                    return None;
                }
                self.pos += 1;
                self.ws();
                if self.peek()? == b'}' {
                    self.pos += 1;
                    return Some(());
                }
                loop {
                    self.skip_string()?;
                    self.ws();
                    self.eat(b':')?;
                    self.ws();
                    self.skip_value(depth + 1)?;
                    self.ws();
                    match self.next()? {
                        b',' => self.ws(),
                        b'}' => return Some(()),
                        _ => return None,
                    }
                }
            }
            b't' => self.literal(b"true"),
            b'f' => self.literal(b"false"),
            b'n' => self.literal(b"null"),
            _ => self.number().map(|_| ()),
        }
    }

    /// Skips a string, escapes included.
    fn skip_string(&mut self) -> Option<()> {
        self.eat(b'"')?;
        loop {
            match self.next()? {
                b'"' => return Some(()),
                b'\\' => {
                    self.next()?;
                }
                0..=0x1f => return None,
                _ => {}
            }
        }
    }

    /// The text from `start` to the current position.
    pub(super) fn since(&self, start: usize) -> Option<&'t str> {
        self.text.get(start..self.pos)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(text: &str) -> Option<(Number<'_>, usize)> {
        let mut c = Cursor::new(text);
        c.number().map(|n| (n, c.pos))
    }

    #[test]
    fn numbers_follow_the_json_grammar() {
        let word = |negative, magnitude| Number::Word {
            negative,
            magnitude,
        };
        assert_eq!(number("0"), Some((word(false, 0), 1)));
        assert_eq!(number("-0"), Some((word(true, 0), 2)));
        assert_eq!(number("5000,"), Some((word(false, 5000), 4)));
        assert_eq!(
            number("999999999999999999"),
            Some((word(false, 999_999_999_999_999_999), 18))
        );
        assert_eq!(
            number("1000000000000000000"),
            Some((Number::Text("1000000000000000000"), 19))
        );
        assert_eq!(number("12.5}"), Some((Number::Text("12.5"), 4)));
        assert_eq!(number("1E+3 "), Some((Number::Text("1E+3"), 4)));
        assert_eq!(number("-1.25e-1"), Some((Number::Text("-1.25e-1"), 8)));
        for bad in ["01", "-", "+1", "1.", ".5", "1e", "1e+", "-x", "", "1.e3"] {
            assert_eq!(number(bad), None, "{bad}");
        }
    }

    #[test]
    fn plain_strings_refuse_escapes_and_control_characters() {
        let read = |t: &str| Cursor::new(t).plain_string().map(str::to_owned);
        assert_eq!(read("\"håll\" "), Some("håll".to_owned()));
        assert_eq!(read("\"\""), Some(String::new()));
        assert_eq!(read("\"a\\\"b\""), None);
        assert_eq!(read("\"a\tb\""), None);
        assert_eq!(read("\"open"), None);
    }

    #[test]
    fn skipping_finds_the_end_of_a_value() {
        let skip = |t: &str| {
            let mut c = Cursor::new(t);
            c.skip_value(0).map(|()| c.pos)
        };
        assert_eq!(skip(r#"[{"a": [1, "x\"]"]}, null] ,"#), Some(26));
        assert_eq!(skip("{}"), Some(2));
        assert_eq!(skip("[1,]"), None);
        assert_eq!(skip("{\"a\" 1}"), None);
        assert_eq!(skip("nul"), None);
        let deep = format!("{}{}", "[".repeat(101), "]".repeat(101));
        assert_eq!(skip(&deep), None);
        let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
        assert_eq!(skip(&fine), Some(200));
    }
}
