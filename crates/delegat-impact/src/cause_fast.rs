//! [`Names`] and [`first_difference`]: the [`Cause`] of [`crate::cause::first_difference`]
//! found from the two packs' traces (`delegat_ir::DecisionResult::trace`, what
//! `Session::verdict_trace` gives right after the verdict) instead of two owned decisions:
//! no case read or decided again, and no trace item rendered as text unless it is the
//! cause ([`first_key`] finds it as ids and values, [`Key::render`] writes its texts).
//!
//! The same order and the same comparison as the reference: items are matched by kind,
//! name and key (the packs' ids through [`Names`], built once per pair of packs), and two
//! values are the same when their Swedish texts are. For amounts, integers, truth values
//! and dates the text is a function of the value alone and one-to-one, so those are
//! compared as values; an enum value by its variant's name; anything else by its text. A
//! test holds this equal to the reference on every changed case of a comparison.

use delegat::value_text;
use delegat_ir::{ParamType, Program, TraceEntry, Type, TypeDefKind, Value};

use crate::cause::Cause;

/// The ids of the parameters and rules of one pack matched by name to the other's.
#[derive(Debug)]
pub struct Names {
    /// For each old parameter id, the new pack's parameter of that name.
    params: Vec<Option<u32>>,
    /// For each old rule id, the new pack's rule of that name.
    rules: Vec<Option<u32>>,
}

impl Names {
    /// Matches `old`'s parameters and rules to `new`'s by name.
    pub fn new(old: &Program, new: &Program) -> Names {
        let index = |i: Option<usize>| i.and_then(|i| u32::try_from(i).ok());
        Names {
            params: old
                .params
                .iter()
                .map(|p| index(new.params.iter().position(|q| q.name == p.name)))
                .collect(),
            rules: old
                .rules
                .iter()
                .map(|r| index(new.rules.iter().position(|q| q.name == r.name)))
                .collect(),
        }
    }
}

/// One side: a pack's program and its trace of the case.
type Side<'a> = (&'a Program, &'a [TraceEntry]);

/// A parameter's key type (`heltal` for a scalar parameter, which has none) and value
/// type.
fn param_types(p: &Program, id: u32) -> Option<(Type, &Type)> {
    let par = p.params.get(id as usize)?;
    Some(match &par.ty {
        ParamType::Table { key, value } => (key.ty(), value),
        ParamType::Value(t) => (Type::Int, t),
    })
}

fn variant<'p>(p: &'p Program, ty: &Type, v: u32) -> Option<&'p str> {
    let Type::Enum(t) = ty else { return None };
    match p.types.get(t.index()).map(|d| &d.kind) {
        Some(TypeDefKind::Enum(names)) => names.get(v as usize).map(String::as_str),
        _ => None,
    }
}

/// Whether `a` (of type `ta` in `pa`) and `b` have the same Swedish text.
fn same_text(pa: &Program, a: &Value, ta: &Type, pb: &Program, b: &Value, tb: &Type) -> bool {
    match (a, b) {
        (Value::Money(x), Value::Money(y)) => x == y,
        (Value::Int(x), Value::Int(y)) => x == y,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Date(x), Value::Date(y)) => x == y,
        (Value::Enum(x), Value::Enum(y)) => match (variant(pa, ta, *x), variant(pb, tb, *y)) {
            (Some(m), Some(n)) => m == n,
            _ => value_text(pa, a, ta) == value_text(pb, b, tb),
        },
        _ => value_text(pa, a, ta) == value_text(pb, b, tb),
    }
}

/// A parameter or table row of the trace: (is a lookup, parameter id, version, key, value).
fn param_item(t: &TraceEntry) -> Option<(bool, u32, delegat::Date, Option<&Value>, &Value)> {
    match t {
        TraceEntry::Param {
            param,
            version,
            value,
        } => Some((false, param.0, *version, None, value)),
        TraceEntry::Lookup {
            param,
            version,
            key,
            value,
        } => Some((true, param.0, *version, Some(key), value)),
        TraceEntry::Rule { .. } => None,
    }
}

type ParamItem<'a> = (bool, u32, delegat::Date, Option<&'a Value>, &'a Value);

/// Whether the old side's item `o` and the new side's `n` are the same parameter or row
/// (same kind, same name, keys with the same text).
fn pair(names: &Names, pa: &Program, o: &ParamItem<'_>, pb: &Program, n: &ParamItem<'_>) -> bool {
    let (lookup, id, _, key, _) = *o;
    if n.0 != lookup || names.params.get(id as usize).copied().flatten() != Some(n.1) {
        return false;
    }
    match (key, n.3) {
        (Some(x), Some(y)) => match (param_types(pa, id), param_types(pb, n.1)) {
            (Some((ka, _)), Some((kb, _))) => same_text(pa, x, &ka, pb, y, &kb),
            _ => false,
        },
        (None, None) => true,
        _ => false,
    }
}

/// The new side's item matching the old side's `o`.
fn matching<'b>(
    names: &Names,
    pa: &Program,
    o: &ParamItem<'_>,
    (pb, rb): Side<'b>,
) -> Option<ParamItem<'b>> {
    rb.iter()
        .filter_map(param_item)
        .find(|n| pair(names, pa, o, pb, n))
}

fn key_text(p: &Program, id: u32, key: Option<&Value>) -> Option<String> {
    let (kty, _) = param_types(p, id)?;
    key.map(|k| value_text(p, k, &kty))
}

fn param_name(p: &Program, id: u32) -> String {
    p.params
        .get(id as usize)
        .map(|x| x.name.clone())
        .unwrap_or_default()
}

/// The first point where the two results differ, in the order of
/// [`crate::cause::first_difference`], which gives the same answer from owned decisions.
pub fn first_difference(
    names: &Names,
    old: Side<'_>,
    new: Side<'_>,
    old_branch: Option<u32>,
    new_branch: Option<u32>,
) -> Option<Cause> {
    first_key(names, old, new, old_branch, new_branch).map(|k| k.render(old.0, new.0))
}

/// The first point of difference as ids and values, before any text is rendered: what
/// [`Key::render`] turns into the [`Cause`]. Equal keys of the same two packs render to
/// equal causes, so a caller can render each key once (the comparison does).
#[derive(Clone, Debug, PartialEq)]
pub enum Key {
    /// A parameter or table row both used: the old and the new pack's parameter, the key
    /// looked up (the old side's), the two values and the dates they came into force.
    Parameter {
        /// The old pack's parameter.
        old: u32,
        /// The new pack's.
        new: u32,
        /// The old side's key, for a table.
        key: Option<Value>,
        /// The old value.
        old_value: Value,
        /// The new value.
        new_value: Value,
        /// The date the old value came into force.
        old_from: delegat::Date,
        /// The date the new value came into force.
        new_from: delegat::Date,
    },
    /// A parameter or table row only one side used.
    UsedBy {
        /// The parameter, in the pack of the side that used it.
        param: u32,
        /// The key looked up, for a table.
        key: Option<Value>,
        /// Whether the new side used it (else the old one).
        new: bool,
    },
    /// A rule with another value: the old and the new pack's rule and the two values.
    Rule {
        /// The old pack's rule.
        old: u32,
        /// The new pack's.
        new: u32,
        /// The old value.
        old_value: Value,
        /// The new value.
        new_value: Value,
    },
    /// Another branch decided the case.
    Branch {
        /// The old `när` line's index (`None`: `annars`).
        old: Option<u32>,
        /// The new one's.
        new: Option<u32>,
    },
}

// Every part of a value is `Eq` (decimals have one representation each), so `==` on keys is
// an equivalence.
impl Eq for Key {}

impl std::hash::Hash for Key {
    fn hash<H: std::hash::Hasher>(&self, h: &mut H) {
        std::mem::discriminant(self).hash(h);
        match self {
            Key::Parameter {
                old,
                new,
                key,
                old_value,
                new_value,
                old_from,
                new_from,
            } => {
                (old, new, old_from, new_from).hash(h);
                hash_key(key.as_ref(), h);
                hash_value(old_value, h);
                hash_value(new_value, h);
            }
            Key::UsedBy { param, key, new } => {
                (param, new).hash(h);
                hash_key(key.as_ref(), h);
            }
            Key::Rule {
                old,
                new,
                old_value,
                new_value,
            } => {
                (old, new).hash(h);
                hash_value(old_value, h);
                hash_value(new_value, h);
            }
            Key::Branch { old, new } => (old, new).hash(h),
        }
    }
}

fn hash_key<H: std::hash::Hasher>(key: Option<&Value>, h: &mut H) {
    use std::hash::Hash;
    key.is_some().hash(h);
    if let Some(k) = key {
        hash_value(k, h);
    }
}

/// Hashes a value consistently with its `==` (every part of a value is `Eq`).
fn hash_value<H: std::hash::Hasher>(v: &Value, h: &mut H) {
    use std::hash::Hash;
    std::mem::discriminant(v).hash(h);
    match v {
        Value::Int(x) => x.hash(h),
        Value::Money(m) => m.hash(h),
        Value::Dec(d) => d.hash(h),
        Value::Bool(b) => b.hash(h),
        Value::Date(d) => d.hash(h),
        Value::Duration(d) => d.hash(h),
        Value::Enum(e) => e.hash(h),
        Value::Text(t) => t.hash(h),
        Value::List(items) | Value::Record(items) => {
            items.len().hash(h);
            for item in items.iter() {
                hash_value(item, h);
            }
        }
    }
}

impl Key {
    /// The cause this key stands for, its names and values as Swedish text (`old` and
    /// `new` the two packs the key was found in).
    pub fn render(&self, old: &Program, new: &Program) -> Cause {
        match self {
            Key::Parameter {
                old: a,
                new: b,
                key,
                old_value,
                new_value,
                old_from,
                new_from,
            } => {
                let text = |p: &Program, id: u32, v: &Value| {
                    let percent = p.params.get(id as usize).is_some_and(|par| par.percent);
                    param_types(p, id)
                        .map_or_else(String::new, |(_, ty)| crate::diff::shown(p, v, ty, percent))
                };
                Cause::Parameter {
                    name: param_name(old, *a),
                    key: key_text(old, *a, key.as_ref()),
                    old: text(old, *a, old_value),
                    new: text(new, *b, new_value),
                    old_from: Some(old_from.to_string()),
                    new_from: Some(new_from.to_string()),
                }
            }
            Key::UsedBy {
                param,
                key,
                new: used_by_new,
            } => {
                let p = if *used_by_new { new } else { old };
                Cause::UsedBy {
                    name: param_name(p, *param),
                    key: key_text(p, *param, key.as_ref()),
                    new: *used_by_new,
                }
            }
            Key::Rule {
                old: a,
                new: b,
                old_value,
                new_value,
            } => {
                let (r, q) = (old.rules.get(*a as usize), new.rules.get(*b as usize));
                Cause::Rule {
                    name: r.map(|r| r.name.clone()).unwrap_or_default(),
                    old: r.map_or_else(String::new, |r| value_text(old, old_value, &r.ty)),
                    new: q.map_or_else(String::new, |q| value_text(new, new_value, &q.ty)),
                }
            }
            Key::Branch { old, new } => Cause::Branch {
                old: *old,
                new: *new,
            },
        }
    }
}

/// [`first_difference`] as a [`Key`]: the same search, nothing rendered.
pub fn first_key(
    names: &Names,
    old: Side<'_>,
    new: Side<'_>,
    old_branch: Option<u32>,
    new_branch: Option<u32>,
) -> Option<Key> {
    let (pa, ra) = old;
    let (pb, rb) = new;
    let valid_a = |id: u32| pa.params.get(id as usize).is_some();
    let valid_b = |id: u32| pb.params.get(id as usize).is_some();
    // 1. A parameter or row both used, with another text or version.
    for o in ra.iter().filter_map(param_item) {
        if !valid_a(o.1) {
            continue;
        }
        let Some(n) = matching(names, pa, &o, new) else {
            continue;
        };
        let (Some((_, va)), Some((_, vb))) = (param_types(pa, o.1), param_types(pb, n.1)) else {
            continue;
        };
        if o.2 != n.2 || !same_text(pa, o.4, va, pb, n.4, vb) {
            return Some(Key::Parameter {
                old: o.1,
                new: n.1,
                key: o.3.cloned(),
                old_value: o.4.clone(),
                new_value: n.4.clone(),
                old_from: o.2,
                new_from: n.2,
            });
        }
    }
    // 3. (looked for first) A rule both used, with another value, and its place in each
    // trace: a parameter only one side used counts (2.) only if it comes before it.
    let mut rule = None;
    for (i, o) in ra.iter().enumerate() {
        let TraceEntry::Rule {
            rule: id, value, ..
        } = o
        else {
            continue;
        };
        let Some(r) = pa.rules.get(id.index()) else {
            continue;
        };
        let Some(nid) = names.rules.get(id.index()).copied().flatten() else {
            continue;
        };
        let Some(q) = pb.rules.get(nid as usize) else {
            continue;
        };
        let found = rb.iter().enumerate().find_map(|(j, t)| match t {
            TraceEntry::Rule { rule, value, .. } if rule.0 == nid => Some((j, value)),
            _ => None,
        });
        if let Some((j, nv)) = found
            && !same_text(pa, value, &r.ty, pb, nv, &q.ty)
        {
            let key = Key::Rule {
                old: id.0,
                new: nid,
                old_value: value.clone(),
                new_value: nv.clone(),
            };
            rule = Some((key, i, j));
            break;
        }
    }
    let (before_old, before_new) = match &rule {
        Some((_, i, j)) => (Some(*i), Some(*j)),
        None => (None, None),
    };
    // 2. A parameter or row only one of them used (before that rule in its trace).
    for (i, entry) in ra.iter().enumerate() {
        let Some(o) = param_item(entry) else {
            continue;
        };
        if before_old.is_some_and(|b| i >= b) {
            break;
        }
        if valid_a(o.1) && matching(names, pa, &o, new).is_none() {
            return Some(Key::UsedBy {
                param: o.1,
                key: o.3.cloned(),
                new: false,
            });
        }
    }
    for (j, entry) in rb.iter().enumerate() {
        let Some(n) = param_item(entry) else {
            continue;
        };
        if before_new.is_some_and(|b| j >= b) {
            break;
        }
        if !valid_b(n.1) {
            continue;
        }
        let used_by_old = ra
            .iter()
            .filter_map(param_item)
            .any(|o| valid_a(o.1) && pair(names, pa, &o, pb, &n));
        if !used_by_old {
            return Some(Key::UsedBy {
                param: n.1,
                key: n.3.cloned(),
                new: true,
            });
        }
    }
    if let Some((key, _, _)) = rule {
        return Some(key);
    }
    (old_branch != new_branch).then_some(Key::Branch {
        old: old_branch,
        new: new_branch,
    })
}
