//! [`Cause`]: the first point where two decisions of a case differ, found by comparing
//! their traces by name (the two packs' ids differ).
//!
//! The order of preference, so that a change is put down to what was changed and not to
//! what follows from it:
//! 1. a parameter or table row both decisions used whose value or version in force differs
//!    (the first in the old decision's trace order);
//! 2. a parameter or table row only one of the decisions used, if it comes before the
//!    first rule of 3. in its decision's trace (one the other branch uses only to write
//!    its motivering is a consequence, not the cause);
//! 3. a rule whose value differs (the first in the old trace's order: a rule whose
//!    definition changed, or one fed by an input the packs read differently);
//! 4. the branch (`när` line) that decided the case;
//! 5. a case one of the packs could not read.

use std::collections::HashMap;

use delegat::{Decision, TraceItem, TraceKind};

/// The first point of difference.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Cause {
    /// A parameter (or, with `key`, a table row) has another value or version.
    Parameter {
        /// Its name.
        name: String,
        /// For a table: the key looked up, as text.
        key: Option<String>,
        /// The old value, as Swedish text (`3 800 kr`).
        old: String,
        /// The new value.
        new: String,
        /// The date the old value came into force.
        old_from: Option<String>,
        /// The date the new value came into force.
        new_from: Option<String>,
    },
    /// A parameter or table row only one of the decisions used.
    UsedBy {
        /// Its name.
        name: String,
        /// For a table: the key looked up.
        key: Option<String>,
        /// Whether the new decision used it (else the old one).
        new: bool,
    },
    /// A rule has another value.
    Rule {
        /// Its name.
        name: String,
        /// The old value, as Swedish text.
        old: String,
        /// The new value.
        new: String,
    },
    /// Another branch decided the case (`None`: `annars`).
    Branch {
        /// The old `när` line's index.
        old: Option<u32>,
        /// The new one's.
        new: Option<u32>,
    },
    /// One of the packs could not read the case: the error's code for each side.
    Invalid {
        /// The old pack's error code, if it refused the case.
        old: Option<String>,
        /// The new pack's.
        new: Option<String>,
    },
}

type Key<'a> = (TraceKind, &'a str, Option<&'a str>);

fn key(t: &TraceItem) -> Key<'_> {
    (t.kind, t.namn.as_str(), t.nyckel.as_deref())
}

fn is_param(t: &TraceItem) -> bool {
    matches!(t.kind, TraceKind::Parameter | TraceKind::Tabell)
}

/// The first point where `old` and `new` differ (see the module's order), with the
/// branches that decided them; `None` when the traces and branches agree.
pub fn first_difference(
    old: &Decision,
    new: &Decision,
    old_branch: Option<u32>,
    new_branch: Option<u32>,
) -> Option<Cause> {
    let new_items: HashMap<Key<'_>, &TraceItem> = new.spar.iter().map(|t| (key(t), t)).collect();
    let old_items: HashMap<Key<'_>, &TraceItem> = old.spar.iter().map(|t| (key(t), t)).collect();
    for o in old.spar.iter().filter(|t| is_param(t)) {
        if let Some(n) = new_items.get(&key(o))
            && (o.text != n.text || o.galler_fran != n.galler_fran)
        {
            return Some(Cause::Parameter {
                name: o.namn.clone(),
                key: o.nyckel.clone(),
                old: o.text.clone(),
                new: n.text.clone(),
                old_from: o.galler_fran.map(|d| d.to_string()),
                new_from: n.galler_fran.map(|d| d.to_string()),
            });
        }
    }
    // The first rule both used with another value: its cause, and its place in each trace.
    let rule = old
        .spar
        .iter()
        .enumerate()
        .filter(|(_, t)| t.kind == TraceKind::Regel)
        .find_map(|(i, o)| {
            let j = new.spar.iter().position(|t| key(t) == key(o))?;
            let n = new.spar.get(j)?;
            (o.text != n.text).then(|| {
                let cause = Cause::Rule {
                    name: o.namn.clone(),
                    old: o.text.clone(),
                    new: n.text.clone(),
                };
                (cause, i, j)
            })
        });
    let only = |items: &[TraceItem],
                other: &HashMap<Key<'_>, &TraceItem>,
                new: bool,
                before: Option<usize>| {
        items
            .iter()
            .enumerate()
            .filter(|(i, t)| {
                is_param(t) && !other.contains_key(&key(t)) && before.is_none_or(|b| *i < b)
            })
            .map(|(_, t)| Cause::UsedBy {
                name: t.namn.clone(),
                key: t.nyckel.clone(),
                new,
            })
            .next()
    };
    let (before_old, before_new) = match &rule {
        Some((_, i, j)) => (Some(*i), Some(*j)),
        None => (None, None),
    };
    if let Some(c) = only(&old.spar, &new_items, false, before_old)
        .or_else(|| only(&new.spar, &old_items, true, before_new))
    {
        return Some(c);
    }
    if let Some((cause, _, _)) = rule {
        return Some(cause);
    }
    (old_branch != new_branch).then_some(Cause::Branch {
        old: old_branch,
        new: new_branch,
    })
}
