//! The JSON Schema (draft 2020-12) of a case, for e-service forms: one property per input,
//! with its `fråga` (else its `beskrivning`) as the description, ranges as
//! `minimum`/`maximum`, enum variants as `enum`, records as closed objects.
//!
//! Money may be a number of kronor or a text with a unit (`"5 000 kr"`); the schema allows
//! both, the range on the number as `minimum`/`maximum` and on the text as a pattern of the
//! canonical spellings within it (`delegat_value::json::money_text_pattern`), so that every
//! case valid by the schema is read and within its ranges.

use delegat_ir::{Bounds, Program, Type, TypeDefKind, Value};
use delegat_value::json as vjson;
use serde_json::{Map, Value as Json, json};

use crate::case::{DATE_KEY, is_required};
use crate::format;
use crate::pack::Pack;

impl Pack {
    /// The JSON Schema of a case of this pack.
    pub fn schema(&self) -> Json {
        let p = &self.program;
        let mut props = Map::new();
        props.insert(
            DATE_KEY.into(),
            json!({
                "type": "string",
                "format": "date",
                "description": "Beslutsdatum (ÅÅÅÅ-MM-DD). Utelämnas det gäller datumet då beslutet fattas."
            }),
        );
        let mut required = Vec::new();
        for input in &p.inputs {
            let mut s = type_schema(p, &input.ty, &input.bounds);
            let desc = input.fraga.clone().or_else(|| input.beskrivning.clone());
            if let (Some(d), Json::Object(m)) = (desc, &mut s) {
                m.insert("description".into(), Json::String(d));
            }
            if let Json::Object(m) = &mut s {
                m.insert("title".into(), Json::String(input.name.clone()));
            }
            props.insert(input.name.clone(), s);
            if is_required(input) {
                required.push(Json::String(input.name.clone()));
            }
        }
        json!({
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": p.meta.title,
            "description": format!("Ett ärende till regelverket {} (kontrollsumma {}).", p.meta.title, self.hash()),
            "type": "object",
            "properties": Json::Object(props),
            "required": required,
            "additionalProperties": false
        })
    }
}

fn type_schema(p: &Program, ty: &Type, bounds: &Bounds) -> Json {
    match ty {
        Type::Int => with_range(json!({"type": "integer"}), bounds, p, ty),
        Type::Dec => with_range(json!({"type": "number"}), bounds, p, ty),
        Type::Money => {
            let mut number = json!({"type": "number"});
            if let Json::Object(m) = &mut number {
                m.insert("multipleOf".into(), format::number("0.01"));
            }
            let number = with_range(number, bounds, p, ty);
            let money = |b: &Option<Value>| match b {
                Some(Value::Money(m)) => Some(*m),
                _ => None,
            };
            let pattern = vjson::money_text_pattern(money(&bounds.lo), money(&bounds.hi));
            json!({
                "anyOf": [
                    number,
                    {"type": "string", "pattern": pattern}
                ],
                "description": "Belopp i kronor: ett tal (5000 eller 12.5) eller en text med enhet (\"5 000 kr\")."
            })
        }
        Type::Bool => json!({"type": "boolean"}),
        Type::Date => with_range(json!({"type": "string", "format": "date"}), bounds, p, ty),
        Type::Duration => json!({
            "type": "string",
            "pattern": "^-?[0-9]+ (dag|dagar|vecka|veckor|månad|månader|år)$"
        }),
        Type::Text => json!({"type": "string"}),
        Type::Enum(t) => match p.type_def(*t).map(|d| &d.kind) {
            Some(TypeDefKind::Enum(names)) => json!({"type": "string", "enum": names}),
            _ => json!({"type": "string"}),
        },
        Type::Record(t) => {
            let fields = match p.type_def(*t).map(|d| &d.kind) {
                Some(TypeDefKind::Record(fields)) => fields.as_slice(),
                _ => &[],
            };
            let mut props = Map::new();
            for f in fields {
                props.insert(f.name.clone(), type_schema(p, &f.ty, &f.bounds));
            }
            let names: Vec<&str> = fields.iter().map(|f| f.name.as_str()).collect();
            json!({
                "type": "object",
                "title": p.type_name(ty),
                "properties": Json::Object(props),
                "required": names,
                "additionalProperties": false
            })
        }
        Type::List(elem) => json!({"type": "array", "items": type_schema(p, elem, bounds)}),
    }
}

/// Adds `minimum`/`maximum` (numbers) or a description of the range (dates).
fn with_range(mut s: Json, bounds: &Bounds, p: &Program, ty: &Type) -> Json {
    let Json::Object(m) = &mut s else { return s };
    for (key, bound) in [("minimum", &bounds.lo), ("maximum", &bounds.hi)] {
        match bound {
            Some(Value::Int(v)) => {
                m.insert(key.into(), json!(v));
            }
            Some(Value::Money(v)) => {
                m.insert(key.into(), format::number(&vjson::money_to_json(*v)));
            }
            Some(Value::Dec(v)) => {
                m.insert(key.into(), format::number(&vjson::decimal_to_json(*v)));
            }
            _ => {}
        }
    }
    if let (Type::Date, false) = (ty, bounds.is_none()) {
        let show = |v: &Option<Value>| v.as_ref().map(|v| format::text(p, v, ty));
        let text = match (show(&bounds.lo), show(&bounds.hi)) {
            (Some(a), Some(b)) => format!("Från {a} till {b}."),
            (Some(a), None) => format!("Tidigast {a}."),
            (None, Some(b)) => format!("Senast {b}."),
            (None, None) => String::new(),
        };
        m.insert("description".into(), Json::String(text));
    }
    s
}
