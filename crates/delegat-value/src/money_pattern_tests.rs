//! The pattern of money text within a range: every spelling of an amount matches exactly
//! when the amount is in the range, and every text it matches is one the reader takes, with
//! a value in the range.

use proptest::prelude::*;
use regex::Regex;

use super::money_text_pattern;
use crate::json::tests::grammar::money_like;
use crate::json::{MONEY_TEXT_PATTERN, money_from_json_string};
use crate::money::Money;

fn pattern(lo: Option<i64>, hi: Option<i64>) -> Regex {
    let text = money_text_pattern(lo.map(Money::from_ore), hi.map(Money::from_ore));
    Regex::new(&text).unwrap()
}

#[test]
fn a_range_of_whole_kronor_takes_its_ends_and_nothing_beyond() {
    let p = pattern(Some(0), Some(100_000_000)); // 0 kr..1 000 000 kr
    for ok in [
        "0 kr",
        "0,50 kr",
        "50 öre",
        "5 000 kr",
        "5000 kr",
        "12,5 kr",
        "12.05 kronor",
        "999 999,99 kr",
        "1 000 000 kr",
        "1\u{a0}000\u{a0}000,00 kr",
        "1000000,0 kr",
        "100000000 öre",
        "100 000 000 öre",
    ] {
        assert!(p.is_match(ok), "{ok:?}");
    }
    for bad in [
        "1 000 000,01 kr",
        "1 000 001 kr",
        "100000001 öre",
        "-1 kr",
        "\u{2212}0,01 kr",
        "10 000 000 kr",
        "5000kr",
        "5 00 kr",
        "007 kr",
    ] {
        assert!(!p.is_match(bad), "{bad:?}");
    }
}

#[test]
fn bounds_within_a_krona_and_below_zero() {
    let p = pattern(Some(-1_050), Some(250)); // −10,50 kr..2,50 kr
    for ok in [
        "-10,50 kr",
        "−10,5 kr",
        "-1 050 öre",
        "-0,01 kr",
        "0 kr",
        "2,5 kr",
        "250 öre",
    ] {
        assert!(p.is_match(ok), "{ok:?}");
    }
    for bad in [
        "-10,51 kr",
        "-11 kr",
        "2,51 kr",
        "3 kr",
        "251 öre",
        "-1051 öre",
    ] {
        assert!(!p.is_match(bad), "{bad:?}");
    }
    let empty = pattern(Some(5), Some(4));
    assert!(!empty.is_match("0 kr") && !empty.is_match(""));
}

#[test]
fn no_bounds_is_the_grammar() {
    assert_eq!(money_text_pattern(None, None), MONEY_TEXT_PATTERN);
}

/// One spelling of `ore` öre: its sign, kronor with decimals or öre, plain or grouped.
fn spelling(ore: i64, choice: [u8; 6]) -> String {
    let spaces = [" ", "\u{a0}", "\u{2009}", "\u{202f}"];
    let space = spaces[usize::from(choice[0] % 4)];
    let digits = |n: u64, grouped: bool| {
        let plain = n.to_string();
        if !grouped || plain.len() <= 3 {
            return plain;
        }
        let mut out = String::new();
        for (i, c) in plain.chars().enumerate() {
            if i > 0 && (plain.len() - i).is_multiple_of(3) {
                out.push_str(space);
            }
            out.push(c);
        }
        out
    };
    let sign = match (ore < 0, choice[1] % 2) {
        (false, _) => "",
        (true, 0) => "-",
        (true, _) => "\u{2212}",
    };
    let magnitude = ore.unsigned_abs();
    let grouped = choice[2].is_multiple_of(2);
    if choice[3].is_multiple_of(3) {
        return format!("{sign}{}{space}öre", digits(magnitude, grouped));
    }
    let (kronor, f) = (magnitude / 100, magnitude % 100);
    let sep = if choice[4].is_multiple_of(2) {
        ","
    } else {
        "."
    };
    let decimals = match (f, choice[5] % 3) {
        (0, 0) => String::new(),
        (0, 1) => format!("{sep}0"),
        (0, _) => format!("{sep}00"),
        (f, 0) if f % 10 == 0 => format!("{sep}{}", f / 10),
        (f, _) => format!("{sep}{f:02}"),
    };
    let unit = if choice[3] % 3 == 1 { "kr" } else { "kronor" };
    format!("{sign}{}{decimals}{space}{unit}", digits(kronor, grouped))
}

/// Bounds and amounts near each other and near the ends of `belopp`.
fn amount() -> impl Strategy<Value = i64> {
    prop_oneof![
        -300_000i64..300_000,
        -1_000_000_000i64..1_000_000_000,
        Just(i64::MAX),
        Just(-i64::MAX),
        (i64::MAX - 300)..=i64::MAX,
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// A spelling of an amount matches exactly when the amount is in the range.
    #[test]
    fn a_spelling_matches_exactly_when_its_amount_is_in_range(
        lo in proptest::option::weighted(0.9, amount()),
        hi in proptest::option::weighted(0.9, amount()),
        near in -300i64..300,
        far in amount(),
        pick in 0u8..3,
        choice in any::<[u8; 6]>(),
    ) {
        let anchor = match pick { 0 => lo, 1 => hi, _ => None };
        let value = anchor.map_or(far, |a| a.saturating_add(near).max(-i64::MAX));
        let text = spelling(value, choice);
        prop_assert_eq!(money_from_json_string(&text).map(Money::ore), Ok(value), "{}", text);
        let inside = lo.is_none_or(|l| l <= value) && hi.is_none_or(|h| value <= h);
        prop_assert_eq!(pattern(lo, hi).is_match(&text), inside, "{} in {:?}..={:?}", text, lo, hi);
    }

    /// Whatever a range's pattern matches, the reader takes, with a value in the range.
    #[test]
    fn what_the_pattern_matches_is_read_and_in_range(
        lo in proptest::option::weighted(0.9, -2_000_000i64..2_000_000),
        span in 0i64..5_000_000,
        text in money_like(),
    ) {
        let hi = lo.map(|l| l + span);
        if pattern(lo, hi).is_match(&text) {
            let v = money_from_json_string(&text).map(Money::ore);
            prop_assert!(v.is_ok(), "{}: {:?}", text, v);
            let v = v.unwrap_or_default();
            prop_assert!(lo.is_none_or(|l| l <= v) && hi.is_none_or(|h| v <= h), "{} = {}", text, v);
        }
    }
}
