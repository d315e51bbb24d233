//! Exact reading and writing of values in the JSON of decisions (docs/language.md §8), on the raw
//! text of a JSON number or the content of a JSON string: never through a float, so no
//! serde_json dependency is needed (with its `arbitrary_precision` feature a caller hands over
//! `Number::to_string()` unchanged).
//!
//! Reading money:
//! - a JSON number is kronor: `5000`, `12.5`, `-3`, `1e3`, `1.25e1`. An exponent is accepted
//!   when the value is exact in öre; trailing zeros are fine (`12.500` is 12,50 kr); any
//!   non-zero digit past the öre (`12.505`, `1e-3`) is an error, never a rounding;
//! - a JSON string carries the unit: `"5 000 kr"`, `"5000 kr"`, `"12,50 kr"`, `"12.5 kr"`,
//!   `"50 öre"`, `"5 000 kronor"`; digits may be grouped by threes with a regular, no-break
//!   (U+00A0), thin (U+2009) or narrow no-break (U+202F) space; the minus is `-` or `−`;
//!   at most two decimals after the comma or point (so `"5.000 kr"`, which some write for five
//!   thousand, is refused rather than read as five), none with `öre`; a string without a unit
//!   (`"5000"`) is refused;
//! - beyond `i64` öre is an error.
//!
//! Integers and decimals are read exactly from number text as well (`5.0` and `1e3` are
//! integers; a decimal needing more than 28 significant digits or decimals is an error).
//! Money is written as a JSON number of kronor: `8560`, `8560.5`, `-0.05`.

use std::fmt;

use crate::date::Date;
use crate::decimal::{Decimal, MAX_DIGITS, MAX_SCALE};
use crate::money::{Money, signed_ore};

/// What kind of value an input should have been.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Expected {
    /// `belopp`.
    Money,
    /// `heltal`.
    Integer,
    /// `tal`.
    Decimal,
    /// `datum`.
    Date,
}

/// What was wrong with the input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Problem {
    /// Not a value of the expected shape at all.
    Malformed,
    /// Money with a non-zero digit past the öre.
    TooManyDecimals,
    /// `öre` with decimals.
    NotWholeOre,
    /// Beyond the range of the type.
    TooLarge,
    /// A money string without `kr` or `öre`.
    MissingUnit,
    /// An integer with a fractional part.
    NotAnInteger,
    /// A decimal with more than 28 significant digits or decimals.
    TooPrecise,
    /// A date of the right shape that is not in the calendar (`2026-02-30`).
    NoSuchDate,
}

/// An input value that could not be read: what was expected, what was wrong and the text
/// found. [`InputError::message`] is the Swedish text; the runtime adds the field's name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    expected: Expected,
    problem: Problem,
    found: String,
}

impl InputError {
    /// An error for `found` (the JSON text or string content), e.g. `true` where money was
    /// expected.
    pub fn new(expected: Expected, problem: Problem, found: &str) -> InputError {
        const MAX: usize = 40;
        let mut shown: String = found.chars().take(MAX).collect();
        if found.chars().nth(MAX).is_some() {
            shown.push('…');
        }
        InputError {
            expected,
            problem,
            found: shown,
        }
    }

    /// What was expected.
    pub fn expected(&self) -> Expected {
        self.expected
    }

    /// What was wrong.
    pub fn problem(&self) -> Problem {
        self.problem
    }

    /// The Swedish message: what was expected, what was found and why it is refused.
    pub fn message(&self) -> String {
        let expected = match self.expected {
            Expected::Money => "förväntade ett belopp i kronor, t.ex. 5000 eller \"5 000 kr\"",
            Expected::Integer => "förväntade ett heltal, t.ex. 3",
            Expected::Decimal => "förväntade ett tal, t.ex. 12.5",
            Expected::Date => "förväntade ett datum på formen ÅÅÅÅ-MM-DD, t.ex. \"2026-03-01\"",
        };
        let why = match self.problem {
            Problem::Malformed => "",
            Problem::TooManyDecimals => {
                ", som har fler än två decimaler (ett belopp anges i hela ören)"
            }
            Problem::NotWholeOre => ", som inte är ett helt antal ören",
            Problem::TooLarge => ", som är för stort",
            Problem::MissingUnit => {
                ", som saknar enhet (skriv \"5000 kr\", eller talet 5000 utan citattecken)"
            }
            Problem::NotAnInteger => ", som inte är ett heltal",
            Problem::TooPrecise => ", som har fler än 28 värdesiffror eller decimaler",
            Problem::NoSuchDate => ", som inte finns i kalendern",
        };
        format!("{expected}, men fick `{}`{why}", self.found)
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for InputError {}

/// Money from a JSON number's text, in kronor (`8560.5` is 8 560,50 kr).
pub fn money_from_json_number(text: &str) -> Result<Money, InputError> {
    let err = |p| InputError::new(Expected::Money, p, text);
    let n = Number::parse(text).ok_or_else(|| err(Problem::Malformed))?;
    let ore = n.scaled(2).map_err(|p| match p {
        Problem::NotAnInteger => err(Problem::TooManyDecimals),
        p => err(p),
    })?;
    signed_ore(n.negative, ore).map_err(|_| err(Problem::TooLarge))
}

/// Money from a JSON string's content: `5 000 kr`, `12,50 kr`, `50 öre`.
pub fn money_from_json_string(text: &str) -> Result<Money, InputError> {
    parse_money_text(text).map_err(|p| InputError::new(Expected::Money, p, text))
}

/// An integer from a JSON number's text (`3`, `-12`, `5.0`, `1e3`).
pub fn int_from_json_number(text: &str) -> Result<i64, InputError> {
    let err = |p| InputError::new(Expected::Integer, p, text);
    let n = Number::parse(text).ok_or_else(|| err(Problem::Malformed))?;
    let mag = n.scaled(0).map_err(err)?;
    let wide = i128::try_from(mag).map_err(|_| err(Problem::TooLarge))?;
    i64::try_from(if n.negative { -wide } else { wide }).map_err(|_| err(Problem::TooLarge))
}

/// A decimal from a JSON number's text (`12.5`, `0.0325`, `-3`, `1.5e-2`), exactly.
pub fn decimal_from_json_number(text: &str) -> Result<Decimal, InputError> {
    let err = |p| InputError::new(Expected::Decimal, p, text);
    let n = Number::parse(text).ok_or_else(|| err(Problem::Malformed))?;
    if n.is_zero() {
        return Ok(Decimal::ZERO);
    }
    let len = i64::try_from(n.len()).unwrap_or(i64::MAX);
    if len.saturating_add(n.exp) > i64::from(MAX_DIGITS) {
        return Err(err(Problem::TooLarge));
    }
    if len > i64::from(MAX_DIGITS) || -n.exp > i64::from(MAX_SCALE) {
        return Err(err(Problem::TooPrecise));
    }
    let scale = u32::try_from((-n.exp).max(0)).map_err(|_| err(Problem::TooPrecise))?;
    let mag = n.scaled(scale).map_err(err)?;
    let m = i128::try_from(mag).map_err(|_| err(Problem::TooLarge))?;
    Decimal::new(if n.negative { -m } else { m }, scale).map_err(|_| err(Problem::TooPrecise))
}

/// A date from a JSON string's content, exactly `YYYY-MM-DD`.
pub fn date_from_json_string(text: &str) -> Result<Date, InputError> {
    Date::parse(text).map_err(|_| {
        let shaped = text.len() == 10 && text.get(4..5) == Some("-") && text.get(7..8) == Some("-");
        let problem = if shaped {
            Problem::NoSuchDate
        } else {
            Problem::Malformed
        };
        InputError::new(Expected::Date, problem, text)
    })
}

/// Money as a JSON number of kronor: `8560`, `8560.5`, `8560.05`, `-0.05`.
pub fn money_to_json(amount: Money) -> String {
    let ore = amount.ore();
    let mag = ore.unsigned_abs();
    let sign = if ore < 0 { "-" } else { "" };
    let (kronor, rest) = (mag / 100, mag % 100);
    match rest {
        0 => format!("{sign}{kronor}"),
        r if r % 10 == 0 => format!("{sign}{kronor}.{}", r / 10),
        r => format!("{sign}{kronor}.{r:02}"),
    }
}

/// A decimal as a JSON number: `12.5`, `-0.0325`, `3`.
pub fn decimal_to_json(value: Decimal) -> String {
    let digits = value.mantissa().unsigned_abs().to_string();
    let scale = usize::try_from(value.scale()).unwrap_or(0);
    let sign = if value.is_negative() { "-" } else { "" };
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let (int, frac) = padded.split_at(padded.len() - scale);
    format!("{sign}{int}.{frac}")
}

/// A JSON number, exactly: `±digits × 10^exp` with `digits` free of leading and trailing
/// zeros (empty for zero). The digits are borrowed from the text as two runs (`high` from
/// the integer part, `low` from the fraction; read one after the other), so parsing a
/// number allocates nothing.
#[derive(Debug)]
struct Number<'a> {
    negative: bool,
    high: &'a str,
    low: &'a str,
    exp: i64,
}

impl<'a> Number<'a> {
    /// Parses the JSON number grammar strictly (`-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`).
    fn parse(text: &'a str) -> Option<Number<'a>> {
        let (negative, rest) = match text.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, text),
        };
        let (mantissa, exponent) = match rest.find(['e', 'E']) {
            Some(i) => (rest.get(..i)?, Some(rest.get(i + 1..)?)),
            None => (rest, None),
        };
        let (int, frac) = match mantissa.split_once('.') {
            Some((int, frac)) => (int, Some(frac)),
            None => (mantissa, None),
        };
        let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(int) || (int.len() > 1 && int.starts_with('0')) {
            return None;
        }
        if frac.is_some_and(|f| !all_digits(f)) {
            return None;
        }
        let mut exp: i64 = match exponent {
            None => 0,
            Some(e) => {
                let (neg, digits) = match e.strip_prefix('-') {
                    Some(d) => (true, d),
                    None => (false, e.strip_prefix('+').unwrap_or(e)),
                };
                if !all_digits(digits) {
                    return None;
                }
                // Saturate: any exponent this large is out of range anyway.
                let value = digits.trim_start_matches('0');
                let value: i64 = if value.len() > 12 {
                    1_000_000_000_000
                } else {
                    value.parse().unwrap_or(0)
                };
                if neg { -value } else { value }
            }
        };
        let frac = frac.unwrap_or("");
        exp -= i64::try_from(frac.len()).ok()?;
        // The digits `int` then `frac`, without leading and trailing zeros, as two runs.
        let (mut high, mut low) = match int.trim_start_matches('0') {
            "" => ("", frac.trim_start_matches('0')),
            high => (high, frac),
        };
        let low_kept = low.trim_end_matches('0');
        let mut dropped = low.len() - low_kept.len();
        low = low_kept;
        if low.is_empty() {
            let high_kept = high.trim_end_matches('0');
            dropped += high.len() - high_kept.len();
            high = high_kept;
        }
        exp += i64::try_from(dropped).ok()?;
        Some(Number {
            negative,
            high,
            low,
            exp,
        })
    }

    /// How many significant digits.
    fn len(&self) -> usize {
        self.high.len() + self.low.len()
    }

    /// Whether the number is zero.
    fn is_zero(&self) -> bool {
        self.len() == 0
    }

    /// The magnitude times `10^scale` as an exact integer: [`Problem::NotAnInteger`] when a
    /// non-zero digit remains after the point, [`Problem::TooLarge`] beyond `u128`.
    fn scaled(&self, scale: u32) -> Result<u128, Problem> {
        if self.is_zero() {
            return Ok(0);
        }
        let e = self.exp.saturating_add(i64::from(scale));
        if e < 0 {
            return Err(Problem::NotAnInteger);
        }
        let len = i64::try_from(self.len()).unwrap_or(i64::MAX);
        if len.saturating_add(e) > 38 {
            return Err(Problem::TooLarge);
        }
        // At most 38 digits: below 10^38, within `u128`.
        let base = self
            .high
            .bytes()
            .chain(self.low.bytes())
            .try_fold(0u128, |acc, b| {
                acc.checked_mul(10)?.checked_add(u128::from(b - b'0'))
            })
            .ok_or(Problem::TooLarge)?;
        let e = u32::try_from(e).map_err(|_| Problem::TooLarge)?;
        10u128
            .checked_pow(e)
            .and_then(|p| base.checked_mul(p))
            .ok_or(Problem::TooLarge)
    }
}

/// Characters that may group digits or separate the number from its unit.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{2009}' | '\u{202f}')
}

/// The grammar of money as text, as a regular expression on which ECMA-262 (JSON Schema's
/// `pattern`) and Rust's `regex` agree: an optional minus (`-` or `−`); whole kronor as
/// plain digits or grouped by threes with one space (regular, no-break, thin or narrow
/// no-break); for kronor at most two decimals after `,` or `.`; one space; the unit `kr`,
/// `kronor` or `öre` (whole öre only). Nothing before or after. The case reader accepts
/// exactly these texts ([`money_from_json_string`]; a property test holds the two equal).
/// A pack's JSON Schema publishes this pattern for an amount without a range, and for one
/// with a range [`money_text_pattern`]'s: the canonical spellings within it, so that an
/// e-service's form never lets through a text the reader refuses.
pub const MONEY_TEXT_PATTERN: &str = r"^[-\u2212]?(?:[0-9]+|[0-9]{1,3}(?:[ \u00a0\u2009\u202f][0-9]{3})+)(?:(?:[,.][0-9]{1,2})?[ \u00a0\u2009\u202f](?:kr|kronor)|[ \u00a0\u2009\u202f]öre)$";

pub use crate::money_pattern::money_text_pattern;

/// Parses money text of the grammar of [`MONEY_TEXT_PATTERN`] into öre.
fn parse_money_text(text: &str) -> Result<Money, Problem> {
    let t = text;
    let (negative, t) = match t.strip_prefix('-').or_else(|| t.strip_prefix('−')) {
        Some(rest) => (true, rest),
        None => (false, t),
    };
    let (number, ore_unit) =
        if let Some(n) = t.strip_suffix("kronor").or_else(|| t.strip_suffix("kr")) {
            (n, false)
        } else if let Some(n) = t.strip_suffix("öre") {
            (n, true)
        } else if t
            .chars()
            .all(|c| c.is_ascii_digit() || is_space(c) || c == ',' || c == '.')
            && t.chars().any(|c| c.is_ascii_digit())
        {
            return Err(Problem::MissingUnit);
        } else {
            return Err(Problem::Malformed);
        };
    // Exactly one space between the number and its unit.
    let number = match number.strip_suffix(is_space) {
        Some(n) if !n.ends_with(is_space) => n,
        _ => return Err(Problem::Malformed),
    };
    let (int, frac) = match number.split_once([',', '.']) {
        Some((int, frac)) => (int, Some(frac)),
        None => (number, None),
    };
    let int = grouped_digits(int).ok_or(Problem::Malformed)?;
    let frac_ore: u128 = match frac {
        None => 0,
        Some(f) if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) => {
            return Err(Problem::Malformed);
        }
        Some(_) if ore_unit => return Err(Problem::NotWholeOre),
        Some(f) if f.len() > 2 => return Err(Problem::TooManyDecimals),
        Some(f) => format!("{f:0<2}").parse().map_err(|_| Problem::Malformed)?,
    };
    if int.len() > 30 {
        return Err(Problem::TooLarge);
    }
    let int: u128 = int.parse().map_err(|_| Problem::Malformed)?;
    let ore = if ore_unit {
        int
    } else {
        int.checked_mul(100).ok_or(Problem::TooLarge)? + frac_ore
    };
    signed_ore(negative, ore).map_err(|_| Problem::TooLarge)
}

/// The digits of `1234` or `1 234` (groups of three after a first group of one to three, one
/// space between groups), or `None`.
fn grouped_digits(text: &str) -> Option<String> {
    let groups: Vec<&str> = text.split(is_space).collect();
    let digits_only = |g: &str| !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit());
    if !groups.iter().all(|g| digits_only(g)) {
        return None;
    }
    if let [first, rest @ ..] = groups.as_slice()
        && !rest.is_empty()
        && (first.len() > 3 || rest.iter().any(|g| g.len() != 3))
    {
        return None;
    }
    Some(groups.concat())
}

#[cfg(test)]
#[path = "json_tests.rs"]
pub(crate) mod tests;
