//! [`InputSink`]: where the case reader puts each input it reads; the sink of the
//! interpreter (`Vec<Option<Value>>`, exactly the values `case::read` produces) and the
//! JIT's native input layout ([`NativeInputs`]).

use delegat_ir::Value;
#[cfg(feature = "jit")]
use delegat_jit::NativeInputs;
use delegat_value::{Date, Decimal, Money};

/// Which scalar a one-word input holds; a word is its machine form.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum Word {
    /// `heltal`: the integer.
    Int,
    /// `belopp`: öre.
    Money,
    /// `ja/nej`: 0 or 1.
    Bool,
    /// `datum`: days since 1970-01-01.
    Date,
    /// An enum: the variant's index.
    Enum,
}

impl Word {
    /// The value of a word of this kind. The reader only hands over words it made from a
    /// valid value, so the `None` of a date or enum out of range does not happen.
    pub(crate) fn value(self, w: i64) -> Option<Value> {
        Some(match self {
            Word::Int => Value::Int(w),
            Word::Money => Value::Money(Money::from_ore(w)),
            Word::Bool => Value::Bool(w != 0),
            Word::Date => Value::Date(Date::from_days(w).ok()?),
            Word::Enum => Value::Enum(u32::try_from(w).ok()?),
        })
    }
}

/// The receiver of one case's inputs, in the order the case gives them. Every input the
/// case gives is set exactly once; an input not set is absent. After a read that fails the
/// sink's contents are unspecified.
pub(crate) trait InputSink {
    /// A new case of `inputs` inputs: every input absent.
    fn clear(&mut self, inputs: usize);
    /// A one-word scalar: `heltal`, `belopp` (öre), `ja/nej` (0/1), `datum` (days since
    /// 1970-01-01), an enum (variant index).
    fn word(&mut self, input: usize, kind: Word, w: i64);
    /// A `tal`.
    fn dec(&mut self, input: usize, d: Decimal);
    /// A `text`.
    fn text(&mut self, input: usize, t: &str);
    /// A list whose element is a one-word scalar.
    fn word_list(&mut self, input: usize, kind: Word, items: &[i64]);
    /// A list of records whose fields are one-word scalars: `fields` holds the records'
    /// fields one record after another, in the record type's field order, the kind of
    /// each field in `kinds` (so each record is `kinds.len()` words).
    fn record_list(&mut self, input: usize, kinds: &[Word], fields: &[i64]);
    /// Anything else (records, lists of other elements, durations), and every input of a
    /// case read by the general path.
    fn value(&mut self, input: usize, v: Value);
}

/// The inputs as the interpreter takes them: one slot per input, `None` when absent.
impl InputSink for Vec<Option<Value>> {
    fn clear(&mut self, inputs: usize) {
        self.clear();
        self.resize(inputs, None);
    }

    fn word(&mut self, input: usize, kind: Word, w: i64) {
        set(self, input, kind.value(w));
    }

    fn dec(&mut self, input: usize, d: Decimal) {
        set(self, input, Some(Value::Dec(d)));
    }

    fn text(&mut self, input: usize, t: &str) {
        set(self, input, Some(Value::text(t)));
    }

    fn word_list(&mut self, input: usize, kind: Word, items: &[i64]) {
        let items: Option<Vec<Value>> = items.iter().map(|w| kind.value(*w)).collect();
        set(self, input, items.map(Value::list));
    }

    fn record_list(&mut self, input: usize, kinds: &[Word], fields: &[i64]) {
        set(self, input, records(kinds, fields));
    }

    fn value(&mut self, input: usize, v: Value) {
        set(self, input, Some(v));
    }
}

/// The value of a list of records of one-word fields (see [`InputSink::record_list`]).
pub(crate) fn records(kinds: &[Word], fields: &[i64]) -> Option<Value> {
    if kinds.is_empty() {
        return None;
    }
    let records: Option<Vec<Value>> = fields
        .chunks(kinds.len())
        .map(|record| {
            let values: Option<Vec<Value>> = kinds
                .iter()
                .zip(record)
                .map(|(kind, w)| kind.value(*w))
                .collect();
            values.map(Value::record)
        })
        .collect();
    records.map(Value::list)
}

fn set(slots: &mut [Option<Value>], input: usize, v: Option<Value>) {
    if let Some(slot) = slots.get_mut(input) {
        *slot = v;
    }
}

/// The JIT's frame. [`NativeInputs`] starts with every input absent (from
/// `JitEvaluator::inputs`) and cannot forget an input, so `clear` does nothing: the reader
/// never needs it to (see `docs/inbaddning.md`, "Reading cases fast"). A setter that refuses
/// a value would be a bug of the reader or the JIT; the value is then given again through
/// `set_value`, the general path of the JIT.
#[cfg(feature = "jit")]
impl InputSink for NativeInputs<'_> {
    fn clear(&mut self, _inputs: usize) {}

    fn word(&mut self, input: usize, kind: Word, w: i64) {
        if !self.set_word(input, w)
            && let Some(v) = kind.value(w)
        {
            self.set_value(input, &v);
        }
    }

    fn dec(&mut self, input: usize, d: Decimal) {
        if !self.set_dec(input, d) {
            self.set_value(input, &Value::Dec(d));
        }
    }

    fn text(&mut self, input: usize, t: &str) {
        if !self.set_text(input, t) {
            self.set_value(input, &Value::text(t));
        }
    }

    fn word_list(&mut self, input: usize, kind: Word, items: &[i64]) {
        if !self.set_word_list(input, items) {
            let items: Option<Vec<Value>> = items.iter().map(|w| kind.value(*w)).collect();
            if let Some(items) = items {
                self.set_value(input, &Value::list(items));
            }
        }
    }

    fn record_list(&mut self, input: usize, kinds: &[Word], fields: &[i64]) {
        if !self.set_record_list(input, kinds.len(), fields)
            && let Some(v) = records(kinds, fields)
        {
            self.set_value(input, &v);
        }
    }

    fn value(&mut self, input: usize, v: Value) {
        self.set_value(input, &v);
    }
}

/// Two sinks fed alike, so that one reading of a case fills both: the engine's inputs and
/// the canonical JSON of a logged decision (`canonical::CanonicalSink`).
pub(crate) struct Both<'a, A, B>(pub(crate) &'a mut A, pub(crate) &'a mut B);

impl<A: InputSink, B: InputSink> InputSink for Both<'_, A, B> {
    fn clear(&mut self, inputs: usize) {
        self.0.clear(inputs);
        self.1.clear(inputs);
    }

    fn word(&mut self, input: usize, kind: Word, w: i64) {
        self.0.word(input, kind, w);
        self.1.word(input, kind, w);
    }

    fn dec(&mut self, input: usize, d: Decimal) {
        self.0.dec(input, d);
        self.1.dec(input, d);
    }

    fn text(&mut self, input: usize, t: &str) {
        self.0.text(input, t);
        self.1.text(input, t);
    }

    fn word_list(&mut self, input: usize, kind: Word, items: &[i64]) {
        self.0.word_list(input, kind, items);
        self.1.word_list(input, kind, items);
    }

    fn record_list(&mut self, input: usize, kinds: &[Word], fields: &[i64]) {
        self.0.record_list(input, kinds, fields);
        self.1.record_list(input, kinds, fields);
    }

    fn value(&mut self, input: usize, v: Value) {
        self.0.value(input, v.clone());
        self.1.value(input, v);
    }
}
