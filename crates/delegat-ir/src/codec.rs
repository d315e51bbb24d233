//! Serde encodings of the `delegat-value` scalars (which have no serde of their own).
//!
//! Each has one spelling, so the encoding stays canonical (see [`crate::pack`]):
//! - `belopp`: the whole number of öre (`856000`);
//! - `datum`: the text `"YYYY-MM-DD"`;
//! - `tal`: the text of its canonical decimal with a point and no trailing zeros
//!   (`"12.5"`, `"-0.0325"`, `"3"`); reading refuses any other spelling;
//! - `varaktighet`: `{"amount": 3, "unit": "månader"}` with the units `dagar`, `veckor`,
//!   `månader`, `år`.

use delegat_value::{Date, Decimal, Duration, DurationUnit, Money};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// `belopp` as öre.
pub(crate) mod money {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(m: &Money, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(m.ore())
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Money, D::Error> {
        i64::deserialize(d).map(Money::from_ore)
    }
}

/// `datum` as `"YYYY-MM-DD"`.
pub(crate) mod date {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(v: &Date, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(v)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        let text = String::deserialize(d)?;
        Date::parse(&text).map_err(|e| D::Error::custom(format!("`{text}`: {e}")))
    }
}

/// An optional `datum`.
pub(crate) mod opt_date {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct W(#[serde(with = "super::date")] Date);

    pub(crate) fn serialize<S: Serializer>(v: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
        v.map(W).serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Date>, D::Error> {
        Ok(Option::<W>::deserialize(d)?.map(|w| w.0))
    }
}

/// `tal` as its canonical decimal text.
pub(crate) mod decimal {
    use super::*;

    pub(crate) fn serialize<S: Serializer>(v: &Decimal, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&super::decimal_text(*v))
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
        let text = String::deserialize(d)?;
        super::parse_decimal(&text)
            .ok_or_else(|| D::Error::custom(format!("`{text}` är inget kanoniskt tal")))
    }
}

/// `varaktighet` as amount and unit.
pub(crate) mod duration {
    use super::*;

    #[derive(Serialize, Deserialize)]
    struct Repr {
        amount: i64,
        unit: String,
    }

    pub(crate) fn serialize<S: Serializer>(v: &Duration, s: S) -> Result<S::Ok, S::Error> {
        Repr {
            amount: v.amount,
            unit: super::unit_name(v.unit).to_string(),
        }
        .serialize(s)
    }

    pub(crate) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Duration, D::Error> {
        let r = Repr::deserialize(d)?;
        let unit = match r.unit.as_str() {
            "dagar" => DurationUnit::Dagar,
            "veckor" => DurationUnit::Veckor,
            "månader" => DurationUnit::Manader,
            "år" => DurationUnit::Ar,
            other => return Err(D::Error::custom(format!("okänd tidsenhet `{other}`"))),
        };
        Ok(Duration {
            amount: r.amount,
            unit,
        })
    }
}

fn unit_name(u: DurationUnit) -> &'static str {
    match u {
        DurationUnit::Dagar => "dagar",
        DurationUnit::Veckor => "veckor",
        DurationUnit::Manader => "månader",
        DurationUnit::Ar => "år",
    }
}

/// The canonical text of a decimal: `-12.05`, `3`, `0.0325`.
pub(crate) fn decimal_text(v: Decimal) -> String {
    let m = v.mantissa();
    let scale = v.scale() as usize;
    let digits = m.unsigned_abs().to_string();
    let sign = if m < 0 { "-" } else { "" };
    if scale == 0 {
        return format!("{sign}{digits}");
    }
    let padded = format!("{digits:0>width$}", width = scale + 1);
    let split = padded.len() - scale;
    let (int, frac) = padded.split_at(split);
    format!("{sign}{int}.{frac}")
}

/// Reads the canonical text of [`decimal_text`]; `None` for anything else.
pub(crate) fn parse_decimal(text: &str) -> Option<Decimal> {
    let (neg, body) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (int, frac) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || (!frac.is_empty() && !all_digits(frac)) || body.ends_with('.') {
        return None;
    }
    let joined = format!("{int}{frac}");
    let mag: i128 = joined.parse().ok()?;
    let mantissa = if neg { -mag } else { mag };
    let scale = u32::try_from(frac.len()).ok()?;
    let d = Decimal::from_raw_parts(mantissa, scale)?;
    // One spelling only: the text must be what `decimal_text` writes.
    (decimal_text(d) == text).then_some(d)
}
