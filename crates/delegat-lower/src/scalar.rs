//! Conversions of the checker's types and scalar literals to the IR's.

use delegat_check::program as ck;
use delegat_diagnostics::Span;
use delegat_ir::{Bounds, KeyType, Type, TypeId, Value};
use delegat_value::{Date, Decimal, Duration, Money};

use crate::LowerError;

/// A checked date as an IR date.
pub(crate) fn date(d: ck::Date, span: Span) -> Result<Date, LowerError> {
    Date::from_ymd(i32::from(d.year), u32::from(d.month), u32::from(d.day))
        .map_err(|e| LowerError::new(format!("datumet {d}: {e}"), span))
}

/// A checked decimal (not normalised) as an exact IR decimal.
pub(crate) fn decimal(d: ck::Decimal, span: Span) -> Result<Decimal, LowerError> {
    Decimal::new(d.mantissa, d.scale).map_err(|e| LowerError::new(e.message(), span))
}

/// A checked duration.
pub(crate) fn duration(d: ck::Duration) -> Duration {
    let unit = d.unit;
    Duration {
        amount: d.amount,
        unit,
    }
}

/// The IR type of a checked type (range bounds dropped). A table type is not a value type.
pub(crate) fn ty(t: &ck::Type, span: Span) -> Result<Type, LowerError> {
    Ok(match t {
        ck::Type::Heltal(_) => Type::Int,
        ck::Type::Tal(_) => Type::Dec,
        ck::Type::Belopp(_) => Type::Money,
        ck::Type::Bool => Type::Bool,
        ck::Type::Datum(_) => Type::Date,
        ck::Type::Varaktighet => Type::Duration,
        ck::Type::Text => Type::Text,
        ck::Type::Enum(id) => Type::Enum(TypeId(id.0)),
        ck::Type::Record(id) => Type::Record(TypeId(id.0)),
        ck::Type::Lista(elem) => Type::List(Box::new(ty(elem, span)?)),
        ck::Type::Tabell(..) => {
            return Err(LowerError::new(
                "en tabell kan bara vara en parameter",
                span,
            ));
        }
    })
}

/// The range bounds of a checked type (of its elements, for a list).
pub(crate) fn bounds(t: &ck::Type, span: Span) -> Result<Bounds, LowerError> {
    Ok(match t {
        ck::Type::Heltal(b) => Bounds {
            lo: b.lo.map(Value::Int),
            hi: b.hi.map(Value::Int),
        },
        ck::Type::Belopp(b) => Bounds {
            lo: b.lo.map(|o| Value::Money(Money::from_ore(o))),
            hi: b.hi.map(|o| Value::Money(Money::from_ore(o))),
        },
        ck::Type::Tal(b) => Bounds {
            lo: b.lo.map(|d| decimal(d, span).map(Value::Dec)).transpose()?,
            hi: b.hi.map(|d| decimal(d, span).map(Value::Dec)).transpose()?,
        },
        ck::Type::Datum(b) => Bounds {
            lo: b.lo.map(|d| date(d, span).map(Value::Date)).transpose()?,
            hi: b.hi.map(|d| date(d, span).map(Value::Date)).transpose()?,
        },
        ck::Type::Lista(elem) => bounds(elem, span)?,
        _ => Bounds::default(),
    })
}

/// The key type of a table's key type.
pub(crate) fn key_type(t: &ck::Type, span: Span) -> Result<KeyType, LowerError> {
    match t {
        ck::Type::Heltal(_) => Ok(KeyType::Int),
        ck::Type::Datum(_) => Ok(KeyType::Date),
        ck::Type::Enum(id) => Ok(KeyType::Enum(TypeId(id.0))),
        _ => Err(LowerError::new(
            "en tabells nyckel måste vara ett heltal, ett datum eller en uppräkning",
            span,
        )),
    }
}
