//! Money (`belopp`): [`Money`] in whole öre and its checked arithmetic. Products with a `tal`
//! and quotients are rounded to the öre half away from zero (docs/language.md §3); nothing wraps.

use crate::decimal::{Decimal, div_scaled};
use crate::error::ArithError;
use crate::wide::U256;

/// An amount of Swedish kronor in whole öre (`belopp`): `Money::from_ore(856_050)` is
/// 8 560,50 kr. Every `i64` is a valid amount; arithmetic that leaves the `i64` range is
/// [`ArithError::Overflow`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Money(i64);

impl Money {
    /// Zero kronor.
    pub const ZERO: Money = Money(0);
    /// The largest amount, `i64::MAX` öre.
    pub const MAX: Money = Money(i64::MAX);
    /// The smallest amount, `i64::MIN` öre.
    pub const MIN: Money = Money(i64::MIN);

    /// An amount in öre.
    pub const fn from_ore(ore: i64) -> Money {
        Money(ore)
    }

    /// An amount in whole kronor; overflow is an error.
    pub fn from_kronor(kronor: i64) -> Result<Money, ArithError> {
        kronor
            .checked_mul(100)
            .map(Money)
            .ok_or(ArithError::Overflow)
    }

    /// The amount in öre.
    pub const fn ore(self) -> i64 {
        self.0
    }

    /// The amount in kronor as an exact `tal` (`8 560,50 kr` is 8560,5).
    pub fn to_kronor_decimal(self) -> Decimal {
        Decimal::normalise(self.0 < 0, u128::from(self.0.unsigned_abs()), 2)
    }

    /// `self + rhs`.
    pub fn checked_add(self, rhs: Money) -> Result<Money, ArithError> {
        self.0
            .checked_add(rhs.0)
            .map(Money)
            .ok_or(ArithError::Overflow)
    }

    /// `self − rhs`.
    pub fn checked_sub(self, rhs: Money) -> Result<Money, ArithError> {
        self.0
            .checked_sub(rhs.0)
            .map(Money)
            .ok_or(ArithError::Overflow)
    }

    /// `−self` (`−i64::MIN` öre is an overflow).
    pub fn checked_neg(self) -> Result<Money, ArithError> {
        self.0.checked_neg().map(Money).ok_or(ArithError::Overflow)
    }

    /// `self × n` for a `heltal` (exact).
    pub fn checked_mul_int(self, n: i64) -> Result<Money, ArithError> {
        self.0.checked_mul(n).map(Money).ok_or(ArithError::Overflow)
    }

    /// `self × x` for a `tal`, rounded to the öre half away from zero:
    /// `100,01 kr × 0,5 = 50,01 kr` (50,005 rounds up), `−100,01 kr × 0,5 = −50,01 kr`.
    pub fn checked_mul_decimal(self, x: Decimal) -> Result<Money, ArithError> {
        let neg = (self.0 < 0) != x.is_negative();
        let product = U256::mul_wide(
            u128::from(self.0.unsigned_abs()),
            x.mantissa().unsigned_abs(),
        );
        // The product is in units of 10^-scale öre; round it to whole öre.
        let ore = if x.scale() == 0 {
            product
        } else {
            let (kept, first_dropped) = product
                .div_pow10(x.scale() - 1)
                .div_rem_u64(10)
                .ok_or(ArithError::Overflow)?;
            if first_dropped >= 5 {
                kept.checked_add(U256::from_u128(1))
                    .ok_or(ArithError::Overflow)?
            } else {
                kept
            }
        };
        signed_ore(neg, ore.to_u128().ok_or(ArithError::Overflow)?)
    }

    /// `self / n` for a `heltal`, rounded to the öre half away from zero:
    /// `100 kr / 3 = 33,33 kr`, `0,05 kr / 2 = 0,03 kr`, `−0,05 kr / 2 = −0,03 kr`.
    pub fn checked_div_int(self, n: i64) -> Result<Money, ArithError> {
        if n == 0 {
            return Err(ArithError::DivisionByZero);
        }
        let neg = (self.0 < 0) != (n < 0);
        let (a, b) = (
            u128::from(self.0.unsigned_abs()),
            u128::from(n.unsigned_abs()),
        );
        signed_ore(neg, round_quotient(a / b, a % b, b))
    }

    /// `self / x` for a `tal`, rounded to the öre half away from zero:
    /// `100 kr / 0,3 = 333,33 kr`.
    pub fn checked_div_decimal(self, x: Decimal) -> Result<Money, ArithError> {
        if x.is_zero() {
            return Err(ArithError::DivisionByZero);
        }
        let neg = (self.0 < 0) != x.is_negative();
        // öre / (m · 10^-s) = öre · 10^s / m.
        let b = x.mantissa().unsigned_abs();
        let (q, r) = div_scaled(u128::from(self.0.unsigned_abs()), b, x.scale())?;
        let q = q.to_u128().ok_or(ArithError::Overflow)?;
        signed_ore(neg, round_quotient(q, r, b))
    }

    /// `self / rhs` as a `tal` (`belopp / belopp` is `tal`), rounded to 28 significant digits.
    pub fn checked_div_money(self, rhs: Money) -> Result<Decimal, ArithError> {
        Decimal::from_i64(self.0).checked_div(Decimal::from_i64(rhs.0))
    }

    /// `|self|` (`|i64::MIN|` öre is an overflow).
    pub fn checked_abs(self) -> Result<Money, ArithError> {
        self.0.checked_abs().map(Money).ok_or(ArithError::Overflow)
    }
}

/// `q` rounded half away from zero, given the remainder `r` of a division by `b`.
fn round_quotient(q: u128, r: u128, b: u128) -> u128 {
    // r < b, and b is below 2^127 for every caller, so 2r does not overflow.
    if r.saturating_mul(2) >= b {
        q.saturating_add(1)
    } else {
        q
    }
}

/// A magnitude in öre with a sign, checked against the `i64` range (`i64::MIN` is allowed).
pub(crate) fn signed_ore(neg: bool, magnitude: u128) -> Result<Money, ArithError> {
    let wide = i128::try_from(magnitude).map_err(|_| ArithError::Overflow)?;
    let signed = if neg { -wide } else { wide };
    i64::try_from(signed)
        .map(Money)
        .map_err(|_| ArithError::Overflow)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::tests::d;

    fn kr(ore: i64) -> Money {
        Money::from_ore(ore)
    }

    #[test]
    fn addition_subtraction_negation() {
        assert_eq!(kr(348_000).checked_add(kr(500_000)), Ok(kr(848_000)));
        assert_eq!(kr(100).checked_sub(kr(250)), Ok(kr(-150)));
        assert_eq!(Money::MAX.checked_add(kr(1)), Err(ArithError::Overflow));
        assert_eq!(Money::MIN.checked_sub(kr(1)), Err(ArithError::Overflow));
        assert_eq!(Money::MIN.checked_neg(), Err(ArithError::Overflow));
        assert_eq!(Money::MAX.checked_neg(), Ok(kr(-i64::MAX)));
        assert_eq!(Money::from_kronor(3_560), Ok(kr(356_000)));
        assert_eq!(Money::from_kronor(i64::MAX / 10), Err(ArithError::Overflow));
        assert_eq!(kr(-5).checked_abs(), Ok(kr(5)));
    }

    #[test]
    fn multiplication() {
        assert_eq!(kr(356_000).checked_mul_int(2), Ok(kr(712_000)));
        assert_eq!(Money::MAX.checked_mul_int(2), Err(ArithError::Overflow));
        assert_eq!(Money::MAX.checked_mul_int(-1), Ok(kr(-i64::MAX)));
        assert_eq!(kr(10_001).checked_mul_decimal(d("0.5")), Ok(kr(5_001)));
        assert_eq!(kr(-10_001).checked_mul_decimal(d("0.5")), Ok(kr(-5_001)));
        assert_eq!(kr(10_001).checked_mul_decimal(d("-0.5")), Ok(kr(-5_001)));
        assert_eq!(kr(10_003).checked_mul_decimal(d("0.5")), Ok(kr(5_002)));
        assert_eq!(kr(10_000).checked_mul_decimal(d("0.0325")), Ok(kr(325)));
        assert_eq!(
            kr(1).checked_mul_decimal(d("0.4999999999999999999999999999")),
            Ok(kr(0))
        );
        assert_eq!(kr(1).checked_mul_decimal(d("0.5")), Ok(kr(1)));
        assert_eq!(kr(-1).checked_mul_decimal(d("0.5")), Ok(kr(-1)));
        assert_eq!(kr(356_000).checked_mul_decimal(d("3")), Ok(kr(1_068_000)));
        assert_eq!(Money::MAX.checked_mul_decimal(d("1")), Ok(Money::MAX));
        assert_eq!(Money::MIN.checked_mul_decimal(d("1")), Ok(Money::MIN));
        assert_eq!(
            Money::MIN.checked_mul_decimal(d("-1")),
            Err(ArithError::Overflow)
        );
        assert_eq!(
            Money::MAX.checked_mul_decimal(d("1.0000000001")),
            Err(ArithError::Overflow)
        );
        let big = Decimal::new(9_999_999_999_999_999_999_999_999_999, 0).unwrap();
        assert_eq!(
            Money::MAX.checked_mul_decimal(big),
            Err(ArithError::Overflow)
        );
    }

    #[test]
    fn division() {
        assert_eq!(kr(10_000).checked_div_int(3), Ok(kr(3_333)));
        assert_eq!(kr(20_000).checked_div_int(3), Ok(kr(6_667)));
        assert_eq!(kr(5).checked_div_int(2), Ok(kr(3)));
        assert_eq!(kr(-5).checked_div_int(2), Ok(kr(-3)));
        assert_eq!(kr(5).checked_div_int(-2), Ok(kr(-3)));
        assert_eq!(kr(7).checked_div_int(0), Err(ArithError::DivisionByZero));
        assert_eq!(Money::MIN.checked_div_int(-1), Err(ArithError::Overflow));
        assert_eq!(Money::MIN.checked_div_int(1), Ok(Money::MIN));
        assert_eq!(Money::MIN.checked_div_int(i64::MIN), Ok(kr(1)));
        assert_eq!(kr(10_000).checked_div_decimal(d("0.3")), Ok(kr(33_333)));
        assert_eq!(kr(10_000).checked_div_decimal(d("-0.3")), Ok(kr(-33_333)));
        assert_eq!(kr(1).checked_div_decimal(d("2")), Ok(kr(1)));
        assert_eq!(kr(-1).checked_div_decimal(d("2")), Ok(kr(-1)));
        assert_eq!(
            kr(1).checked_div_decimal(d("2.000000000000000000000000001")),
            Ok(kr(0))
        );
        assert_eq!(
            kr(1).checked_div_decimal(Decimal::ZERO),
            Err(ArithError::DivisionByZero)
        );
        assert_eq!(
            Money::MAX.checked_div_decimal(d("0.0000000000000000000000000001")),
            Err(ArithError::Overflow)
        );
        assert_eq!(
            kr(856_000)
                .checked_div_money(kr(356_000))
                .map(|x| x.scale()),
            Ok(27)
        );
        assert_eq!(kr(500).checked_div_money(kr(200)), Ok(d("2.5")));
        assert_eq!(
            kr(500).checked_div_money(Money::ZERO),
            Err(ArithError::DivisionByZero)
        );
    }

    #[test]
    fn conversion_to_decimal_kronor() {
        assert_eq!(kr(856_050).to_kronor_decimal(), d("8560.5"));
        assert_eq!(kr(-5).to_kronor_decimal(), d("-0.05"));
        assert_eq!(kr(0).to_kronor_decimal(), Decimal::ZERO);
        assert_eq!(
            Money::MIN.to_kronor_decimal(),
            Decimal::new(i128::from(i64::MIN), 2).unwrap()
        );
    }
}
