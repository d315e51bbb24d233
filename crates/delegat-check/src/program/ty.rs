//! Types of the checked program and the exact scalar values that appear in them (dates,
//! decimals, ranges).
//!
//! A [`Type`] is resolved: declared types are referred to by [`TypeId`], range refinements
//! carry their bounds as values. Ranges never change what a value *is* (a `heltal 0..20` is a
//! `heltal`); they say what the checker knows about it and what an input must satisfy.

use std::fmt;

use super::TypeId;
use delegat_value::DurationUnit;

/// A calendar date (proleptic Gregorian), validated: the day exists in the month.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    /// Year.
    pub year: i16,
    /// Month 1–12.
    pub month: u8,
    /// Day 1–31, valid for the month.
    pub day: u8,
}

impl Date {
    /// Days since 1970-01-01 (negative before). Exact for every representable date.
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let m = i64::from(self.month);
        let d = i64::from(self.day);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01, if its year fits an `i16`.
    pub fn from_days(days: i64) -> Option<Date> {
        let z = days.checked_add(719_468)?;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = doy - (153 * mp + 2) / 5 + 1;
        let month = if mp < 10 { mp + 3 } else { mp - 9 };
        let year = yoe + era * 400 + i64::from(month <= 2);
        Some(Date {
            year: i16::try_from(year).ok()?,
            month: u8::try_from(month).ok()?,
            day: u8::try_from(day).ok()?,
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// An exact decimal `mantissa × 10^-scale`. Not normalised: `1,50` is `150, 2`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Decimal {
    /// The digits as an integer.
    pub mantissa: i128,
    /// How many of them are after the decimal comma.
    pub scale: u32,
}

impl Decimal {
    /// Compares two decimals exactly (`None` only if rescaling overflows `i128`).
    pub fn cmp_exact(self, other: Decimal) -> Option<std::cmp::Ordering> {
        let scale = self.scale.max(other.scale);
        let a = self
            .mantissa
            .checked_mul(10_i128.checked_pow(scale - self.scale)?)?;
        let b = other
            .mantissa
            .checked_mul(10_i128.checked_pow(scale - other.scale)?)?;
        Some(a.cmp(&b))
    }

    /// The decimal equal to an integer.
    pub fn from_int(n: i64) -> Decimal {
        Decimal {
            mantissa: i128::from(n),
            scale: 0,
        }
    }
}

/// A duration as written: a count of one unit. Months and years are calendar units, so a
/// duration is not a number of days.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Duration {
    /// How many units (may be negative after negation).
    pub amount: i64,
    /// Which unit.
    pub unit: DurationUnit,
}

/// Inclusive bounds of a range refinement; `None` is an open end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub struct Bounds<T> {
    /// Lowest allowed value.
    pub lo: Option<T>,
    /// Highest allowed value.
    pub hi: Option<T>,
}

impl<T> Bounds<T> {
    /// No bounds at all.
    pub fn none() -> Bounds<T> {
        Bounds { lo: None, hi: None }
    }

    /// Whether neither end is known.
    pub fn is_unbounded(&self) -> bool {
        self.lo.is_none() && self.hi.is_none()
    }
}

/// The type of a value in the checked program.
///
/// Equality of types for assignment ignores range bounds (see `crate::types`); the bounds
/// are what the checker knows about the value (declared, or narrowed and propagated).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Type {
    /// `heltal`, 64-bit; optional inclusive bounds.
    Heltal(Bounds<i64>),
    /// `tal`, exact decimal; optional inclusive bounds.
    Tal(Bounds<Decimal>),
    /// `belopp`, money; bounds in öre.
    Belopp(Bounds<i64>),
    /// `ja/nej`.
    Bool,
    /// `datum`; optional inclusive bounds.
    Datum(Bounds<Date>),
    /// `varaktighet`.
    Varaktighet,
    /// `text`.
    Text,
    /// A declared enum.
    Enum(TypeId),
    /// A declared record.
    Record(TypeId),
    /// `lista av T`.
    Lista(Box<Type>),
    /// `tabell K -> V`. `K` is `heltal`, `datum` or an enum.
    Tabell(Box<Type>, Box<Type>),
}

impl Type {
    /// `heltal` without bounds.
    pub fn heltal() -> Type {
        Type::Heltal(Bounds::none())
    }

    /// `tal` without bounds.
    pub fn tal() -> Type {
        Type::Tal(Bounds::none())
    }

    /// `belopp` without bounds.
    pub fn belopp() -> Type {
        Type::Belopp(Bounds::none())
    }

    /// `datum` without bounds.
    pub fn datum() -> Type {
        Type::Datum(Bounds::none())
    }

    /// The same type with every range bound removed (also inside lists and tables).
    pub fn unbounded(&self) -> Type {
        match self {
            Type::Heltal(_) => Type::heltal(),
            Type::Tal(_) => Type::tal(),
            Type::Belopp(_) => Type::belopp(),
            Type::Datum(_) => Type::datum(),
            Type::Lista(t) => Type::Lista(Box::new(t.unbounded())),
            Type::Tabell(k, v) => Type::Tabell(Box::new(k.unbounded()), Box::new(v.unbounded())),
            other => other.clone(),
        }
    }

    /// Whether two types are the same when range bounds are ignored.
    pub fn same_base(&self, other: &Type) -> bool {
        self.unbounded() == other.unbounded()
    }
}
