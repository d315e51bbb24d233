//! Support for measuring the case reader from outside the crate (the `read_cases` example):
//! not a public API, hidden from the documentation.

use delegat_ir::Value;
use delegat_value::{Date, Decimal};

use super::{CaseReader, InputSink, Word};
use crate::Pack;
use crate::case;

/// Where the measured reader puts each case.
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReadInto {
    /// A flat layout of words and word lists, the shape of the JIT's native inputs.
    Words,
    /// The interpreter's `Vec<Option<Value>>`.
    Values,
    /// The JIT's frame (`delegat_jit::NativeInputs`); as `Words` when the JIT refuses the pack.
    Native,
    /// `case::read`, the general reader (through a `serde_json` value tree), for comparison.
    General,
}

/// Reads every line of `lines` as a case of `pack` into one reused sink: the number of
/// cases read and a checksum of what was read (so that nothing is optimised away).
#[doc(hidden)]
pub fn read_cases(pack: &Pack, lines: &[&str], into: ReadInto, default_date: Date) -> (usize, i64) {
    let reader = CaseReader::new(&pack.program);
    let n = pack.program.inputs.len();
    let (mut read, mut sum) = (0usize, 0i64);
    match into {
        ReadInto::Words => {
            let mut sink = Flat::default();
            for line in lines {
                if let Ok(d) = reader.read(line, Some(default_date), &mut sink) {
                    read += 1;
                    sum = sum
                        .wrapping_add(sink.checksum())
                        .wrapping_add(i64::from(d.days()));
                }
            }
        }
        #[cfg(not(feature = "jit"))]
        ReadInto::Native => return read_cases(pack, lines, ReadInto::Words, default_date),
        #[cfg(feature = "jit")]
        ReadInto::Native => {
            let Some(jit) = pack.jit_pack() else {
                return read_cases(pack, lines, ReadInto::Words, default_date);
            };
            let mut ev = delegat_jit::JitEvaluator::new(jit);
            for line in lines {
                if let Ok(d) = reader.read(line, Some(default_date), &mut ev.inputs()) {
                    read += 1;
                    sum = sum.wrapping_add(i64::from(d.days()));
                }
            }
        }
        ReadInto::Values => {
            let mut sink: Vec<Option<Value>> = Vec::with_capacity(n);
            for line in lines {
                if let Ok(d) = reader.read(line, Some(default_date), &mut sink) {
                    read += 1;
                    sum = sum
                        .wrapping_add(sink.iter().flatten().count() as i64)
                        .wrapping_add(i64::from(d.days()));
                }
            }
        }
        ReadInto::General => {
            for line in lines {
                if let Ok(c) = case::read(&pack.program, line, Some(default_date)) {
                    read += 1;
                    sum = sum
                        .wrapping_add(c.inputs.iter().flatten().count() as i64)
                        .wrapping_add(i64::from(c.date.days()));
                }
            }
        }
    }
    (read, sum)
}

/// Words and word lists in flat, reused storage: one slot per input.
#[derive(Default)]
struct Flat {
    words: Vec<i64>,
    lists: Vec<Vec<i64>>,
    others: usize,
}

impl Flat {
    fn checksum(&self) -> i64 {
        let lists: i64 = self
            .lists
            .iter()
            .flatten()
            .fold(0, |a, b| a.wrapping_add(*b));
        self.words.iter().fold(lists, |a, b| a.wrapping_add(*b)) + self.others as i64
    }
}

impl InputSink for Flat {
    fn clear(&mut self, inputs: usize) {
        self.words.clear();
        self.words.resize(inputs, 0);
        self.lists.resize_with(inputs, Vec::new);
        for l in &mut self.lists {
            l.clear();
        }
        self.others = 0;
    }
    fn word(&mut self, input: usize, _: Word, w: i64) {
        if let Some(slot) = self.words.get_mut(input) {
            *slot = w;
        }
    }
    fn dec(&mut self, _: usize, _: Decimal) {
        self.others += 1;
    }
    fn text(&mut self, _: usize, _: &str) {
        self.others += 1;
    }
    fn word_list(&mut self, input: usize, _: Word, items: &[i64]) {
        if let Some(list) = self.lists.get_mut(input) {
            list.extend_from_slice(items);
        }
    }
    fn record_list(&mut self, input: usize, _: &[Word], fields: &[i64]) {
        if let Some(list) = self.lists.get_mut(input) {
            list.extend_from_slice(fields);
        }
    }
    fn value(&mut self, _: usize, _: Value) {
        self.others += 1;
    }
}
