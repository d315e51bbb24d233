//! [`CanonicalSink`]: a case's canonical JSON (see [`crate::canonical`]) written while the
//! case is read, from the typed values the reader hands over, without making the
//! interpreter's [`Value`]s of them: each input's value text as `json_out::value_json`
//! writes it for that value, kept until the case is read, then the object in the pack's
//! canonical key order. The bytes are those of `canonical::write` over the values the
//! interpreter's sink would hold (the log's tests compare the two on every example case).

use std::ops::Range;

use delegat_ir::{FieldDef, Program, Type, Value};
use delegat_value::Decimal;

use crate::reader::{InputSink, MAX_RECORD_FIELDS, Word, record_list_value};
use crate::{format, json_out};

/// The canonical value texts of the case being read. See the module documentation.
#[derive(Debug)]
pub(crate) struct CanonicalSink<'p> {
    program: &'p Program,
    /// The value texts of the inputs read, one after another in the order read.
    text: Vec<u8>,
    /// Per input of the program: where its value text is in `text`, if the case gives it.
    spans: Vec<Option<Range<usize>>>,
}

impl<'p> CanonicalSink<'p> {
    /// An empty sink for cases of `program`.
    pub(crate) fn new(program: &'p Program) -> CanonicalSink<'p> {
        CanonicalSink {
            program,
            text: Vec::new(),
            spans: Vec::new(),
        }
    }

    /// Appends the canonical JSON of the case read to `out`; `order` is the program's
    /// canonical key order (`canonical::order`).
    pub(crate) fn write(&self, out: &mut Vec<u8>, order: &[usize]) {
        out.push(b'{');
        let mut first = true;
        for i in order {
            let (Some(input), Some(Some(span))) = (self.program.inputs.get(*i), self.spans.get(*i))
            else {
                continue;
            };
            let Some(text) = self.text.get(span.clone()) else {
                continue;
            };
            if !first {
                out.push(b',');
            }
            first = false;
            json_out::string(out, &input.name);
            out.push(b':');
            out.extend_from_slice(text);
        }
        out.push(b'}');
    }

    /// Writes input `input`'s value text with `f` (which says whether there is a value:
    /// the interpreter's sink leaves an input absent when a word makes no value).
    fn put(&mut self, input: usize, f: impl FnOnce(&mut Vec<u8>, &'p Program, &'p Type) -> bool) {
        let program = self.program;
        let Some(ty) = program.inputs.get(input).map(|i| &i.ty) else {
            return;
        };
        let start = self.text.len();
        let present = f(&mut self.text, program, ty);
        if !present {
            self.text.truncate(start);
        }
        if let Some(slot) = self.spans.get_mut(input) {
            *slot = present.then_some(start..self.text.len());
        }
    }
}

impl InputSink for CanonicalSink<'_> {
    fn clear(&mut self, inputs: usize) {
        self.text.clear();
        self.spans.clear();
        self.spans.resize(inputs, None);
    }

    fn word(&mut self, input: usize, kind: Word, w: i64) {
        self.put(input, |out, p, ty| match kind.value(w) {
            Some(v) => {
                json_out::value_json(out, p, &v, ty);
                true
            }
            None => false,
        });
    }

    fn dec(&mut self, input: usize, d: Decimal) {
        self.put(input, |out, p, ty| {
            json_out::value_json(out, p, &Value::Dec(d), ty);
            true
        });
    }

    fn text(&mut self, input: usize, t: &str) {
        self.put(input, |out, _, _| {
            json_out::string(out, t);
            true
        });
    }

    fn word_list(&mut self, input: usize, kind: Word, items: &[i64]) {
        self.put(input, |out, p, ty| {
            let elem = ty.elem().unwrap_or(&Type::Text);
            out.push(b'[');
            for (i, w) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                let Some(v) = kind.value(*w) else {
                    return false;
                };
                json_out::value_json(out, p, &v, elem);
            }
            out.push(b']');
            true
        });
    }

    fn record_list(&mut self, input: usize, kinds: &[Word], fields: &[i64]) {
        self.put(input, |out, p, ty| {
            match ty.elem().and_then(|elem| format::record_fields(p, elem)) {
                Some(defs)
                    if defs.len() == kinds.len()
                        && (1..=MAX_RECORD_FIELDS).contains(&kinds.len()) =>
                {
                    record_list_json(out, p, defs, kinds, fields)
                }
                // Not a record type the program declares (the reader does not hand those
                // over): the interpreter's value, written as it would be.
                _ => match record_list_value(kinds, fields) {
                    Some(v) => {
                        json_out::value_json(out, p, &v, ty);
                        true
                    }
                    None => false,
                },
            }
        });
    }

    fn value(&mut self, input: usize, v: Value) {
        self.put(input, |out, p, ty| {
            json_out::value_json(out, p, &v, ty);
            true
        });
    }
}

/// Writes a list of records of one-word fields (`fields`: the records' words one record
/// after another, in the type's field order `defs`, of kinds `kinds`) as `format::to_json`
/// writes the list's value: each record an object with its keys in byte order, each field
/// as `json_out::value_json` writes it. `false` when a word makes no value (the
/// interpreter's sink then leaves the input absent).
fn record_list_json(
    out: &mut Vec<u8>,
    p: &Program,
    defs: &[FieldDef],
    kinds: &[Word],
    fields: &[i64],
) -> bool {
    // The fields by name in byte order, as `format::to_json`'s map writes them.
    let mut order = [0usize; MAX_RECORD_FIELDS];
    let Some(order) = order.get_mut(..defs.len()) else {
        return false;
    };
    for (i, o) in order.iter_mut().enumerate() {
        *o = i;
    }
    let name = |f: &usize| defs.get(*f).map(|d| d.name.as_str());
    order.sort_unstable_by(|a, b| name(a).cmp(&name(b)));
    out.push(b'[');
    for (r, record) in fields.chunks(kinds.len()).enumerate() {
        if r > 0 {
            out.push(b',');
        }
        out.push(b'{');
        for (k, f) in order.iter().enumerate() {
            let (Some(def), Some(kind), Some(w)) = (defs.get(*f), kinds.get(*f), record.get(*f))
            else {
                return false;
            };
            let Some(v) = kind.value(*w) else {
                return false;
            };
            if k > 0 {
                out.push(b',');
            }
            json_out::string(out, &def.name);
            out.push(b':');
            json_out::value_json(out, p, &v, &def.ty);
        }
        out.push(b'}');
    }
    out.push(b']');
    true
}
