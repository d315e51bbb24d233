//! The exact scalar values of Delegat and every rule that computes with them: arithmetic,
//! rounding, dates, Swedish formatting and exact JSON reading (docs/language.md §3, §5, §8).
//!
//! The interpreter (the reference semantics) and the Cranelift JIT both call the functions of
//! this crate, so they cannot disagree. The crate depends on nothing of Delegat.
//!
//! It also holds the language's closed vocabularies that every phase means the same way —
//! [`DecisionKind`], [`OutcomeKind`], [`RoundMode`], [`DurationUnit`] — so that the syntax
//! tree, the checked program, the IR and the runtime share one type for each ([`kind`]).
//!
//! # Values
//! | language | Rust | representation |
//! | --- | --- | --- |
//! | `heltal` | `i64` | checked operations in [`integer`] |
//! | `tal` | [`Decimal`] | `#[repr(C)] { mantissa: i128, scale: u32 }`, or one `i128` ([`Decimal::to_bits`]) |
//! | `belopp` | [`Money`] | whole öre in an `i64` (`#[repr(transparent)]`) |
//! | `datum` | [`Date`] | days since 1970-01-01 in an `i32` (`#[repr(transparent)]`) |
//! | `varaktighet` | [`Duration`] | `#[repr(C)] { amount: i64, unit: DurationUnit (u8) }` |
//! | `ja/nej` | `bool` | |
//!
//! # Invariants
//! - **Nothing wraps, nothing panics.** Every fallible operation returns
//!   `Result<_, ArithError>`; [`ArithError::message`] is the Swedish `manuell` reason and
//!   [`ArithError::status`] the small stable number a JIT-compiled function returns.
//! - **No binary floating point** anywhere (a test scans the sources for the float types).
//! - **`tal` is exact**: at most 28 significant digits and 28 decimals, canonical (no trailing
//!   zeros), so `==` is numeric equality. Each operation rounds its exact result once, half away
//!   from zero; only a result needing more digits (e.g. a division that does not end) rounds.
//! - **Money is exact to the öre.** `belopp × tal`, `belopp / heltal` and `belopp / tal` round to
//!   the öre half away from zero; `belopp / belopp` is a `tal`.
//! - **Rounding functions** ([`RoundMode`]): `avrunda` half away from zero, `avrunda_nedåt`
//!   toward −∞, `avrunda_uppåt` toward +∞, to whole kronor or a given step.
//! - **Dates** lie in 0001-01-01..=9999-12-31; months and years add with month-end clamping
//!   (lag 1930:173); ages count completed years, a leap-day birthday completing on 28 February.
//!
//! `docs/semantics.md` states every choice in prose.
//!
//! # For the JIT
//! All value types are `Copy` with a fixed layout, and every operation is a safe function of
//! scalars returning `Result<_, ArithError>`; the JIT crate wraps them in its own `extern "C"`
//! shims (this crate has no `unsafe` and no `extern "C"`).

#![forbid(unsafe_code)]

mod date;
mod decimal;
pub mod digits;
mod error;
pub mod format;
pub mod integer;
pub mod json;
pub mod kind;
mod money;
mod money_pattern;
mod round;
mod wide;

pub use date::{
    Date, Duration, DurationUnit, days_between, days_in_month, is_leap_year, months_between,
    years_between,
};
pub use decimal::{Decimal, MAX_DIGITS, MAX_SCALE};
pub use error::{ArithError, STATUS_OK};
pub use integer::{int_add, int_div, int_mul, int_neg, int_sub};
pub use kind::{DecisionKind, OutcomeKind};
pub use money::Money;
pub use round::{RoundMode, int_round_to};

#[cfg(test)]
mod layout {
    use super::*;
    use std::mem::{align_of, size_of};

    /// The JIT relies on these layouts; a change here is a change of its calling convention.
    #[test]
    fn value_layouts_are_fixed() {
        assert_eq!(size_of::<Money>(), 8);
        assert_eq!(size_of::<Date>(), 4);
        assert_eq!(size_of::<RoundMode>(), 1);
        assert_eq!(size_of::<DurationUnit>(), 1);
        assert_eq!(size_of::<Duration>(), 16);
        assert_eq!(size_of::<Decimal>(), 2 * size_of::<i128>());
        assert_eq!(align_of::<Decimal>(), align_of::<i128>());
    }
}

#[cfg(test)]
mod no_float {
    /// The crate must never compute with binary floating point: no source file names a float
    /// type.
    #[test]
    fn sources_name_no_float_type() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let forbidden = [["f", "32"].concat(), ["f", "64"].concat()];
        let mut checked = 0;
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for word in text.split(|c: char| !c.is_alphanumeric() && c != '_') {
                assert!(
                    !forbidden.iter().any(|f| f == word),
                    "{} names `{word}`",
                    path.display()
                );
            }
            checked += 1;
        }
        assert!(checked >= 8, "only {checked} files checked");
    }
}
