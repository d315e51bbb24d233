//! Conversion between IR [`Value`]s and native [`Cell`]s: inputs and constants go in,
//! memo slots, amounts and interpolated values come out.
//!
//! Reading a slot back follows the pointers it holds (texts, lists, records), so it must
//! happen while the memory they point to is alive: before the case's host is reset, while
//! the inputs are still borrowed, and while the pack (its constants) exists.

#![expect(
    unsafe_code,
    reason = "slots hold pointers written by generated code; reading them back is unsafe"
)]

use std::sync::Arc;

use delegat_ir::{Program, Type, TypeDefKind, Value};
use delegat_value::{Date, Duration, DurationUnit, Money};

use crate::layout::{Cell, dec_from_words};

/// Where [`to_slot`] puts the arrays and texts a value points to. Both must stay at their
/// address for as long as the slot is used.
pub(crate) trait Store {
    /// A block of `len` slots to fill.
    fn block(&mut self, len: usize) -> *mut Cell;
    /// The address of the text's bytes (copied or kept alive by the store).
    fn text(&mut self, t: &str) -> *const u8;
}

/// Converts a value to its slot; lists, records and texts are placed with `store`.
pub(crate) fn to_slot(v: &Value, store: &mut dyn Store) -> Cell {
    match v {
        Value::Int(i) => Cell::one(*i),
        Value::Money(m) => Cell::one(m.ore()),
        Value::Dec(d) => Cell::dec(*d),
        Value::Bool(b) => Cell::one(i64::from(*b)),
        Value::Date(d) => Cell::one(i64::from(d.days())),
        Value::Duration(d) => Cell {
            w0: d.amount as u64,
            w1: u64::from(d.unit as u8),
        },
        Value::Enum(e) => Cell::one(i64::from(*e)),
        Value::Text(t) => Cell {
            w0: store.text(t) as u64,
            w1: t.len() as u64,
        },
        Value::List(items) | Value::Record(items) => {
            let ptr = store.block(items.len());
            for (i, item) in items.iter().enumerate() {
                let s = to_slot(item, store);
                // SAFETY: `store.block` returned `items.len()` writable slots that stay in
                // place while the store lives (later blocks never move earlier ones).
                unsafe { ptr.add(i).write(s) };
            }
            Cell {
                w0: ptr as u64,
                w1: items.len() as u64,
            }
        }
    }
}

/// Reads a slot of type `ty` back into a value; `None` when the words are not a value of
/// the type (never for slots written by this crate).
///
/// # Safety
/// Every pointer reachable from the slot (texts, lists, records) must still be valid: see
/// the module docs.
pub(crate) unsafe fn from_slot(slot: Cell, ty: &Type, p: &Program) -> Option<Value> {
    Some(match ty {
        Type::Int => Value::Int(slot.w0 as i64),
        Type::Money => Value::Money(Money::from_ore(slot.w0 as i64)),
        Type::Dec => Value::Dec(dec_from_words(slot.w0, slot.w1)?),
        Type::Bool => Value::Bool(slot.w0 != 0),
        Type::Date => Value::Date(Date::from_days(slot.w0 as i64).ok()?),
        Type::Duration => {
            let unit = DurationUnit::from_u8(u8::try_from(slot.w1).ok()?)?;
            Value::Duration(Duration::new(slot.w0 as i64, unit))
        }
        Type::Enum(_) => Value::Enum(u32::try_from(slot.w0).ok()?),
        Type::Text => {
            // SAFETY: a text slot holds the address and length of live UTF-8 bytes (the
            // caller guarantees liveness).
            let bytes = unsafe { bytes(slot)? };
            Value::Text(Arc::from(std::str::from_utf8(bytes).ok()?))
        }
        Type::List(elem) => {
            // SAFETY: a list slot holds the address and length of live slots.
            let items = unsafe { slots(slot)? };
            let mut out = Vec::with_capacity(items.len());
            for s in items {
                // SAFETY: the elements' pointers are as live as the list's.
                out.push(unsafe { from_slot(*s, elem, p)? });
            }
            Value::list(out)
        }
        Type::Record(t) => {
            let TypeDefKind::Record(defs) = &p.type_def(*t)?.kind else {
                return None;
            };
            // SAFETY: a record slot holds the address and count of live field slots.
            let fields = unsafe { slots(slot)? };
            if fields.len() != defs.len() {
                return None;
            }
            let mut out = Vec::with_capacity(fields.len());
            for (s, d) in fields.iter().zip(defs) {
                // SAFETY: the fields' pointers are as live as the record's.
                out.push(unsafe { from_slot(*s, &d.ty, p)? });
            }
            Value::record(out)
        }
    })
}

/// The slots a list or record slot points to.
///
/// # Safety
/// `slot.w0` must be the address of `slot.w1` live slots (or `w1` zero).
unsafe fn slots<'a>(slot: Cell) -> Option<&'a [Cell]> {
    let len = usize::try_from(slot.w1).ok()?;
    if len == 0 {
        return Some(&[]);
    }
    let ptr = slot.w0 as *const Cell;
    if ptr.is_null() {
        return None;
    }
    // SAFETY: forwarded from this function's contract.
    Some(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// The bytes a text slot points to.
///
/// # Safety
/// `slot.w0` must be the address of `slot.w1` live bytes (or `w1` zero).
unsafe fn bytes<'a>(slot: Cell) -> Option<&'a [u8]> {
    let len = usize::try_from(slot.w1).ok()?;
    if len == 0 {
        return Some(&[]);
    }
    let ptr = slot.w0 as *const u8;
    if ptr.is_null() {
        return None;
    }
    // SAFETY: forwarded from this function's contract.
    Some(unsafe { std::slice::from_raw_parts(ptr, len) })
}
