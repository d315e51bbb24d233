//! Operators and the unit discipline of docs/language.md §3: which operand types each of
//! `+ - * /`, the comparisons, `och`, `eller`, `inte` and unary `-` accept, and what they
//! give.
//!
//! Decisions beyond the text: `belopp / tal` is `belopp` (like `belopp * tal`);
//! `heltal * belopp` and `tal * belopp` are accepted and swapped to money-first;
//! `datum - datum` is refused with a help pointing to `dagar_mellan`; `varaktighet + datum`
//! is accepted as `datum + varaktighet`; `=`/`≠` compare any two values of one type except
//! lists, records and tables, and `< <= > >=` only numbers of one unit and dates.

use delegat_diagnostics::{Code, Diagnostic, Span};
use delegat_syntax::ast;

use crate::ctx::Checker;
use crate::expr::{Env, texpr};
use crate::narrow::facts_when;
use crate::program::{ArithOp, CmpOp, TExpr, TExprKind, Type};
use crate::types::{as_money_help, const_lit, int_bounds};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Int,
    Dec,
    Money,
    Date,
    Dur,
    Other,
}

fn unit(t: &Type) -> Unit {
    match t {
        Type::Heltal(_) => Unit::Int,
        Type::Tal(_) => Unit::Dec,
        Type::Belopp(_) => Unit::Money,
        Type::Datum(_) => Unit::Date,
        Type::Varaktighet => Unit::Dur,
        _ => Unit::Other,
    }
}

fn op_text(op: ast::BinOp) -> &'static str {
    match op {
        ast::BinOp::Add => "+",
        ast::BinOp::Sub => "-",
        ast::BinOp::Mul => "*",
        ast::BinOp::Div => "/",
        ast::BinOp::Eq => "=",
        ast::BinOp::Ne => "≠",
        ast::BinOp::Lt => "<",
        ast::BinOp::Le => "<=",
        ast::BinOp::Gt => ">",
        ast::BinOp::Ge => ">=",
        ast::BinOp::Och => "och",
        ast::BinOp::Eller => "eller",
    }
}

impl Checker<'_> {
    /// `-a` and `inte a`.
    pub fn unary(
        &mut self,
        op: ast::UnOp,
        inner: &ast::Expr,
        span: Span,
        env: &mut Env,
    ) -> Option<TExpr> {
        if op == ast::UnOp::Inte {
            let c = self.cond(inner, env)?;
            return Some(texpr(TExprKind::Not(Box::new(c)), Type::Bool, span));
        }
        let t = self.expr(inner, env, None)?;
        let ty = match &t.ty {
            Type::Heltal(b) => Type::Heltal(crate::types::neg(*b)),
            Type::Tal(_) => Type::tal(),
            Type::Belopp(_) => Type::belopp(),
            Type::Varaktighet => Type::Varaktighet,
            other => {
                let shown = self.show(other);
                self.error(
                    Code::E0203,
                    format!("ett värde av typen `{shown}` kan inte göras negativt"),
                    span,
                    "`-` gäller tal, belopp och varaktigheter",
                );
                return None;
            }
        };
        Some(texpr(TExprKind::Neg(Box::new(t)), ty, span))
    }

    /// Binary operators.
    pub fn binary(
        &mut self,
        op: ast::BinOp,
        l: &ast::Expr,
        r: &ast::Expr,
        span: Span,
        env: &mut Env,
    ) -> Option<TExpr> {
        match op {
            ast::BinOp::Och | ast::BinOp::Eller => {
                let a = self.cond(l, env);
                let saved = env.facts.clone();
                if let Some(a) = &a {
                    let f = facts_when(a, op == ast::BinOp::Och);
                    env.facts = saved.clone().and(f);
                }
                let b = self.cond(r, env);
                env.facts = saved;
                let (a, b) = (Box::new(a?), Box::new(b?));
                let kind = if op == ast::BinOp::Och {
                    TExprKind::And(a, b)
                } else {
                    TExprKind::Or(a, b)
                };
                Some(texpr(kind, Type::Bool, span))
            }
            ast::BinOp::Eq
            | ast::BinOp::Ne
            | ast::BinOp::Lt
            | ast::BinOp::Le
            | ast::BinOp::Gt
            | ast::BinOp::Ge => self.compare(op, l, r, span, env),
            ast::BinOp::Add | ast::BinOp::Sub | ast::BinOp::Mul | ast::BinOp::Div => {
                let a = self.expr(l, env, None);
                let b = self.expr(r, env, None);
                self.arith(op, a?, b?, l, r, span)
            }
        }
    }

    fn compare(
        &mut self,
        op: ast::BinOp,
        l: &ast::Expr,
        r: &ast::Expr,
        span: Span,
        env: &mut Env,
    ) -> Option<TExpr> {
        // A variant name shared by several enums on the left is typed by the right side.
        let (a, b) = if self.is_ambiguous_variant(l, env) {
            let b = self.expr(r, env, None);
            let a = self.expr(l, env, b.as_ref().map(|b| &b.ty));
            (a, b)
        } else {
            let a = self.expr(l, env, None);
            let b = self.expr(r, env, a.as_ref().map(|a| &a.ty));
            (a, b)
        };
        let (mut a, mut b) = (a?, b?);
        let cmp = match op {
            ast::BinOp::Eq => CmpOp::Eq,
            ast::BinOp::Ne => CmpOp::Ne,
            ast::BinOp::Lt => CmpOp::Lt,
            ast::BinOp::Le => CmpOp::Le,
            ast::BinOp::Gt => CmpOp::Gt,
            _ => CmpOp::Ge,
        };
        let ordering = !matches!(cmp, CmpOp::Eq | CmpOp::Ne);
        let (ua, ub) = (unit(&a.ty), unit(&b.ty));
        match (ua, ub) {
            (Unit::Int, Unit::Dec) => a = self.coerce(a, &Type::tal(), "", None)?,
            (Unit::Dec, Unit::Int) => b = self.coerce(b, &Type::tal(), "", None)?,
            (Unit::Money, Unit::Int | Unit::Dec) | (Unit::Int | Unit::Dec, Unit::Money) => {
                self.money_mix(op, &a, &b, l, r, span);
                return None;
            }
            _ if a.ty.same_base(&b.ty) => {
                let orderable = matches!(ua, Unit::Int | Unit::Dec | Unit::Money | Unit::Date);
                let comparable =
                    !matches!(a.ty, Type::Lista(_) | Type::Record(_) | Type::Tabell(..));
                if (ordering && !orderable) || !comparable {
                    let shown = self.show(&a.ty);
                    self.error(
                        Code::E0203,
                        format!(
                            "värden av typen `{shown}` kan inte jämföras med `{}`",
                            op_text(op)
                        ),
                        span,
                        if comparable {
                            "bara `=` och `≠` går här"
                        } else {
                            "kan inte jämföras"
                        },
                    );
                    return None;
                }
            }
            _ => {
                let (x, y) = (self.show(&a.ty), self.show(&b.ty));
                self.report(
                    Diagnostic::new(
                        Code::E0201,
                        format!("`{x}` kan inte jämföras med `{y}`"),
                        span,
                    )
                    .with_primary_label("olika typer")
                    .with_label(l.span, format!("av typen `{x}`"))
                    .with_label(r.span, format!("av typen `{y}`")),
                );
                return None;
            }
        }
        Some(texpr(
            TExprKind::Compare(cmp, Box::new(a), Box::new(b)),
            Type::Bool,
            span,
        ))
    }

    /// Whether `e` is a bare name that only a variant of several enums answers to.
    fn is_ambiguous_variant(&self, e: &ast::Expr, env: &Env) -> bool {
        let ast::ExprKind::Name(id) = &e.kind else {
            return false;
        };
        !env.scopes.iter().any(|(n, _)| *n == id.name)
            && !self.values.contains_key(&id.name)
            && self.variants.get(&id.name).is_some_and(|v| v.len() > 1)
    }

    /// `belopp` meeting a plain number in `+`, `-` or a comparison: the unit error with the
    /// literal rewritten as money.
    fn money_mix(
        &mut self,
        op: ast::BinOp,
        a: &TExpr,
        b: &TExpr,
        l: &ast::Expr,
        r: &ast::Expr,
        span: Span,
    ) {
        let (num, num_src) = if unit(&a.ty) == Unit::Money {
            (b, r)
        } else {
            (a, l)
        };
        let shown = self.show(&num.ty);
        let verb = match op {
            ast::BinOp::Add => "ett belopp och ett tal utan enhet kan inte adderas",
            ast::BinOp::Sub => "ett tal utan enhet kan inte dras från ett belopp, eller tvärtom",
            _ => "ett belopp kan inte jämföras med ett tal utan enhet",
        };
        let mut d = Diagnostic::new(Code::E0202, verb.to_owned(), span)
            .with_primary_label(format!("`{}` mellan `belopp` och `{shown}`", op_text(op)))
            .with_label(num.span, format!("av typen `{shown}`"));
        if let Some(m) = const_lit(num_src).and_then(as_money_help) {
            d = d
                .with_help(format!("skriv talet som belopp: `{m}`"))
                .with_fix(num_src.span, m);
        } else {
            d = d.with_note(
                "ett belopp kan bara adderas till, dras från eller jämföras med ett annat belopp"
                    .to_owned(),
            );
        }
        self.report(d);
    }

    fn arith(
        &mut self,
        op: ast::BinOp,
        a: TExpr,
        b: TExpr,
        l: &ast::Expr,
        r: &ast::Expr,
        span: Span,
    ) -> Option<TExpr> {
        use ArithOp as A;
        use ast::BinOp as B;
        let (ua, ub) = (unit(&a.ty), unit(&b.ty));
        let (ia, ib) = (int_bounds(&a.ty), int_bounds(&b.ty));
        let mk = |op: ArithOp, x: TExpr, y: TExpr, ty: Type| {
            Some(texpr(
                TExprKind::Arith(op, Box::new(x), Box::new(y)),
                ty,
                span,
            ))
        };
        let widen = |t: TExpr| {
            if unit(&t.ty) == Unit::Int {
                let s = t.span;
                texpr(TExprKind::Widen(Box::new(t)), Type::tal(), s)
            } else {
                t
            }
        };
        match (op, ua, ub) {
            (B::Add, Unit::Int, Unit::Int) => {
                let ty = Type::Heltal(crate::types::add(ia?, ib?));
                mk(A::AddInt, a, b, ty)
            }
            (B::Sub, Unit::Int, Unit::Int) => {
                let ty = Type::Heltal(crate::types::sub(ia?, ib?));
                mk(A::SubInt, a, b, ty)
            }
            (B::Mul, Unit::Int, Unit::Int) => {
                let ty = Type::Heltal(crate::types::mul(ia?, ib?));
                mk(A::MulInt, a, b, ty)
            }
            (B::Div, Unit::Int, Unit::Int) => mk(A::DivInt, a, b, Type::tal()),
            (_, Unit::Int | Unit::Dec, Unit::Int | Unit::Dec) => {
                let dop = match op {
                    B::Add => A::AddDec,
                    B::Sub => A::SubDec,
                    B::Mul => A::MulDec,
                    _ => A::DivDec,
                };
                mk(dop, widen(a), widen(b), Type::tal())
            }
            (B::Add, Unit::Money, Unit::Money) => mk(A::AddMoney, a, b, Type::belopp()),
            (B::Sub, Unit::Money, Unit::Money) => mk(A::SubMoney, a, b, Type::belopp()),
            (B::Div, Unit::Money, Unit::Money) => mk(A::DivMoneyMoney, a, b, Type::tal()),
            (B::Mul, Unit::Money, Unit::Int) => mk(A::MulMoneyInt, a, b, Type::belopp()),
            (B::Mul, Unit::Int, Unit::Money) => mk(A::MulMoneyInt, b, a, Type::belopp()),
            (B::Mul, Unit::Money, Unit::Dec) => mk(A::MulMoneyDec, a, b, Type::belopp()),
            (B::Mul, Unit::Dec, Unit::Money) => mk(A::MulMoneyDec, b, a, Type::belopp()),
            (B::Div, Unit::Money, Unit::Int) => mk(A::DivMoneyInt, a, b, Type::belopp()),
            (B::Div, Unit::Money, Unit::Dec) => mk(A::DivMoneyDec, a, b, Type::belopp()),
            (B::Add | B::Sub, Unit::Money, Unit::Int | Unit::Dec)
            | (B::Add | B::Sub, Unit::Int | Unit::Dec, Unit::Money) => {
                self.money_mix(op, &a, &b, l, r, span);
                None
            }
            (B::Add, Unit::Date, Unit::Dur) => mk(A::AddDateDuration, a, b, Type::datum()),
            (B::Add, Unit::Dur, Unit::Date) => mk(A::AddDateDuration, b, a, Type::datum()),
            (B::Sub, Unit::Date, Unit::Dur) => mk(A::SubDateDuration, a, b, Type::datum()),
            (B::Sub, Unit::Date, Unit::Date) => {
                self.report(
                    Diagnostic::new(
                        Code::E0203,
                        "två datum kan inte dras från varandra".to_owned(),
                        span,
                    )
                    .with_primary_label("`datum - datum`")
                    .with_help(format!(
                        "räkna tiden mellan dem: `dagar_mellan({}; {})`, `månader_mellan(…)` eller `år_mellan(…)`",
                        self.text(r.span),
                        self.text(l.span)
                    )),
                );
                None
            }
            _ => {
                let (x, y) = (self.show(&a.ty), self.show(&b.ty));
                let mut d = Diagnostic::new(
                    Code::E0203,
                    format!("`{}` går inte mellan `{x}` och `{y}`", op_text(op)),
                    span,
                )
                .with_primary_label("otillåten räkneoperation");
                if op == B::Mul && ua == Unit::Money && ub == Unit::Money {
                    d = d.with_note(
                        "ett belopp multipliceras med ett heltal eller tal, aldrig med ett belopp"
                            .to_owned(),
                    );
                }
                if op == B::Div && ub == Unit::Money {
                    d = d.with_note("ett tal kan inte delas med ett belopp".to_owned());
                }
                self.report(d);
                None
            }
        }
    }
}
