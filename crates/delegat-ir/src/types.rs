//! The types of the IR: scalars a JIT can hold in a register, lists, and declared types.
//!
//! Range refinements (`heltal 0..20`) are not part of [`Type`]: they only matter when an
//! input is validated, so they are kept beside the type as [`Bounds`] on inputs and record
//! fields. Inside evaluation a `heltal 0..20` is just an [`Type::Int`].

use serde::{Deserialize, Serialize};

use crate::{TypeId, Value};

/// The type of an expression or a value.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Type {
    /// `heltal`: i64, overflow is an error.
    Int,
    /// `belopp`: i64 öre.
    Money,
    /// `tal`: an exact decimal (`delegat_value::Decimal`).
    Dec,
    /// `ja/nej`.
    Bool,
    /// `datum`: days since 1970-01-01 (i32).
    Date,
    /// `varaktighet`.
    Duration,
    /// `text`: only compared and interpolated, never computed on.
    Text,
    /// A declared enum; a value is the variant's index (u32).
    Enum(TypeId),
    /// A declared record; a value is its fields in declaration order.
    Record(TypeId),
    /// `lista av T`.
    List(Box<Type>),
}

impl Type {
    /// Whether a value of this type is a single machine word (no list, record or text).
    pub fn is_scalar(&self) -> bool {
        !matches!(self, Type::List(_) | Type::Record(_) | Type::Text)
    }

    /// The element type of a list type.
    pub fn elem(&self) -> Option<&Type> {
        match self {
            Type::List(elem) => Some(elem),
            _ => None,
        }
    }
}

/// Inclusive range bounds of a refined input type (`heltal 0..20`, `belopp 0 kr..`).
///
/// For a list type the bounds apply to every element (through any number of `lista av`).
/// Both ends are optional; `Bounds::default()` is no refinement.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Bounds {
    /// Lower bound, inclusive.
    pub lo: Option<Value>,
    /// Upper bound, inclusive.
    pub hi: Option<Value>,
}

impl Bounds {
    /// Whether there is no bound at all.
    pub fn is_none(&self) -> bool {
        self.lo.is_none() && self.hi.is_none()
    }
}

/// A declared type (`typ Namn = …`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TypeDef {
    /// The type's name.
    pub name: String,
    /// Enum or record.
    pub kind: TypeDefKind,
}

/// The two kinds of declared type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum TypeDefKind {
    /// `a | b | c`: the variant names, in declaration order (a value is an index).
    Enum(Vec<String>),
    /// `{ fält: T … }`: the fields, in declaration order (a value holds them in this order).
    Record(Vec<FieldDef>),
}

/// A field of a record type.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FieldDef {
    /// The field's name.
    pub name: String,
    /// Its type.
    pub ty: Type,
    /// Its range refinement, checked on input.
    pub bounds: Bounds,
}
