//! A minimal unsigned 256-bit integer, just wide enough for the exact intermediates of decimal
//! and money arithmetic (a product of two 28-digit mantissas, an addend aligned by 28 places,
//! a quotient with a guard digit), and the powers of ten they are scaled by.
//!
//! Only what the arithmetic needs is here: widening multiplication, multiplication and
//! division by a `u128`/`u64`, addition, subtraction and comparison. Every operation that can
//! overflow is checked; nothing panics (divisors are never zero by construction, and that is
//! checked too).

/// An unsigned 256-bit integer `hi · 2^128 + lo`. The derived order compares `hi` first, which
/// is the numeric order.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct U256 {
    hi: u128,
    lo: u128,
}

const LOW64: u128 = u64::MAX as u128;

/// `10^19`, the largest power of ten in a `u64`.
const TEN19: u64 = 10_000_000_000_000_000_000;

impl U256 {
    pub(crate) const ZERO: U256 = U256 { hi: 0, lo: 0 };

    pub(crate) const fn from_u128(lo: u128) -> U256 {
        U256 { hi: 0, lo }
    }

    pub(crate) const fn is_zero(self) -> bool {
        self.hi == 0 && self.lo == 0
    }

    /// The value as a `u128`, if it fits.
    pub(crate) const fn to_u128(self) -> Option<u128> {
        if self.hi == 0 { Some(self.lo) } else { None }
    }

    /// The exact product of two `u128`s.
    pub(crate) const fn mul_wide(a: u128, b: u128) -> U256 {
        let (a0, a1) = (a & LOW64, a >> 64);
        let (b0, b1) = (b & LOW64, b >> 64);
        let low = a0 * b0;
        let mid1 = a1 * b0;
        let mid2 = a0 * b1;
        let high = a1 * b1;
        // The sum of three numbers below 2^64 each, so below 2^66: no overflow.
        let t = (low >> 64) + (mid1 & LOW64) + (mid2 & LOW64);
        let lo = (low & LOW64) | (t << 64);
        // The true product is below 2^256, so this sum does not overflow.
        let hi = high + (mid1 >> 64) + (mid2 >> 64) + (t >> 64);
        U256 { hi, lo }
    }

    /// `self · m`, or `None` on overflow.
    pub(crate) fn checked_mul_u128(self, m: u128) -> Option<U256> {
        let low = U256::mul_wide(self.lo, m);
        let hi = self.hi.checked_mul(m)?.checked_add(low.hi)?;
        Some(U256 { hi, lo: low.lo })
    }

    /// `self + rhs`, or `None` on overflow.
    pub(crate) fn checked_add(self, rhs: U256) -> Option<U256> {
        let (lo, carry) = self.lo.overflowing_add(rhs.lo);
        let hi = self
            .hi
            .checked_add(rhs.hi)?
            .checked_add(u128::from(carry))?;
        Some(U256 { hi, lo })
    }

    /// `self − rhs`, or `None` when `rhs > self`.
    pub(crate) fn checked_sub(self, rhs: U256) -> Option<U256> {
        let (lo, borrow) = self.lo.overflowing_sub(rhs.lo);
        let hi = self
            .hi
            .checked_sub(rhs.hi)?
            .checked_sub(u128::from(borrow))?;
        Some(U256 { hi, lo })
    }

    /// Quotient and remainder of the division by a non-zero `u64` (`None` for zero).
    pub(crate) fn div_rem_u64(self, d: u64) -> Option<(U256, u64)> {
        if d == 0 {
            return None;
        }
        let d = u128::from(d);
        let limbs = [
            self.hi >> 64,
            self.hi & LOW64,
            self.lo >> 64,
            self.lo & LOW64,
        ];
        let mut q = [0u128; 4];
        let mut rem: u128 = 0;
        for (limb, out) in limbs.iter().zip(q.iter_mut()) {
            // rem < d < 2^64, so this stays below 2^128.
            let cur = (rem << 64) | limb;
            *out = cur / d;
            rem = cur % d;
        }
        let [q3, q2, q1, q0] = q;
        let quotient = U256 {
            hi: (q3 << 64) | q2,
            lo: (q1 << 64) | q0,
        };
        // rem < d ≤ u64::MAX.
        Some((quotient, u64::try_from(rem).unwrap_or(u64::MAX)))
    }

    /// `self / 10^n`, truncated.
    pub(crate) fn div_pow10(self, n: u32) -> U256 {
        let mut x = self;
        let mut n = n;
        while n > 0 && !x.is_zero() {
            let step = n.min(19);
            let (q, _) = x.div_rem_u64(pow10_u64(step)).unwrap_or((U256::ZERO, 0));
            x = q;
            n -= step;
        }
        x
    }

    /// `self · 10^n`, or `None` on overflow.
    pub(crate) fn checked_mul_pow10(self, n: u32) -> Option<U256> {
        let mut x = self;
        let mut n = n;
        while n > 0 {
            let step = n.min(38);
            x = x.checked_mul_u128(pow10_u128(step)?)?;
            n -= step;
        }
        Some(x)
    }

    /// The number of decimal digits (0 for zero).
    pub(crate) fn digits(self) -> u32 {
        let mut x = self;
        let mut extra = 0;
        while x.hi != 0 {
            let (q, _) = x.div_rem_u64(TEN19).unwrap_or((U256::ZERO, 0));
            x = q;
            extra += 19;
        }
        extra + x.lo.checked_ilog10().map_or(0, |d| d + 1)
    }
}

/// `10^n` as a `u64` for `n ≤ 19` (saturates above; callers stay in range).
pub(crate) const fn pow10_u64(n: u32) -> u64 {
    match 10u64.checked_pow(n) {
        Some(p) => p,
        None => u64::MAX,
    }
}

/// `10^n` as a `u128`, or `None` for `n > 38`.
pub(crate) const fn pow10_u128(n: u32) -> Option<u128> {
    10u128.checked_pow(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn big(x: U256) -> num_bigint::BigUint {
        (num_bigint::BigUint::from(x.hi) << 128u32) + num_bigint::BigUint::from(x.lo)
    }

    #[test]
    fn widening_multiplication_is_exact() {
        let p = U256::mul_wide(u128::MAX, u128::MAX);
        let expect = num_bigint::BigUint::from(u128::MAX) * num_bigint::BigUint::from(u128::MAX);
        assert_eq!(big(p), expect);
        let ten28 = 10u128.pow(28);
        let p = U256::mul_wide(ten28 - 1, ten28 - 1);
        assert_eq!(p.digits(), 56);
    }

    #[test]
    fn division_and_digits() {
        let x = U256::mul_wide(10u128.pow(30), 10u128.pow(30)).checked_add(U256::from_u128(7));
        let x = x.unwrap();
        assert_eq!(x.digits(), 61);
        let (q, r) = x.div_rem_u64(10).unwrap();
        assert_eq!(r, 7);
        assert_eq!(q.digits(), 60);
        assert_eq!(x.div_pow10(60), U256::from_u128(1));
        assert_eq!(x.div_pow10(61), U256::ZERO);
        assert_eq!(x.div_pow10(200), U256::ZERO);
        assert_eq!(U256::ZERO.digits(), 0);
        assert_eq!(U256::from_u128(9).digits(), 1);
        assert_eq!(U256::from_u128(10).digits(), 2);
        assert_eq!(x.div_rem_u64(0), None);
    }

    #[test]
    fn checked_operations_refuse_overflow() {
        let max = U256 {
            hi: u128::MAX,
            lo: u128::MAX,
        };
        assert_eq!(max.checked_add(U256::from_u128(1)), None);
        assert_eq!(U256::ZERO.checked_sub(U256::from_u128(1)), None);
        assert_eq!(max.checked_mul_u128(2), None);
        assert_eq!(
            U256::from_u128(1).checked_mul_pow10(77).map(U256::digits),
            Some(78)
        );
        assert_eq!(U256::from_u128(1).checked_mul_pow10(78), None);
        assert_eq!(
            U256::from_u128(5)
                .checked_sub(U256::from_u128(3))
                .and_then(U256::to_u128),
            Some(2)
        );
    }
}
