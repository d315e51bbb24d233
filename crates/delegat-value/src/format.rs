//! Swedish formatting of values in texts a citizen reads (motivering, letters, manuell
//! reasons): `8 560 kr`, `8 560,50 kr`, `12,5`, `12,5 %`, `2026-03-01`, `ja`, `3 månader`.
//!
//! Choices (see `docs/semantics.md`):
//! - the decimal sign is a comma; a minus is the ASCII hyphen-minus `-`;
//! - groups of three digits are separated by a regular space (U+0020);
//! - every number is grouped from four digits (`8 560 kr`, `3 400`, `1 234,5`): one rule,
//!   `digits::GROUP_FROM`, whose comment gives the reason;
//! - money shows öre only when not whole, and then always two decimals (`8 560,50 kr`);
//! - a `tal` shows no trailing zeros (`12,5`, `0,0325`).

use std::fmt;

use crate::date::{Date, Duration, DurationUnit};
use crate::decimal::Decimal;
use crate::money::Money;

/// The Swedish month names, January first.
pub const MONTH_NAMES: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// The Swedish name of month `month` (1–12): `mars`; `None` for a month that does not exist.
pub fn month_name(month: u32) -> Option<&'static str> {
    MONTH_NAMES
        .get(usize::try_from(month.checked_sub(1)?).ok()?)
        .copied()
}

/// The separator between groups of three digits.
const GROUP: char = ' ';

/// `8 560 kr`, `8 560,50 kr`, `-1 200 kr`, `0,05 kr`.
pub fn format_money(amount: Money) -> String {
    let ore = amount.ore();
    let mag = ore.unsigned_abs();
    let (kronor, rest) = (mag / 100, mag % 100);
    let mut out = Vec::with_capacity(32);
    if ore < 0 {
        out.push(b'-');
    }
    crate::digits::push_grouped(&mut out, kronor, crate::digits::GROUP_FROM);
    if rest != 0 {
        out.extend_from_slice(&[b',', b'0' + (rest / 10) as u8, b'0' + (rest % 10) as u8]);
    }
    out.extend_from_slice(b" kr");
    String::from_utf8(out).unwrap_or_default()
}

/// A `heltal`: `3`, `3 400`, `12 345`, `-1 000 000`.
pub fn format_int(value: i64) -> String {
    let mut out = Vec::with_capacity(32);
    if value < 0 {
        out.push(b'-');
    }
    crate::digits::push_grouped(&mut out, value.unsigned_abs(), crate::digits::GROUP_FROM);
    String::from_utf8(out).unwrap_or_default()
}

/// A `tal`: `12,5`, `0,0325`, `-3`, `1 234,5`, `12 345,678`.
pub fn format_decimal(value: Decimal) -> String {
    decimal_text(value, 0)
}

/// A `tal` as a percentage: `12,5 %` for 0,125, `3 %` for 0,03, `0,25 %` for 0,0025.
pub fn format_percent(value: Decimal) -> String {
    format!("{} %", decimal_text(value, 2))
}

/// A truth value: `ja` or `nej`.
pub fn format_bool(value: bool) -> &'static str {
    if value { "ja" } else { "nej" }
}

/// A date: `2026-03-01`.
pub fn format_date(value: Date) -> String {
    value.to_string()
}

/// A duration: `1 dag`, `14 dagar`, `1 vecka`, `2 veckor`, `1 månad`, `3 månader`, `1 år`.
pub fn format_duration(value: Duration) -> String {
    let one = value.amount.unsigned_abs() == 1;
    let unit = match (value.unit, one) {
        (DurationUnit::Dagar, true) => "dag",
        (DurationUnit::Dagar, false) => "dagar",
        (DurationUnit::Veckor, true) => "vecka",
        (DurationUnit::Veckor, false) => "veckor",
        (DurationUnit::Manader, true) => "månad",
        (DurationUnit::Manader, false) => "månader",
        (DurationUnit::Ar, _) => "år",
    };
    format!("{} {unit}", format_int(value.amount))
}

/// `value × 10^shift` written the Swedish way (the shift is done on the digits, so it never
/// overflows).
fn decimal_text(value: Decimal, shift: u32) -> String {
    let digits = value.mantissa().unsigned_abs().to_string();
    let scale = usize::try_from(value.scale()).unwrap_or(0);
    let shift = usize::try_from(shift).unwrap_or(0);
    let (int, frac) = if scale >= shift {
        let point = scale - shift;
        let padded = format!("{digits:0>width$}", width = point + 1);
        let split = padded.len() - point;
        let (int, frac) = padded.split_at(split);
        (int.to_string(), frac.to_string())
    } else {
        (
            format!("{digits}{}", "0".repeat(shift - scale)),
            String::new(),
        )
    };
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    let mut out = String::new();
    if value.is_negative() {
        out.push('-');
    }
    out.push_str(&group(int, crate::digits::GROUP_FROM));
    if !frac.is_empty() {
        out.push(',');
        out.push_str(frac);
    }
    out
}

/// Groups a string of ASCII digits by threes from the right, when it has at least `from`
/// digits.
fn group(digits: &str, from: usize) -> String {
    if digits.len() < from {
        return digits.to_string();
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(GROUP);
        }
        out.push(c);
    }
    out
}

impl fmt::Display for Money {
    /// Swedish: `8 560,50 kr`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_money(*self))
    }
}

impl fmt::Display for Decimal {
    /// Swedish: `12,5`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_decimal(*self))
    }
}

impl fmt::Display for Duration {
    /// Swedish: `3 månader`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&format_duration(*self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decimal::tests::d;

    #[test]
    fn money() {
        let m = |ore| format_money(Money::from_ore(ore));
        assert_eq!(m(856_000), "8 560 kr");
        assert_eq!(m(856_050), "8 560,50 kr");
        assert_eq!(m(856_005), "8 560,05 kr");
        assert_eq!(m(-120_000), "-1 200 kr");
        assert_eq!(m(5), "0,05 kr");
        assert_eq!(m(-5), "-0,05 kr");
        assert_eq!(m(0), "0 kr");
        assert_eq!(m(99_900), "999 kr");
        assert_eq!(m(12_345_678_900), "123 456 789 kr");
        assert_eq!(m(i64::MAX), "92 233 720 368 547 758,07 kr");
        assert_eq!(m(i64::MIN), "-92 233 720 368 547 758,08 kr");
        assert_eq!(Money::from_ore(356_000).to_string(), "3 560 kr");
    }

    #[test]
    fn integers() {
        assert_eq!(format_int(3), "3");
        assert_eq!(format_int(999), "999");
        assert_eq!(format_int(3400), "3 400");
        assert_eq!(format_int(-1000), "-1 000");
        assert_eq!(format_int(12_345), "12 345");
        assert_eq!(format_int(-1_000_000), "-1 000 000");
        assert_eq!(format_int(i64::MIN), "-9 223 372 036 854 775 808");
    }

    #[test]
    fn decimals() {
        assert_eq!(format_decimal(d("12.5")), "12,5");
        assert_eq!(format_decimal(d("0.0325")), "0,0325");
        assert_eq!(format_decimal(d("-3")), "-3");
        assert_eq!(format_decimal(d("-0.5")), "-0,5");
        assert_eq!(format_decimal(d("1234.5")), "1 234,5");
        assert_eq!(format_decimal(d("999.5")), "999,5");
        assert_eq!(format_decimal(d("12345.678")), "12 345,678");
        assert_eq!(format_decimal(Decimal::ZERO), "0");
        assert_eq!(
            format_decimal(d("0.0000000000000000000000000001")),
            "0,0000000000000000000000000001"
        );
        assert_eq!(d("2.50").to_string(), "2,5");
    }

    #[test]
    fn percentages() {
        assert_eq!(format_percent(d("0.125")), "12,5 %");
        assert_eq!(format_percent(d("0.03")), "3 %");
        assert_eq!(format_percent(d("0.0025")), "0,25 %");
        assert_eq!(format_percent(d("1")), "100 %");
        assert_eq!(format_percent(d("-0.5")), "-50 %");
        assert_eq!(format_percent(d("250")), "25 000 %");
        assert_eq!(format_percent(d("12.5")), "1 250 %");
        assert_eq!(format_percent(Decimal::ZERO), "0 %");
    }

    #[test]
    fn other_values() {
        assert_eq!(format_bool(true), "ja");
        assert_eq!(format_bool(false), "nej");
        assert_eq!(
            format_date(Date::parse("2026-03-01").unwrap()),
            "2026-03-01"
        );
        let dur = |amount, unit| format_duration(Duration { amount, unit });
        assert_eq!(dur(3, DurationUnit::Manader), "3 månader");
        assert_eq!(dur(1, DurationUnit::Manader), "1 månad");
        assert_eq!(dur(-1, DurationUnit::Manader), "-1 månad");
        assert_eq!(dur(1, DurationUnit::Dagar), "1 dag");
        assert_eq!(dur(14, DurationUnit::Dagar), "14 dagar");
        assert_eq!(dur(1, DurationUnit::Veckor), "1 vecka");
        assert_eq!(dur(2, DurationUnit::Veckor), "2 veckor");
        assert_eq!(dur(1, DurationUnit::Ar), "1 år");
        assert_eq!(dur(5, DurationUnit::Ar), "5 år");
        assert_eq!(dur(0, DurationUnit::Dagar), "0 dagar");
    }
}
