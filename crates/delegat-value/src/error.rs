//! The one error type of value arithmetic: [`ArithError`], its Swedish message (the reason a
//! decision becomes `manuell`) and its small stable numeric status (what a JIT-compiled
//! function returns instead of unwinding).

use std::fmt;

/// What went wrong in an exact computation on values.
///
/// Every operation of this crate that can fail returns `Result<_, ArithError>`: overflow and
/// division by zero are errors, never a wrap-around or a panic. The runtime turns such an error
/// into a `manuell` outcome with [`ArithError::message`] as the reason.
///
/// The discriminants are the stable statuses of [`ArithError::status`]; `0`
/// ([`STATUS_OK`]) means success. Never renumber or reuse a status: add new ones at the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum ArithError {
    /// A result does not fit: `heltal` beyond `i64`, `belopp` beyond `i64` öre, `tal` with an
    /// integer part of more than 28 digits, a rounding that leaves the range.
    Overflow = 1,
    /// Division (or a rounding step) by zero.
    DivisionByZero = 2,
    /// A date before 0001-01-01 or after 9999-12-31 (e.g. after adding a duration).
    DateOutOfRange = 3,
    /// A calendar date that does not exist (`2026-02-30`) or a text that is not `YYYY-MM-DD`.
    InvalidDate = 4,
    /// A rounding step that is zero or negative (`avrunda(x; 0 kr)`).
    InvalidStep = 5,
    /// A decimal that cannot be held exactly in 28 significant digits and 28 decimals, where
    /// exactness is required (a literal, an input), as opposed to the result of a division.
    TooPrecise = 6,
}

/// The status that means "no error" in the JIT's calling convention.
pub const STATUS_OK: u32 = 0;

impl ArithError {
    /// Every error, in status order.
    pub const ALL: [ArithError; 6] = [
        ArithError::Overflow,
        ArithError::DivisionByZero,
        ArithError::DateOutOfRange,
        ArithError::InvalidDate,
        ArithError::InvalidStep,
        ArithError::TooPrecise,
    ];

    /// The stable non-zero status a JIT-compiled function returns for this error.
    pub const fn status(self) -> u32 {
        self as u32
    }

    /// The error of a status, or `None` for [`STATUS_OK`] and unknown statuses.
    pub const fn from_status(status: u32) -> Option<ArithError> {
        match status {
            1 => Some(ArithError::Overflow),
            2 => Some(ArithError::DivisionByZero),
            3 => Some(ArithError::DateOutOfRange),
            4 => Some(ArithError::InvalidDate),
            5 => Some(ArithError::InvalidStep),
            6 => Some(ArithError::TooPrecise),
            _ => None,
        }
    }

    /// The Swedish reason shown to the caseworker (lowercase, no final period).
    pub const fn message(self) -> &'static str {
        match self {
            ArithError::Overflow => "beräkningen blev för stor (spill)",
            ArithError::DivisionByZero => "division med noll",
            ArithError::DateOutOfRange => {
                "datumet hamnar utanför den tillåtna perioden 0001-01-01–9999-12-31"
            }
            ArithError::InvalidDate => "datumet finns inte i kalendern",
            ArithError::InvalidStep => "avrundningssteget måste vara större än noll",
            ArithError::TooPrecise => {
                "talet kan inte anges exakt med högst 28 värdesiffror och 28 decimaler"
            }
        }
    }
}

impl fmt::Display for ArithError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for ArithError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_are_stable_and_round_trip() {
        let statuses: Vec<u32> = ArithError::ALL.iter().map(|e| e.status()).collect();
        assert_eq!(statuses, vec![1, 2, 3, 4, 5, 6]);
        for e in ArithError::ALL {
            assert_eq!(ArithError::from_status(e.status()), Some(e));
        }
        assert_eq!(ArithError::from_status(STATUS_OK), None);
        assert_eq!(ArithError::from_status(7), None);
    }

    #[test]
    fn messages_are_swedish_lowercase_without_period() {
        assert_eq!(
            ArithError::Overflow.to_string(),
            "beräkningen blev för stor (spill)"
        );
        assert_eq!(ArithError::DivisionByZero.message(), "division med noll");
        for e in ArithError::ALL {
            let m = e.message();
            assert!(m.chars().next().is_some_and(char::is_lowercase), "{m}");
            assert!(!m.ends_with('.'), "{m}");
        }
    }
}
