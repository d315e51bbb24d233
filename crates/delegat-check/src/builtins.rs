//! Builtin functions and aggregates: their arity, argument types and result types.
//!
//! Decisions: `avrunda…(tal)` gives `heltal` (docs/language.md §3: a `tal` rounds to an
//! integer), with a step it keeps the value's type; `avrunda…(heltal)` is allowed (unchanged without
//! a step). `minsta`/`största` take two or more values of one numeric unit (`heltal` and
//! `tal` mix as `tal`) or dates. The `…_mellan` functions take two dates and give `heltal`.

use delegat_diagnostics::{Code, Diagnostic, Span};
use delegat_syntax::ast;

use crate::ctx::Checker;
use crate::expr::{Env, texpr};
use crate::narrow::facts_when;
use crate::program::{
    AggFunc, Aggregate, Bounds, Builtin, LocalDef, LocalKind, RoundMode, TExpr, TExprKind, Type,
};
use crate::resolve::spanned;

fn builtin_of(name: &str) -> Option<Builtin> {
    Some(match name {
        "minsta" => Builtin::Minsta,
        "största" => Builtin::Storsta,
        "summa" => Builtin::Summa,
        "antal" => Builtin::Antal,
        "alla" => Builtin::Alla,
        "någon" => Builtin::Nagon,
        "avrunda" => Builtin::Avrunda(RoundMode::HalfAwayFromZero),
        "avrunda_nedåt" => Builtin::Avrunda(RoundMode::Down),
        "avrunda_uppåt" => Builtin::Avrunda(RoundMode::Up),
        "år_mellan" => Builtin::ArMellan,
        "månader_mellan" => Builtin::ManaderMellan,
        "dagar_mellan" => Builtin::DagarMellan,
        _ => return None,
    })
}

fn numeric(t: &Type) -> bool {
    matches!(t, Type::Heltal(_) | Type::Tal(_) | Type::Belopp(_))
}

/// Bounds of `summa` over elements with bounds `b`: the sign is all that survives.
fn sum_bounds(b: Bounds<i64>) -> Bounds<i64> {
    Bounds {
        lo: b.lo.filter(|l| *l >= 0).map(|_| 0),
        hi: b.hi.filter(|h| *h <= 0).map(|_| 0),
    }
}

impl Checker<'_> {
    /// A call of a builtin: `None` when `name` is not one.
    pub fn builtin_call(
        &mut self,
        name: &ast::Ident,
        args: &[ast::Expr],
        span: Span,
        env: &mut Env,
        hint: Option<&Type>,
    ) -> Option<Option<TExpr>> {
        if self.values.contains_key(&name.name) {
            return None;
        }
        let b = builtin_of(&name.name)?;
        let _ = hint;
        let checked: Vec<Option<TExpr>> = args.iter().map(|a| self.expr(a, env, None)).collect();
        let Some(checked) = checked.into_iter().collect::<Option<Vec<_>>>() else {
            return Some(None);
        };
        Some(self.builtin(b, name, checked, span))
    }

    fn builtin(
        &mut self,
        b: Builtin,
        name: &ast::Ident,
        args: Vec<TExpr>,
        span: Span,
    ) -> Option<TExpr> {
        let n = args.len();
        let ty = match b {
            Builtin::Minsta | Builtin::Storsta => {
                if n < 2 {
                    self.report(
                        Diagnostic::new(
                            Code::E0210,
                            format!("`{}` tar minst två värden men får {n}", name.name),
                            span,
                        )
                        .with_primary_label("för få argument")
                        .with_help(format!(
                            "skriv `{}(a; b)`, eller `{}(för x i lista: …)` för en lista",
                            name.name, name.name
                        )),
                    );
                    return None;
                }
                return self.min_max(b, args, span);
            }
            Builtin::Summa | Builtin::Antal | Builtin::Alla | Builtin::Nagon => {
                if n != 1 {
                    self.arity(name, 1, n, span);
                    return None;
                }
                let arg = args.first()?;
                let elem = match &arg.ty {
                    Type::Lista(e) => (**e).clone(),
                    other => {
                        let shown = self.show(other);
                        self.error(
                            Code::E0201,
                            format!("`{}` tar en lista, men värdet är `{shown}`", name.name),
                            arg.span,
                            "inte en lista",
                        );
                        return None;
                    }
                };
                match b {
                    Builtin::Summa if numeric(&elem) => match elem {
                        Type::Heltal(eb) => Type::Heltal(sum_bounds(eb)),
                        other => other.unbounded(),
                    },
                    Builtin::Antal => Type::Heltal(Bounds {
                        lo: Some(0),
                        hi: None,
                    }),
                    Builtin::Alla | Builtin::Nagon if elem == Type::Bool => Type::Bool,
                    _ => {
                        let shown = self.show(&elem);
                        let want = if b == Builtin::Summa {
                            "heltal, tal eller belopp"
                        } else {
                            "ja/nej"
                        };
                        self.error(
                            Code::E0201,
                            format!("`{}` tar en lista av {want}, inte av `{shown}`", name.name),
                            arg.span,
                            "fel slags lista",
                        );
                        return None;
                    }
                }
            }
            Builtin::Avrunda(_) => {
                if !(1..=2).contains(&n) {
                    self.arity(name, 1, n, span);
                    return None;
                }
                return self.round(b, name, args, span);
            }
            Builtin::ArMellan | Builtin::ManaderMellan | Builtin::DagarMellan => {
                if n != 2 {
                    self.arity(name, 2, n, span);
                    return None;
                }
                let mut ok = true;
                for a in &args {
                    if !matches!(a.ty, Type::Datum(_)) {
                        let shown = self.show(&a.ty);
                        self.error(
                            Code::E0201,
                            format!("`{}` tar två datum, men värdet är `{shown}`", name.name),
                            a.span,
                            "inte ett datum",
                        );
                        ok = false;
                    }
                }
                if !ok {
                    return None;
                }
                Type::heltal()
            }
        };
        Some(texpr(TExprKind::Builtin(b, args), ty, span))
    }

    fn min_max(&mut self, b: Builtin, args: Vec<TExpr>, span: Span) -> Option<TExpr> {
        let first = args.first()?.ty.clone();
        let any_dec = args.iter().any(|a| matches!(a.ty, Type::Tal(_)));
        let target = match &first {
            Type::Heltal(_) | Type::Tal(_) if any_dec => Type::tal(),
            Type::Heltal(_) => Type::heltal(),
            Type::Belopp(_) | Type::Datum(_) | Type::Tal(_) => first.unbounded(),
            other => {
                let shown = self.show(other);
                self.error(
                    Code::E0201,
                    format!("`minsta` och `största` tar tal, belopp eller datum, inte `{shown}`"),
                    args.first()?.span,
                    "går inte att jämföra i storlek",
                );
                return None;
            }
        };
        let mut out = Vec::new();
        for a in args {
            out.push(self.coerce(a, &target, "argumentet", None));
        }
        let out: Vec<TExpr> = out.into_iter().collect::<Option<_>>()?;
        let ty = if target == Type::heltal() {
            let bs: Vec<Bounds<i64>> = out
                .iter()
                .filter_map(|t| crate::types::int_bounds(&t.ty))
                .collect();
            let all = |f: fn(&Bounds<i64>) -> Option<i64>| -> Option<Vec<i64>> {
                bs.iter().map(f).collect()
            };
            let some = |f: fn(&Bounds<i64>) -> Option<i64>| -> Vec<i64> {
                bs.iter().filter_map(f).collect()
            };
            let (lo, hi) = if b == Builtin::Minsta {
                (
                    all(|b| b.lo).and_then(|v| v.into_iter().min()),
                    some(|b| b.hi).into_iter().min(),
                )
            } else {
                (
                    some(|b| b.lo).into_iter().max(),
                    all(|b| b.hi).and_then(|v| v.into_iter().max()),
                )
            };
            Type::Heltal(Bounds { lo, hi })
        } else {
            target
        };
        Some(texpr(TExprKind::Builtin(b, out), ty, span))
    }

    fn round(
        &mut self,
        b: Builtin,
        name: &ast::Ident,
        mut args: Vec<TExpr>,
        span: Span,
    ) -> Option<TExpr> {
        let step = if args.len() == 2 { args.pop() } else { None };
        let value = args.pop()?;
        let ty = match (&value.ty, step.as_ref().map(|s| &s.ty)) {
            (Type::Belopp(_), None | Some(Type::Belopp(_))) => Type::belopp(),
            (Type::Tal(_), None) => Type::heltal(),
            (Type::Tal(_), Some(Type::Tal(_) | Type::Heltal(_))) => Type::tal(),
            (Type::Heltal(_), None | Some(Type::Heltal(_))) => Type::heltal(),
            (Type::Belopp(_), Some(other)) => {
                let shown = self.show(other);
                let mut d = Diagnostic::new(
                    Code::E0201,
                    format!(
                        "steget för att avrunda ett belopp ska vara ett belopp, inte `{shown}`"
                    ),
                    step.as_ref().map_or(span, |s| s.span),
                )
                .with_primary_label(format!("av typen `{shown}`"));
                if let Some(step) = &step
                    && let TExprKind::Int(n) = &step.kind
                    && let Some(m) = n.checked_mul(100).map(crate::types::format_money)
                {
                    d = d
                        .with_help(format!("skriv steget i kronor: `{m}`"))
                        .with_fix(step.span, m);
                }
                self.report(d);
                return None;
            }
            (other, _) => {
                let shown = self.show(other);
                let what = if step.is_some() && numeric(other) {
                    "steget har fel typ".to_owned()
                } else {
                    format!("`{}` avrundar belopp och tal, inte `{shown}`", name.name)
                };
                self.error(Code::E0201, what, span, "kan inte avrundas så");
                return None;
            }
        };
        let mut out = vec![value];
        if let Some(s) = step {
            let s = if matches!(ty, Type::Tal(_)) {
                self.coerce(s, &Type::tal(), "steget", None)?
            } else {
                s
            };
            out.push(s);
        }
        Some(texpr(TExprKind::Builtin(b, out), ty, span))
    }

    /// `FUNK(för x i lista där …: …)`.
    pub fn aggregate(&mut self, agg: &ast::Aggregate, span: Span, env: &mut Env) -> Option<TExpr> {
        let list = self.expr(&agg.list, env, None)?;
        let Type::Lista(elem) = list.ty.clone() else {
            let shown = self.show(&list.ty);
            self.error(
                Code::E0201,
                format!("`för … i` tar en lista, men värdet är `{shown}`"),
                agg.list.span,
                "inte en lista",
            );
            return None;
        };
        let var = self.new_local(LocalDef {
            name: spanned(&agg.var),
            ty: *elem,
            kind: LocalKind::Loop,
        });
        env.scopes.push((agg.var.name.clone(), var));
        let saved = env.facts.clone();
        let filter = agg.filter.as_ref().map(|f| self.cond(f, env));
        if let Some(Some(f)) = &filter {
            env.facts = saved.clone().and(facts_when(f, true));
        }
        let body = agg.body.as_ref().map(|b| self.expr(b, env, None));
        env.facts = saved;
        env.scopes.pop();
        let filter = match filter {
            Some(f) => Some(f?),
            None => None,
        };
        let body = match body {
            Some(b) => Some(b?),
            None => None,
        };
        let func = match agg.func {
            ast::AggFunc::Summa => AggFunc::Summa,
            ast::AggFunc::Antal => AggFunc::Antal,
            ast::AggFunc::Alla => AggFunc::Alla,
            ast::AggFunc::Nagon => AggFunc::Nagon,
            ast::AggFunc::Minsta => AggFunc::Minsta,
            ast::AggFunc::Storsta => AggFunc::Storsta,
        };
        let name = match func {
            AggFunc::Summa => "summa",
            AggFunc::Antal => "antal",
            AggFunc::Alla => "alla",
            AggFunc::Nagon => "någon",
            AggFunc::Minsta => "minsta",
            AggFunc::Storsta => "största",
        };
        let ty = match (func, &body) {
            (AggFunc::Antal, None) => Type::Heltal(Bounds {
                lo: Some(0),
                hi: None,
            }),
            (AggFunc::Antal | AggFunc::Alla | AggFunc::Nagon, Some(b)) if b.ty == Type::Bool => {
                if func == AggFunc::Antal {
                    Type::Heltal(Bounds {
                        lo: Some(0),
                        hi: None,
                    })
                } else {
                    Type::Bool
                }
            }
            (AggFunc::Summa, Some(b)) if numeric(&b.ty) => match &b.ty {
                Type::Heltal(eb) => Type::Heltal(sum_bounds(*eb)),
                other => other.unbounded(),
            },
            (AggFunc::Minsta | AggFunc::Storsta, Some(b))
                if numeric(&b.ty) || matches!(b.ty, Type::Datum(_)) =>
            {
                b.ty.clone()
            }
            (_, None) => {
                self.error(
                    Code::E0210,
                    format!("`{name}(för …)` behöver ett uttryck efter `:`"),
                    span,
                    "uttrycket saknas",
                );
                return None;
            }
            (_, Some(b)) => {
                let shown = self.show(&b.ty);
                let want = match func {
                    AggFunc::Summa => "heltal, tal eller belopp",
                    AggFunc::Minsta | AggFunc::Storsta => "tal, belopp eller datum",
                    _ => "ja/nej",
                };
                self.error(
                    Code::E0201,
                    format!("`{name}` räknar på {want}, men uttrycket är `{shown}`"),
                    b.span,
                    format!("av typen `{shown}`").as_str(),
                );
                return None;
            }
        };
        Some(texpr(
            TExprKind::Aggregate(Box::new(Aggregate {
                func,
                var,
                list,
                filter,
                body,
            })),
            ty,
            span,
        ))
    }
}
