//! Checking expressions: names, fields, table lookups, calls of rules, `om`, and the
//! conversions between types. Literals are in `literals.rs`, operators in `ops.rs`, builtins
//! and aggregates in `builtins.rs`, `välj` in `valj.rs`.
//!
//! Every check returns `Option<TExpr>`: `None` means an error was reported below, and the
//! caller stays silent about it (no cascades). Sub-expressions are all checked before
//! giving up, so independent errors are all reported.

use delegat_diagnostics::{Code, Diagnostic, Span};
use delegat_syntax::ast;

use crate::ctx::{Checker, ValueSym};
use crate::narrow::{Facts, place_of};
use crate::program::{Bounds, LocalId, RegelId, TExpr, TExprKind, Type, TypeDefKind};
use crate::resolve::BESLUTSDATUM;
use crate::types::{as_money_help, const_lit, intersect, key_bounds, with_key_bounds};

/// Where an expression is checked.
#[derive(Clone, Debug, Default)]
pub(crate) struct Env {
    /// Locals in scope, innermost last.
    pub scopes: Vec<(String, LocalId)>,
    /// What is known to hold here.
    pub facts: Facts,
    /// The rule whose body this is (rule references become call edges).
    pub regel: Option<RegelId>,
    /// `Some(what)` where only constants may appear (parameter values, exempel values);
    /// `what` names the place for the message.
    pub constant: Option<&'static str>,
    /// Set while checking the table of a lookup `p[…]`: only there may a table parameter
    /// stand.
    pub table_ok: bool,
}

impl Env {
    /// An environment for a constant (parameter value, exempel value).
    pub fn constant(what: &'static str) -> Env {
        Env {
            constant: Some(what),
            ..Env::default()
        }
    }

    fn lookup(&self, name: &str) -> Option<LocalId> {
        self.scopes
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, id)| *id)
    }
}

/// Builds a typed expression.
pub(crate) fn texpr(kind: TExprKind, ty: Type, span: Span) -> TExpr {
    TExpr { kind, ty, span }
}

impl Checker<'_> {
    /// Checks an expression. `hint` is the type the context expects, used only to pick
    /// between enums that share a variant name and to type `[]` and `{ … }`.
    pub fn expr(&mut self, e: &ast::Expr, env: &mut Env, hint: Option<&Type>) -> Option<TExpr> {
        let span = e.span;
        match &e.kind {
            ast::ExprKind::Lit(lit) => self.literal(lit, span, env),
            ast::ExprKind::Name(id) => self.name(id, env, hint),
            ast::ExprKind::Field(inner, field) => self.field(inner, field, span, env),
            ast::ExprKind::Index(table, key) => self.index(table, key, span, env),
            ast::ExprKind::Call(name, args) => self.call(name, args, span, env, hint),
            ast::ExprKind::Aggregate(agg) => self.aggregate(agg, span, env),
            ast::ExprKind::Unary(op, inner) => self.unary(*op, inner, span, env),
            ast::ExprKind::Binary(op, l, r) => self.binary(*op, l, r, span, env),
            ast::ExprKind::If(c, a, b) => self.if_expr(c, a, b, span, env, hint),
            ast::ExprKind::Valj(v) => self.valj(v, span, env, hint),
            ast::ExprKind::List(items) => self.list(items, span, env, hint),
            ast::ExprKind::Record(fields) => self.record(fields, span, env, hint),
            ast::ExprKind::Paren(inner) => self.expr(inner, env, hint),
        }
    }

    /// Checks an expression that must be `ja/nej`.
    pub fn cond(&mut self, e: &ast::Expr, env: &mut Env) -> Option<TExpr> {
        let t = self.expr(e, env, Some(&Type::Bool))?;
        if t.ty != Type::Bool {
            let shown = self.show(&t.ty);
            self.report(
                Diagnostic::new(
                    Code::E0204,
                    format!("villkoret är av typen `{shown}`, inte `ja/nej`"),
                    e.span,
                )
                .with_primary_label("ska vara `ja` eller `nej`")
                .with_help("skriv en jämförelse, till exempel `x > 0 kr`"),
            );
            return None;
        }
        Some(t)
    }

    /// Checks an expression against the type it must have (widening `heltal` to `tal`,
    /// checking literal values against ranges). `what` names the place for the message.
    pub fn expr_as(
        &mut self,
        e: &ast::Expr,
        want: &Type,
        env: &mut Env,
        what: &str,
    ) -> Option<TExpr> {
        let t = self.expr(e, env, Some(want))?;
        self.coerce(t, want, what, Some(e))
    }

    /// Converts a checked expression to `want`, or reports why it cannot be.
    pub fn coerce(
        &mut self,
        t: TExpr,
        want: &Type,
        what: &str,
        src: Option<&ast::Expr>,
    ) -> Option<TExpr> {
        let t = match (&t.ty, want) {
            (a, b) if a.same_base(b) => t,
            (Type::Heltal(b), Type::Tal(_)) => {
                let span = t.span;
                let ty = Type::Tal(Bounds {
                    lo: b.lo.map(crate::program::Decimal::from_int),
                    hi: b.hi.map(crate::program::Decimal::from_int),
                });
                texpr(TExprKind::Widen(Box::new(t)), ty, span)
            }
            (Type::Lista(_), Type::Lista(w)) if matches!(&t.kind, TExprKind::List(_)) => {
                let TExprKind::List(items) = t.kind else {
                    return None;
                };
                let mut out = Vec::new();
                for item in items {
                    out.push(self.coerce(item, w, what, None));
                }
                let out: Option<Vec<_>> = out.into_iter().collect();
                texpr(TExprKind::List(out?), want.unbounded(), t.span)
            }
            _ => {
                let (got, wanted) = (self.show(&t.ty), self.show(want));
                let mut d = Diagnostic::new(
                    Code::E0201,
                    format!("{what} ska vara av typen `{wanted}`, men värdet är `{got}`"),
                    t.span,
                )
                .with_primary_label(format!("av typen `{got}`"));
                if matches!(want, Type::Belopp(_))
                    && let Some(src) = src
                    && let Some(m) = const_lit(src).and_then(as_money_help)
                {
                    d = d
                        .with_help(format!("skriv beloppet med enhet: `{m}`"))
                        .with_fix(src.span, m);
                }
                self.report(d);
                return None;
            }
        };
        self.check_range(&t, want, what);
        Some(t)
    }

    /// Reports a value whose known range lies outside the wanted range: literals (point
    /// ranges) when not inside, other values only when entirely outside.
    fn check_range(&mut self, t: &TExpr, want: &Type, what: &str) {
        let outside = match (&t.ty, want) {
            (Type::Heltal(a), Type::Heltal(w)) | (Type::Belopp(a), Type::Belopp(w)) => {
                outside(*a, *w, is_literal(t))
            }
            (Type::Datum(_), Type::Datum(_)) => match (key_bounds(&t.ty), key_bounds(want)) {
                (Some(a), Some(w)) => outside(a, w, is_literal(t)),
                _ => false,
            },
            (Type::Tal(a), Type::Tal(w)) => is_literal(t) && dec_outside(*a, *w),
            _ => false,
        };
        if outside {
            let range = self.show_range(want);
            self.report(
                Diagnostic::new(
                    Code::E0205,
                    format!(
                        "{what} ska ligga inom {range}, men är `{}`",
                        self.text(t.span)
                    ),
                    t.span,
                )
                .with_primary_label(format!("tillåtet är {range}")),
            );
        }
    }

    /// A range as written: `0..20`, `0 kr..50 000 kr`, `2026-01-01..`.
    pub fn show_range(&self, t: &Type) -> String {
        let fmt = |lo: Option<String>, hi: Option<String>| {
            format!("{}..{}", lo.unwrap_or_default(), hi.unwrap_or_default())
        };
        match t {
            Type::Heltal(b) => fmt(b.lo.map(|n| n.to_string()), b.hi.map(|n| n.to_string())),
            Type::Belopp(b) => fmt(
                b.lo.map(crate::types::format_money),
                b.hi.map(crate::types::format_money),
            ),
            Type::Datum(b) => fmt(b.lo.map(|d| d.to_string()), b.hi.map(|d| d.to_string())),
            Type::Tal(b) => fmt(b.lo.map(show_dec), b.hi.map(show_dec)),
            _ => String::new(),
        }
    }

    fn name(&mut self, id: &ast::Ident, env: &mut Env, hint: Option<&Type>) -> Option<TExpr> {
        let span = id.span;
        if let Some(local) = env.lookup(&id.name) {
            let ty = self.local_ty(local)?.clone();
            return Some(self.narrowed(texpr(TExprKind::Local(local), ty, span), env));
        }
        if let Some((sym, _)) = self.values.get(&id.name).copied() {
            if let Some(what) = env.constant
                && !matches!(sym, ValueSym::Beslut(_))
            {
                self.not_constant(id, what);
                return None;
            }
            let t = match sym {
                ValueSym::Uppgift(u) => {
                    let ty = self.uppgift_ty.get(u.index())?.clone()?;
                    texpr(TExprKind::Uppgift(u), ty, span)
                }
                ValueSym::Param(p) => {
                    let ty = self.param_ty.get(p.index())?.clone()?;
                    if matches!(ty, Type::Tabell(..)) && !env.table_ok {
                        self.report(
                            Diagnostic::new(
                                Code::E0218,
                                format!("tabellen `{}` används utan nyckel", id.name),
                                span,
                            )
                            .with_primary_label("en tabell har inget värde utan nyckel")
                            .with_help(format!("slå upp ett värde: `{}[nyckel]`", id.name)),
                        );
                        return None;
                    }
                    texpr(TExprKind::Param(p), ty, span)
                }
                ValueSym::Bedomning(b) => {
                    let ty = self.bedomning_ty.get(b.index())?.clone()?;
                    texpr(TExprKind::Bedomning(b), ty, span)
                }
                ValueSym::Regel(r) => {
                    // A reference may need the rule's inferred range: check it first.
                    self.ensure_regel(r.index());
                    let sig = self.regel_sig.get(r.index())?.clone();
                    if sig.is_function {
                        self.report(
                            Diagnostic::new(
                                Code::E0110,
                                format!("regeln `{}` har argument och måste anropas", id.name),
                                span,
                            )
                            .with_primary_label("används som ett värde")
                            .with_help(format!("anropa den: `{}(…)`", id.name)),
                        );
                        return None;
                    }
                    self.call_edge(env, r, span);
                    texpr(TExprKind::Regel(r), sig.inferred.or(sig.ty)?, span)
                }
                ValueSym::Beslut(_) => {
                    self.error(
                        Code::E0110,
                        format!("beslutet `{}` kan inte användas i ett uttryck", id.name),
                        span,
                        "ett beslut har ett utfall, inget värde",
                    );
                    return None;
                }
            };
            return Some(self.narrowed(t, env));
        }
        if let Some(t) = self.variant(id, hint) {
            return t;
        }
        if id.name == BESLUTSDATUM {
            if let Some(what) = env.constant {
                self.not_constant(id, what);
                return None;
            }
            let t = texpr(TExprKind::Beslutsdatum, Type::datum(), span);
            return Some(self.narrowed(t, env));
        }
        let locals: Vec<String> = env.scopes.iter().map(|(n, _)| n.clone()).collect();
        let cands = self.value_candidates(&locals);
        self.unknown(Code::E0102, "namnet", id, cands);
        None
    }

    /// A bare variant name: `Some(result)` when the name is a variant.
    fn variant(&mut self, id: &ast::Ident, hint: Option<&Type>) -> Option<Option<TExpr>> {
        let owners = self.variants.get(&id.name)?.clone();
        let chosen = match owners.as_slice() {
            [one] => Some(*one),
            _ => match hint {
                Some(Type::Enum(want)) => owners.iter().find(|(t, _)| t == want).copied(),
                _ => None,
            },
        };
        let Some((tid, index)) = chosen else {
            let names: Vec<String> = owners
                .iter()
                .map(|(t, _)| format!("`{}`", self.type_name(*t)))
                .collect();
            self.report(
                Diagnostic::new(
                    Code::E0216,
                    format!("varianten `{}` finns i flera uppräkningar", id.name),
                    id.span,
                )
                .with_primary_label("oklart vilken uppräkning som avses")
                .with_note(format!("den finns i {}", names.join(", "))),
            );
            return Some(None);
        };
        Some(Some(texpr(
            TExprKind::Variant(tid, index),
            Type::Enum(tid),
            id.span,
        )))
    }

    fn not_constant(&mut self, id: &ast::Ident, what: &str) {
        self.report(
            Diagnostic::new(
                Code::E0220,
                format!("{what} ska vara ett fast värde, men nämner `{}`", id.name),
                id.span,
            )
            .with_primary_label("inte en konstant")
            .with_help("skriv värdet direkt; det som räknas ut hör hemma i en `regel`"),
        );
    }

    /// Applies the facts in force to an expression that reads a place.
    pub fn narrowed(&self, mut t: TExpr, env: &Env) -> TExpr {
        if let (Some(p), Some(kb)) = (place_of(&t), key_bounds(&t.ty))
            && let Some(f) = env.facts.get(&p)
        {
            t.ty = with_key_bounds(&t.ty, intersect(kb, f));
        }
        t
    }

    /// Records that the rule being checked refers to `target`.
    pub fn call_edge(&mut self, env: &Env, target: RegelId, span: Span) {
        if let Some(from) = env.regel
            && let Some(edges) = self.calls.get_mut(from.index())
        {
            edges.push((target, span));
        }
    }

    fn field(
        &mut self,
        inner: &ast::Expr,
        field: &ast::Ident,
        span: Span,
        env: &mut Env,
    ) -> Option<TExpr> {
        let base = self.expr(inner, env, None)?;
        let Type::Record(tid) = base.ty else {
            let shown = self.show(&base.ty);
            self.error(
                Code::E0218,
                format!(
                    "`{}` är av typen `{shown}` och har inga fält",
                    self.text(inner.span)
                ),
                inner.span,
                "inte en post",
            );
            return None;
        };
        let Some(TypeDefKind::Record(fields)) = self.type_def(tid).map(|d| &d.kind) else {
            return None;
        };
        let found = fields
            .iter()
            .position(|f| f.name.text == field.name)
            .and_then(|i| Some((crate::ctx::idx(i), fields.get(i)?.ty.clone())));
        let Some((index, ty)) = found else {
            let cands: Vec<String> = fields.iter().map(|f| f.name.text.clone()).collect();
            self.unknown(Code::E0104, "fältet", field, cands);
            return None;
        };
        if self.bad_fields.contains(&(tid, index)) {
            return None;
        }
        let t = texpr(TExprKind::Field(Box::new(base), index), ty, span);
        Some(self.narrowed(t, env))
    }

    fn index(
        &mut self,
        table: &ast::Expr,
        key: &ast::Expr,
        span: Span,
        env: &mut Env,
    ) -> Option<TExpr> {
        let saved = env.table_ok;
        env.table_ok = matches!(table.kind, ast::ExprKind::Name(_));
        let t = self.expr(table, env, None);
        env.table_ok = saved;
        let t = t?;
        let Type::Tabell(kt, vt) = t.ty.clone() else {
            let shown = self.show(&t.ty);
            self.error(
                Code::E0218,
                format!(
                    "`{}` är av typen `{shown}`, inte en tabell",
                    self.text(table.span)
                ),
                table.span,
                "kan inte slås upp i",
            );
            return None;
        };
        let k = self.expr(key, env, Some(&kt))?;
        if !k.ty.same_base(&kt) {
            let (got, want) = (self.show(&k.ty), self.show(&kt));
            self.error(
                Code::E0201,
                format!("nyckeln ska vara av typen `{want}`, men är `{got}`"),
                key.span,
                format!("av typen `{got}`").as_str(),
            );
            return None;
        }
        if let TExprKind::Param(p) = t.kind {
            self.check_lookup_coverage(p, &k);
        }
        Some(texpr(TExprKind::Index(Box::new(t), Box::new(k)), *vt, span))
    }

    fn call(
        &mut self,
        name: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
        env: &mut Env,
        hint: Option<&Type>,
    ) -> Option<TExpr> {
        if let Some(t) = self.builtin_call(name, args, span, env, hint) {
            return t;
        }
        let sym = self.values.get(&name.name).map(|(s, _)| *s);
        let Some(ValueSym::Regel(r)) = sym else {
            // Check the arguments anyway, for their own errors.
            for a in args {
                let _ = self.expr(a, env, None);
            }
            if sym.is_some() {
                self.error(
                    Code::E0110,
                    format!(
                        "`{}` är inte en regel med argument och kan inte anropas",
                        name.name
                    ),
                    name.span,
                    "kan inte anropas",
                );
            } else {
                let mut cands: Vec<String> = self
                    .regel_sig
                    .iter()
                    .zip(&self.items.regler)
                    .filter(|(s, _)| s.is_function)
                    .map(|(_, (_, r))| r.name.name.clone())
                    .collect();
                cands.extend(crate::resolve::BUILTINS.iter().map(|s| (*s).to_owned()));
                self.unknown(Code::E0109, "funktionen", name, cands);
            }
            return None;
        };
        if let Some(what) = env.constant {
            self.not_constant(name, what);
            return None;
        }
        let sig = self.regel_sig.get(r.index())?.clone();
        if !sig.is_function {
            self.report(
                Diagnostic::new(
                    Code::E0110,
                    format!(
                        "regeln `{}` har inga argument och kan inte anropas",
                        name.name
                    ),
                    name.span,
                )
                .with_primary_label("anropas")
                .with_help(format!("skriv bara namnet: `{}`", name.name)),
            );
            return None;
        }
        if args.len() != sig.params.len() {
            self.arity(name, sig.params.len(), args.len(), span);
            return None;
        }
        let mut out = Vec::new();
        for (a, p) in args.iter().zip(&sig.params) {
            let Some(pty) = self.local_ty(*p).cloned() else {
                out.push(None);
                continue;
            };
            let pname = self
                .locals
                .get(p.index())
                .map(|l| l.name.text.clone())
                .unwrap_or_default();
            out.push(self.expr_as(a, &pty, env, &format!("argumentet `{pname}`")));
        }
        let args: Option<Vec<_>> = out.into_iter().collect();
        self.call_edge(env, r, name.span);
        if !sig.params_ok {
            return None;
        }
        Some(texpr(TExprKind::Call(r, args?), sig.ty?, span))
    }

    /// Reports a call with the wrong number of arguments.
    pub fn arity(&mut self, name: &ast::Ident, want: usize, got: usize, span: Span) {
        self.error(
            Code::E0210,
            format!("`{}` tar {want} argument men anropas med {got}", name.name),
            span,
            "fel antal argument",
        );
    }

    fn if_expr(
        &mut self,
        c: &ast::Expr,
        a: &ast::Expr,
        b: &ast::Expr,
        span: Span,
        env: &mut Env,
        hint: Option<&Type>,
    ) -> Option<TExpr> {
        let c = self.cond(c, env);
        let saved = env.facts.clone();
        let (yes, no) = match &c {
            Some(c) => (
                crate::narrow::facts_when(c, true),
                crate::narrow::facts_when(c, false),
            ),
            None => (Facts::default(), Facts::default()),
        };
        env.facts = saved.clone().and(yes);
        let ta = self.expr(a, env, hint);
        env.facts = saved.clone().and(no);
        let tb = self.expr(b, env, hint.or(ta.as_ref().map(|t| &t.ty)));
        env.facts = saved;
        let (ta, tb, ty) = self.join(ta?, tb?, "grenarna i `om`")?;
        Some(texpr(
            TExprKind::If(Box::new(c?), Box::new(ta), Box::new(tb)),
            ty,
            span,
        ))
    }

    /// Brings two branch values to one type: equal base types (bounds joined), or
    /// `heltal` widened to `tal`.
    pub fn join(&mut self, a: TExpr, b: TExpr, what: &str) -> Option<(TExpr, TExpr, Type)> {
        match (&a.ty, &b.ty) {
            (Type::Heltal(x), Type::Heltal(y)) => {
                let ty = Type::Heltal(crate::types::hull(*x, *y));
                Some((a, b, ty))
            }
            (Type::Datum(_), Type::Datum(_)) => {
                let ty = match (key_bounds(&a.ty), key_bounds(&b.ty)) {
                    (Some(x), Some(y)) => with_key_bounds(&Type::datum(), crate::types::hull(x, y)),
                    _ => Type::datum(),
                };
                Some((a, b, ty))
            }
            (x, y) if x.same_base(y) => {
                let ty = x.unbounded();
                Some((a, b, ty))
            }
            (Type::Heltal(_), Type::Tal(_)) => {
                let a = self.coerce(a, &Type::tal(), what, None)?;
                Some((a, b, Type::tal()))
            }
            (Type::Tal(_), Type::Heltal(_)) => {
                let b = self.coerce(b, &Type::tal(), what, None)?;
                Some((a, b, Type::tal()))
            }
            _ => {
                let (x, y) = (self.show(&a.ty), self.show(&b.ty));
                self.report(
                    Diagnostic::new(
                        Code::E0201,
                        format!("{what} har olika typer: `{x}` och `{y}`"),
                        b.span,
                    )
                    .with_primary_label(format!("av typen `{y}`"))
                    .with_label(a.span, format!("av typen `{x}`")),
                );
                None
            }
        }
    }
}

fn is_literal(t: &TExpr) -> bool {
    match &t.kind {
        TExprKind::Int(_) | TExprKind::Money(_) | TExprKind::Dec(_) | TExprKind::Date(_) => true,
        TExprKind::Neg(inner) | TExprKind::Widen(inner) => is_literal(inner),
        _ => false,
    }
}

/// Whether `a` is outside `w`: for a literal, not inside; otherwise entirely outside.
fn outside(a: Bounds<i64>, w: Bounds<i64>, literal: bool) -> bool {
    if literal {
        matches!((a.lo, w.lo), (Some(x), Some(l)) if x < l)
            || matches!((a.hi, w.hi), (Some(x), Some(h)) if x > h)
    } else {
        matches!((a.hi, w.lo), (Some(x), Some(l)) if x < l)
            || matches!((a.lo, w.hi), (Some(x), Some(h)) if x > h)
    }
}

fn dec_outside(a: Bounds<crate::program::Decimal>, w: Bounds<crate::program::Decimal>) -> bool {
    use std::cmp::Ordering::{Greater, Less};
    matches!((a.lo, w.lo), (Some(x), Some(l)) if x.cmp_exact(l) == Some(Less))
        || matches!((a.hi, w.hi), (Some(x), Some(h)) if x.cmp_exact(h) == Some(Greater))
}

/// A decimal the Swedish way: `12,5`.
pub(crate) fn show_dec(d: crate::program::Decimal) -> String {
    let neg = d.mantissa < 0;
    let digits = d.mantissa.unsigned_abs().to_string();
    let scale = d.scale as usize;
    let body = if scale == 0 {
        digits
    } else if digits.len() > scale {
        let (i, f) = digits.split_at(digits.len() - scale);
        format!("{i},{f}")
    } else {
        format!("0,{}{digits}", "0".repeat(scale - digits.len()))
    };
    if neg { format!("-{body}") } else { body }
}
