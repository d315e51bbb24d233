//! `heltal` arithmetic on `i64`: every operation is checked (overflow is an error, never a
//! wrap), and `heltal / heltal` is an exact `tal`.

use crate::decimal::Decimal;
use crate::error::ArithError;

/// `a + b`; overflow is an error.
pub fn int_add(a: i64, b: i64) -> Result<i64, ArithError> {
    a.checked_add(b).ok_or(ArithError::Overflow)
}

/// `a − b`; overflow is an error.
pub fn int_sub(a: i64, b: i64) -> Result<i64, ArithError> {
    a.checked_sub(b).ok_or(ArithError::Overflow)
}

/// `a × b`; overflow is an error.
pub fn int_mul(a: i64, b: i64) -> Result<i64, ArithError> {
    a.checked_mul(b).ok_or(ArithError::Overflow)
}

/// `−a`; `−i64::MIN` is an overflow.
pub fn int_neg(a: i64) -> Result<i64, ArithError> {
    a.checked_neg().ok_or(ArithError::Overflow)
}

/// `a / b` as a `tal` (docs/language.md §3: `heltal / heltal` is `tal`), rounded to 28 significant
/// digits half away from zero when it does not end: `7 / 2 = 3,5`, `1 / 3 = 0,333…3`.
pub fn int_div(a: i64, b: i64) -> Result<Decimal, ArithError> {
    Decimal::from_i64(a).checked_div(Decimal::from_i64(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checked_integer_arithmetic() {
        assert_eq!(int_add(2, 3), Ok(5));
        assert_eq!(int_add(i64::MAX, 1), Err(ArithError::Overflow));
        assert_eq!(int_sub(i64::MIN, 1), Err(ArithError::Overflow));
        assert_eq!(int_sub(-5, -7), Ok(2));
        assert_eq!(int_mul(-4, 25), Ok(-100));
        assert_eq!(int_mul(i64::MAX / 2 + 1, 2), Err(ArithError::Overflow));
        assert_eq!(int_neg(i64::MIN), Err(ArithError::Overflow));
        assert_eq!(int_neg(i64::MAX), Ok(-i64::MAX));
    }

    #[test]
    fn integer_division_is_a_decimal() {
        assert_eq!(int_div(7, 2), Decimal::new(35, 1));
        assert_eq!(int_div(-6, 3), Ok(Decimal::from_i64(-2)));
        assert_eq!(
            int_div(1, 3).map(|x| (x.mantissa(), x.scale())),
            Ok((3_333_333_333_333_333_333_333_333_333, 28))
        );
        assert_eq!(
            int_div(i64::MIN, -1),
            Decimal::new(-i128::from(i64::MIN), 0)
        );
        assert_eq!(int_div(5, 0), Err(ArithError::DivisionByZero));
    }
}
