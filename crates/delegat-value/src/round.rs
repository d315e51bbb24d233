//! Explicit rounding (docs/language.md §3): `avrunda`, `avrunda_nedåt` and `avrunda_uppåt` of
//! `belopp` (to whole kronor or to a step in öre) and of `tal` (to an integer or to a step).
//!
//! - `avrunda` ([`RoundMode::HalfAwayFromZero`]): to the nearest step; a tie goes away from
//!   zero (`12,50 kr → 13 kr`, `−12,50 kr → −13 kr`).
//! - `avrunda_nedåt` ([`RoundMode::Down`]): toward −∞, the step at or below
//!   (`12,99 kr → 12 kr`, `−12,01 kr → −13 kr`).
//! - `avrunda_uppåt` ([`RoundMode::Up`]): toward +∞, the step at or above
//!   (`12,01 kr → 13 kr`, `−12,99 kr → −12 kr`).
//!
//! The step is counted from zero: `avrunda_nedåt(x; 100 kr)` gives a multiple of 100 kr. A step
//! that is zero or negative is [`ArithError::InvalidStep`].

use crate::decimal::{Decimal, round_wide};
use crate::error::ArithError;
use crate::money::{Money, signed_ore};
use crate::wide::{U256, pow10_u128};

/// How to round (the three rounding functions of the language).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[repr(u8)]
pub enum RoundMode {
    /// `avrunda`: to the nearest, half away from zero.
    HalfAwayFromZero = 0,
    /// `avrunda_nedåt`: toward −∞.
    Down = 1,
    /// `avrunda_uppåt`: toward +∞.
    Up = 2,
}

impl RoundMode {
    /// The mode of a JIT's `u8`, or `None` for an unknown value.
    pub const fn from_u8(value: u8) -> Option<RoundMode> {
        match value {
            0 => Some(RoundMode::HalfAwayFromZero),
            1 => Some(RoundMode::Down),
            2 => Some(RoundMode::Up),
            _ => None,
        }
    }

    /// Whether the magnitude `q·step + r` (with `0 ≤ r < step`) of a number of the given sign
    /// rounds up to `(q+1)·step`.
    fn magnitude_up(self, negative: bool, r: U256, step: U256) -> bool {
        if r.is_zero() {
            return false;
        }
        match self {
            // r ≥ step − r, i.e. at or past the half: away from zero for both signs.
            RoundMode::HalfAwayFromZero => step.checked_sub(r).is_some_and(|rest| r >= rest),
            // Toward −∞ makes a negative number's magnitude larger.
            RoundMode::Down => negative,
            RoundMode::Up => !negative,
        }
    }
}

/// One hundred öre, the default step of `belopp` rounding.
const KRONA: Money = Money::from_ore(100);

impl Money {
    /// `avrunda(x)` and friends: to whole kronor.
    pub fn round(self, mode: RoundMode) -> Result<Money, ArithError> {
        self.round_to(KRONA, mode)
    }

    /// `avrunda(x; steg)` and friends: to a multiple of `step` (`100 kr`, `10 öre`).
    pub fn round_to(self, step: Money, mode: RoundMode) -> Result<Money, ArithError> {
        if step.ore() <= 0 {
            return Err(ArithError::InvalidStep);
        }
        let negative = self.ore() < 0;
        let mag = u128::from(self.ore().unsigned_abs());
        let s = u128::from(step.ore().unsigned_abs());
        let (q, r) = (mag / s, mag % s);
        let up = mode.magnitude_up(negative, U256::from_u128(r), U256::from_u128(s));
        // Below 2^64 · 2: no overflow in u128.
        let rounded = (q + u128::from(up)) * s;
        signed_ore(negative, rounded)
    }
}

/// `avrunda(x; steg)` and friends on a `heltal`: to a multiple of a positive `step`
/// (`avrunda_nedåt(x; 10)`); a result beyond `i64` is an overflow.
pub fn int_round_to(value: i64, step: i64, mode: RoundMode) -> Result<i64, ArithError> {
    if step <= 0 {
        return Err(ArithError::InvalidStep);
    }
    let negative = value < 0;
    let mag = u128::from(value.unsigned_abs());
    let s = u128::from(step.unsigned_abs());
    let (q, r) = (mag / s, mag % s);
    let up = mode.magnitude_up(negative, U256::from_u128(r), U256::from_u128(s));
    // Below 2^64 · 2: no overflow in u128.
    let rounded = i128::try_from((q + u128::from(up)) * s).map_err(|_| ArithError::Overflow)?;
    i64::try_from(if negative { -rounded } else { rounded }).map_err(|_| ArithError::Overflow)
}

impl Decimal {
    /// `avrunda(x)` and friends on a `tal`: to an integer (`heltal`); a result beyond `i64`
    /// is an overflow.
    pub fn round_to_integer(self, mode: RoundMode) -> Result<i64, ArithError> {
        let negative = self.is_negative();
        let mag = self.mantissa().unsigned_abs();
        let s = pow10_u128(self.scale()).ok_or(ArithError::Overflow)?;
        let (q, r) = (mag / s, mag % s);
        let up = mode.magnitude_up(negative, U256::from_u128(r), U256::from_u128(s));
        let q = i128::try_from(q + u128::from(up)).map_err(|_| ArithError::Overflow)?;
        i64::try_from(if negative { -q } else { q }).map_err(|_| ArithError::Overflow)
    }

    /// `avrunda(x; steg)` and friends on a `tal`: to a multiple of a positive `step`
    /// (`avrunda(x; 0,05)`). The result is exact unless it needs more than 28 significant
    /// digits, where it is rounded like any `tal` result.
    pub fn round_to(self, step: Decimal, mode: RoundMode) -> Result<Decimal, ArithError> {
        if step.is_zero() || step.is_negative() {
            return Err(ArithError::InvalidStep);
        }
        let negative = self.is_negative();
        let scale = self.scale().max(step.scale());
        let x = U256::from_u128(self.mantissa().unsigned_abs())
            .checked_mul_pow10(scale - self.scale())
            .ok_or(ArithError::Overflow)?;
        let s = U256::from_u128(step.mantissa().unsigned_abs())
            .checked_mul_pow10(scale - step.scale())
            .ok_or(ArithError::Overflow)?;
        let (q, r) = div_rem_wide(x, s)?;
        let up = mode.magnitude_up(negative, r, s);
        let q = q
            .checked_add(U256::from_u128(u128::from(up)))
            .ok_or(ArithError::Overflow)?;
        // One factor fits in a u128: if the step does not, the quotient is below 10^56 / 2^128.
        let mag = match (s.to_u128(), q.to_u128()) {
            (Some(s), _) => q.checked_mul_u128(s),
            (None, Some(q)) => s.checked_mul_u128(q),
            (None, None) => None,
        }
        .ok_or(ArithError::Overflow)?;
        round_wide(negative, mag, scale)
    }
}

/// `x / s` with remainder, for the aligned magnitudes of [`Decimal::round_to`]: either `s` has
/// not been scaled up (so it is below 10^28) or `x` has not (so `x` < 10^28 and any larger `s`
/// gives quotient 0).
fn div_rem_wide(x: U256, s: U256) -> Result<(U256, U256), ArithError> {
    if s.is_zero() {
        return Err(ArithError::DivisionByZero);
    }
    if x < s {
        return Ok((U256::ZERO, x));
    }
    let Some(s) = s.to_u128() else {
        // x ≥ s ≥ 2^128 cannot happen for aligned decimals; refuse rather than guess.
        return Err(ArithError::Overflow);
    };
    // Long division by a u128 below 10^28 (steps of ten digits, see `div_scaled`).
    let digits = x.digits();
    let (q, r) = x
        .to_u128()
        .map(|x| (U256::from_u128(x / s), x % s))
        .map_or_else(|| long_div(x, s, digits), Ok)?;
    Ok((q, U256::from_u128(r)))
}

/// `x / s` for a 256-bit `x` and `0 < s < 10^28`, digit block by digit block.
fn long_div(x: U256, s: u128, digits: u32) -> Result<(U256, u128), ArithError> {
    // Split x = hi · 10^low + lo with lo < 10^19 blocks, most significant first.
    let mut blocks = Vec::new();
    let mut rest = x;
    let mut n = digits;
    while n > 0 {
        let (q, r) = rest
            .div_rem_u64(10_000_000_000)
            .ok_or(ArithError::Overflow)?;
        blocks.push(r);
        rest = q;
        n = n.saturating_sub(10);
    }
    let mut q = U256::ZERO;
    let mut r: u128 = 0;
    for block in blocks.iter().rev() {
        let cur = r
            .checked_mul(10_000_000_000)
            .and_then(|c| c.checked_add(u128::from(*block)))
            .ok_or(ArithError::Overflow)?;
        q = q
            .checked_mul_u128(10_000_000_000)
            .and_then(|q| q.checked_add(U256::from_u128(cur / s)))
            .ok_or(ArithError::Overflow)?;
        r = cur % s;
    }
    Ok((q, r))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::tests::d;
    use RoundMode::{Down, HalfAwayFromZero as Half, Up};

    fn kr(ore: i64) -> Money {
        Money::from_ore(ore)
    }

    #[test]
    fn mode_codes_round_trip() {
        for mode in [Half, Down, Up] {
            assert_eq!(RoundMode::from_u8(mode as u8), Some(mode));
        }
        assert_eq!(RoundMode::from_u8(3), None);
    }

    #[test]
    fn money_to_whole_kronor() {
        assert_eq!(kr(1_250).round(Half), Ok(kr(1_300)));
        assert_eq!(kr(-1_250).round(Half), Ok(kr(-1_300)));
        assert_eq!(kr(1_249).round(Half), Ok(kr(1_200)));
        assert_eq!(kr(-1_249).round(Half), Ok(kr(-1_200)));
        assert_eq!(kr(1_299).round(Down), Ok(kr(1_200)));
        assert_eq!(kr(-1_201).round(Down), Ok(kr(-1_300)));
        assert_eq!(kr(1_201).round(Up), Ok(kr(1_300)));
        assert_eq!(kr(-1_299).round(Up), Ok(kr(-1_200)));
        assert_eq!(kr(1_200).round(Up), Ok(kr(1_200)));
        assert_eq!(kr(0).round(Down), Ok(kr(0)));
        assert_eq!(Money::MAX.round(Up), Err(ArithError::Overflow));
        assert_eq!(Money::MAX.round(Down), Ok(kr(i64::MAX - 7)));
        assert_eq!(Money::MIN.round(Up), Ok(kr(i64::MIN + 8)));
        assert_eq!(Money::MIN.round(Down), Err(ArithError::Overflow));
    }

    #[test]
    fn money_to_a_step() {
        let hundred_kr = kr(10_000);
        assert_eq!(kr(856_000).round_to(hundred_kr, Down), Ok(kr(850_000)));
        assert_eq!(kr(856_000).round_to(hundred_kr, Up), Ok(kr(860_000)));
        assert_eq!(kr(855_000).round_to(hundred_kr, Half), Ok(kr(860_000)));
        assert_eq!(kr(-855_000).round_to(hundred_kr, Half), Ok(kr(-860_000)));
        assert_eq!(kr(-856_000).round_to(hundred_kr, Down), Ok(kr(-860_000)));
        assert_eq!(kr(1_234).round_to(kr(10), Half), Ok(kr(1_230)));
        assert_eq!(kr(1_235).round_to(kr(10), Half), Ok(kr(1_240)));
        assert_eq!(kr(7).round_to(kr(5), Half), Ok(kr(5)));
        assert_eq!(kr(8).round_to(kr(5), Half), Ok(kr(10)));
        assert_eq!(kr(5).round_to(kr(0), Half), Err(ArithError::InvalidStep));
        assert_eq!(kr(5).round_to(kr(-100), Half), Err(ArithError::InvalidStep));
        assert_eq!(kr(5).round_to(Money::MAX, Half), Ok(kr(0)));
        assert_eq!(kr(5).round_to(Money::MAX, Up), Ok(Money::MAX));
    }

    #[test]
    fn integer_to_a_step() {
        assert_eq!(int_round_to(1_234, 10, Half), Ok(1_230));
        assert_eq!(int_round_to(1_235, 10, Half), Ok(1_240));
        assert_eq!(int_round_to(-1_235, 10, Half), Ok(-1_240));
        assert_eq!(int_round_to(-1_231, 10, Down), Ok(-1_240));
        assert_eq!(int_round_to(-1_239, 10, Up), Ok(-1_230));
        assert_eq!(int_round_to(7, 1, Up), Ok(7));
        assert_eq!(int_round_to(i64::MAX, 10, Up), Err(ArithError::Overflow));
        assert_eq!(int_round_to(i64::MIN, 10, Down), Err(ArithError::Overflow));
        assert_eq!(int_round_to(i64::MIN, 1, Down), Ok(i64::MIN));
        assert_eq!(int_round_to(5, 0, Half), Err(ArithError::InvalidStep));
        assert_eq!(int_round_to(5, -10, Half), Err(ArithError::InvalidStep));
    }

    #[test]
    fn decimal_to_integer() {
        assert_eq!(d("2.5").round_to_integer(Half), Ok(3));
        assert_eq!(d("-2.5").round_to_integer(Half), Ok(-3));
        assert_eq!(
            d("2.499999999999999999999999999").round_to_integer(Half),
            Ok(2)
        );
        assert_eq!(d("-2.1").round_to_integer(Down), Ok(-3));
        assert_eq!(d("-2.9").round_to_integer(Up), Ok(-2));
        assert_eq!(d("2.1").round_to_integer(Up), Ok(3));
        assert_eq!(d("7").round_to_integer(Up), Ok(7));
        assert_eq!(
            d("9223372036854775807.4").round_to_integer(Half),
            Ok(i64::MAX)
        );
        assert_eq!(
            d("9223372036854775807.5").round_to_integer(Half),
            Err(ArithError::Overflow)
        );
        assert_eq!(
            d("-9223372036854775808.5").round_to_integer(Up),
            Ok(i64::MIN)
        );
        assert_eq!(
            d("-9223372036854775808.5").round_to_integer(Half),
            Err(ArithError::Overflow)
        );
    }

    #[test]
    fn decimal_to_a_step() {
        assert_eq!(d("12.37").round_to(d("0.05"), Half), Ok(d("12.35")));
        assert_eq!(d("12.375").round_to(d("0.05"), Half), Ok(d("12.4")));
        assert_eq!(d("-12.375").round_to(d("0.05"), Half), Ok(d("-12.4")));
        assert_eq!(d("-12.375").round_to(d("0.05"), Up), Ok(d("-12.35")));
        assert_eq!(d("1234.5").round_to(d("100"), Down), Ok(d("1200")));
        assert_eq!(d("0.001").round_to(d("1000"), Up), Ok(d("1000")));
        assert_eq!(d("0.001").round_to(d("1000"), Half), Ok(d("0")));
        // A fine step under a large value: the quotient exceeds 128 bits (found by proptest).
        let large = Decimal::new(-2_855_989_905_567_436_523_848_104, 0).unwrap();
        assert_eq!(large.round_to(d("0.000000000000001"), Half), Ok(large));
        assert_eq!(d("1").round_to(d("0"), Half), Err(ArithError::InvalidStep));
        assert_eq!(d("1").round_to(d("-1"), Half), Err(ArithError::InvalidStep));
        let big = Decimal::new(9_999_999_999_999_999_999_999_999_999, 0).unwrap();
        assert_eq!(big.round_to(d("10"), Up), Err(ArithError::Overflow));
        assert_eq!(
            big.round_to(d("10"), Down),
            Ok(Decimal::new(9_999_999_999_999_999_999_999_999_990, 0).unwrap())
        );
        let fine = Decimal::new(1_234_567_890_123_456_789_012_345_678, 28).unwrap();
        assert_eq!(
            fine.round_to(d("0.0000000000000000000000000003"), Down)
                .map(|x| x.mantissa()),
            Ok(1_234_567_890_123_456_789_012_345_678)
        );
        assert_eq!(
            fine.round_to(d("0.0000000000000000000000000007"), Half)
                .map(|x| x.mantissa()),
            Ok(1_234_567_890_123_456_789_012_345_681)
        );
    }
}
