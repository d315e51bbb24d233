//! Unit tests of the exact JSON readers and writers, with the Swedish messages.

use super::*;
use crate::decimal::tests::d;

fn ore(n: i64) -> Money {
    Money::from_ore(n)
}

fn problem<T: fmt::Debug>(r: Result<T, InputError>) -> Problem {
    r.unwrap_err().problem()
}

#[test]
fn money_from_numbers() {
    assert_eq!(money_from_json_number("5000"), Ok(ore(500_000)));
    assert_eq!(money_from_json_number("12.5"), Ok(ore(1_250)));
    assert_eq!(money_from_json_number("12.50"), Ok(ore(1_250)));
    assert_eq!(money_from_json_number("12.500"), Ok(ore(1_250)));
    assert_eq!(money_from_json_number("-3"), Ok(ore(-300)));
    assert_eq!(money_from_json_number("-0.05"), Ok(ore(-5)));
    assert_eq!(money_from_json_number("0"), Ok(ore(0)));
    assert_eq!(money_from_json_number("-0"), Ok(ore(0)));
    assert_eq!(money_from_json_number("1e3"), Ok(ore(100_000)));
    assert_eq!(money_from_json_number("1E+3"), Ok(ore(100_000)));
    assert_eq!(money_from_json_number("1.25e1"), Ok(ore(1_250)));
    assert_eq!(money_from_json_number("125e-2"), Ok(ore(125)));
    assert_eq!(
        money_from_json_number("0e999999999999999999999"),
        Ok(ore(0))
    );
    assert_eq!(
        money_from_json_number("92233720368547758.07"),
        Ok(Money::MAX)
    );
    assert_eq!(
        money_from_json_number("-92233720368547758.08"),
        Ok(Money::MIN)
    );
    assert_eq!(
        problem(money_from_json_number("92233720368547758.08")),
        Problem::TooLarge
    );
    assert_eq!(
        problem(money_from_json_number("1e999999999999")),
        Problem::TooLarge
    );
    assert_eq!(
        problem(money_from_json_number("12.505")),
        Problem::TooManyDecimals
    );
    assert_eq!(
        problem(money_from_json_number("1e-3")),
        Problem::TooManyDecimals
    );
    assert_eq!(
        problem(money_from_json_number("1e-99999999999999")),
        Problem::TooManyDecimals
    );
    for bad in [
        "", "-", "+5", "05", "5.", ".5", "5e", "5e+", "1,5", "5 000", "0x10", "NaN", "Infinity",
        " 5", "5 ",
    ] {
        assert_eq!(
            problem(money_from_json_number(bad)),
            Problem::Malformed,
            "{bad:?}"
        );
    }
}

#[test]
fn money_from_strings() {
    for (text, expect) in [
        ("5 000 kr", 500_000),
        ("5000 kr", 500_000),
        ("12,50 kr", 1_250),
        ("12,5 kr", 1_250),
        ("12.5 kr", 1_250),
        ("50 öre", 50),
        ("5\u{a0}000 kr", 500_000),
        ("5\u{2009}000\u{2009}kr", 500_000),
        ("1\u{202f}234\u{202f}567,89 kr", 123_456_789),
        ("-1 200 kr", -120_000),
        ("−1 200 kr", -120_000),
        ("3 560 kronor", 356_000),
        ("0 kr", 0),
        ("92 233 720 368 547 758,07 kr", i64::MAX),
    ] {
        assert_eq!(money_from_json_string(text), Ok(ore(expect)), "{text:?}");
    }
    assert_eq!(
        problem(money_from_json_string("5000")),
        Problem::MissingUnit
    );
    assert_eq!(
        problem(money_from_json_string("5 000")),
        Problem::MissingUnit
    );
    assert_eq!(
        problem(money_from_json_string("12,505 kr")),
        Problem::TooManyDecimals
    );
    assert_eq!(
        problem(money_from_json_string("5.000 kr")),
        Problem::TooManyDecimals
    );
    assert_eq!(
        problem(money_from_json_string("50,5 öre")),
        Problem::NotWholeOre
    );
    assert_eq!(
        problem(money_from_json_string("92 233 720 368 547 758,08 kr")),
        Problem::TooLarge
    );
    assert_eq!(
        problem(money_from_json_string(
            "999999999999999999999999999999999 kr"
        )),
        Problem::TooLarge
    );
    for bad in [
        "kr",
        "5 00 kr",
        "50 00 kr",
        "1234 567 kr",
        "5  000 kr",
        "12, kr",
        ",5 kr",
        "5 SEK",
        "fem kr",
        "5 kr 50 öre",
        "- 5 kr",
        "5,5,5 kr",
        "",
        // Nothing before or after, and exactly one space before the unit (the grammar of
        // MONEY_TEXT_PATTERN, which the pack's JSON Schema publishes).
        "5000kr",
        " 1 kr",
        "1 kr ",
        "  3 560 kronor ",
        "5  kr",
    ] {
        assert_eq!(
            problem(money_from_json_string(bad)),
            Problem::Malformed,
            "{bad:?}"
        );
    }
}

#[test]
fn messages_say_what_was_expected() {
    assert_eq!(
        money_from_json_string("tusen").unwrap_err().message(),
        "förväntade ett belopp i kronor, t.ex. 5000 eller \"5 000 kr\", men fick `tusen`"
    );
    assert_eq!(
        money_from_json_number("12.505").unwrap_err().to_string(),
        "förväntade ett belopp i kronor, t.ex. 5000 eller \"5 000 kr\", men fick `12.505`, som har fler än två decimaler (ett belopp anges i hela ören)"
    );
    assert_eq!(
        date_from_json_string("2026-02-30").unwrap_err().message(),
        "förväntade ett datum på formen ÅÅÅÅ-MM-DD, t.ex. \"2026-03-01\", men fick `2026-02-30`, som inte finns i kalendern"
    );
    let long = "x".repeat(100);
    let msg = money_from_json_string(&long).unwrap_err().message();
    assert!(msg.ends_with(&format!("`{}…`", "x".repeat(40))), "{msg}");
}

#[test]
fn integers_and_decimals() {
    assert_eq!(int_from_json_number("3"), Ok(3));
    assert_eq!(int_from_json_number("-12"), Ok(-12));
    assert_eq!(int_from_json_number("5.0"), Ok(5));
    assert_eq!(int_from_json_number("1e3"), Ok(1000));
    assert_eq!(int_from_json_number("9223372036854775807"), Ok(i64::MAX));
    assert_eq!(int_from_json_number("-9223372036854775808"), Ok(i64::MIN));
    assert_eq!(
        problem(int_from_json_number("9223372036854775808")),
        Problem::TooLarge
    );
    assert_eq!(problem(int_from_json_number("2.5")), Problem::NotAnInteger);
    assert_eq!(problem(int_from_json_number("1e-1")), Problem::NotAnInteger);
    assert_eq!(problem(int_from_json_number("abc")), Problem::Malformed);

    assert_eq!(decimal_from_json_number("12.5"), Ok(d("12.5")));
    assert_eq!(decimal_from_json_number("0.0325"), Ok(d("0.0325")));
    assert_eq!(decimal_from_json_number("-3"), Ok(d("-3")));
    assert_eq!(decimal_from_json_number("1.5e-2"), Ok(d("0.015")));
    assert_eq!(decimal_from_json_number("25e2"), Ok(d("2500")));
    assert_eq!(decimal_from_json_number("0.000"), Ok(Decimal::ZERO));
    assert_eq!(
        decimal_from_json_number("9999999999999999999999999999"),
        Ok(Decimal::new(9_999_999_999_999_999_999_999_999_999, 0).unwrap())
    );
    assert_eq!(
        decimal_from_json_number("0.0000000000000000000000000001"),
        Ok(d("0.0000000000000000000000000001"))
    );
    assert_eq!(
        problem(decimal_from_json_number("10000000000000000000000000000")),
        Problem::TooLarge
    );
    assert_eq!(problem(decimal_from_json_number("1e28")), Problem::TooLarge);
    assert_eq!(
        problem(decimal_from_json_number("0.00000000000000000000000000001")),
        Problem::TooPrecise
    );
    assert_eq!(
        problem(decimal_from_json_number("1.0000000000000000000000000001")),
        Problem::TooPrecise
    );
    assert_eq!(
        problem(decimal_from_json_number("1e-999999999999999")),
        Problem::TooPrecise
    );
}

#[test]
fn dates() {
    assert_eq!(
        date_from_json_string("2026-03-01").map(|d| d.to_string()),
        Ok("2026-03-01".to_string())
    );
    assert_eq!(
        problem(date_from_json_string("2026-3-1")),
        Problem::Malformed
    );
    assert_eq!(
        problem(date_from_json_string("1 mars 2026")),
        Problem::Malformed
    );
    assert_eq!(
        problem(date_from_json_string("2026-02-29")),
        Problem::NoSuchDate
    );
}

#[test]
fn writing() {
    assert_eq!(money_to_json(ore(856_000)), "8560");
    assert_eq!(money_to_json(ore(856_050)), "8560.5");
    assert_eq!(money_to_json(ore(856_005)), "8560.05");
    assert_eq!(money_to_json(ore(-5)), "-0.05");
    assert_eq!(money_to_json(ore(-50)), "-0.5");
    assert_eq!(money_to_json(ore(0)), "0");
    assert_eq!(money_to_json(Money::MIN), "-92233720368547758.08");
    assert_eq!(decimal_to_json(d("12.5")), "12.5");
    assert_eq!(decimal_to_json(d("-0.0325")), "-0.0325");
    assert_eq!(decimal_to_json(d("3")), "3");
    assert_eq!(decimal_to_json(Decimal::ZERO), "0");
    for m in [0, 1, -1, 99, 100, 856_050, i64::MAX, i64::MIN] {
        assert_eq!(money_from_json_number(&money_to_json(ore(m))), Ok(ore(m)));
    }
}

pub(crate) mod grammar {
    use proptest::prelude::*;

    use super::*;

    /// Texts built from the pieces money text is made of, and a few that it is not.
    pub(crate) fn money_like() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            4 => "[0-9]{1,4}",
            2 => Just(" ".to_owned()),
            1 => Just("\u{a0}".to_owned()),
            1 => Just("\u{2009}".to_owned()),
            1 => Just("\u{202f}".to_owned()),
            1 => Just(",".to_owned()),
            1 => Just(".".to_owned()),
            1 => Just("-".to_owned()),
            1 => Just("\u{2212}".to_owned()),
            2 => Just("kr".to_owned()),
            1 => Just("kronor".to_owned()),
            1 => Just("öre".to_owned()),
            1 => Just("x".to_owned()),
            1 => Just("\t".to_owned()),
        ];
        prop::collection::vec(piece, 1..8).prop_map(|p| p.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// The reader accepts exactly the texts the published pattern matches (a text it
        /// accepts may still be too large for `i64` öre: that is a range, not grammar).
        #[test]
        fn the_reader_accepts_what_the_pattern_matches(text in money_like()) {
            let pattern = regex::Regex::new(MONEY_TEXT_PATTERN).unwrap();
            let read = money_from_json_string(&text);
            let grammatical = match &read {
                Ok(_) => true,
                Err(e) => e.problem() == Problem::TooLarge,
            };
            prop_assert_eq!(grammatical, pattern.is_match(&text), "{:?}: {:?}", text, read);
        }
    }

    #[test]
    fn the_pattern_matches_the_documented_forms() {
        let pattern = regex::Regex::new(MONEY_TEXT_PATTERN).unwrap();
        for ok in [
            "5 000 kr",
            "5000 kr",
            "12,50 kr",
            "12.5 kr",
            "50 öre",
            "−1 200 kr",
            "3 560 kronor",
        ] {
            assert!(pattern.is_match(ok), "{ok:?}");
        }
        for bad in [
            "5000kr",
            " 1 kr",
            "1 kr ",
            "5 00 kr",
            "5000",
            "12,505 kr",
            "1,5 öre",
        ] {
            assert!(!pattern.is_match(bad), "{bad:?}");
        }
    }
}

mod number_digits {
    use proptest::prelude::*;

    use super::*;

    /// The significant digits and exponent of `int.frac` by concatenating and trimming: what
    /// [`Number::parse`] computes without allocating.
    fn reference(int: &str, frac: &str) -> (String, i64) {
        let all = format!("{int}{frac}");
        let trimmed = all.trim_start_matches('0');
        let significant = trimmed.trim_end_matches('0');
        let exp = (trimmed.len() - significant.len()) as i64 - frac.len() as i64;
        (significant.to_owned(), exp)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// The two borrowed runs read as the digits of the concatenation, with the same
        /// exponent, whatever zeros lead or trail either part.
        #[test]
        fn parse_keeps_the_significant_digits(
            int in "0|[1-9]0{0,3}|[1-9][0-9]{0,5}0{0,3}",
            frac in "(0{0,3}[0-9]{0,4}0{0,3})?",
        ) {
            let text = if frac.is_empty() { int.clone() } else { format!("{int}.{frac}") };
            let n = Number::parse(&text).unwrap();
            let (digits, exp) = reference(&int, &frac);
            prop_assert_eq!(format!("{}{}", n.high, n.low), digits);
            prop_assert_eq!(n.exp, exp);
        }
    }

    #[test]
    fn zeros_on_either_side_of_the_point() {
        let parts = |t: &str| {
            let n = Number::parse(t).unwrap();
            (n.high.to_owned(), n.low.to_owned(), n.exp)
        };
        assert_eq!(parts("0.000"), (String::new(), String::new(), -3));
        assert_eq!(parts("100"), ("1".to_owned(), String::new(), 2));
        assert_eq!(parts("100.00"), ("1".to_owned(), String::new(), 2));
        assert_eq!(parts("0.0320"), (String::new(), "32".to_owned(), -3));
        assert_eq!(parts("120.050"), ("120".to_owned(), "05".to_owned(), -2));
        assert_eq!(parts("1.5e3"), ("1".to_owned(), "5".to_owned(), 2));
    }
}
