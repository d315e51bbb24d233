//! The exact decimal `tal`: [`Decimal`], its canonical representation, construction from
//! literals and percentages, the four checked operations and the order.
//!
//! Every result is the exact value rounded once, half away from zero, to 28 significant digits
//! and at most 28 decimals (see [`Decimal`]). Intermediates are exact 256-bit integers
//! ([`crate::wide`]), so no operation ever rounds twice.

use std::cmp::Ordering;

use crate::error::ArithError;
use crate::wide::{U256, pow10_u128};

/// The number of significant digits a [`Decimal`] keeps.
pub const MAX_DIGITS: u32 = 28;

/// The largest number of decimals (digits after the comma) a [`Decimal`] keeps.
pub const MAX_SCALE: u32 = 28;

/// `10^28`: every mantissa's magnitude is below this.
const LIMIT: u128 = 10_000_000_000_000_000_000_000_000_000;

/// An exact decimal number `mantissa × 10^-scale` (the type `tal`).
///
/// Representation: a `Copy`, `#[repr(C)]` pair of an `i128` mantissa and a `u32` scale, so a
/// JIT can hold it in registers (or as one `i128`, see [`Decimal::to_bits`]).
///
/// Invariants (every constructor and operation keeps them):
/// - `|mantissa| < 10^28` (at most 28 significant digits) and `scale ≤ 28`;
/// - canonical: when `scale > 0` the mantissa does not end in a zero digit, and zero is
///   `(0, 0)`. Hence each number has exactly one representation, and the derived `==` and
///   `Hash` are numeric equality (`1,50` and `1,5` are the same value).
///
/// Rounding: each operation computes the exact result and rounds it once, half away from
/// zero, at the 28th significant digit or at the 28th decimal, whichever comes first. A result
/// whose integer part needs more than 28 digits (|x| ≥ 10^28 after rounding) is
/// [`ArithError::Overflow`]. Only division (and products with more than 28 digits) actually
/// round in practice: `1 / 3 = 0,3333333333333333333333333333` (28 threes),
/// `2 / 3 = 0,6666666666666666666666666667`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

impl Decimal {
    /// Zero.
    pub const ZERO: Decimal = Decimal {
        mantissa: 0,
        scale: 0,
    };
    /// One.
    pub const ONE: Decimal = Decimal {
        mantissa: 1,
        scale: 0,
    };

    /// An integer (`heltal` widens to `tal` exactly: every `i64` has at most 19 digits).
    pub const fn from_i64(value: i64) -> Decimal {
        Decimal {
            mantissa: value as i128,
            scale: 0,
        }
    }

    /// The exact value `mantissa × 10^-scale`, as the AST writes a literal (`12,5` is
    /// `(125, 1)`). Trailing zeros are fine (`(1250, 2)` is 12,5).
    ///
    /// Errors: [`ArithError::Overflow`] when the integer part has more than 28 digits,
    /// [`ArithError::TooPrecise`] when the value needs more than 28 significant digits or more
    /// than 28 decimals. It never rounds: see [`Decimal::new_rounded`] for that.
    pub fn new(mantissa: i128, scale: u32) -> Result<Decimal, ArithError> {
        let (mut mag, mut scale) = (mantissa.unsigned_abs(), scale);
        if mag == 0 {
            return Ok(Decimal::ZERO);
        }
        while scale > 0 && mag % 10 == 0 {
            mag /= 10;
            scale -= 1;
        }
        if mag < LIMIT && scale <= MAX_SCALE {
            return Ok(Decimal::from_canonical(mantissa < 0, mag, scale));
        }
        let digits = mag.checked_ilog10().map_or(0, |d| d + 1);
        if i64::from(digits) - i64::from(scale) > i64::from(MAX_DIGITS) {
            Err(ArithError::Overflow)
        } else {
            Err(ArithError::TooPrecise)
        }
    }

    /// The value `mantissa × 10^-scale` rounded like an arithmetic result (half away from
    /// zero at 28 significant digits or 28 decimals). Errors only on overflow.
    pub fn new_rounded(mantissa: i128, scale: u32) -> Result<Decimal, ArithError> {
        round_wide(
            mantissa < 0,
            U256::from_u128(mantissa.unsigned_abs()),
            scale,
        )
    }

    /// A percentage as written: `from_percent(3, 0)` is 3 % = 0,03 and
    /// `from_percent(125, 1)` is 12,5 % = 0,125. Exact, with the errors of [`Decimal::new`].
    pub fn from_percent(mantissa: i128, scale: u32) -> Result<Decimal, ArithError> {
        let scale = scale.checked_add(2).ok_or(ArithError::TooPrecise)?;
        Decimal::new(mantissa, scale)
    }

    /// The mantissa of the canonical representation.
    pub const fn mantissa(self) -> i128 {
        self.mantissa
    }

    /// The scale (decimals) of the canonical representation, at most 28.
    pub const fn scale(self) -> u32 {
        self.scale
    }

    /// Whether this is zero.
    pub const fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// Whether this is below zero.
    pub const fn is_negative(self) -> bool {
        self.mantissa < 0
    }

    /// Whether this is a whole number.
    pub const fn is_integer(self) -> bool {
        self.scale == 0
    }

    /// The value as an `i64` if it is a whole number that fits.
    pub fn to_i64(self) -> Option<i64> {
        if self.scale == 0 {
            i64::try_from(self.mantissa).ok()
        } else {
            None
        }
    }

    /// The whole value packed in one `i128`: `mantissa << 8 | scale` (the mantissa needs at
    /// most 94 bits). A JIT passes a `tal` around as this, or as its two `i64` halves.
    pub const fn to_bits(self) -> i128 {
        (self.mantissa << 8) | (self.scale as i128)
    }

    /// The inverse of [`Decimal::to_bits`]; `None` when the bits are not a canonical decimal.
    pub fn from_bits(bits: i128) -> Option<Decimal> {
        let scale = u32::try_from(bits & 0xff).ok()?;
        Decimal::from_raw_parts(bits >> 8, scale)
    }

    /// A decimal from the parts of its canonical representation (as returned by
    /// [`Decimal::mantissa`] and [`Decimal::scale`]); `None` when they are not canonical.
    pub fn from_raw_parts(mantissa: i128, scale: u32) -> Option<Decimal> {
        let canonical = mantissa.unsigned_abs() < LIMIT
            && scale <= MAX_SCALE
            && (scale == 0 || mantissa % 10 != 0);
        canonical.then_some(Decimal { mantissa, scale })
    }

    /// `−self` (always exact).
    pub const fn neg(self) -> Decimal {
        Decimal {
            mantissa: -self.mantissa,
            scale: self.scale,
        }
    }

    /// `|self|` (always exact).
    pub const fn abs(self) -> Decimal {
        Decimal {
            mantissa: self.mantissa.abs(),
            scale: self.scale,
        }
    }

    /// `self + rhs`, rounded to 28 significant digits; overflow is an error.
    pub fn checked_add(self, rhs: Decimal) -> Result<Decimal, ArithError> {
        if self.scale == rhs.scale
            && let Some(m) = self.mantissa.checked_add(rhs.mantissa)
            && m.unsigned_abs() < LIMIT
        {
            return Ok(Decimal::normalise(m < 0, m.unsigned_abs(), self.scale));
        }
        let scale = self.scale.max(rhs.scale);
        let a = self.aligned_magnitude(scale)?;
        let b = rhs.aligned_magnitude(scale)?;
        let (na, nb) = (self.is_negative(), rhs.is_negative());
        let (neg, mag) = if na == nb {
            (na, a.checked_add(b).ok_or(ArithError::Overflow)?)
        } else if a >= b {
            (na, a.checked_sub(b).ok_or(ArithError::Overflow)?)
        } else {
            (nb, b.checked_sub(a).ok_or(ArithError::Overflow)?)
        };
        round_wide(neg, mag, scale)
    }

    /// `self − rhs`, rounded to 28 significant digits; overflow is an error.
    pub fn checked_sub(self, rhs: Decimal) -> Result<Decimal, ArithError> {
        self.checked_add(rhs.neg())
    }

    /// `self × rhs`, rounded to 28 significant digits; overflow is an error.
    pub fn checked_mul(self, rhs: Decimal) -> Result<Decimal, ArithError> {
        let neg = self.is_negative() != rhs.is_negative();
        let mag = U256::mul_wide(self.mantissa.unsigned_abs(), rhs.mantissa.unsigned_abs());
        round_wide(neg, mag, self.scale + rhs.scale)
    }

    /// `self / rhs`, rounded to 28 significant digits; division by zero and overflow are errors.
    pub fn checked_div(self, rhs: Decimal) -> Result<Decimal, ArithError> {
        if rhs.is_zero() {
            return Err(ArithError::DivisionByZero);
        }
        if self.is_zero() {
            return Ok(Decimal::ZERO);
        }
        let neg = self.is_negative() != rhs.is_negative();
        // The value is (|a| / |b|) · 10^(sb − sa). Compute floor(value · 10^29) exactly: one
        // guard digit past the last decimal kept, which is all half-away rounding needs.
        let shift = GUARD_SCALE + rhs.scale - self.scale;
        let (q, _) = div_scaled(
            self.mantissa.unsigned_abs(),
            rhs.mantissa.unsigned_abs(),
            shift,
        )?;
        round_wide(neg, q, GUARD_SCALE)
    }

    /// The magnitude as an exact integer at a larger (or equal) scale.
    fn aligned_magnitude(self, scale: u32) -> Result<U256, ArithError> {
        U256::from_u128(self.mantissa.unsigned_abs())
            .checked_mul_pow10(scale.saturating_sub(self.scale))
            .ok_or(ArithError::Overflow)
    }

    /// A canonical decimal from a magnitude below 10^28 and a scale ≤ 28 with no trailing
    /// zeros to strip. Callers guarantee both.
    fn from_canonical(neg: bool, mag: u128, scale: u32) -> Decimal {
        let m = i128::try_from(mag).unwrap_or(i128::MAX);
        Decimal {
            mantissa: if neg { -m } else { m },
            scale: if m == 0 { 0 } else { scale },
        }
    }

    /// A canonical decimal from a magnitude below 10^28 and a scale ≤ 28, stripping trailing
    /// zeros.
    pub(crate) fn normalise(neg: bool, mag: u128, scale: u32) -> Decimal {
        let (mut mag, mut scale) = (mag, scale);
        if mag == 0 {
            return Decimal::ZERO;
        }
        while scale > 0 && mag % 10 == 0 {
            mag /= 10;
            scale -= 1;
        }
        Decimal::from_canonical(neg, mag, scale)
    }
}

/// The scale a quotient is computed to before its single rounding: one past [`MAX_SCALE`].
const GUARD_SCALE: u32 = MAX_SCALE + 1;

/// `(floor(a · 10^shift / b), (a · 10^shift) mod b)` for `0 < b < 10^28`, by long division in
/// steps of ten digits (the remainder times 10^10 stays below 2^128). Overflow of the 256-bit
/// quotient is [`ArithError::Overflow`], which is right for every caller: such a quotient is
/// far beyond any representable result.
pub(crate) fn div_scaled(a: u128, b: u128, shift: u32) -> Result<(U256, u128), ArithError> {
    if b == 0 {
        return Err(ArithError::DivisionByZero);
    }
    let mut q = U256::from_u128(a / b);
    let mut r = a % b;
    let mut n = shift;
    while n > 0 {
        let step = n.min(10);
        let p = pow10_u128(step).ok_or(ArithError::Overflow)?;
        let x = r.checked_mul(p).ok_or(ArithError::Overflow)?;
        q = q
            .checked_mul_u128(p)
            .and_then(|q| q.checked_add(U256::from_u128(x / b)))
            .ok_or(ArithError::Overflow)?;
        r = x % b;
        n -= step;
    }
    Ok((q, r))
}

/// Rounds the value `±mag × 10^-scale` to a [`Decimal`]: half away from zero at the 28th
/// significant digit or the 28th decimal, whichever comes first.
///
/// Half-away rounding needs only the first dropped digit (≥ 5 rounds the magnitude up), so
/// `mag` may itself be a truncation of the true value as long as it keeps at least that digit
/// exactly (a quotient computed to [`GUARD_SCALE`]).
pub(crate) fn round_wide(neg: bool, mag: U256, scale: u32) -> Result<Decimal, ArithError> {
    if mag.is_zero() {
        return Ok(Decimal::ZERO);
    }
    let digits = mag.digits();
    if i64::from(digits) - i64::from(scale) > i64::from(MAX_DIGITS) {
        return Err(ArithError::Overflow);
    }
    // Digits to drop; at most `scale`, since the integer part has at most 28 digits.
    let drop = scale
        .saturating_sub(MAX_SCALE)
        .max(digits.saturating_sub(MAX_DIGITS));
    if drop == 0 {
        let m = mag.to_u128().ok_or(ArithError::Overflow)?;
        return Ok(Decimal::normalise(neg, m, scale));
    }
    if drop > digits {
        // Even the leading digit is beyond the 28th decimal, and the first dropped digit is a
        // zero: the value rounds to zero.
        return Ok(Decimal::ZERO);
    }
    let (kept, first_dropped) = mag
        .div_pow10(drop - 1)
        .div_rem_u64(10)
        .ok_or(ArithError::Overflow)?;
    let mut m = kept.to_u128().ok_or(ArithError::Overflow)?;
    if first_dropped >= 5 {
        m += 1;
    }
    let mut scale = scale - drop;
    if m == LIMIT {
        // 99…9,5 rounded up to a 29th digit: keep one digit fewer.
        if scale == 0 {
            return Err(ArithError::Overflow);
        }
        m = LIMIT / 10;
        scale -= 1;
    }
    Ok(Decimal::normalise(neg, m, scale))
}

impl From<i64> for Decimal {
    fn from(value: i64) -> Decimal {
        Decimal::from_i64(value)
    }
}

impl Default for Decimal {
    fn default() -> Decimal {
        Decimal::ZERO
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Decimal) -> Ordering {
        let by_sign = self.mantissa.signum().cmp(&other.mantissa.signum());
        if by_sign != Ordering::Equal || self.is_zero() {
            return by_sign;
        }
        if self.scale == other.scale {
            return self.mantissa.cmp(&other.mantissa);
        }
        let scale = self.scale.max(other.scale);
        // Both alignments fit: below 10^28 · 10^28.
        let a = self.aligned_magnitude(scale).unwrap_or(U256::ZERO);
        let b = other.aligned_magnitude(scale).unwrap_or(U256::ZERO);
        if self.is_negative() {
            b.cmp(&a)
        } else {
            a.cmp(&b)
        }
    }
}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Decimal) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

#[cfg(test)]
#[path = "decimal_tests.rs"]
pub(crate) mod tests;
