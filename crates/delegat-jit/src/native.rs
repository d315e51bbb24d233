//! Inputs in the native layout: [`NativeInputs`] writes one case's inputs straight into an
//! evaluator's frame (for readers that parse a case themselves, such as the runtime's JSON
//! reader), and [`NativeCase`] holds a case converted once (for repeated decisions and
//! evaluation-only benchmarks).
//!
//! Every setter checks the value against the input's declared type (and one-word values
//! against what the type allows: 0/1 for `ja/nej`, a variant index for an enum, a date in
//! range), so generated code only ever sees values of their types. A rejected value leaves
//! the input as it was.

use delegat_ir::{Program, Type, TypeDefKind, Value};
use delegat_value::{Date, Decimal};

use crate::host::Host;
use crate::layout::Slot;
use crate::marshal::to_slot;
use crate::pack::JitPack;

/// Writes one case's inputs into a [`crate::JitEvaluator`]'s frame; from
/// [`crate::JitEvaluator::inputs`], which starts the case with every input absent.
///
/// Each setter returns `false`, and sets nothing, when the index is not an input or the
/// value is not of the input's declared type.
#[derive(Debug)]
pub struct NativeInputs<'a> {
    pub(crate) p: &'a Program,
    pub(crate) slots: &'a mut [Slot],
    pub(crate) present: &'a mut [u8],
    pub(crate) host: &'a mut Host,
}

/// Whether `w` is a valid one-word value of `ty`; `None` when `ty` is not a one-word type.
fn word_ok(p: &Program, ty: &Type, w: i64) -> Option<bool> {
    Some(match ty {
        Type::Int | Type::Money => true,
        Type::Bool => w == 0 || w == 1,
        Type::Date => Date::from_days(w).is_ok(),
        Type::Enum(t) => match p.type_def(*t).map(|d| &d.kind) {
            Some(TypeDefKind::Enum(variants)) => {
                usize::try_from(w).is_ok_and(|w| w < variants.len())
            }
            _ => false,
        },
        Type::Dec | Type::Duration | Type::Text | Type::List(_) | Type::Record(_) => return None,
    })
}

impl NativeInputs<'_> {
    /// The declared type of input `input`.
    fn ty(&self, input: usize) -> Option<&Type> {
        self.p.inputs.get(input).map(|i| &i.ty)
    }

    fn put(&mut self, input: usize, slot: Slot) -> bool {
        match (self.slots.get_mut(input), self.present.get_mut(input)) {
            (Some(s), Some(p)) => {
                *s = slot;
                *p = 1;
                true
            }
            _ => false,
        }
    }

    /// Sets an input of any type from its IR value (lists, records and texts are copied
    /// into the case's arena).
    pub fn set_value(&mut self, input: usize, v: &Value) -> bool {
        let Some(ty) = self.ty(input) else {
            return false;
        };
        if !v.has_type(ty, &self.p.types) {
            return false;
        }
        let slot = to_slot(v, &mut *self.host);
        self.put(input, slot)
    }

    /// Sets a one-word input: `heltal`, `belopp` (öre), `ja/nej` (0 or 1), `datum` (days
    /// since 1970-01-01) or an enum (the variant index).
    pub fn set_word(&mut self, input: usize, w: i64) -> bool {
        match self.ty(input).and_then(|ty| word_ok(self.p, ty, w)) {
            Some(true) => self.put(input, Slot::one(w)),
            _ => false,
        }
    }

    /// Sets a `tal` input.
    pub fn set_dec(&mut self, input: usize, d: Decimal) -> bool {
        match self.ty(input) {
            Some(Type::Dec) => self.put(input, Slot::dec(d)),
            _ => false,
        }
    }

    /// Sets a `text` input (the bytes are copied into the case's arena).
    pub fn set_text(&mut self, input: usize, t: &str) -> bool {
        if !matches!(self.ty(input), Some(Type::Text)) {
            return false;
        }
        let ptr = self.host.bytes.copy(t.as_bytes());
        self.put(
            input,
            Slot {
                w0: ptr as u64,
                w1: t.len() as u64,
            },
        )
    }

    /// Sets a list input whose element type is a one-word type (see [`Self::set_word`]);
    /// `false` if any item is not a valid word of that type.
    pub fn set_word_list(&mut self, input: usize, items: &[i64]) -> bool {
        let Some(Type::List(elem)) = self.ty(input) else {
            return false;
        };
        let p = self.p;
        if !items.iter().all(|w| word_ok(p, elem, *w) == Some(true)) {
            return false;
        }
        let block = self.host.slots.alloc(items.len());
        for (s, w) in block.iter_mut().zip(items) {
            *s = Slot::one(*w);
        }
        let ptr = block.as_ptr();
        self.put(
            input,
            Slot {
                w0: ptr as u64,
                w1: items.len() as u64,
            },
        )
    }
}

/// Where a [`NativeCase`] slot's first word points: an offset into the case's slots or its
/// text bytes, turned into an address when the case is copied into an evaluator.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fixup {
    /// Slot `usize` holds an offset into the slots.
    Slots(usize),
    /// Slot `usize` holds an offset into the text bytes.
    Text(usize),
}

/// One case's inputs converted once to the native layout (the analogue of the hand-written
/// function's `&Case`), for evaluation-only benchmarks and repeated decisions: see
/// [`crate::JitEvaluator::run_case`].
#[derive(Clone, Debug)]
pub struct NativeCase {
    /// The pack it was made for.
    pub(crate) pack_id: u64,
    /// One slot per input, then the slots of its lists and records (offsets, see `fixups`).
    pub(crate) slots: Vec<Slot>,
    /// One byte per input: 1 when given.
    pub(crate) present: Vec<u8>,
    /// The text bytes.
    pub(crate) text: Vec<u8>,
    /// The slots whose first word is an offset to relocate.
    pub(crate) fixups: Vec<Fixup>,
    /// The inputs as given (for the interpreter, should a case be left to it).
    pub(crate) values: Vec<Option<Value>>,
}

impl NativeCase {
    /// Converts a case's inputs (as for [`delegat_interp::evaluate`]); `None` when an
    /// input is not of its declared type (the interpreter then decides such a case).
    pub fn new(pack: &JitPack, inputs: &[Option<Value>]) -> Option<NativeCase> {
        let p = pack.program();
        let n = p.inputs.len();
        let mut case = NativeCase {
            pack_id: pack.id,
            slots: vec![Slot::default(); n],
            present: vec![0; n],
            text: Vec::new(),
            fixups: Vec::new(),
            values: inputs.iter().take(n).cloned().collect(),
        };
        for (i, decl) in p.inputs.iter().enumerate() {
            let Some(Some(v)) = inputs.get(i) else {
                continue;
            };
            if !v.has_type(&decl.ty, &p.types) {
                return None;
            }
            let s = case.flatten(v, i);
            *case.slots.get_mut(i)? = s;
            *case.present.get_mut(i)? = 1;
        }
        Some(case)
    }

    /// The slot of `v`, which will be stored at index `at`; its arrays and texts are
    /// appended to the case's slots and text with their offsets recorded as fixups.
    fn flatten(&mut self, v: &Value, at: usize) -> Slot {
        match v {
            Value::Text(t) => {
                let off = self.text.len();
                self.text.extend_from_slice(t.as_bytes());
                self.fixups.push(Fixup::Text(at));
                Slot {
                    w0: off as u64,
                    w1: t.len() as u64,
                }
            }
            Value::List(items) | Value::Record(items) => {
                let start = self.slots.len();
                self.slots.resize(start + items.len(), Slot::default());
                for (i, item) in items.iter().enumerate() {
                    let s = self.flatten(item, start + i);
                    if let Some(slot) = self.slots.get_mut(start + i) {
                        *slot = s;
                    }
                }
                self.fixups.push(Fixup::Slots(at));
                Slot {
                    w0: start as u64,
                    w1: items.len() as u64,
                }
            }
            other => to_slot(other, &mut NoStore),
        }
    }
}

/// A store for values that have no arrays or texts (never called).
struct NoStore;

impl crate::marshal::Store for NoStore {
    fn block(&mut self, _len: usize) -> *mut Slot {
        std::ptr::null_mut()
    }

    fn text(&mut self, _t: &str) -> *const u8 {
        std::ptr::null()
    }
}
