//! The definitions of two packs in a form that does not depend on the packs' own ids, so
//! that a rule, a decision's condition or an amount can be compared across packs by name.
//!
//! Every expression node becomes a key: its operation, its type, what it names (an input,
//! a parameter, a rule, a type, a field or an enum variant, each by its name) and the
//! canonical numbers of its operands. Keys are interned in one table shared by both packs
//! ([`Canon`]), bottom up over the arena (an operand's id is smaller than its user's), so
//! two expressions are the same exactly when their numbers are equal: no recursion, no
//! hashing that could collide, linear in the size of the packs. Renumbered ids and
//! reordered declarations do not change a number; a different constant, operator,
//! operand, name or type does. Spans and comments are not part of a key.

use std::collections::HashMap;
use std::fmt::Write as _;

use delegat_ir::{ExprId, ExprKind, Program, Rule, Type, TypeDefKind, TypeId, Value};

/// The canonical number of an operand that is not in the arena before its user (a malformed
/// pack the verifier would refuse): never equal to a real node's number.
const MISSING: u32 = u32::MAX;

/// The table of canonical keys, shared by the packs compared.
#[derive(Debug, Default)]
pub struct Canon {
    keys: HashMap<String, u32>,
}

/// One pack's expressions numbered in a [`Canon`].
#[derive(Debug)]
pub struct Numbered<'p> {
    program: &'p Program,
    numbers: Vec<u32>,
}

impl Canon {
    /// A new, empty table.
    pub fn new() -> Canon {
        Canon::default()
    }

    fn intern(&mut self, key: String) -> u32 {
        let next = u32::try_from(self.keys.len()).unwrap_or(MISSING - 1);
        *self.keys.entry(key).or_insert(next)
    }

    /// Numbers every expression of `program`.
    pub fn number<'p>(&mut self, program: &'p Program) -> Numbered<'p> {
        let mut numbers: Vec<u32> = Vec::with_capacity(program.exprs.len());
        for (i, e) in program.exprs.iter().enumerate() {
            let op = |id: ExprId| {
                if id.index() < i {
                    numbers.get(id.index()).copied().unwrap_or(MISSING)
                } else {
                    MISSING
                }
            };
            let mut key = String::new();
            node(program, &e.kind, &e.ty, &op, &mut key);
            key.push_str(" : ");
            ty(program, &e.ty, &mut key);
            let n = self.intern(key);
            numbers.push(n);
        }
        Numbered { program, numbers }
    }
}

impl Numbered<'_> {
    /// The canonical number of an expression (of a malformed id: a number no expression has).
    pub fn expr(&self, id: ExprId) -> u32 {
        self.numbers.get(id.index()).copied().unwrap_or(MISSING)
    }

    /// The canonical text of a rule's definition: its arguments' and loop variables' types,
    /// its type, its body and its exceptions (in no order, as their meaning has none, each
    /// with its citation). Not its name, citation, comment or position.
    pub fn rule(&self, r: &Rule) -> String {
        let mut out = String::new();
        let _ = write!(out, "arity {} locals", r.arity);
        for l in &r.locals {
            out.push(' ');
            ty(self.program, &l.ty, &mut out);
        }
        out.push_str(" type ");
        ty(self.program, &r.ty, &mut out);
        let _ = write!(out, " body #{}", self.expr(r.body));
        let mut exceptions: Vec<String> = r
            .undantag
            .iter()
            .map(|x| {
                format!(
                    "undantag {:?} när #{} : #{}",
                    x.enligt,
                    self.expr(x.cond),
                    self.expr(x.value)
                )
            })
            .collect();
        exceptions.sort();
        for x in exceptions {
            out.push_str("; ");
            out.push_str(&x);
        }
        out
    }
}

fn type_name(program: &Program, t: TypeId) -> &str {
    program
        .types
        .get(t.index())
        .map_or("?", |d| d.name.as_str())
}

/// A type by the names of its declared types.
fn ty(program: &Program, t: &Type, out: &mut String) {
    match t {
        Type::Enum(id) | Type::Record(id) => out.push_str(type_name(program, *id)),
        Type::List(elem) => {
            out.push_str("lista av ");
            ty(program, elem, out);
        }
        other => {
            let _ = write!(out, "{other:?}");
        }
    }
}

fn variant(program: &Program, t: Option<&Type>, v: u32) -> String {
    let names = match t {
        Some(Type::Enum(id)) => program.types.get(id.index()).map(|d| &d.kind),
        _ => None,
    };
    match names {
        Some(TypeDefKind::Enum(names)) => names
            .get(v as usize)
            .cloned()
            .unwrap_or_else(|| format!("variant#{v}")),
        _ => format!("variant#{v}"),
    }
}

fn field_name(program: &Program, record: Option<&Type>, index: u32) -> String {
    let fields = match record {
        Some(Type::Record(id)) => program.types.get(id.index()).map(|d| &d.kind),
        _ => None,
    };
    match fields {
        Some(TypeDefKind::Record(fields)) => fields
            .get(index as usize)
            .map_or_else(|| format!("fält#{index}"), |f| f.name.clone()),
        _ => format!("fält#{index}"),
    }
}

/// A constant, with enum variants by name (inside lists and records too).
fn value(program: &Program, v: &Value, t: Option<&Type>, out: &mut String) {
    match v {
        Value::Enum(i) => out.push_str(&variant(program, t, *i)),
        Value::List(items) => {
            let elem = t.and_then(Type::elem);
            out.push('[');
            for x in items.iter() {
                value(program, x, elem, out);
                out.push(';');
            }
            out.push(']');
        }
        Value::Record(fields) => {
            let field_types: Option<Vec<&Type>> = match t {
                Some(Type::Record(id)) => match program.types.get(id.index()).map(|d| &d.kind) {
                    Some(TypeDefKind::Record(fs)) => Some(fs.iter().map(|f| &f.ty).collect()),
                    _ => None,
                },
                _ => None,
            };
            out.push('{');
            for (i, x) in fields.iter().enumerate() {
                let ft = field_types.as_ref().and_then(|fs| fs.get(i).copied());
                value(program, x, ft, out);
                out.push(';');
            }
            out.push('}');
        }
        other => {
            let _ = write!(out, "{other:?}");
        }
    }
}

fn ids(out: &mut String, op: &dyn Fn(ExprId) -> u32, list: &[ExprId]) {
    for e in list {
        let _ = write!(out, " #{}", op(*e));
    }
}

fn opt(op: &dyn Fn(ExprId) -> u32, e: Option<ExprId>) -> String {
    e.map_or_else(|| "-".to_owned(), |e| format!("#{}", op(e)))
}

/// The key of one node (of type `own`), its operands by their canonical numbers.
fn node(
    program: &Program,
    kind: &ExprKind,
    own: &Type,
    op: &dyn Fn(ExprId) -> u32,
    out: &mut String,
) {
    let expr_ty = |id: ExprId| program.exprs.get(id.index()).map(|e| &e.ty);
    let rule_name = |r: delegat_ir::RuleId| {
        program
            .rules
            .get(r.index())
            .map_or("?", |r| r.name.as_str())
    };
    let param_name = |p: delegat_ir::ParamId| {
        program
            .params
            .get(p.index())
            .map_or("?", |p| p.name.as_str())
    };
    match kind {
        ExprKind::Const(v) => {
            out.push_str("const ");
            value(program, v, Some(own), out);
        }
        ExprKind::Input(i) => {
            let name = program
                .inputs
                .get(i.index())
                .map_or("?", |i| i.name.as_str());
            let _ = write!(out, "input {name}");
        }
        ExprKind::Param(p) => {
            let _ = write!(out, "param {}", param_name(*p));
        }
        ExprKind::Lookup { table, key } => {
            let _ = write!(out, "lookup {} #{}", param_name(*table), op(*key));
        }
        ExprKind::Rule(r) => {
            let _ = write!(out, "rule {}", rule_name(*r));
        }
        ExprKind::Call { rule, args } => {
            let _ = write!(out, "call {}", rule_name(*rule));
            ids(out, op, args);
        }
        ExprKind::Local(l) => {
            let _ = write!(out, "local {}", l.0);
        }
        ExprKind::DecisionDate => out.push_str("beslutsdatum"),
        ExprKind::Unary { op: u, arg } => {
            let _ = write!(out, "{u:?} #{}", op(*arg));
        }
        ExprKind::Binary { op: b, lhs, rhs } => {
            let _ = write!(out, "{b:?} #{} #{}", op(*lhs), op(*rhs));
        }
        ExprKind::Compare {
            op: c,
            ty: t,
            lhs,
            rhs,
        } => {
            let _ = write!(out, "{c:?} {t:?} #{} #{}", op(*lhs), op(*rhs));
        }
        ExprKind::And(a, b) => {
            let _ = write!(out, "och #{} #{}", op(*a), op(*b));
        }
        ExprKind::Or(a, b) => {
            let _ = write!(out, "eller #{} #{}", op(*a), op(*b));
        }
        ExprKind::If {
            cond,
            then,
            otherwise,
        } => {
            let _ = write!(out, "om #{} #{} #{}", op(*cond), op(*then), op(*otherwise));
        }
        ExprKind::Cond { arms, otherwise } => {
            out.push_str("välj");
            for a in arms {
                let _ = write!(out, " när #{} #{}", op(a.cond), op(a.value));
            }
            let _ = write!(out, " annars {}", opt(op, *otherwise));
        }
        ExprKind::Match {
            subject,
            arms,
            otherwise,
        } => {
            let t = expr_ty(*subject);
            let _ = write!(out, "välj #{}", op(*subject));
            for a in arms {
                let mut names: Vec<String> =
                    a.variants.iter().map(|v| variant(program, t, *v)).collect();
                names.sort();
                let _ = write!(out, " när {} #{}", names.join("|"), op(a.value));
            }
            let _ = write!(out, " annars {}", opt(op, *otherwise));
        }
        ExprKind::Aggregate(a) => {
            let _ = write!(
                out,
                "{:?} local {} #{} där {} : {}",
                a.op,
                a.var.0,
                op(a.list),
                opt(op, a.filter),
                opt(op, a.body)
            );
        }
        ExprKind::MinMax { op: m, ty: t, args } => {
            let _ = write!(out, "{m:?} {t:?}");
            ids(out, op, args);
        }
        ExprKind::Round {
            mode,
            ty: t,
            arg,
            step,
        } => {
            let _ = write!(out, "{mode:?} {t:?} #{} {}", op(*arg), opt(op, *step));
        }
        ExprKind::DateDiff { unit, from, to } => {
            let _ = write!(out, "{unit:?} #{} #{}", op(*from), op(*to));
        }
        ExprKind::DateShift {
            subtract,
            date,
            duration,
        } => {
            let sign = if *subtract { '-' } else { '+' };
            let _ = write!(out, "datum {sign} #{} #{}", op(*date), op(*duration));
        }
        ExprKind::Field { record, index } => {
            let name = field_name(program, expr_ty(*record), *index);
            let _ = write!(out, "fält {name} #{}", op(*record));
        }
        ExprKind::MakeList(items) => {
            out.push_str("lista");
            ids(out, op, items);
        }
        ExprKind::MakeRecord { ty: t, fields } => {
            let _ = write!(out, "post {}", type_name(program, *t));
            let names: Vec<String> = (0..fields.len())
                .map(|i| {
                    field_name(
                        program,
                        Some(&Type::Record(*t)),
                        u32::try_from(i).unwrap_or(u32::MAX),
                    )
                })
                .collect();
            for (n, f) in names.iter().zip(fields) {
                let _ = write!(out, " {n}=#{}", op(*f));
            }
        }
    }
}
