//! The anonymised example case of a group.
//!
//! "Anonymised" means here: of the case's JSON only the pack's declared inputs are kept
//! (whatever else a caller or a log sent along, such as a name, a personal identity number
//! or a reference, is dropped), and of those only inputs whose type holds no `text` and no
//! `datum` (free text and dates, such as a date of birth, can identify a person); the
//! decision date is not shown. The report shows an example only for a group of at least
//! the smallest group size, so that no example stands for a single household.

use delegat_ir::{Program, Type, TypeDefKind};
use serde_json::Value;

/// Whether values of `ty` can be shown in an example.
fn showable(program: &Program, ty: &Type, depth: u32) -> bool {
    if depth > 16 {
        return false;
    }
    match ty {
        Type::Text | Type::Date => false,
        Type::List(inner) => showable(program, inner, depth + 1),
        Type::Record(id) => match program.types.get(id.0 as usize).map(|t| &t.kind) {
            Some(TypeDefKind::Record(fields)) => {
                fields.iter().all(|f| showable(program, &f.ty, depth + 1))
            }
            _ => false,
        },
        _ => true,
    }
}

/// The anonymised inputs of `input` (a case's JSON text) under `program`, in the order the
/// program declares them; empty if the text is no JSON object.
pub fn example(program: &Program, input: &str) -> Vec<(String, Value)> {
    let Ok(Value::Object(map)) = serde_json::from_str::<Value>(input) else {
        return Vec::new();
    };
    program
        .inputs
        .iter()
        .filter(|i| showable(program, &i.ty, 0))
        .filter_map(|i| map.get(&i.name).map(|v| (i.name.clone(), v.clone())))
        .collect()
}
