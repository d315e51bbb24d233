//! [`CaseReader`]: the fast reader of JSON cases, straight from the bytes into an
//! [`InputSink`] (the native input layout of the JIT, or the interpreter's values), with no
//! generic JSON tree in between.
//!
//! Built once per program: a key table (with a guess that keys come in declaration order)
//! and a plan per input from its declared type and range. A case is scanned once; each
//! value is read by its input's plan straight to a word (integers and money exactly, never
//! through a float), a list of words, a decimal or a text, and checked against its range.
//!
//! The fast path accepts only what `case::read` accepts, with the same values. Whenever it
//! meets anything it does not handle (an escape in a string, a duplicate key, an unknown or
//! missing key, a value of the wrong type or out of range, bad JSON), the case is read again
//! by `case::read`, which then gives the value or the error: the errors are `case::read`'s
//! own, byte for byte. A list of records whose fields are one-word scalars (the children
//! of a household) is read directly too, each record's fields by name in any order. Other
//! records, lists of non-word elements and nested lists take a middle path: the value's
//! bytes are parsed by `serde_json` and read by `case::read`'s reader.
//! `docs/inbaddning.md` ("Reading cases fast") describes the reader for developers.

mod bench;
mod scan;
mod sink;

use std::collections::HashMap;

use delegat_ir::{Bounds, Program, Type, TypeDefKind, Value};
use delegat_value::Date;
use delegat_value::json as vjson;

use crate::case::{self, CaseError, DATE_KEY, MAX_CASE_BYTES};
#[doc(hidden)]
pub use bench::{ReadInto, read_cases};
use scan::{Cursor, KeyPattern, Number};
pub(crate) use sink::Both;
pub(crate) use sink::{InputSink, Word, records as record_list_value};

/// The most inputs the fast path tracks (a bit each); a larger program is always read by
/// `case::read`.
const MAX_FAST_INPUTS: usize = 64 * SEEN_WORDS;
const SEEN_WORDS: usize = 4;

/// Lists of words up to this length are collected on the stack.
const STACK_LIST: usize = 32;

/// The most fields a record read directly may have (a bit each in a word).
pub(crate) const MAX_RECORD_FIELDS: usize = 64;

/// The fields of lists of records up to this many words are collected on the stack.
const STACK_RECORDS: usize = 64;

/// The reader of one program's cases.
#[derive(Debug)]
pub(crate) struct CaseReader<'p> {
    program: &'p Program,
    /// Each input's name in declaration order, for the guess that the next key is the next
    /// input; `None` for a name declared twice (only its first input is reachable) and for
    /// `beslutsdatum` (the key is the decision date).
    names: Vec<Option<KeyPattern>>,
    /// Name to input, the first input of each name.
    index: HashMap<Box<[u8]>, usize>,
    plans: Vec<Plan>,
    /// The inputs a case must give (`källa: sökande`), a bit each.
    required: [u64; SEEN_WORDS],
    /// Whether the fast path can read this program at all.
    fast: bool,
}

/// What a key of a case names.
#[derive(Clone, Copy, Debug)]
enum Key {
    /// `beslutsdatum`.
    Date,
    /// The input of this index.
    Input(usize),
}

/// How one input's value is read.
#[derive(Debug)]
enum Plan {
    /// A one-word scalar.
    Word(WordPlan),
    /// A list of one-word scalars (the range applies to each element).
    List(WordPlan),
    /// A list of records whose fields are all one-word scalars.
    Records(RecordPlan),
    /// A `tal`, with its range.
    Dec(Bounds),
    /// A `text`.
    Text,
    /// A `varaktighet`.
    Duration,
    /// Anything else: the value's bytes parsed by `serde_json`, read by `case::read`'s reader.
    General,
}

/// A one-word scalar and its inclusive range (`i64::MIN..=i64::MAX` when open).
#[derive(Debug)]
struct WordPlan {
    kind: Scalar,
    lo: i64,
    hi: i64,
}

/// A record of one-word fields, in the record type's field order.
#[derive(Debug)]
struct RecordPlan {
    /// Each field's name, for the guess that a record's keys come in declaration order.
    keys: Vec<KeyPattern>,
    /// Each field's name, to find a key that does not come in that order.
    names: Vec<Box<[u8]>>,
    /// Each field's plan.
    plans: Vec<WordPlan>,
    /// Each field's kind of word.
    kinds: Vec<Word>,
    /// A bit for each field.
    all: u64,
}

#[derive(Debug)]
enum Scalar {
    Int,
    Money,
    Bool,
    Date,
    /// The variant names, in order, and whether every one is in Unicode NFC (then a
    /// string equal to one is too, and needs no check of its own).
    Enum(Vec<Box<str>>, bool),
}

impl Scalar {
    fn word(&self) -> Word {
        match self {
            Scalar::Int => Word::Int,
            Scalar::Money => Word::Money,
            Scalar::Bool => Word::Bool,
            Scalar::Date => Word::Date,
            Scalar::Enum(..) => Word::Enum,
        }
    }
}

impl<'p> CaseReader<'p> {
    /// The reader of `program`'s cases.
    pub(crate) fn new(program: &'p Program) -> CaseReader<'p> {
        let mut names = Vec::with_capacity(program.inputs.len());
        let mut index = HashMap::with_capacity(program.inputs.len());
        let mut required = [0u64; SEEN_WORDS];
        let mut plans = Vec::with_capacity(program.inputs.len());
        for (i, input) in program.inputs.iter().enumerate() {
            let first = !index.contains_key(input.name.as_bytes());
            if first {
                index.insert(Box::from(input.name.as_bytes()), i);
            }
            // A name is matched byte for byte against keys without escapes.
            let plain = !input
                .name
                .bytes()
                .any(|b| b == b'"' || b == b'\\' || b < 0x20);
            let reachable = first && plain && input.name != DATE_KEY;
            names.push(reachable.then(|| KeyPattern::new(&input.name)));
            if case::is_required(input)
                && let Some(bits) = required.get_mut(i / 64)
            {
                *bits |= 1 << (i % 64);
            }
            plans.push(plan(program, &input.ty, &input.bounds));
        }
        CaseReader {
            program,
            names,
            index,
            plans,
            required,
            fast: program.inputs.len() <= MAX_FAST_INPUTS,
        }
    }

    /// Reads one case's JSON text into `sink` and returns the decision date (the case's
    /// `beslutsdatum`, else `default_date`). Exactly the acceptance, values and errors of
    /// `case::read`; after an error the sink's contents are unspecified.
    pub(crate) fn read<S: InputSink>(
        &self,
        text: &str,
        default_date: Option<Date>,
        sink: &mut S,
    ) -> Result<Date, CaseError> {
        if self.fast
            && let Some(date) = self.fast(text, default_date, sink)
        {
            return Ok(date);
        }
        self.general(text, default_date, sink)
    }

    /// The general path: `case::read`, its values handed to the sink.
    fn general<S: InputSink>(
        &self,
        text: &str,
        default_date: Option<Date>,
        sink: &mut S,
    ) -> Result<Date, CaseError> {
        let case = case::read(self.program, text, default_date)?;
        sink.clear(self.program.inputs.len());
        for (i, v) in case.inputs.into_iter().enumerate() {
            if let Some(v) = v {
                sink.value(i, v);
            }
        }
        Ok(case.date)
    }

    /// The fast path: `None` for anything it does not read itself.
    fn fast<S: InputSink>(
        &self,
        text: &str,
        default_date: Option<Date>,
        sink: &mut S,
    ) -> Option<Date> {
        if text.len() > MAX_CASE_BYTES {
            return None;
        }
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        sink.clear(self.plans.len());
        let mut c = Cursor::new(text);
        let mut seen = [0u64; SEEN_WORDS];
        let mut date = default_date;
        let mut date_seen = false;
        let mut guess = 0usize;
        c.ws();
        c.eat(b'{')?;
        c.ws();
        if c.peek()? == b'}' {
            c.pos += 1;
        } else {
            loop {
                c.eat(b'"')?;
                match self.key(&mut c, guess)? {
                    Key::Date => {
                        c.ws();
                        c.eat(b':')?;
                        c.ws();
                        if date_seen {
                            return None;
                        }
                        date_seen = true;
                        date = Some(Date::parse(c.plain_string()?).ok()?);
                    }
                    Key::Input(i) => {
                        c.ws();
                        c.eat(b':')?;
                        c.ws();
                        let bits = seen.get_mut(i / 64)?;
                        let bit = 1u64 << (i % 64);
                        if *bits & bit != 0 {
                            return None;
                        }
                        *bits |= bit;
                        guess = i + 1;
                        self.value(i, &mut c, sink)?;
                    }
                }
                c.ws();
                match c.next()? {
                    b',' => c.ws(),
                    b'}' => break,
                    _ => return None,
                }
            }
        }
        c.ws();
        if !c.at_end() {
            return None;
        }
        if seen
            .iter()
            .zip(&self.required)
            .any(|(seen, required)| required & !seen != 0)
        {
            return None;
        }
        date
    }

    /// The key at the cursor (its opening quote consumed), trying input `guess` first.
    #[inline(always)]
    fn key(&self, c: &mut Cursor<'_>, guess: usize) -> Option<Key> {
        if let Some(Some(pattern)) = self.names.get(guess)
            && c.eat_key(pattern)
        {
            return Some(Key::Input(guess));
        }
        let key = c.plain_rest()?;
        if key == DATE_KEY.as_bytes() {
            return Some(Key::Date);
        }
        self.index.get(key).copied().map(Key::Input)
    }

    /// Reads input `i`'s value into the sink.
    #[inline(always)]
    fn value<S: InputSink>(&self, i: usize, c: &mut Cursor<'_>, sink: &mut S) -> Option<()> {
        match self.plans.get(i)? {
            Plan::Word(plan) => sink.word(i, plan.kind.word(), word(plan, c)?),
            Plan::List(plan) => {
                let mut items = Words::<STACK_LIST>::new();
                c.eat(b'[')?;
                c.ws();
                if c.peek()? == b']' {
                    c.pos += 1;
                } else {
                    loop {
                        items.extend(&[word(plan, c)?]);
                        c.ws();
                        match c.next()? {
                            b',' => c.ws(),
                            b']' => break,
                            _ => return None,
                        }
                    }
                }
                sink.word_list(i, plan.kind.word(), items.as_slice());
            }
            Plan::Records(plan) => records(i, plan, c, sink)?,
            _ => self.rare_value(i, c, sink)?,
        }
        Some(())
    }

    /// Reads input `i`'s value of a rarer kind into the sink.
    #[inline(never)]
    fn rare_value<S: InputSink>(&self, i: usize, c: &mut Cursor<'_>, sink: &mut S) -> Option<()> {
        match self.plans.get(i)? {
            Plan::Word(_) | Plan::List(_) | Plan::Records(_) => return None,
            Plan::Dec(bounds) => {
                let start = c.pos;
                c.number()?;
                let d = vjson::decimal_from_json_number(c.since(start)?).ok()?;
                let v = Value::Dec(d);
                if bounds.lo.as_ref().is_some_and(|lo| case::less(&v, lo))
                    || bounds.hi.as_ref().is_some_and(|hi| case::less(hi, &v))
                {
                    return None;
                }
                sink.dec(i, d);
            }
            Plan::Text => sink.text(i, c.plain_string()?),
            Plan::Duration => {
                let d = case::parse_duration(c.plain_string()?)?;
                sink.value(i, Value::Duration(d));
            }
            Plan::General => {
                let input = self.program.inputs.get(i)?;
                // An empty list (a household without any of a list of records): the value
                // is the empty list whatever the element type, without the detour below.
                if matches!(input.ty, Type::List(_)) && c.peek() == Some(b'[') {
                    let open = c.pos;
                    c.next();
                    c.ws();
                    if c.eat(b']').is_some() {
                        sink.value(i, Value::list(Vec::new()));
                        return Some(());
                    }
                    c.pos = open;
                }
                let start = c.pos;
                c.skip_value(0)?;
                let json: serde_json::Value =
                    serde_json::from_str(&case::nfc(c.since(start)?)).ok()?;
                let reader = case::Reader { p: self.program };
                let v = reader
                    .value(
                        &json,
                        &input.ty,
                        &input.bounds,
                        case::Path::Input(&input.name),
                    )
                    .ok()?;
                sink.value(i, v);
            }
        }
        Some(())
    }
}

/// Reads one word of `plan`'s scalar, in range.
#[inline(always)]
fn word(plan: &WordPlan, c: &mut Cursor<'_>) -> Option<i64> {
    let w = match &plan.kind {
        Scalar::Int => match c.number()? {
            Number::Word {
                negative,
                magnitude,
            } => signed(negative, magnitude)?,
            Number::Text(t) => vjson::int_from_json_number(t).ok()?,
        },
        Scalar::Money => match c.peek()? {
            b'"' => vjson::money_from_json_string(c.plain_string()?).ok()?.ore(),
            _ => match c.number()? {
                Number::Word {
                    negative,
                    magnitude,
                } => signed(negative, magnitude)?.checked_mul(100)?,
                Number::Text(t) => vjson::money_from_json_number(t).ok()?.ore(),
            },
        },
        Scalar::Bool => match c.peek()? {
            b't' => c.literal(b"true").map(|()| 1)?,
            _ => c.literal(b"false").map(|()| 0)?,
        },
        Scalar::Date => i64::from(Date::parse(c.plain_string()?).ok()?.days()),
        Scalar::Enum(names, nfc) => {
            let s = if *nfc {
                c.unchecked_string()?
            } else {
                c.plain_string()?
            };
            i64::try_from(names.iter().position(|n| **n == *s)?).ok()?
        }
    };
    (plan.lo <= w && w <= plan.hi).then_some(w)
}

/// Reads a list of records of `plan` into input `i` of the sink.
#[inline(never)]
fn records<S: InputSink>(
    i: usize,
    plan: &RecordPlan,
    c: &mut Cursor<'_>,
    sink: &mut S,
) -> Option<()> {
    let width = plan.plans.len();
    let mut all = Words::<STACK_RECORDS>::new();
    c.eat(b'[')?;
    c.ws();
    if c.peek()? == b']' {
        c.pos += 1;
    } else {
        loop {
            let mut fields = [0i64; MAX_RECORD_FIELDS];
            record(plan, c, &mut fields)?;
            all.extend(fields.get(..width)?);
            c.ws();
            match c.next()? {
                b',' => c.ws(),
                b']' => break,
                _ => return None,
            }
        }
    }
    sink.record_list(i, &plan.kinds, all.as_slice());
    Some(())
}

/// The words of a list being read: on the stack while they fit in `N`, then all of them on
/// the heap (a case's lists are short; a long one costs one allocation and its growth).
struct Words<const N: usize> {
    stack: [i64; N],
    heap: Vec<i64>,
    len: usize,
}

impl<const N: usize> Words<N> {
    #[inline(always)]
    fn new() -> Words<N> {
        Words {
            stack: [0; N],
            heap: Vec::new(),
            len: 0,
        }
    }

    /// Appends `words`.
    #[inline(always)]
    fn extend(&mut self, words: &[i64]) {
        let end = self.len + words.len();
        match self.stack.get_mut(self.len..end) {
            Some(slots) if self.heap.is_empty() => slots.copy_from_slice(words),
            _ => {
                if self.heap.is_empty() {
                    self.heap
                        .extend_from_slice(self.stack.get(..self.len).unwrap_or_default());
                }
                self.heap.extend_from_slice(words);
            }
        }
        self.len = end;
    }

    /// The words appended so far.
    #[inline(always)]
    fn as_slice(&self) -> &[i64] {
        if self.heap.is_empty() {
            self.stack.get(..self.len).unwrap_or_default()
        } else {
            &self.heap
        }
    }
}

/// Reads one record of `plan` (every field exactly once, no other key) into `fields`, in
/// the record type's field order.
#[inline(always)]
fn record(
    plan: &RecordPlan,
    c: &mut Cursor<'_>,
    fields: &mut [i64; MAX_RECORD_FIELDS],
) -> Option<()> {
    c.eat(b'{')?;
    c.ws();
    let mut seen = 0u64;
    let mut guess = 0usize;
    loop {
        c.eat(b'"')?;
        let f = match plan.keys.get(guess) {
            Some(key) if c.eat_key(key) => guess,
            _ => {
                let key = c.plain_rest()?;
                plan.names.iter().position(|n| **n == *key)?
            }
        };
        c.ws();
        c.eat(b':')?;
        c.ws();
        let bit = 1u64 << f;
        if seen & bit != 0 {
            return None;
        }
        seen |= bit;
        *fields.get_mut(f)? = word(plan.plans.get(f)?, c)?;
        guess = f + 1;
        c.ws();
        match c.next()? {
            b',' => c.ws(),
            b'}' => break,
            _ => return None,
        }
    }
    (seen == plan.all).then_some(())
}

/// A sign and a magnitude of at most 18 digits as an `i64`.
#[inline]
fn signed(negative: bool, magnitude: u64) -> Option<i64> {
    let m = i64::try_from(magnitude).ok()?;
    Some(if negative { -m } else { m })
}

/// The plan of a value of `ty` with `bounds`.
fn plan(p: &Program, ty: &Type, bounds: &Bounds) -> Plan {
    match ty {
        Type::Dec => Plan::Dec(bounds.clone()),
        Type::Text => Plan::Text,
        Type::Duration => Plan::Duration,
        Type::List(elem) => match word_plan(p, elem, bounds) {
            Some(plan) => Plan::List(plan),
            None => record_plan(p, elem).map_or(Plan::General, Plan::Records),
        },
        _ => match word_plan(p, ty, bounds) {
            Some(plan) => Plan::Word(plan),
            None => Plan::General,
        },
    }
}

/// The plan of a record of `ty` read directly: `None` unless `ty` is a record of 1 to 64
/// one-word fields with distinct names without quotes, backslashes or control characters.
fn record_plan(p: &Program, ty: &Type) -> Option<RecordPlan> {
    let Type::Record(t) = ty else { return None };
    let Some(TypeDefKind::Record(fields)) = p.type_def(*t).map(|d| &d.kind) else {
        return None;
    };
    if fields.is_empty() || fields.len() > MAX_RECORD_FIELDS {
        return None;
    }
    let mut plan = RecordPlan {
        keys: Vec::with_capacity(fields.len()),
        names: Vec::with_capacity(fields.len()),
        plans: Vec::with_capacity(fields.len()),
        kinds: Vec::with_capacity(fields.len()),
        all: 0,
    };
    for (k, f) in fields.iter().enumerate() {
        let plain = !f.name.bytes().any(|b| b == b'"' || b == b'\\' || b < 0x20);
        let name: Box<[u8]> = Box::from(f.name.as_bytes());
        if !plain || plan.names.contains(&name) {
            return None;
        }
        let word = word_plan(p, &f.ty, &f.bounds)?;
        plan.keys.push(KeyPattern::new(&f.name));
        plan.names.push(name);
        plan.kinds.push(word.kind.word());
        plan.plans.push(word);
        plan.all |= 1u64 << k;
    }
    Some(plan)
}

/// The plan of a one-word scalar of `ty`, or `None` when `ty` is no such scalar or its
/// bounds are not words of the same kind (an `heltal` bounded by a `tal`).
fn word_plan(p: &Program, ty: &Type, bounds: &Bounds) -> Option<WordPlan> {
    let kind = match ty {
        Type::Int => Scalar::Int,
        Type::Money => Scalar::Money,
        Type::Bool => Scalar::Bool,
        Type::Date => Scalar::Date,
        Type::Enum(t) => match p.type_def(*t).map(|d| &d.kind) {
            Some(TypeDefKind::Enum(names)) => Scalar::Enum(
                names.iter().map(|n| Box::from(n.as_str())).collect(),
                names.iter().all(|n| unicode_normalization::is_nfc(n)),
            ),
            _ => return None,
        },
        _ => return None,
    };
    let lo = bound(&kind, bounds.lo.as_ref())?.unwrap_or(i64::MIN);
    let hi = bound(&kind, bounds.hi.as_ref())?.unwrap_or(i64::MAX);
    Some(WordPlan { kind, lo, hi })
}

/// A bound as a word: `Some(None)` when it never refuses a value of `kind` (no bound, or one
/// of another kind, which `case::read` never finds less or greater), `None` when the fast
/// path cannot compare it as a word.
fn bound(kind: &Scalar, b: Option<&Value>) -> Option<Option<i64>> {
    Some(match (kind, b) {
        (_, None) => None,
        (Scalar::Int, Some(Value::Int(x))) => Some(*x),
        (Scalar::Int, Some(Value::Dec(_))) => return None,
        (Scalar::Money, Some(Value::Money(m))) => Some(m.ore()),
        (Scalar::Date, Some(Value::Date(d))) => Some(i64::from(d.days())),
        _ => None,
    })
}

#[cfg(test)]
mod tests;
