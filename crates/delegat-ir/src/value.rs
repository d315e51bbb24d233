//! Run-time values: what inputs, constants, rule results and interpolations are.
//!
//! Scalars are held inline; lists, records and texts are shared (`Arc`), so copying a value
//! (reading an input list, passing a record to a rule) never copies its contents.

use std::sync::Arc;

use delegat_value::{Date, Decimal, Duration, Money};
use serde::{Deserialize, Serialize};

/// A value of the IR. Which variant a value has follows from its static [`crate::Type`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Value {
    /// `heltal`.
    Int(i64),
    /// `belopp`, exact to the öre.
    Money(#[serde(with = "crate::codec::money")] Money),
    /// `tal`.
    Dec(#[serde(with = "crate::codec::decimal")] Decimal),
    /// `ja/nej`.
    Bool(bool),
    /// `datum`.
    Date(#[serde(with = "crate::codec::date")] Date),
    /// `varaktighet`.
    Duration(#[serde(with = "crate::codec::duration")] Duration),
    /// An enum value: the variant's index in its type.
    Enum(u32),
    /// `text`.
    Text(Arc<str>),
    /// `lista av T`.
    List(Arc<[Value]>),
    /// A record: its fields in the declaration order of its type.
    Record(Arc<[Value]>),
}

impl Value {
    /// A list value.
    pub fn list(items: impl Into<Vec<Value>>) -> Value {
        Value::List(Arc::from(items.into()))
    }

    /// A record value.
    pub fn record(fields: impl Into<Vec<Value>>) -> Value {
        Value::Record(Arc::from(fields.into()))
    }

    /// A text value.
    pub fn text(text: &str) -> Value {
        Value::Text(Arc::from(text))
    }

    /// The Swedish name of the value's kind, for messages about malformed packs.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Value::Int(_) => "heltal",
            Value::Money(_) => "belopp",
            Value::Dec(_) => "tal",
            Value::Bool(_) => "ja/nej",
            Value::Date(_) => "datum",
            Value::Duration(_) => "varaktighet",
            Value::Enum(_) => "uppräkning",
            Value::Text(_) => "text",
            Value::List(_) => "lista",
            Value::Record(_) => "post",
        }
    }
}

impl Value {
    /// Whether the value has the type `ty` (declared types looked up in `types`). Range
    /// bounds are not part of a type and are not checked here.
    pub fn has_type(&self, ty: &crate::Type, types: &[crate::TypeDef]) -> bool {
        use crate::{Type, TypeDefKind};
        match (self, ty) {
            (Value::Int(_), Type::Int)
            | (Value::Money(_), Type::Money)
            | (Value::Dec(_), Type::Dec)
            | (Value::Bool(_), Type::Bool)
            | (Value::Date(_), Type::Date)
            | (Value::Duration(_), Type::Duration)
            | (Value::Text(_), Type::Text) => true,
            (Value::Enum(v), Type::Enum(t)) => match types.get(t.index()).map(|d| &d.kind) {
                Some(TypeDefKind::Enum(variants)) => (*v as usize) < variants.len(),
                _ => false,
            },
            (Value::Record(fields), Type::Record(t)) => {
                match types.get(t.index()).map(|d| &d.kind) {
                    Some(TypeDefKind::Record(defs)) => {
                        fields.len() == defs.len()
                            && fields
                                .iter()
                                .zip(defs)
                                .all(|(v, d)| v.has_type(&d.ty, types))
                    }
                    _ => false,
                }
            }
            (Value::List(items), Type::List(elem)) => items.iter().all(|v| v.has_type(elem, types)),
            _ => false,
        }
    }
}

/// A value as plain text for dumps and messages: Swedish formatting from `delegat-value`
/// (`8 560 kr`, `12,5`, `2026-03-01`, `ja`, `3 månader`); an enum as its index.
pub(crate) fn plain_text(value: &Value) -> String {
    use delegat_value::format;
    match value {
        Value::Int(v) => format::format_int(*v),
        Value::Money(v) => format::format_money(*v),
        Value::Dec(v) => format::format_decimal(*v),
        Value::Bool(v) => format::format_bool(*v).to_string(),
        Value::Date(v) => format::format_date(*v),
        Value::Duration(v) => format::format_duration(*v),
        Value::Enum(v) => format!("variant#{v}"),
        Value::Text(t) => format!("{:?}", &**t),
        Value::List(items) => {
            let parts: Vec<String> = items.iter().map(plain_text).collect();
            format!("[{}]", parts.join("; "))
        }
        Value::Record(fields) => {
            let parts: Vec<String> = fields.iter().map(plain_text).collect();
            format!("{{{}}}", parts.join("; "))
        }
    }
}
