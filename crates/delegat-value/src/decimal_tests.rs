//! Unit tests of [`Decimal`] with real values: construction, the canonical form, the four
//! operations at their boundaries (28 digits, ties of both signs) and the order.

use super::*;

/// A decimal from a plain test string such as `-12.5`.
pub(crate) fn d(text: &str) -> Decimal {
    let (neg, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = body.split_once('.').unwrap_or((body, ""));
    let digits: String = format!("{int}{frac}");
    let m: i128 = digits.parse().unwrap();
    let scale = u32::try_from(frac.len()).unwrap();
    Decimal::new(if neg { -m } else { m }, scale).unwrap()
}

fn parts(x: Decimal) -> (i128, u32) {
    (x.mantissa(), x.scale())
}

const MAX28: i128 = 9_999_999_999_999_999_999_999_999_999;

#[test]
fn construction_is_exact_and_canonical() {
    assert_eq!(parts(Decimal::new(1250, 2).unwrap()), (125, 1));
    assert_eq!(parts(Decimal::new(-1000, 0).unwrap()), (-1000, 0));
    assert_eq!(parts(Decimal::new(0, 17).unwrap()), (0, 0));
    assert_eq!(Decimal::new(150, 2).unwrap(), Decimal::new(15, 1).unwrap());
    assert_eq!(parts(Decimal::new(MAX28, 28).unwrap()), (MAX28, 28));
    assert_eq!(parts(Decimal::new(MAX28, 0).unwrap()), (MAX28, 0));
    assert_eq!(Decimal::new(MAX28 + 1, 0), Err(ArithError::Overflow));
    assert_eq!(Decimal::new((MAX28 + 1) * 10, 1), Err(ArithError::Overflow));
    assert_eq!(Decimal::new(MAX28 * 10 + 1, 1), Err(ArithError::TooPrecise));
    assert_eq!(Decimal::new(1, 29), Err(ArithError::TooPrecise));
    assert_eq!(parts(Decimal::new(10, 29).unwrap()), (1, 28));
    assert_eq!(Decimal::new(i128::MIN, 0), Err(ArithError::Overflow));
    assert_eq!(
        parts(Decimal::from_i64(i64::MIN)),
        (i128::from(i64::MIN), 0)
    );
}

#[test]
fn percent_is_a_hundredth() {
    assert_eq!(parts(Decimal::from_percent(3, 0).unwrap()), (3, 2));
    assert_eq!(parts(Decimal::from_percent(125, 1).unwrap()), (125, 3));
    assert_eq!(parts(Decimal::from_percent(100, 0).unwrap()), (1, 0));
    assert_eq!(Decimal::from_percent(1, 27), Err(ArithError::TooPrecise));
    assert_eq!(
        Decimal::from_percent(1, u32::MAX),
        Err(ArithError::TooPrecise)
    );
}

#[test]
fn rounded_construction() {
    assert_eq!(parts(Decimal::new_rounded(15, 29).unwrap()), (2, 28));
    assert_eq!(parts(Decimal::new_rounded(-15, 29).unwrap()), (-2, 28));
    assert_eq!(parts(Decimal::new_rounded(14, 29).unwrap()), (1, 28));
    assert_eq!(parts(Decimal::new_rounded(5, 29).unwrap()), (1, 28));
    assert_eq!(parts(Decimal::new_rounded(4, 29).unwrap()), (0, 0));
    assert_eq!(parts(Decimal::new_rounded(5, 30).unwrap()), (0, 0));
    assert_eq!(
        parts(Decimal::new_rounded(i128::MAX, 1000).unwrap()),
        (0, 0)
    );
    // 29 nines with one decimal: rounds to 10^28, which does not fit.
    assert_eq!(
        Decimal::new_rounded(MAX28 * 10 + 9, 1),
        Err(ArithError::Overflow)
    );
    // 29 nines with two decimals: 999…9,99 → 10^27 exactly.
    assert_eq!(
        parts(Decimal::new_rounded(MAX28 * 10 + 9, 2).unwrap()),
        (10i128.pow(27), 0)
    );
}

#[test]
fn bits_round_trip() {
    for x in [
        d("0"),
        d("-12.5"),
        d("0.0000000000000000000000000001"),
        Decimal::new(-MAX28, 28).unwrap(),
    ] {
        assert_eq!(Decimal::from_bits(x.to_bits()), Some(x));
    }
    assert_eq!(Decimal::from_bits(29), None);
    assert_eq!(Decimal::from_raw_parts(10, 1), None);
    assert_eq!(Decimal::from_raw_parts(10, 0), Some(d("10")));
}

#[test]
fn addition_and_subtraction() {
    assert_eq!(d("0.1").checked_add(d("0.2")).unwrap(), d("0.3"));
    assert_eq!(d("0.5").checked_add(d("0.5")).unwrap(), d("1"));
    assert_eq!(d("12.5").checked_sub(d("20")).unwrap(), d("-7.5"));
    assert_eq!(d("-3").checked_add(d("3")).unwrap(), Decimal::ZERO);
    assert_eq!(
        Decimal::new(MAX28, 0).unwrap().checked_add(Decimal::ONE),
        Err(ArithError::Overflow)
    );
    assert_eq!(
        Decimal::new(-MAX28, 0).unwrap().checked_sub(Decimal::ONE),
        Err(ArithError::Overflow)
    );
    // 10^27 + 0,5 needs 29 digits: rounds half away from zero.
    let big = Decimal::new(10i128.pow(27), 0).unwrap();
    assert_eq!(
        parts(big.checked_add(d("0.5")).unwrap()),
        (10i128.pow(27) + 1, 0)
    );
    assert_eq!(
        parts(big.neg().checked_sub(d("0.5")).unwrap()),
        (-(10i128.pow(27) + 1), 0)
    );
    assert_eq!(
        parts(big.checked_add(d("0.4")).unwrap()),
        (10i128.pow(27), 0)
    );
    // 1 + 10^-28 keeps 28 significant digits: the tiny part is rounded away.
    assert_eq!(
        Decimal::ONE
            .checked_add(d("0.0000000000000000000000000001"))
            .unwrap(),
        Decimal::ONE
    );
    assert_eq!(
        parts(
            d("0.1")
                .checked_add(d("0.0000000000000000000000000001"))
                .unwrap()
        ),
        (1_000_000_000_000_000_000_000_000_001, 28)
    );
}

#[test]
fn multiplication() {
    assert_eq!(d("1.5").checked_mul(d("1.5")).unwrap(), d("2.25"));
    assert_eq!(d("-0.03").checked_mul(d("200")).unwrap(), d("-6"));
    assert_eq!(d("0.1").checked_mul(Decimal::ZERO).unwrap(), Decimal::ZERO);
    let small = d("0.00000000000001");
    // 10^-28 is the smallest positive value; 10^-29 rounds (half away) to it, 4·10^-30 to zero.
    assert_eq!(parts(small.checked_mul(small).unwrap()), (1, 28));
    assert_eq!(
        parts(small.checked_mul(d("0.00000000000000")).unwrap()),
        (0, 0)
    );
    assert_eq!(
        parts(
            d("0.0000000000000000000000000001")
                .checked_mul(d("0.5"))
                .unwrap()
        ),
        (1, 28)
    );
    assert_eq!(
        parts(
            d("0.0000000000000000000000000001")
                .checked_mul(d("-0.5"))
                .unwrap()
        ),
        (-1, 28)
    );
    assert_eq!(
        parts(
            d("0.0000000000000000000000000001")
                .checked_mul(d("0.49"))
                .unwrap()
        ),
        (0, 0)
    );
    let m = Decimal::new(MAX28, 0).unwrap();
    assert_eq!(m.checked_mul(d("1.0000000001")), Err(ArithError::Overflow));
    assert_eq!(m.checked_mul(m), Err(ArithError::Overflow));
    // A 56-digit product keeps its 28 leading digits.
    let x = Decimal::new(MAX28, 28).unwrap(); // 0,999…9 (28 nines)
    let sq = x.checked_mul(x).unwrap(); // 0,99…98000…01 → rounds to 28 digits
    assert_eq!(parts(sq), (MAX28 - 1, 28));
}

#[test]
fn division() {
    assert_eq!(
        parts(Decimal::ONE.checked_div(d("3")).unwrap()),
        (3_333_333_333_333_333_333_333_333_333, 28)
    );
    assert_eq!(
        parts(d("2").checked_div(d("3")).unwrap()),
        (6_666_666_666_666_666_666_666_666_667, 28)
    );
    assert_eq!(
        parts(d("-2").checked_div(d("3")).unwrap()),
        (-6_666_666_666_666_666_666_666_666_667, 28)
    );
    assert_eq!(
        parts(d("20").checked_div(d("3")).unwrap()),
        (6_666_666_666_666_666_666_666_666_667, 27)
    );
    assert_eq!(d("1").checked_div(d("4")).unwrap(), d("0.25"));
    assert_eq!(d("7.5").checked_div(d("-2.5")).unwrap(), d("-3"));
    assert_eq!(d("1").checked_div(d("0")), Err(ArithError::DivisionByZero));
    assert_eq!(d("0").checked_div(d("0")), Err(ArithError::DivisionByZero));
    assert_eq!(d("0").checked_div(d("7")).unwrap(), Decimal::ZERO);
    let big = Decimal::new(MAX28, 0).unwrap();
    assert_eq!(big.checked_div(d("0.1")), Err(ArithError::Overflow));
    assert_eq!(big.checked_div(big).unwrap(), Decimal::ONE);
    assert_eq!(
        d("1").checked_div(big).unwrap(),
        d("0.0000000000000000000000000001")
    );
    assert_eq!(
        d("0.0000000000000000000000000001")
            .checked_div(d("3"))
            .unwrap(),
        Decimal::ZERO
    );
    assert_eq!(
        parts(
            d("0.0000000000000000000000000002")
                .checked_div(d("-3"))
                .unwrap()
        ),
        (-1, 28)
    );
    // The tie 0,5·10^-28 rounds away from zero.
    assert_eq!(
        parts(
            d("0.0000000000000000000000000001")
                .checked_div(d("2"))
                .unwrap()
        ),
        (1, 28)
    );
    assert_eq!(
        parts(
            d("0.0000000000000000000000000001")
                .checked_div(d("-2"))
                .unwrap()
        ),
        (-1, 28)
    );
}

#[test]
fn order_is_numeric() {
    assert!(d("1.5") > d("1.25"));
    assert!(d("-1.5") < d("-1.25"));
    assert!(d("-0.1") < Decimal::ZERO);
    assert!(d("10") > d("9.9999999999999999999999999"));
    assert_eq!(d("2.50").cmp(&d("2.5")), Ordering::Equal);
    let mut v = vec![d("3"), d("-2.5"), d("0.001"), d("0"), d("-10")];
    v.sort();
    assert_eq!(v, vec![d("-10"), d("-2.5"), d("0"), d("0.001"), d("3")]);
}

#[test]
fn integer_conversion() {
    assert_eq!(d("42").to_i64(), Some(42));
    assert_eq!(d("4.2").to_i64(), None);
    assert_eq!(Decimal::new(MAX28, 0).unwrap().to_i64(), None);
    assert_eq!(Decimal::from(-7).to_i64(), Some(-7));
}
