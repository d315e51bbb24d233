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
use crate::layout::Cell;
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
    /// Per input, what a one-word value of it (and of a list's element) may be.
    pub(crate) words: &'a [InputWords],
    pub(crate) slots: &'a mut [Cell],
    pub(crate) present: &'a mut [u8],
    pub(crate) host: &'a mut Host,
}

/// What one-word values a type allows, worked out once per pack: [`word_ok`] as a lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum WordCheck {
    /// Not a one-word type.
    NoWord,
    /// Every word (`heltal`, `belopp`).
    Any,
    /// 0 or 1 (`ja/nej`).
    Bool,
    /// A day number in the range of dates.
    Date,
    /// A variant index below this number of variants.
    Below(u64),
}

impl WordCheck {
    fn of(p: &Program, ty: &Type) -> WordCheck {
        match ty {
            Type::Int | Type::Money => WordCheck::Any,
            Type::Bool => WordCheck::Bool,
            Type::Date => WordCheck::Date,
            Type::Enum(t) => match p.type_def(*t).map(|d| &d.kind) {
                Some(TypeDefKind::Enum(variants)) => WordCheck::Below(variants.len() as u64),
                _ => WordCheck::Below(0),
            },
            Type::Dec | Type::Duration | Type::Text | Type::List(_) | Type::Record(_) => {
                WordCheck::NoWord
            }
        }
    }

    /// Whether `w` is a valid value (the same answer as [`word_ok`]).
    #[inline]
    fn ok(self, w: i64) -> bool {
        match self {
            WordCheck::NoWord => false,
            WordCheck::Any => true,
            WordCheck::Bool => w == 0 || w == 1,
            WordCheck::Date => Date::from_days(w).is_ok(),
            WordCheck::Below(n) => u64::try_from(w).is_ok_and(|w| w < n),
        }
    }
}

/// An input's checks: of its own type, and of its element for a list.
#[derive(Clone, Copy, Debug)]
pub(crate) struct InputWords {
    word: WordCheck,
    element: WordCheck,
}

/// Every input's checks, in input order.
pub(crate) fn input_words(p: &Program) -> Vec<InputWords> {
    p.inputs
        .iter()
        .map(|i| InputWords {
            word: WordCheck::of(p, &i.ty),
            element: match &i.ty {
                Type::List(elem) => WordCheck::of(p, elem),
                _ => WordCheck::NoWord,
            },
        })
        .collect()
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

    fn put(&mut self, input: usize, slot: Cell) -> bool {
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
    #[inline]
    pub fn set_word(&mut self, input: usize, w: i64) -> bool {
        match self.words.get(input) {
            Some(c) if c.word.ok(w) => self.put(input, Cell::one(w)),
            _ => false,
        }
    }

    /// Sets a `tal` input.
    pub fn set_dec(&mut self, input: usize, d: Decimal) -> bool {
        match self.ty(input) {
            Some(Type::Dec) => self.put(input, Cell::dec(d)),
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
            Cell {
                w0: ptr as u64,
                w1: t.len() as u64,
            },
        )
    }

    /// Sets a list input whose element type is a one-word type (see [`Self::set_word`]);
    /// `false` if any item is not a valid word of that type.
    pub fn set_word_list(&mut self, input: usize, items: &[i64]) -> bool {
        let Some(check) = self.words.get(input).map(|c| c.element) else {
            return false;
        };
        if check == WordCheck::NoWord || !items.iter().all(|w| check.ok(*w)) {
            return false;
        }
        let block = self.host.slots.alloc(items.len());
        for (s, w) in block.iter_mut().zip(items) {
            *s = Cell::one(*w);
        }
        let ptr = block.as_ptr();
        self.put(
            input,
            Cell {
                w0: ptr as u64,
                w1: items.len() as u64,
            },
        )
    }

    /// Sets a list input whose element type is a record of one-word fields (see
    /// [`Self::set_word`]): `fields` holds the records' fields one record after another,
    /// `width` words each, in the record type's field order. `false` if the input is no
    /// such list, `width` is not its record's number of fields, or a word is not a valid
    /// value of its field's type.
    pub fn set_record_list(&mut self, input: usize, width: usize, fields: &[i64]) -> bool {
        let Some(Type::List(elem)) = self.ty(input) else {
            return false;
        };
        let Type::Record(t) = &**elem else {
            return false;
        };
        let p = self.p;
        let Some(TypeDefKind::Record(defs)) = p.type_def(*t).map(|d| &d.kind) else {
            return false;
        };
        if width == 0 || defs.len() != width || !fields.len().is_multiple_of(width) {
            return false;
        }
        let valid = fields.chunks(width).all(|record| {
            defs.iter()
                .zip(record)
                .all(|(f, w)| word_ok(p, &f.ty, *w) == Some(true))
        });
        if !valid {
            return false;
        }
        // The records' fields in one block, the list's slots (one per record, pointing
        // into it) in another, as `to_slot` would place them apart from their order.
        let block = self.host.slots.alloc(fields.len());
        if block.len() != fields.len() {
            return false;
        }
        for (s, w) in block.iter_mut().zip(fields) {
            *s = Cell::one(*w);
        }
        let base = block.as_ptr();
        let n = fields.len() / width;
        let list = self.host.slots.alloc(n);
        if list.len() != n {
            return false;
        }
        for (k, s) in list.iter_mut().enumerate() {
            *s = Cell {
                w0: base.wrapping_add(k * width) as u64,
                w1: width as u64,
            };
        }
        let ptr = list.as_ptr();
        self.put(
            input,
            Cell {
                w0: ptr as u64,
                w1: n as u64,
            },
        )
    }
}

/// One case's inputs converted once to the native layout (the analogue of the hand-written
/// function's `&Case`), for evaluation-only benchmarks and repeated decisions: see
/// [`crate::JitEvaluator::run_case`].
///
/// The case is one block of slots, so that deciding it copies one contiguous piece of
/// memory and relocates a few words:
///
/// | slots | content |
/// | --- | --- |
/// | `0..n` | one slot per input (`n` inputs) |
/// | `n..present` | the slots of the inputs' lists and records |
/// | `present..text` | one presence byte per input (1: given), padded to a slot |
/// | `text..len` | the inputs' text bytes, padded to a slot |
///
/// The relocations are the indexes of the slots whose first word is a byte offset from the
/// block's start (turned into an address in the copy). A block of at most
/// [`INLINE_SLOTS`] slots and at most [`INLINE_RELOCS`] relocations (most cases) are
/// stored inside the `NativeCase` itself: a vector of cases is then one contiguous array
/// that the processor streams through, and the copy has a fixed size; larger ones are on
/// the heap.
#[derive(Clone, Debug)]
#[repr(C)]
pub struct NativeCase {
    // What `run_case` reads first is in the first cache line, the inline block follows.
    /// The pack it was made for.
    pub(crate) pack_id: u64,
    /// The length of the block.
    len: u32,
    /// Where the presence bytes start, in slots.
    pub(crate) present: u32,
    /// How many relocations there are.
    relocs_len: u32,
    /// The relocations when they fit (the first `relocs_len`).
    relocs: [u32; INLINE_RELOCS],
    /// The block when it does not fit (else empty, which allocates nothing).
    pub(crate) heap: Box<[Cell]>,
    /// The block when it fits (its first `len` slots, the rest zero).
    pub(crate) inline: [Cell; INLINE_SLOTS],
    /// The relocations when they do not fit (else empty).
    heap_relocs: Box<[u32]>,
}

/// How many slots of a [`NativeCase`]'s block are stored inline (256 bytes: the FS
/// benchmark's cases, up to nine list items, fit).
pub(crate) const INLINE_SLOTS: usize = 16;

/// How many relocations of a [`NativeCase`] are stored inline.
const INLINE_RELOCS: usize = 6;

/// A [`NativeCase`] being built.
#[derive(Default)]
struct Builder {
    slots: Vec<Cell>,
    text: Vec<u8>,
    /// Slots whose first word is an offset into `slots` (in slots).
    slot_refs: Vec<usize>,
    /// Slots whose first word is an offset into `text` (in bytes).
    text_refs: Vec<usize>,
}

impl NativeCase {
    /// Converts a case's inputs (one per program input, `None` absent); `None` when an
    /// input is not of its declared type (the interpreter then decides such a case).
    pub fn new(pack: &JitPack, inputs: &[Option<Value>]) -> Option<NativeCase> {
        let p = pack.program();
        let n = p.inputs.len();
        let mut b = Builder {
            slots: vec![Cell::default(); n],
            ..Builder::default()
        };
        let mut present = vec![0u8; n];
        for (i, decl) in p.inputs.iter().enumerate() {
            let Some(Some(v)) = inputs.get(i) else {
                continue;
            };
            if !v.has_type(&decl.ty, &p.types) {
                return None;
            }
            let s = b.flatten(v, i);
            *b.slots.get_mut(i)? = s;
            *present.get_mut(i)? = 1;
        }
        let slot = crate::layout::CELL_BYTES as usize;
        let present_at = b.slots.len();
        b.push_bytes(&present);
        let text_at = b.slots.len();
        let text = std::mem::take(&mut b.text);
        b.push_bytes(&text);
        for &i in &b.slot_refs {
            let s = b.slots.get_mut(i)?;
            s.w0 = s.w0.checked_mul(slot as u64)?;
        }
        for &i in &b.text_refs {
            let s = b.slots.get_mut(i)?;
            s.w0 = s.w0.checked_add((text_at * slot) as u64)?;
        }
        let mut refs: Vec<u32> = b
            .slot_refs
            .iter()
            .chain(&b.text_refs)
            .map(|&i| u32::try_from(i).ok())
            .collect::<Option<_>>()?;
        refs.sort_unstable();
        let mut relocs = [0u32; INLINE_RELOCS];
        let heap_relocs = match relocs.get_mut(..refs.len()) {
            Some(fits) => {
                fits.copy_from_slice(&refs);
                Box::default()
            }
            None => refs.clone().into_boxed_slice(),
        };
        let len = b.slots.len();
        let mut inline = [Cell::default(); INLINE_SLOTS];
        let heap = match inline.get_mut(..len) {
            Some(fits) => {
                fits.copy_from_slice(&b.slots);
                Box::default()
            }
            None => b.slots.into_boxed_slice(),
        };
        Some(NativeCase {
            pack_id: pack.id,
            len: u32::try_from(len).ok()?,
            present: u32::try_from(present_at).ok()?,
            relocs_len: u32::try_from(refs.len()).ok()?,
            relocs,
            heap,
            inline,
            heap_relocs,
        })
    }

    /// Whether the block is stored inline (see the type docs).
    pub(crate) fn is_inline(&self) -> bool {
        self.heap.is_empty()
    }

    /// The whole block.
    pub(crate) fn block(&self) -> &[Cell] {
        if self.is_inline() {
            self.inline.get(..self.len as usize).unwrap_or(&[])
        } else {
            &self.heap
        }
    }

    /// The indexes of the block's slots whose first word is a byte offset from its start.
    pub(crate) fn relocations(&self) -> &[u32] {
        if self.heap_relocs.is_empty() {
            self.relocs.get(..self.relocs_len as usize).unwrap_or(&[])
        } else {
            &self.heap_relocs
        }
    }
}

impl Builder {
    /// The slot of `v`, which will be stored at index `at`; its arrays and texts are
    /// appended to the slots and text with their offsets recorded (in slots and bytes).
    fn flatten(&mut self, v: &Value, at: usize) -> Cell {
        match v {
            Value::Text(t) => {
                let off = self.text.len();
                self.text.extend_from_slice(t.as_bytes());
                self.text_refs.push(at);
                Cell {
                    w0: off as u64,
                    w1: t.len() as u64,
                }
            }
            Value::List(items) | Value::Record(items) => {
                let start = self.slots.len();
                self.slots.resize(start + items.len(), Cell::default());
                for (i, item) in items.iter().enumerate() {
                    let s = self.flatten(item, start + i);
                    if let Some(slot) = self.slots.get_mut(start + i) {
                        *slot = s;
                    }
                }
                self.slot_refs.push(at);
                Cell {
                    w0: start as u64,
                    w1: items.len() as u64,
                }
            }
            other => to_slot(other, &mut NoStore),
        }
    }

    /// Appends bytes as they lie in memory, padded with zeros to whole slots.
    fn push_bytes(&mut self, bytes: &[u8]) {
        for chunk in bytes.chunks(16) {
            let mut b = [0u8; 16];
            for (d, s) in b.iter_mut().zip(chunk) {
                *d = *s;
            }
            let (lo, hi) = b.split_at(8);
            let word = |w: &[u8]| u64::from_ne_bytes(w.try_into().unwrap_or([0; 8]));
            self.slots.push(Cell {
                w0: word(lo),
                w1: word(hi),
            });
        }
    }
}

/// Byte `i` of an array of bytes stored in slots (as [`Builder::push_bytes`] wrote it).
pub(crate) fn byte_at(slots: &[Cell], i: usize) -> Option<u8> {
    let s = slots.get(i / 16)?;
    let w = if i % 16 < 8 { s.w0 } else { s.w1 };
    w.to_ne_bytes().get(i % 8).copied()
}

/// A store for values that have no arrays or texts (never called).
struct NoStore;

impl crate::marshal::Store for NoStore {
    fn block(&mut self, _len: usize) -> *mut Cell {
        std::ptr::null_mut()
    }

    fn text(&mut self, _t: &str) -> *const u8 {
        std::ptr::null()
    }
}
