//! Calendar dates (`datum`) and durations (`varaktighet`): [`Date`] as days since 1970-01-01,
//! strict `YYYY-MM-DD` parsing, conversion to and from `jiff`, `datum + varaktighet` with
//! month-end clamping, and `år_mellan`, `månader_mellan`, `dagar_mellan`.
//!
//! Calendar: the proleptic Gregorian calendar, years 0001–9999.
//!
//! Months and years follow lag (1930:173) om beräkning av lagstadgad tid, 2 §: a period of
//! months or years ends on the day of the last month with the same number as the start day,
//! or on the last day of that month when it has no such day. So `2026-01-31 + 1 månad` is
//! `2026-02-28`, and `2024-02-29 + 1 år` is `2025-02-28`.
//!
//! `år_mellan(a; b)` counts completed years with the same rule: the largest `n` with
//! `a + n år ≤ b`. Someone born 2010-03-01 is 15 on 2026-02-28 and 16 on 2026-03-01; someone
//! born on a leap day, 2008-02-29, completes a year on 28 February of a common year (18 on
//! 2026-02-28). `månader_mellan` is the largest `n` with `a + n månader ≤ b`. Both are
//! antisymmetric: when `b < a` they are minus the count from `b` to `a`.

use std::fmt;

use crate::error::ArithError;

/// A calendar date, as the number of days since 1970-01-01 (negative before).
///
/// Invariant: the date lies in 0001-01-01 ..= 9999-12-31, the range [`Date::MIN`]..=[`Date::MAX`].
/// An `i32` is what the JIT passes; the order of dates is the order of the numbers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Date(i32);

/// The unit of a [`Duration`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[repr(u8)]
pub enum DurationUnit {
    /// `dag`, `dagar`.
    Dagar = 0,
    /// `vecka`, `veckor` (7 days).
    Veckor = 1,
    /// `månad`, `månader` (calendar months, clamped to the month's end).
    Manader = 2,
    /// `år` (calendar years, clamped to the month's end).
    Ar = 3,
}

/// A duration (`varaktighet`): `amount` of a calendar `unit`, e.g. 3 månader. Not normalised:
/// 12 månader and 1 år are different durations that happen to add the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Duration {
    /// How many units (may be negative).
    pub amount: i64,
    /// The unit.
    pub unit: DurationUnit,
}

impl DurationUnit {
    /// The unit of a JIT's `u8`, or `None` for an unknown value.
    pub const fn from_u8(value: u8) -> Option<DurationUnit> {
        match value {
            0 => Some(DurationUnit::Dagar),
            1 => Some(DurationUnit::Veckor),
            2 => Some(DurationUnit::Manader),
            3 => Some(DurationUnit::Ar),
            _ => None,
        }
    }
}

impl Duration {
    /// `amount` of `unit`.
    pub const fn new(amount: i64, unit: DurationUnit) -> Duration {
        Duration { amount, unit }
    }

    /// `−self` (the same unit); `−i64::MIN` units is an overflow.
    pub fn checked_neg(self) -> Result<Duration, ArithError> {
        let amount = self.amount.checked_neg().ok_or(ArithError::Overflow)?;
        Ok(Duration { amount, ..self })
    }
}

/// Days from 0000-03-01 to 1970-01-01 in the algorithm below.
const EPOCH_SHIFT: i64 = 719_468;

impl Date {
    /// 0001-01-01, the first date.
    pub const MIN: Date = Date(-719_162);
    /// 9999-12-31, the last date.
    pub const MAX: Date = Date(2_932_896);

    /// The date of a year, month (1–12) and day; [`ArithError::InvalidDate`] when it does not
    /// exist (`2026-02-29`) and [`ArithError::DateOutOfRange`] outside years 1–9999.
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Result<Date, ArithError> {
        if !(1..=9999).contains(&year) {
            return Err(ArithError::DateOutOfRange);
        }
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(ArithError::InvalidDate);
        }
        Ok(Date(days_from_civil(year, month, day)))
    }

    /// The date that is `days` after 1970-01-01; [`ArithError::DateOutOfRange`] outside the range.
    pub fn from_days(days: i64) -> Result<Date, ArithError> {
        let days = i32::try_from(days).map_err(|_| ArithError::DateOutOfRange)?;
        if (Date::MIN.0..=Date::MAX.0).contains(&days) {
            Ok(Date(days))
        } else {
            Err(ArithError::DateOutOfRange)
        }
    }

    /// Days since 1970-01-01.
    pub const fn days(self) -> i32 {
        self.0
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (i32, u32, u32) {
        civil_from_days(self.0)
    }

    /// Parses exactly `YYYY-MM-DD` (four-digit year, two-digit month and day, ASCII digits, no
    /// spaces). [`ArithError::InvalidDate`] for any other text or a day that does not exist.
    pub fn parse(text: &str) -> Result<Date, ArithError> {
        let b = text.as_bytes();
        let shape_ok = b.len() == 10
            && b.iter().enumerate().all(|(i, c)| match i {
                4 | 7 => *c == b'-',
                _ => c.is_ascii_digit(),
            });
        if !shape_ok {
            return Err(ArithError::InvalidDate);
        }
        let num = |range: std::ops::Range<usize>| -> Result<u32, ArithError> {
            text.get(range)
                .and_then(|s| s.parse().ok())
                .ok_or(ArithError::InvalidDate)
        };
        let year = i32::try_from(num(0..4)?).map_err(|_| ArithError::InvalidDate)?;
        match Date::from_ymd(year, num(5..7)?, num(8..10)?) {
            Err(ArithError::DateOutOfRange) => Err(ArithError::InvalidDate),
            other => other,
        }
    }

    /// `self + duration`: days and weeks exactly, months and years clamped to the month's end.
    pub fn checked_add_duration(self, duration: Duration) -> Result<Date, ArithError> {
        let n = duration.amount;
        match duration.unit {
            DurationUnit::Dagar => self.add_days(n),
            DurationUnit::Veckor => {
                self.add_days(n.checked_mul(7).ok_or(ArithError::DateOutOfRange)?)
            }
            DurationUnit::Manader => self.add_months(n),
            DurationUnit::Ar => {
                self.add_months(n.checked_mul(12).ok_or(ArithError::DateOutOfRange)?)
            }
        }
    }

    /// `self − duration`, i.e. `self + (−duration)`.
    pub fn checked_sub_duration(self, duration: Duration) -> Result<Date, ArithError> {
        let duration = duration
            .checked_neg()
            .map_err(|_| ArithError::DateOutOfRange)?;
        self.checked_add_duration(duration)
    }

    fn add_days(self, n: i64) -> Result<Date, ArithError> {
        let days = i64::from(self.0)
            .checked_add(n)
            .ok_or(ArithError::DateOutOfRange)?;
        Date::from_days(days)
    }

    fn add_months(self, n: i64) -> Result<Date, ArithError> {
        let (y, m, d) = self.ymd();
        let index = i64::from(y) * 12 + i64::from(m) - 1;
        let index = index.checked_add(n).ok_or(ArithError::DateOutOfRange)?;
        let year = i32::try_from(index.div_euclid(12)).map_err(|_| ArithError::DateOutOfRange)?;
        let month =
            u32::try_from(index.rem_euclid(12) + 1).map_err(|_| ArithError::DateOutOfRange)?;
        if !(1..=9999).contains(&year) {
            return Err(ArithError::DateOutOfRange);
        }
        Date::from_ymd(year, month, d.min(days_in_month(year, month)))
    }

    /// The last date in `self`'s month with a day number ≤ `day`.
    fn clamped_day(year: i32, month: u32, day: u32) -> u32 {
        day.min(days_in_month(year, month))
    }
}

/// `år_mellan(a; b)`: completed whole years from `a` to `b` (an age), negative when `b < a`.
pub fn years_between(a: Date, b: Date) -> i64 {
    months_or_years_between(a, b, true)
}

/// `månader_mellan(a; b)`: completed whole months from `a` to `b`, negative when `b < a`.
pub fn months_between(a: Date, b: Date) -> i64 {
    months_or_years_between(a, b, false)
}

/// `dagar_mellan(a; b)`: `b − a` in days (2026-03-01 − 2026-02-01 is 28).
pub fn days_between(a: Date, b: Date) -> i64 {
    i64::from(b.0) - i64::from(a.0)
}

fn months_or_years_between(a: Date, b: Date, years: bool) -> i64 {
    if b < a {
        return -months_or_years_between(b, a, years);
    }
    let (ay, am, ad) = a.ymd();
    let (by, bm, bd) = b.ymd();
    if years {
        // The anniversary in b's year: a's month and day, clamped (02-29 → 02-28).
        let n = i64::from(by - ay);
        let anniversary = (am, Date::clamped_day(by, am, ad));
        if (bm, bd) < anniversary { n - 1 } else { n }
    } else {
        let n = i64::from(by - ay) * 12 + i64::from(bm) - i64::from(am);
        if bd < Date::clamped_day(by, bm, ad) {
            n - 1
        } else {
            n
        }
    }
}

/// Whether `year` is a Gregorian leap year.
pub fn is_leap_year(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days in a month (1–12) of a year.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a valid date (Howard Hinnant's `days_from_civil`). For years
/// 1–9999 the shifted year is 0–9999, so the divisions are of unsigned 32-bit numbers.
fn days_from_civil(year: i32, month: u32, day: u32) -> i32 {
    let Ok(y) = u32::try_from(year - i32::from(month <= 2)) else {
        return 0;
    };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (month + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    // Within ±3 million days for years 1–9999.
    i32::try_from(i64::from(era * 146_097 + doe) - EPOCH_SHIFT).unwrap_or(0)
}

/// `(year, month, day)` of days since 1970-01-01 (Howard Hinnant's `civil_from_days`).
/// Within the range of dates the shifted day number is positive and small, so the
/// divisions are of unsigned 32-bit numbers (the cheapest the processor has); outside it
/// (never for a `Date`) the result is 0001-01-01's.
fn civil_from_days(days: i32) -> (i32, u32, u32) {
    let Ok(z) = u32::try_from(i64::from(days) + EPOCH_SHIFT) else {
        return (1, 1, 1);
    };
    let era = z / 146_097;
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + u32::from(month <= 2);
    (i32::try_from(year).unwrap_or(0), month, day)
}

impl From<Date> for jiff::civil::Date {
    fn from(date: Date) -> jiff::civil::Date {
        let (y, m, d) = date.ymd();
        // Always valid: years 1–9999 are inside jiff's range and the day exists.
        let (y, m, d) = (
            i16::try_from(y).unwrap_or(1),
            i8::try_from(m).unwrap_or(1),
            i8::try_from(d).unwrap_or(1),
        );
        jiff::civil::Date::new(y, m, d).unwrap_or_default()
    }
}

impl TryFrom<jiff::civil::Date> for Date {
    type Error = ArithError;

    fn try_from(date: jiff::civil::Date) -> Result<Date, ArithError> {
        Date::from_ymd(
            i32::from(date.year()),
            u32::try_from(date.month()).map_err(|_| ArithError::InvalidDate)?,
            u32::try_from(date.day()).map_err(|_| ArithError::InvalidDate)?,
        )
    }
}

impl fmt::Display for Date {
    /// `2026-03-01`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
#[path = "date_tests.rs"]
mod tests;
