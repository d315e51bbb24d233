//! The text of an amount within a range, as a regular expression: what a case's JSON
//! Schema publishes for a `belopp` input with bounds, so that every text valid by the
//! schema is one the reader accepts *and* within the range (a JSON Schema cannot compare a
//! text with `minimum`/`maximum`).
//!
//! The pattern matches the canonical spellings of [`MONEY_TEXT_PATTERN`]'s grammar — whole
//! kronor without leading zeros, plain or grouped by threes, up to two decimals after `,` or
//! `.`, `kr` or `kronor`; or whole öre with `öre`; a minus (`-` or `−`) before a negative
//! amount — whose value lies in the range. It is a subset of the grammar (the reader also
//! takes `"007 kr"` and `"-0 kr"`), built from the range's digits: each alternative is a
//! fixed number of digit classes, so its grouped form puts the spaces at known places. The
//! same ECMA-262 and Rust `regex` subset as [`MONEY_TEXT_PATTERN`].

use crate::json::MONEY_TEXT_PATTERN;
use crate::money::Money;

/// A space that may group digits or separate the number from its unit.
const SPACE: &str = r"[ \u00a0\u2009\u202f]";

/// The pattern of money text whose value lies in `lo..=hi` (an absent bound is the limit of
/// `belopp`, ±`i64::MAX` öre). Both absent: [`MONEY_TEXT_PATTERN`]. An empty range (`lo >
/// hi`) matches nothing.
#[must_use]
pub fn money_text_pattern(lo: Option<Money>, hi: Option<Money>) -> String {
    if lo.is_none() && hi.is_none() {
        return MONEY_TEXT_PATTERN.to_owned();
    }
    let lo = i128::from(lo.map_or(-i64::MAX, Money::ore));
    let hi = i128::from(hi.map_or(i64::MAX, Money::ore));
    let mut alternatives = Vec::new();
    if hi >= 0 && lo <= hi {
        alternatives.extend(magnitudes(lo.max(0), hi));
    }
    if lo < 0 {
        let (a, b) = ((-hi).max(1), -lo);
        if a <= b {
            let negative = magnitudes(a, b).join("|");
            alternatives.push(format!(r"[-\u2212](?:{negative})"));
        }
    }
    if alternatives.is_empty() {
        // Nothing is in the range: a pattern no text matches (no word boundary can lie
        // between two letters).
        return r"^a\bb$".to_owned();
    }
    format!("^(?:{})$", alternatives.join("|"))
}

/// The alternatives for an amount of `a..=b` öre (`0 <= a <= b`) without its sign: as öre,
/// and as kronor with the decimals each whole krona of the range allows.
fn magnitudes(a: i128, b: i128) -> Vec<String> {
    let mut out = vec![format!("{}{SPACE}öre", integers(a, b))];
    let kronor = |k_lo: i128, k_hi: i128, f_lo: i128, f_hi: i128| {
        format!(
            "{}{}{SPACE}(?:kr|kronor)",
            integers(k_lo, k_hi),
            decimals(f_lo, f_hi)
        )
    };
    let (ka, fa, kb, fb) = (a / 100, a % 100, b / 100, b % 100);
    if ka == kb {
        out.push(kronor(ka, ka, fa, fb));
    } else {
        out.push(kronor(ka, ka, fa, 99));
        if ka + 1 < kb {
            out.push(kronor(ka + 1, kb - 1, 0, 99));
        }
        out.push(kronor(kb, kb, 0, fb));
    }
    out
}

/// The integers of `x..=y` (`0 <= x <= y`) written without leading zeros, plain or grouped
/// by threes with one space.
fn integers(x: i128, y: i128) -> String {
    let mut alternatives = Vec::new();
    for (p, q) in by_length(x, y) {
        for classes in same_length(p.as_bytes(), q.as_bytes()) {
            let plain: String = classes.iter().map(|c| class(*c)).collect();
            alternatives.push(plain);
            if classes.len() > 3 {
                let mut grouped = String::new();
                for (i, c) in classes.iter().enumerate() {
                    if i > 0 && (classes.len() - i) % 3 == 0 {
                        grouped.push_str(SPACE);
                    }
                    grouped.push_str(&class(*c));
                }
                alternatives.push(grouped);
            }
        }
    }
    format!("(?:{})", alternatives.join("|"))
}

/// The decimals whose öre `f` lies in `x..=y` (`0 <= x <= y <= 99`): none (`f` = 0), one
/// digit `d` (`f` = 10·d) or two (`f` = their number), after `,` or `.`.
fn decimals(x: i128, y: i128) -> String {
    if x == 0 && y == 99 {
        return "(?:[,.][0-9]{1,2})?".to_owned();
    }
    let mut forms = Vec::new();
    let one: Vec<u8> = (b'0'..=b'9')
        .filter(|d| (x..=y).contains(&(i128::from(d - b'0') * 10)))
        .collect();
    if let (Some(first), Some(last)) = (one.first(), one.last()) {
        // The digits of `one` are consecutive: `x..=y` is an interval.
        forms.push(class((*first, *last)));
    }
    let (p, q) = (format!("{x:02}"), format!("{y:02}"));
    for classes in same_length(p.as_bytes(), q.as_bytes()) {
        forms.push(classes.iter().map(|c| class(*c)).collect());
    }
    let optional = if x == 0 { "?" } else { "" };
    format!("(?:[,.](?:{})){optional}", forms.join("|"))
}

/// `x..=y` split into ranges of numbers of one length, as their decimal digits.
fn by_length(x: i128, y: i128) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut start = x;
    while start <= y {
        let len = start.to_string().len();
        let last_of_len = 10i128.pow(u32::try_from(len).unwrap_or(u32::MAX).min(38)) - 1;
        let end = y.min(last_of_len);
        out.push((start.to_string(), end.to_string()));
        start = end + 1;
    }
    out
}

/// The digit strings of one length between `p` and `q` (equal lengths, `p <= q`) as
/// sequences of digit ranges, one per position.
fn same_length(p: &[u8], q: &[u8]) -> Vec<Vec<(u8, u8)>> {
    let (Some((&p0, p_rest)), Some((&q0, q_rest))) = (p.split_first(), q.split_first()) else {
        return vec![Vec::new()];
    };
    let any = |n: usize| vec![(b'0', b'9'); n];
    let prefixed = |d: (u8, u8), rest: Vec<Vec<(u8, u8)>>| {
        rest.into_iter()
            .map(|mut r| {
                r.insert(0, d);
                r
            })
            .collect::<Vec<_>>()
    };
    if p0 == q0 {
        return prefixed((p0, p0), same_length(p_rest, q_rest));
    }
    let zeros = p_rest.iter().all(|&d| d == b'0');
    let nines = q_rest.iter().all(|&d| d == b'9');
    let mut out = Vec::new();
    let mut middle = (p0 + 1, q0 - 1);
    if zeros {
        middle.0 = p0;
    } else {
        let top = vec![b'9'; p_rest.len()];
        out.extend(prefixed((p0, p0), same_length(p_rest, &top)));
    }
    if nines {
        middle.1 = q0;
    }
    if middle.0 <= middle.1 {
        let mut seq = vec![middle];
        seq.extend(any(p_rest.len()));
        out.push(seq);
    }
    if !nines {
        let bottom = vec![b'0'; q_rest.len()];
        out.extend(prefixed((q0, q0), same_length(&bottom, q_rest)));
    }
    out
}

/// A digit range as a regular expression: `5`, `[0-9]`.
fn class((a, b): (u8, u8)) -> String {
    if a == b {
        char::from(a).to_string()
    } else {
        format!("[{}-{}]", char::from(a), char::from(b))
    }
}

#[cfg(test)]
#[path = "money_pattern_tests.rs"]
mod tests;
