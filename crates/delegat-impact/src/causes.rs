//! [`Causes`]: one worker's causes, each rendered once. A changed case's cause is found as
//! a [`Key`] (the packs' ids and the values, `cause_fast::first_key`) and looked up; only a
//! key not seen before is rendered as Swedish text, and keys that render to the same cause
//! share its index, so the groups are exactly those of the rendered causes.

use std::collections::HashMap;

use delegat_ir::Program;

use crate::cause::Cause;
use crate::cause_fast::Key;

/// The causes met so far, by index.
#[derive(Debug, Default)]
pub(crate) struct Causes {
    by_key: HashMap<Key, usize>,
    by_cause: HashMap<Cause, usize>,
    list: Vec<Cause>,
    /// The last key looked up and its index: most changed cases in a row have the same
    /// cause, found without hashing the key.
    last: Option<(Key, usize)>,
}

impl Causes {
    /// The index of the cause `key` stands for in the packs `old` and `new`.
    pub(crate) fn of_key(&mut self, key: Key, old: &Program, new: &Program) -> usize {
        if let Some((last, i)) = &self.last
            && *last == key
        {
            return *i;
        }
        let i = match self.by_key.get(&key) {
            Some(&i) => i,
            None => {
                let i = self.of_cause(key.render(old, new));
                self.by_key.insert(key.clone(), i);
                i
            }
        };
        self.last = Some((key, i));
        i
    }

    /// The index of `cause`.
    pub(crate) fn of_cause(&mut self, cause: Cause) -> usize {
        if let Some(&i) = self.by_cause.get(&cause) {
            return i;
        }
        let i = self.list.len();
        self.list.push(cause.clone());
        self.by_cause.insert(cause, i);
        i
    }

    /// The cause of index `i`.
    pub(crate) fn get(&self, i: usize) -> Option<&Cause> {
        self.list.get(i)
    }
}
