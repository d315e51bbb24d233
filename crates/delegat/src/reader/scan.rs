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
const MAX_WORD_DIGITS: usize = 18;

/// A key and its closing quote as 8-byte words to compare with the text (little-endian,
/// the last one masked to the key's length).
#[derive(Debug)]
pub(super) struct KeyPattern {
    bytes: Box<[u8]>,
    chunks: Box<[(u64, u64)]>,
}

impl KeyPattern {
    pub(super) fn new(key: &str) -> KeyPattern {
        let mut bytes = key.as_bytes().to_vec();
        bytes.push(b'"');
        let chunks = bytes
            .chunks(8)
            .map(|chunk| {
                let mut word = [0u8; 8];
                let mut mask = [0u8; 8];
                for (k, b) in chunk.iter().enumerate() {
                    if let (Some(w), Some(m)) = (word.get_mut(k), mask.get_mut(k)) {
                        *w = *b;
                        *m = 0xff;
                    }
                }
                (u64::from_le_bytes(word), u64::from_le_bytes(mask))
            })
            .collect();
        KeyPattern {
            bytes: bytes.into_boxed_slice(),
            chunks,
        }
    }
}

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
    #[inline(always)]
    pub(super) fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// The next byte, consumed.
    #[inline(always)]
    pub(super) fn next(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.pos += 1;
        Some(b)
    }

    /// Consumes `b`, or `None` when the next byte is another.
    #[inline(always)]
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
    #[inline(always)]
    pub(super) fn ws(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.pos += 1;
        }
    }

    /// Consumes `literal` (`true`, `false`, `null`).
    #[inline(always)]
    pub(super) fn literal(&mut self, literal: &[u8]) -> Option<()> {
        let end = self.pos.checked_add(literal.len())?;
        if self.bytes.get(self.pos..end)? == literal {
            self.pos = end;
            Some(())
        } else {
            None
        }
    }

    /// A string without escapes, the opening quote next: its content. `None` for an escape,
    /// a control character (which JSON forbids raw in a string) or a text not in Unicode
    /// NFC (which `case::read` normalises); an ASCII text is known to be NFC.
    #[inline(always)]
    pub(super) fn plain_string(&mut self) -> Option<&'t str> {
        self.eat(b'"')?;
        let start = self.pos;
        let bytes = self.plain_rest()?;
        // Both ends are at ASCII quotes, so the slice is on character boundaries.
        let text = self.text.get(start..self.pos - 1)?;
        (bytes.is_ascii() || unicode_normalization::is_nfc(text)).then_some(text)
    }

    /// A string without escapes, the opening quote next: its content, whether in NFC or
    /// not. Only for comparing with texts known to be in NFC (an equal string is too).
    #[inline(always)]
    pub(super) fn unchecked_string(&mut self) -> Option<&'t str> {
        self.eat(b'"')?;
        let start = self.pos;
        self.plain_rest()?;
        // Both ends are at ASCII quotes, so the slice is on character boundaries.
        self.text.get(start..self.pos - 1)
    }

    /// Consumes the key `pattern` stands for and its closing quote when they come next (the
    /// opening quote already consumed).
    #[inline(always)]
    pub(super) fn eat_key(&mut self, pattern: &KeyPattern) -> bool {
        let mut at = self.pos;
        for &(want, mask) in &pattern.chunks {
            let Some(chunk) = self.bytes.get(at..at + 8) else {
                // Near the end of the text: compare the bytes themselves.
                return self.eat_bytes(&pattern.bytes);
            };
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            if u64::from_le_bytes(word) & mask != want {
                return false;
            }
            at += 8;
        }
        self.pos += pattern.bytes.len();
        true
    }

    fn eat_bytes(&mut self, bytes: &[u8]) -> bool {
        let end = self.pos + bytes.len();
        if self.bytes.get(self.pos..end) == Some(bytes) {
            self.pos = end;
            true
        } else {
            false
        }
    }

    /// The rest of a string without escapes, its opening quote already consumed: its bytes.
    #[inline(always)]
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
    #[inline(always)]
    pub(super) fn number(&mut self) -> Option<Number<'t>> {
        let bytes = self.bytes;
        let start = self.pos;
        let mut i = start;
        let negative = bytes.get(i) == Some(&b'-');
        if negative {
            i += 1;
        }
        let first = i;
        let mut magnitude: u64 = 0;
        while let Some(&d) = bytes.get(i) {
            let digit = d.wrapping_sub(b'0');
            if digit > 9 {
                break;
            }
            magnitude = magnitude.wrapping_mul(10).wrapping_add(u64::from(digit));
            i += 1;
        }
        let digits = i - first;
        // No digits, or a leading zero followed by more digits: not JSON.
        if digits == 0 || (digits > 1 && bytes.get(first) == Some(&b'0')) {
            return None;
        }
        self.pos = i;
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

    proptest::proptest! {
        #[test]
        fn numbers_read_as_their_digits(digits in "-?[0-9]{1,25}", tail in "[,\\]} .eE0-9x]{0,10}") {
            let text = format!("{digits}{tail}");
            let negative = text.starts_with('-');
            let body = &text[usize::from(negative)..];
            let run: String = body.chars().take_while(char::is_ascii_digit).collect();
            let next = body[run.len()..].chars().next();
            let leading_zero = run.len() > 1 && run.starts_with('0');
            let mut c = Cursor::new(&text);
            match c.number() {
                Some(Number::Word { negative: n, magnitude }) => {
                    proptest::prop_assert!(!leading_zero);
                    proptest::prop_assert!(run.len() <= 18);
                    proptest::prop_assert!(!matches!(next, Some('.' | 'e' | 'E')));
                    proptest::prop_assert_eq!(magnitude, run.parse::<u64>().unwrap());
                    proptest::prop_assert_eq!(n, negative);
                    proptest::prop_assert_eq!(c.pos, usize::from(negative) + run.len());
                }
                Some(Number::Text(t)) => {
                    proptest::prop_assert!(!leading_zero);
                    proptest::prop_assert!(text.starts_with(t));
                    proptest::prop_assert!(run.len() > 18 || t.contains(['.', 'e', 'E']));
                }
                None => {
                    proptest::prop_assert!(leading_zero || matches!(next, Some('.' | 'e' | 'E')), "{}", text);
                }
            }
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
    fn keys_match_in_whole_words_and_near_the_end() {
        let eat = |text: &str, key: &str| {
            let mut c = Cursor::new(text);
            c.eat_key(&KeyPattern::new(key)).then_some(c.pos)
        };
        assert_eq!(eat("adults\":1,\"children\"", "adults"), Some(7));
        assert_eq!(eat("adults\"", "adults"), Some(7));
        assert_eq!(eat("adult\":1, \"xxxxxxxxx", "adults"), None);
        assert_eq!(eat("adultsx\":1, \"xxxxxxxx", "adults"), None);
        assert_eq!(eat("adults", "adults"), None);
        let long = "special_circumstances";
        assert_eq!(eat("special_circumstances\":true}", long), Some(22));
        assert_eq!(eat("special_circumstances\"", long), Some(22));
        assert_eq!(eat("special_circumstanced\":true}", long), None);
        assert_eq!(eat("ålder\": 3}", "ålder"), Some(7));
        assert_eq!(eat("\"", ""), Some(1));
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
