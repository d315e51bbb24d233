//! The Rust side of one case while generated code runs: the arena that lists and records
//! built at run time live in, and the log of trace events in first-use order.
//!
//! Generated code reaches the host only through the shims in [`crate::shims`], which receive
//! the `*mut Host` stored in the frame. The host is reset between cases; its
//! buffers (trace log, flags) are reused by a batch.

use std::collections::HashSet;

use crate::layout::Slot;

/// One thing the decision used, in the order first used (mirrors the interpreter's trace).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Event {
    /// A nullary rule finished; its value is in its memo slot.
    Rule {
        /// The rule id.
        rule: u32,
        /// The exception that gave the value, or −1.
        exception: i64,
    },
    /// A scalar parameter was read for the first time in the case.
    Param {
        /// The parameter id.
        param: u32,
    },
    /// A table row was read for a key not looked up before in this table.
    Lookup {
        /// The table parameter id.
        param: u32,
        /// The key's word.
        key: i64,
        /// The row's index in the parameter's concatenated rows (all versions).
        row: u32,
    },
}

/// The per-case state shims work on.
#[derive(Debug, Default)]
pub(crate) struct Host {
    /// Slot arrays allocated by generated code (`MakeList`, `MakeRecord`) in this case.
    arena: Vec<Box<[Slot]>>,
    /// The trace events of this case.
    pub(crate) events: Vec<Event>,
    /// Which parameters have been traced in this case.
    param_traced: Vec<bool>,
    /// Which (table, key) pairs have been traced in this case: the first few in a short
    /// list (most cases look up a handful of keys), then all in a set.
    lookups_few: Vec<(u32, i64)>,
    lookups_many: HashSet<(u32, i64)>,
}

/// How many traced lookups are kept in the short list before the set is used.
const FEW: usize = 16;

impl Host {
    /// Prepares the host for a new case of a program with `params` parameters.
    pub(crate) fn reset(&mut self, params: usize) {
        self.arena.clear();
        self.events.clear();
        self.param_traced.clear();
        self.param_traced.resize(params, false);
        self.lookups_few.clear();
        self.lookups_many.clear();
    }

    /// A fresh array of `len` zeroed slots that stays in place until the next reset.
    pub(crate) fn alloc(&mut self, len: usize) -> *mut Slot {
        let mut block = vec![Slot::default(); len].into_boxed_slice();
        let ptr = block.as_mut_ptr();
        // INVARIANT: moving the box into the arena does not move its heap contents, so
        // `ptr` stays valid until the next `reset` or the host's drop.
        self.arena.push(block);
        ptr
    }

    /// Records the first use of a scalar parameter.
    pub(crate) fn trace_param(&mut self, param: u32) {
        if let Some(traced) = self.param_traced.get_mut(param as usize)
            && !*traced
        {
            *traced = true;
            self.events.push(Event::Param { param });
        }
    }

    /// Records a table lookup unless this key was looked up in this table before.
    pub(crate) fn trace_lookup(&mut self, param: u32, key: i64, row: u32) {
        if self.first_lookup((param, key)) {
            self.events.push(Event::Lookup { param, key, row });
        }
    }

    /// Whether this (table, key) pair is looked up for the first time in the case.
    fn first_lookup(&mut self, k: (u32, i64)) -> bool {
        if self.lookups_many.is_empty() {
            if self.lookups_few.contains(&k) {
                return false;
            }
            if self.lookups_few.len() < FEW {
                self.lookups_few.push(k);
                return true;
            }
            self.lookups_many.extend(self.lookups_few.iter().copied());
        }
        self.lookups_many.insert(k)
    }

    /// Records that a nullary rule finished.
    pub(crate) fn trace_rule(&mut self, rule: u32, exception: i64) {
        self.events.push(Event::Rule { rule, exception });
    }

    /// Stores a list of values built in Rust (case inputs) in the arena.
    pub(crate) fn store(&mut self, slots: Vec<Slot>) -> (*const Slot, usize) {
        let len = slots.len();
        let block = slots.into_boxed_slice();
        let ptr = block.as_ptr();
        self.arena.push(block);
        (ptr, len)
    }
}

#[cfg(test)]
mod tests {
    use super::{Event, FEW, Host};

    #[test]
    fn lookups_are_traced_once_per_key_past_the_short_list() {
        let mut h = Host::default();
        h.reset(0);
        let keys = FEW as i64 * 3;
        for round in 0..2 {
            for k in 0..keys {
                h.trace_lookup(1, k, 0);
                h.trace_lookup(2, k, 0);
            }
            assert_eq!(h.events.len(), 2 * keys as usize, "round {round}");
        }
        assert_eq!(
            h.events.first(),
            Some(&Event::Lookup {
                param: 1,
                key: 0,
                row: 0
            })
        );
        h.reset(0);
        h.trace_lookup(1, 0, 0);
        assert_eq!(h.events.len(), 1);
    }
}
