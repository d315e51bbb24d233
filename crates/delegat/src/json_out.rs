//! Writing JSON and Swedish value text straight into a byte buffer, byte for byte as
//! `serde_json` (with this workspace's `arbitrary_precision`) and `crate::format` write them,
//! without a `String` per value for the common types (integers, money, dates, truth values,
//! enum variants, texts and lists of them). The rarer types (`tal`, `varaktighet`, records)
//! go through `crate::format` and are then copied: same bytes, one allocation.

use std::io::Write as _;

use delegat_ir::{Program, Type, TypeDefKind, Value};
use delegat_value::{Date, Money, digits, format as swedish, json as vjson};

use crate::format;

/// Appends `s` escaped as the inside of a JSON string, as `serde_json` escapes it: `"`,
/// `\` and the control characters U+0000–U+001F (short forms `\b \f \n \r \t`, else
/// `\u00xx` in lowercase hex); everything else as is.
pub(crate) fn escape(out: &mut Vec<u8>, s: &str) {
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0x00..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(bytes.get(start..i).unwrap_or_default());
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(b"\\u00");
            out.push(HEX.get(usize::from(b >> 4)).copied().unwrap_or(b'0'));
            out.push(HEX.get(usize::from(b & 0xf)).copied().unwrap_or(b'0'));
        } else {
            out.extend_from_slice(esc);
        }
        start = i + 1;
    }
    out.extend_from_slice(bytes.get(start..).unwrap_or_default());
}

/// Appends `"s"`, escaped.
pub(crate) fn string(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    escape(out, s);
    out.push(b'"');
}

/// Appends `,"key":"value"` for a key that needs no escaping.
pub(crate) fn field(out: &mut Vec<u8>, key: &str, value: &str) {
    out.extend_from_slice(b",\"");
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
    string(out, value);
}

/// Appends an integer as JSON (`-12`).
pub(crate) fn int_json(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    digits::push(out, v.unsigned_abs());
}

/// Appends money as a JSON number of kronor (`vjson::money_to_json`: `8560`, `8560.5`,
/// `-0.05`).
pub(crate) fn money_json(out: &mut Vec<u8>, m: Money) {
    let ore = m.ore();
    let mag = ore.unsigned_abs();
    if ore < 0 {
        out.push(b'-');
    }
    digits::push(out, mag / 100);
    let rest = (mag % 100) as u8;
    if rest != 0 {
        if rest.is_multiple_of(10) {
            out.extend_from_slice(&[b'.', b'0' + rest / 10]);
        } else {
            out.extend_from_slice(&[b'.', b'0' + rest / 10, b'0' + rest % 10]);
        }
    }
}

/// Appends money as Swedish text (`swedish::format_money`: `8 560 kr`, `-0,05 kr`).
pub(crate) fn money_text(out: &mut Vec<u8>, m: Money) {
    let ore = m.ore();
    let mag = ore.unsigned_abs();
    if ore < 0 {
        out.push(b'-');
    }
    digits::push_grouped(out, mag / 100, digits::GROUP_FROM);
    let rest = (mag % 100) as u8;
    if rest != 0 {
        out.extend_from_slice(&[b',', b'0' + rest / 10, b'0' + rest % 10, b' ', b'k', b'r']);
    } else {
        out.extend_from_slice(b" kr");
    }
}

/// Appends money as JSON, then `mid`, then as Swedish text (`money_json`, `money_text`),
/// with the digits computed once.
#[inline]
pub(crate) fn money_json_and_text(out: &mut Vec<u8>, m: Money, mid: &[u8]) {
    let ore = m.ore();
    let mag = ore.unsigned_abs();
    let Some(w) = digits::words(mag / 100, digits::GROUP_FROM) else {
        money_json(out, m);
        out.extend_from_slice(mid);
        return money_text(out, m);
    };
    let rest = (mag % 100) as u8;
    if ore < 0 {
        out.push(b'-');
    }
    w.push_plain(out);
    if rest != 0 {
        if rest.is_multiple_of(10) {
            out.extend_from_slice(&[b'.', b'0' + rest / 10]);
        } else {
            out.extend_from_slice(&[b'.', b'0' + rest / 10, b'0' + rest % 10]);
        }
    }
    out.extend_from_slice(mid);
    if ore < 0 {
        out.push(b'-');
    }
    w.push_grouped(out);
    if rest != 0 {
        out.extend_from_slice(&[b',', b'0' + rest / 10, b'0' + rest % 10, b' ', b'k', b'r']);
    } else {
        out.extend_from_slice(b" kr");
    }
}

/// Appends an integer as JSON, then `mid`, then as Swedish text (`int_json`, `int_text`),
/// with the digits computed once.
#[inline]
pub(crate) fn int_json_and_text(out: &mut Vec<u8>, v: i64, mid: &[u8]) {
    let Some(w) = digits::words(v.unsigned_abs(), digits::GROUP_FROM) else {
        int_json(out, v);
        out.extend_from_slice(mid);
        return int_text(out, v);
    };
    if v < 0 {
        out.push(b'-');
    }
    w.push_plain(out);
    out.extend_from_slice(mid);
    if v < 0 {
        out.push(b'-');
    }
    w.push_grouped(out);
}

/// Appends an integer as Swedish text (`swedish::format_int`: `12 345`).
pub(crate) fn int_text(out: &mut Vec<u8>, v: i64) {
    if v < 0 {
        out.push(b'-');
    }
    digits::push_grouped(out, v.unsigned_abs(), digits::GROUP_FROM);
}

/// Appends a date (`2026-03-01`, as `Date`'s `Display`).
pub(crate) fn date(out: &mut Vec<u8>, d: Date) {
    let (y, m, day) = d.ymd();
    if (0..=9999).contains(&y) {
        let y = y as u32;
        out.extend_from_slice(&[
            b'0' + (y / 1000) as u8,
            b'0' + (y / 100 % 10) as u8,
            b'0' + (y / 10 % 10) as u8,
            b'0' + (y % 10) as u8,
            b'-',
            b'0' + (m / 10 % 10) as u8,
            b'0' + (m % 10) as u8,
            b'-',
            b'0' + (day / 10 % 10) as u8,
            b'0' + (day % 10) as u8,
        ]);
    } else {
        let _ = write!(out, "{d}");
    }
}

/// The text of the last date written, for the trace's `gäller_från` dates (mostly one or
/// two per pack).
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct DateCache {
    last: Option<(Date, [u8; 10])>,
}

impl DateCache {
    /// Appends a date as [`date`] does.
    pub(crate) fn date(&mut self, out: &mut Vec<u8>, d: Date) {
        if let Some((cached, text)) = &self.last
            && *cached == d
        {
            out.extend_from_slice(text);
            return;
        }
        let start = out.len();
        date(out, d);
        if let Some(text) = out.get(start..).and_then(|t| <[u8; 10]>::try_from(t).ok()) {
            self.last = Some((d, text));
        }
    }
}

/// The name of variant `index` of the enum type `ty`, when the program has it.
fn variant<'p>(p: &'p Program, ty: &Type, index: u32) -> Option<&'p str> {
    if let Type::Enum(t) = ty
        && let Some(TypeDefKind::Enum(names)) = p.type_def(*t).map(|d| &d.kind)
    {
        return names.get(index as usize).map(String::as_str);
    }
    None
}

/// Appends the value's JSON (`format::to_json`, keys ordered as the decision writes them).
pub(crate) fn value_json(out: &mut Vec<u8>, p: &Program, value: &Value, ty: &Type) {
    match value {
        Value::Int(v) => int_json(out, *v),
        Value::Money(v) => money_json(out, *v),
        Value::Bool(v) => out.extend_from_slice(if *v { b"true" } else { b"false" }),
        Value::Date(v) => {
            out.push(b'"');
            date(out, *v);
            out.push(b'"');
        }
        Value::Enum(v) => match variant(p, ty, *v) {
            Some(name) => string(out, name),
            None => string(out, &format::variant_name(p, ty, *v)),
        },
        Value::Text(t) => string(out, t),
        Value::List(items) => {
            let elem = ty.elem().unwrap_or(&Type::Text);
            out.push(b'[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                value_json(out, p, v, elem);
            }
            out.push(b']');
        }
        Value::Dec(v) => {
            let text = vjson::decimal_to_json(*v);
            crate::document::json(out, &format::number(&text));
        }
        Value::Duration(_) | Value::Record(_) => {
            crate::document::json(out, &format::to_json(p, value, ty));
        }
    }
}

/// Appends the value's Swedish text (`format::text`), escaped for a JSON string.
pub(crate) fn value_text(out: &mut Vec<u8>, p: &Program, value: &Value, ty: &Type) {
    match value {
        Value::Int(v) => int_text(out, *v),
        Value::Money(v) => money_text(out, *v),
        Value::Bool(v) => out.extend_from_slice(swedish::format_bool(*v).as_bytes()),
        Value::Date(v) => date(out, *v),
        Value::Enum(v) => match variant(p, ty, *v) {
            Some(name) => escape(out, name),
            None => escape(out, &format::variant_name(p, ty, *v)),
        },
        Value::Text(t) => escape(out, t),
        Value::List(items) => {
            // `format::swedish_list`: `(inga)`, `a`, `a och b`, `a, b och c`.
            let elem = ty.elem().unwrap_or(&Type::Text);
            match items.len() {
                0 => out.extend_from_slice(b"(inga)"),
                n => {
                    for (i, v) in items.iter().enumerate() {
                        if i + 1 == n && n > 1 {
                            out.extend_from_slice(b" och ");
                        } else if i > 0 {
                            out.extend_from_slice(b", ");
                        }
                        value_text(out, p, v, elem);
                    }
                }
            }
        }
        Value::Dec(_) | Value::Duration(_) | Value::Record(_) => {
            escape(out, &format::text(p, value, ty));
        }
    }
}
