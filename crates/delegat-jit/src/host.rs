//! The Rust side of one case while generated code runs: the arenas that the case's lists,
//! records and texts live in (built from the inputs or at run time), and the buffer of the
//! trace log that generated code appends to.
//!
//! Generated code reaches the host only through the shims in [`crate::shims`], which receive
//! the `*mut Host` stored in the frame (or the frame itself). Everything here is reused from
//! case to case: after the first cases of a batch, a case allocates nothing.

use crate::arena::Arena;
use crate::layout::Cell;

/// The log capacity a new host starts with (events; it doubles when full).
const FIRST_LOG: usize = 64;

/// The per-case state shims work on.
#[derive(Debug, Default)]
pub(crate) struct Host {
    /// Cell arrays of the case: input lists and records, and those built by generated code.
    pub(crate) slots: Arena<Cell>,
    /// Text bytes of the case's inputs.
    pub(crate) bytes: Arena<u8>,
    /// The trace log's storage: the frame points at it; its length is the capacity.
    pub(crate) log: Vec<Cell>,
}

impl Host {
    /// Forgets the case's lists, records and texts.
    pub(crate) fn reset(&mut self) {
        self.slots.reset();
        self.bytes.reset();
        if self.log.is_empty() {
            self.log.resize(FIRST_LOG, Cell::default());
        }
    }

    /// A fresh array of `len` zeroed slots that stays in place until the next reset.
    pub(crate) fn alloc(&mut self, len: usize) -> *mut Cell {
        self.slots.alloc(len).as_mut_ptr()
    }

    /// Doubles the log's storage (keeping its events); its new address and capacity.
    pub(crate) fn grow_log(&mut self) -> (*mut Cell, usize) {
        let cap = self.log.len().max(FIRST_LOG).saturating_mul(2);
        self.log.resize(cap, Cell::default());
        (self.log.as_mut_ptr(), self.log.len())
    }
}

impl crate::marshal::Store for Host {
    fn block(&mut self, len: usize) -> *mut Cell {
        self.alloc(len)
    }

    fn text(&mut self, t: &str) -> *const u8 {
        self.bytes.copy(t.as_bytes())
    }
}
