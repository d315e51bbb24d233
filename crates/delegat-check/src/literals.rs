//! Checking literals: numbers, money, dates, durations, texts with interpolations, list
//! literals `[a; b]` and record literals `{ fält = värde }` (typed by the context where
//! they stand, or by their field names).

use delegat_diagnostics::{Code, Diagnostic, Span};
use delegat_syntax::ast;

use crate::ctx::Checker;
use crate::expr::{Env, texpr};
use crate::program::{
    Bounds, Duration, DurationUnit, TExpr, TExprKind, Text, TextPiece, Type, TypeDefKind,
};
use crate::types::{date, dec, percent};

fn point(n: i64) -> Bounds<i64> {
    Bounds {
        lo: Some(n),
        hi: Some(n),
    }
}

impl Checker<'_> {
    pub fn literal(&mut self, lit: &ast::Literal, span: Span, env: &mut Env) -> Option<TExpr> {
        let (kind, ty) = match lit {
            ast::Literal::Int(n) => (TExprKind::Int(*n), Type::Heltal(point(*n))),
            ast::Literal::Decimal(d) => {
                let d = dec(*d);
                (
                    TExprKind::Dec(d),
                    Type::Tal(Bounds {
                        lo: Some(d),
                        hi: Some(d),
                    }),
                )
            }
            ast::Literal::Percent(d) => {
                let d = percent(*d);
                (
                    TExprKind::Dec(d),
                    Type::Tal(Bounds {
                        lo: Some(d),
                        hi: Some(d),
                    }),
                )
            }
            ast::Literal::Money(n) => (TExprKind::Money(*n), Type::Belopp(point(*n))),
            ast::Literal::Date(d) => {
                let d = date(*d);
                (
                    TExprKind::Date(d),
                    Type::Datum(Bounds {
                        lo: Some(d),
                        hi: Some(d),
                    }),
                )
            }
            ast::Literal::Duration(n, unit) => (
                TExprKind::Duration(Duration {
                    amount: *n,
                    unit: match unit {
                        ast::DurationUnit::Dagar => DurationUnit::Dagar,
                        ast::DurationUnit::Veckor => DurationUnit::Veckor,
                        ast::DurationUnit::Manader => DurationUnit::Manader,
                        ast::DurationUnit::Ar => DurationUnit::Ar,
                    },
                }),
                Type::Varaktighet,
            ),
            ast::Literal::Bool(b) => (TExprKind::Bool(*b), Type::Bool),
            ast::Literal::Text(t) => {
                let mut ok = true;
                for part in &t.parts {
                    if let ast::TextPart::Interp(e) = part {
                        self.report(
                            Diagnostic::new(
                                Code::E0222,
                                "`{…}` kan bara stå i en motivering eller ett skäl".to_owned(),
                                e.span,
                            )
                            .with_primary_label("skrivs inte in i en text som är ett värde")
                            .with_help("skriv `{{` för ett `{` i texten"),
                        );
                        ok = false;
                    }
                }
                if !ok {
                    return None;
                }
                (TExprKind::Text(self.text_lit(t, env)?), Type::Text)
            }
        };
        Some(texpr(kind, ty, span))
    }

    /// Checks a text with interpolations (motivering, manuell, text values).
    pub fn text_lit(&mut self, t: &ast::TextLit, env: &mut Env) -> Option<Text> {
        let mut pieces = Vec::new();
        let mut ok = true;
        for part in &t.parts {
            match part {
                ast::TextPart::Lit(s) => pieces.push(TextPiece::Lit(s.clone())),
                ast::TextPart::Interp(e) => match self.expr(e, env, None) {
                    Some(v) => {
                        if matches!(v.ty, Type::Lista(_) | Type::Record(_) | Type::Tabell(..)) {
                            let shown = self.show(&v.ty);
                            self.error(
                                Code::E0217,
                                format!("ett värde av typen `{shown}` kan inte skrivas i en text"),
                                e.span,
                                "kan inte skrivas ut",
                            );
                            ok = false;
                        } else {
                            pieces.push(TextPiece::Interp(v));
                        }
                    }
                    None => ok = false,
                },
            }
        }
        ok.then_some(Text {
            pieces,
            span: t.span,
        })
    }

    pub fn list(
        &mut self,
        items: &[ast::Expr],
        span: Span,
        env: &mut Env,
        hint: Option<&Type>,
    ) -> Option<TExpr> {
        let elem_hint = match hint {
            Some(Type::Lista(t)) => Some((**t).clone()),
            _ => None,
        };
        let mut out = Vec::new();
        for item in items {
            let t = match &elem_hint {
                Some(h) => self.expr_as(item, h, env, "listans element"),
                None => self.expr(item, env, None),
            };
            out.push(t);
        }
        let out: Option<Vec<TExpr>> = out.into_iter().collect();
        let mut out = out?;
        let elem = match (&elem_hint, out.first()) {
            (Some(h), _) => h.unbounded(),
            (None, Some(first)) => {
                let mut ty = first.ty.unbounded();
                if out.iter().any(|t| matches!(t.ty, Type::Tal(_))) && ty == Type::heltal() {
                    ty = Type::tal();
                }
                let mut conv = Vec::new();
                for t in out {
                    conv.push(self.coerce(t, &ty, "listans element", None));
                }
                out = conv.into_iter().collect::<Option<Vec<_>>>()?;
                ty
            }
            (None, None) => {
                self.error(
                    Code::E0216,
                    "typen på den tomma listan kan inte avgöras".to_owned(),
                    span,
                    "tom lista utan sammanhang",
                );
                return None;
            }
        };
        Some(texpr(
            TExprKind::List(out),
            Type::Lista(Box::new(elem)),
            span,
        ))
    }

    pub fn record(
        &mut self,
        fields: &[ast::Binding],
        span: Span,
        env: &mut Env,
        hint: Option<&Type>,
    ) -> Option<TExpr> {
        let tid = match hint {
            Some(Type::Record(t)) => *t,
            _ => {
                // The one record type with exactly these field names.
                let mut names: Vec<&str> = fields.iter().map(|b| b.name.name.as_str()).collect();
                names.sort_unstable();
                let found: Vec<_> = self
                    .types
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| match &d.kind {
                        TypeDefKind::Record(fs) => {
                            let mut f: Vec<&str> =
                                fs.iter().map(|f| f.name.text.as_str()).collect();
                            f.sort_unstable();
                            f == names
                        }
                        TypeDefKind::Enum(_) => false,
                    })
                    .map(|(i, _)| crate::program::TypeId(crate::ctx::idx(i)))
                    .collect();
                let [one] = found.as_slice() else {
                    self.error(
                        Code::E0216,
                        "postens typ kan inte avgöras".to_owned(),
                        span,
                        "skriv posten där dess typ framgår",
                    );
                    return None;
                };
                *one
            }
        };
        let Some(TypeDefKind::Record(decl)) = self.type_def(tid).map(|d| d.kind.clone()) else {
            return None;
        };
        let mut values: Vec<Option<TExpr>> = vec![None; decl.len()];
        let mut ok = true;
        for b in fields {
            let Some(i) = decl.iter().position(|f| f.name.text == b.name.name) else {
                let cands = decl.iter().map(|f| f.name.text.clone());
                self.unknown(Code::E0104, "fältet", &b.name, cands);
                ok = false;
                continue;
            };
            let fty = decl.get(i).map(|f| f.ty.clone())?;
            let v = self.expr_as(&b.value, &fty, env, &format!("fältet `{}`", b.name.name));
            match values.get_mut(i) {
                Some(slot @ None) => {
                    if v.is_none() {
                        ok = false;
                    }
                    *slot = v;
                }
                _ => {
                    self.error(
                        Code::E0221,
                        format!("fältet `{}` anges mer än en gång", b.name.name),
                        b.name.span,
                        "anges igen",
                    );
                    ok = false;
                }
            }
        }
        let missing: Vec<String> = decl
            .iter()
            .zip(&values)
            .filter(|(_, v)| v.is_none())
            .map(|(f, _)| format!("`{}`", f.name.text))
            .collect();
        if ok && !missing.is_empty() {
            self.error(
                Code::E0221,
                format!("posten saknar {}", missing.join(", ")),
                span,
                format!("av typen `{}`", self.type_name(tid)).as_str(),
            );
            return None;
        }
        let values: Option<Vec<TExpr>> = values.into_iter().collect();
        Some(texpr(
            TExprKind::Record(tid, values?),
            Type::Record(tid),
            span,
        ))
    }
}
