//! Values as a citizen reads them (Swedish text) and as the decision JSON holds them.
//!
//! Text: `8 560 kr`, `12,5`, `2026-03-01`, `ja`, `3 månader`, an enum variant by name, a
//! list as `a, b och c`, a record as `fält: värde, …`. JSON: money as a number of kronor
//! written exactly (`8560`, `8560.5`), `tal` as an exact number, dates as `"YYYY-MM-DD"`,
//! enum variants as strings, `ja/nej` as `true`/`false`, lists as arrays, records as
//! objects. Neither goes through binary floating point.

use delegat_ir::{ExprId, ExprKind, ParamId, Program, Type, TypeDefKind, Value};
use delegat_value::{format as swedish, json};
use serde_json::{Map, Number, Value as Json};

/// Whether the parameter is shown as percentages (every value written as one, `50 %`).
pub(crate) fn percent_param(p: &Program, id: ParamId) -> bool {
    p.param(id).is_some_and(|par| par.percent)
}

/// Whether the expression reads such a parameter directly (`{subvention}`, `{andel[2]}` in
/// a motivering), so that its value is shown as a percentage.
pub(crate) fn percent_expr(p: &Program, e: ExprId) -> bool {
    match p.expr(e).map(|x| &x.kind) {
        Some(ExprKind::Param(id) | ExprKind::Lookup { table: id, .. }) => percent_param(p, *id),
        _ => false,
    }
}

/// The Swedish text of a value, as a percentage when `percent` and the value is a `tal`
/// (`50 %` for 0,5), else as [`text`] writes it.
pub(crate) fn shown(p: &Program, value: &Value, ty: &Type, percent: bool) -> String {
    match value {
        Value::Dec(d) if percent => swedish::format_percent(*d),
        _ => text(p, value, ty),
    }
}

/// The Swedish text of a value of type `ty`.
pub(crate) fn text(p: &Program, value: &Value, ty: &Type) -> String {
    match value {
        Value::Int(v) => swedish::format_int(*v),
        Value::Money(v) => swedish::format_money(*v),
        Value::Dec(v) => swedish::format_decimal(*v),
        Value::Bool(v) => swedish::format_bool(*v).to_owned(),
        Value::Date(v) => swedish::format_date(*v),
        Value::Duration(v) => swedish::format_duration(*v),
        Value::Enum(v) => variant_name(p, ty, *v),
        Value::Text(t) => t.to_string(),
        Value::List(items) => {
            let elem = ty.elem().cloned().unwrap_or(Type::Text);
            let parts: Vec<String> = items.iter().map(|v| text(p, v, &elem)).collect();
            swedish_list(&parts)
        }
        Value::Record(fields) => {
            let defs = record_fields(p, ty);
            let parts: Vec<String> = fields
                .iter()
                .enumerate()
                .map(|(i, v)| match defs.and_then(|d| d.get(i)) {
                    Some(fd) => format!("{}: {}", fd.name, text(p, v, &fd.ty)),
                    None => text(p, v, &Type::Text),
                })
                .collect();
            parts.join(", ")
        }
    }
}

/// The JSON of a value of type `ty`.
pub(crate) fn to_json(p: &Program, value: &Value, ty: &Type) -> Json {
    match value {
        Value::Int(v) => Json::Number(Number::from(*v)),
        Value::Money(v) => number(&json::money_to_json(*v)),
        Value::Dec(v) => number(&json::decimal_to_json(*v)),
        Value::Bool(v) => Json::Bool(*v),
        Value::Date(v) => Json::String(swedish::format_date(*v)),
        Value::Duration(v) => Json::String(swedish::format_duration(*v)),
        Value::Enum(v) => Json::String(variant_name(p, ty, *v)),
        Value::Text(t) => Json::String(t.to_string()),
        Value::List(items) => {
            let elem = ty.elem().cloned().unwrap_or(Type::Text);
            Json::Array(items.iter().map(|v| to_json(p, v, &elem)).collect())
        }
        Value::Record(fields) => {
            let mut map = Map::new();
            let defs = record_fields(p, ty);
            for (i, v) in fields.iter().enumerate() {
                match defs.and_then(|d| d.get(i)) {
                    Some(fd) => map.insert(fd.name.clone(), to_json(p, v, &fd.ty)),
                    None => map.insert(format!("fält{i}"), to_json(p, v, &Type::Text)),
                };
            }
            Json::Object(map)
        }
    }
}

/// A JSON number from exact decimal text (`serde_json`'s `arbitrary_precision` keeps it
/// as written); text that is not a number (impossible from `delegat-value`) becomes a string.
pub(crate) fn number(text: &str) -> Json {
    match text.parse::<Number>() {
        Ok(n) => Json::Number(n),
        Err(_) => Json::String(text.to_owned()),
    }
}

/// `a`, `a och b`, `a, b och c`.
pub(crate) fn swedish_list(parts: &[String]) -> String {
    match parts {
        [] => "(inga)".to_owned(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} och {last}", init.join(", ")),
    }
}

/// The name of variant `index` of the enum type `ty`.
pub(crate) fn variant_name(p: &Program, ty: &Type, index: u32) -> String {
    if let Type::Enum(t) = ty
        && let Some(TypeDefKind::Enum(names)) = p.type_def(*t).map(|d| &d.kind)
        && let Some(n) = names.get(index as usize)
    {
        return n.clone();
    }
    format!("variant {index}")
}

pub(crate) fn record_fields<'p>(p: &'p Program, ty: &Type) -> Option<&'p [delegat_ir::FieldDef]> {
    match ty {
        Type::Record(t) => match p.type_def(*t).map(|d| &d.kind) {
            Some(TypeDefKind::Record(fields)) => Some(fields),
            _ => None,
        },
        _ => None,
    }
}
