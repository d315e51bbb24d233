//! Property tests of delegat-value against independent oracles: decimal and money arithmetic
//! against exact rationals (`num-rational`) rounded by the rule of docs/language.md §3, dates
//! against `jiff`, and round trips of formatting and JSON reading. No input may panic.

#![allow(
    clippy::unwrap_used,
    clippy::indexing_slicing,
    reason = "test helpers outside #[test] functions: a failure is a test failure"
)]

use delegat_value::format::{format_decimal, format_money};
use delegat_value::json::{
    date_from_json_string, decimal_from_json_number, decimal_to_json, int_from_json_number,
    money_from_json_number, money_from_json_string, money_to_json,
};
use delegat_value::{
    ArithError, Date, Decimal, Duration, DurationUnit, Money, RoundMode, days_between,
    months_between, years_between,
};
use num_bigint::BigInt;
use num_rational::BigRational;
use num_traits::{One, Signed, ToPrimitive, Zero};
use proptest::prelude::*;

const MAX28: i128 = 9_999_999_999_999_999_999_999_999_999;

fn ten_pow(n: u32) -> BigInt {
    num_traits::pow(BigInt::from(10), usize::try_from(n).unwrap())
}

fn rational(x: Decimal) -> BigRational {
    BigRational::new(BigInt::from(x.mantissa()), ten_pow(x.scale()))
}

/// Round half away from zero to an integer.
fn round_half_away(x: &BigRational) -> BigInt {
    let half = BigRational::new(BigInt::one(), BigInt::from(2));
    let mag = (x.abs() + half).floor().to_integer();
    if x.is_negative() { -mag } else { mag }
}

fn round_mode(x: &BigRational, mode: RoundMode) -> BigInt {
    match mode {
        RoundMode::HalfAwayFromZero => round_half_away(x),
        RoundMode::Down => x.floor().to_integer(),
        RoundMode::Up => x.ceil().to_integer(),
    }
}

/// The oracle of docs/language.md §3: the largest scale s ≤ 28 at which the value rounded half
/// away from zero has fewer than 29 digits; `None` is an overflow.
fn oracle(v: &BigRational) -> Option<Decimal> {
    if v.is_zero() {
        return Some(Decimal::ZERO);
    }
    let limit = ten_pow(28);
    for s in (0..=28u32).rev() {
        let r = round_half_away(&(v * BigRational::from_integer(ten_pow(s))));
        if r.abs() < limit {
            return Some(Decimal::new(r.to_i128().unwrap(), s).unwrap());
        }
    }
    None
}

fn expect(result: Result<Decimal, ArithError>, exact: Option<BigRational>) {
    match exact {
        None => assert_eq!(result, Err(ArithError::DivisionByZero)),
        Some(v) => match oracle(&v) {
            Some(d) => assert_eq!(result, Ok(d), "exact {v}"),
            None => assert_eq!(result, Err(ArithError::Overflow), "exact {v}"),
        },
    }
}

fn decimal() -> impl Strategy<Value = Decimal> {
    let edge = (0u32..=28, 0usize..4, any::<bool>()).prop_map(|(k, kind, neg)| {
        let p = 10i128.pow(k);
        let m = [
            p - 1,
            p,
            5 * p / 10 + i128::from(k == 0),
            (p - 1).max(1) / 9 * 5,
        ][kind]
            .min(MAX28);
        if neg { -m } else { m }
    });
    prop_oneof![
        (-MAX28..=MAX28, 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s).unwrap()),
        (-10_000i128..10_000, 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s).unwrap()),
        (-(10i128.pow(18))..10i128.pow(18), 0u32..=6)
            .prop_map(|(m, s)| Decimal::new(m, s).unwrap()),
        (edge, 0u32..=28).prop_map(|(m, s)| Decimal::new(m, s).unwrap()),
    ]
}

fn mode() -> impl Strategy<Value = RoundMode> {
    prop_oneof![
        Just(RoundMode::HalfAwayFromZero),
        Just(RoundMode::Down),
        Just(RoundMode::Up),
    ]
}

fn money() -> impl Strategy<Value = Money> {
    prop_oneof![
        any::<i64>(),
        -10_000_000i64..10_000_000,
        Just(i64::MAX),
        Just(i64::MIN)
    ]
    .prop_map(Money::from_ore)
}

fn ore_result(exact: &BigInt) -> Result<Money, ArithError> {
    exact
        .to_i64()
        .map(Money::from_ore)
        .ok_or(ArithError::Overflow)
}

fn date() -> impl Strategy<Value = Date> {
    prop_oneof![
        Date::MIN.days()..=Date::MAX.days(),
        // Around today, where leap days and month ends are dense.
        18_000i32..22_000,
    ]
    .prop_map(|d| Date::from_days(i64::from(d)).unwrap())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn decimal_arithmetic_matches_exact_rationals(a in decimal(), b in decimal()) {
        let (x, y) = (rational(a), rational(b));
        expect(a.checked_add(b), Some(&x + &y));
        expect(a.checked_sub(b), Some(&x - &y));
        expect(a.checked_mul(b), Some(&x * &y));
        expect(a.checked_div(b), (!y.is_zero()).then(|| &x / &y));
        prop_assert_eq!(a.cmp(&b), x.cmp(&y));
        prop_assert_eq!(a == b, x == y);
    }

    #[test]
    fn decimal_construction_rounds_like_arithmetic(m in any::<i128>(), s in 0u32..60) {
        let exact = BigRational::new(BigInt::from(m), ten_pow(s));
        expect(Decimal::new_rounded(m, s), Some(exact.clone()));
        match Decimal::new(m, s) {
            Ok(d) => prop_assert_eq!(rational(d), exact),
            Err(ArithError::TooPrecise) => prop_assert!(oracle(&exact).is_some_and(|d| rational(d) != exact)),
            Err(e) => {
                prop_assert_eq!(e, ArithError::Overflow);
                prop_assert!(exact.abs() >= BigRational::from_integer(ten_pow(28)));
            }
        }
    }

    #[test]
    fn decimal_rounding_matches(a in decimal(), step in decimal(), m in mode()) {
        let x = rational(a);
        let int = round_mode(&x, m);
        prop_assert_eq!(a.round_to_integer(m), int.to_i64().ok_or(ArithError::Overflow));
        if step.is_negative() || step.is_zero() {
            prop_assert_eq!(a.round_to(step, m), Err(ArithError::InvalidStep));
        } else {
            let s = rational(step);
            let q = round_mode(&(&x / &s), m);
            expect(a.round_to(step, m), Some(BigRational::from_integer(q) * s));
        }
    }

    #[test]
    fn money_arithmetic_matches_exact_rationals(a in money(), n in any::<i64>(), x in decimal(), m in mode(), step in money()) {
        let ore = BigRational::from_integer(BigInt::from(a.ore()));
        let dx = rational(x);
        prop_assert_eq!(a.checked_mul_decimal(x), ore_result(&round_half_away(&(&ore * &dx))));
        prop_assert_eq!(a.checked_mul_int(n), a.ore().checked_mul(n).map(Money::from_ore).ok_or(ArithError::Overflow));
        if n == 0 {
            prop_assert_eq!(a.checked_div_int(n), Err(ArithError::DivisionByZero));
        } else {
            let q = &ore / BigRational::from_integer(BigInt::from(n));
            prop_assert_eq!(a.checked_div_int(n), ore_result(&round_half_away(&q)));
        }
        if x.is_zero() {
            prop_assert_eq!(a.checked_div_decimal(x), Err(ArithError::DivisionByZero));
        } else {
            let q = &ore / &dx;
            prop_assert_eq!(a.checked_div_decimal(x), ore_result(&round_half_away(&q)));
        }
        if step.ore() <= 0 {
            prop_assert_eq!(a.round_to(step, m), Err(ArithError::InvalidStep));
        } else {
            let s = BigInt::from(step.ore());
            let q = round_mode(&(&ore / BigRational::from_integer(s.clone())), m);
            prop_assert_eq!(a.round_to(step, m), ore_result(&(q * s)));
        }
        if step.ore() > 0 {
            let s = BigInt::from(step.ore());
            let q = round_mode(&(&ore / BigRational::from_integer(s.clone())), m);
            prop_assert_eq!(delegat_value::int_round_to(a.ore(), step.ore(), m), (q * &s).to_i64().ok_or(ArithError::Overflow));
        }
        let kr = BigRational::from_integer(BigInt::from(a.ore())) / BigRational::from_integer(BigInt::from(100));
        let whole = round_mode(&kr, m) * BigInt::from(100);
        prop_assert_eq!(a.round(m), ore_result(&whole));
    }

    #[test]
    fn money_format_and_json_round_trip(a in money()) {
        prop_assert_eq!(money_from_json_string(&format_money(a)), Ok(a));
        prop_assert_eq!(money_from_json_number(&money_to_json(a)), Ok(a));
    }

    #[test]
    fn decimal_format_and_json_round_trip(a in decimal()) {
        prop_assert_eq!(decimal_from_json_number(&decimal_to_json(a)), Ok(a));
        let plain: String = format_decimal(a).chars().filter(|c| *c != ' ').map(|c| if c == ',' { '.' } else { c }).collect();
        prop_assert_eq!(decimal_from_json_number(&plain), Ok(a));
    }

    #[test]
    fn json_readers_never_panic(text in "\\PC{0,40}") {
        let _ = money_from_json_string(&text);
        let _ = money_from_json_number(&text);
        let _ = int_from_json_number(&text);
        let _ = decimal_from_json_number(&text);
        let _ = date_from_json_string(&text);
    }

    #[test]
    fn json_readers_never_panic_on_near_misses(text in "[-−+ 0-9.,eE\u{a0}\u{2009}]{0,30}( ?(kr|öre|kronor))?") {
        if let Ok(m) = money_from_json_string(&text) {
            // What is accepted reads back the same from its canonical form.
            prop_assert_eq!(money_from_json_string(&format_money(m)), Ok(m));
        }
        if let Ok(m) = money_from_json_number(&text) {
            prop_assert_eq!(money_from_json_number(&money_to_json(m)), Ok(m));
        }
        let _ = int_from_json_number(&text);
        let _ = decimal_from_json_number(&text);
    }

    #[test]
    fn money_numbers_are_read_exactly(kronor in any::<i64>(), ore in 0u8..100, exp in -3i32..=3) {
        // kronor.öre written with an exponent: exact when the exponent keeps whole öre.
        let neg = kronor < 0;
        let digits = format!("{}{:02}", kronor.unsigned_abs(), ore);
        let text = format!("{}{}e{}", if neg { "-" } else { "" }, digits, exp - 2);
        let exact = BigRational::new(BigInt::from(kronor.unsigned_abs()) * 100 + ore, BigInt::one())
            * if exp >= 0 { BigRational::from_integer(ten_pow(exp.unsigned_abs())) } else { BigRational::new(BigInt::one(), ten_pow(exp.unsigned_abs())) };
        let exact = if neg { -exact } else { exact };
        let result = money_from_json_number(&text);
        if !exact.is_integer() {
            prop_assert!(result.is_err());
        } else {
            match exact.to_integer().to_i64() {
                Some(o) => prop_assert_eq!(result, Ok(Money::from_ore(o))),
                None => prop_assert!(result.is_err()),
            }
        }
    }

    #[test]
    fn dates_agree_with_jiff(a in date(), n in -500i64..500, b in date()) {
        let j: jiff::civil::Date = a.into();
        prop_assert_eq!(Date::try_from(j), Ok(a));
        prop_assert_eq!(a.to_string(), j.to_string());
        prop_assert_eq!(Date::parse(&j.to_string()), Ok(a));
        for (unit, span) in [
            (DurationUnit::Dagar, jiff::Span::new().days(n)),
            (DurationUnit::Veckor, jiff::Span::new().weeks(n)),
            (DurationUnit::Manader, jiff::Span::new().months(n)),
            (DurationUnit::Ar, jiff::Span::new().years(n)),
        ] {
            let ours = a.checked_add_duration(Duration { amount: n, unit });
            let theirs = j.checked_add(span).ok().and_then(|d| Date::try_from(d).ok());
            prop_assert_eq!(ours.ok(), theirs, "{} + {} {:?}", a, n, unit);
        }
        prop_assert_eq!(days_between(a, b), i64::from(b.days()) - i64::from(a.days()));
    }

    #[test]
    fn completed_years_and_months_follow_addition(a in date(), b in date()) {
        // år_mellan(a; b) is the largest n with a + n år ≤ b (for a ≤ b), and antisymmetric.
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let sign = if a <= b { 1 } else { -1 };
        for (unit, between) in [(DurationUnit::Ar, years_between(a, b)), (DurationUnit::Manader, months_between(a, b))] {
            let n = between * sign;
            prop_assert!(n >= 0);
            let at = |k: i64| lo.checked_add_duration(Duration { amount: k, unit });
            prop_assert!(at(n).is_ok_and(|d| d <= hi));
            prop_assert!(at(n + 1).is_err_and(|e| e == ArithError::DateOutOfRange) || at(n + 1).is_ok_and(|d| d > hi));
        }
        prop_assert_eq!(years_between(a, b), -years_between(b, a));
        prop_assert_eq!(months_between(a, b), -months_between(b, a));
    }
}
