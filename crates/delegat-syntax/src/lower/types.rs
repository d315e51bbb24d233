//! Lowering of types (`heltal 0..20`, `lista av T`, `tabell K -> V`, named types) and of
//! table keys (`3`, `1..2`, `21..`, dates and date ranges, `a | b`).

use delegat_diagnostics::{Code, Diagnostic};

use super::{Lower, P};
use crate::ast::{Expr, ExprKind, TableKey, TableKeyKind, TypeExpr, TypeExprKind, UnOp};
use crate::parser::Rule;

impl Lower {
    /// A `type_expr`, `ranged_type` or `base_type` pair.
    pub(crate) fn type_expr(&mut self, pair: P<'_>) -> TypeExpr {
        let span = self.span(&pair);
        let rule = pair.as_rule();
        let mut inner = pair.into_inner();
        let kind = match rule {
            Rule::type_expr => match inner.next() {
                Some(t) => return self.type_expr(t),
                None => TypeExprKind::Heltal,
            },
            Rule::lista_type => {
                let elem = inner.find(|p| p.as_rule() == Rule::type_expr);
                match elem {
                    Some(e) => TypeExprKind::Lista(Box::new(self.type_expr(e))),
                    None => TypeExprKind::Heltal,
                }
            }
            Rule::tabell_type => {
                let key = inner.find(|p| p.as_rule() == Rule::ranged_type);
                let value = inner.find(|p| p.as_rule() == Rule::type_expr);
                match (key, value) {
                    (Some(k), Some(v)) => TypeExprKind::Tabell(
                        Box::new(self.type_expr(k)),
                        Box::new(self.type_expr(v)),
                    ),
                    _ => TypeExprKind::Heltal,
                }
            }
            Rule::ranged_type => {
                let base = inner.next().map(|b| self.type_expr(b));
                let range = inner.next();
                match (base, range) {
                    (Some(base), None) => return base,
                    (Some(base), Some(range)) => self.type_range(base, range),
                    _ => TypeExprKind::Heltal,
                }
            }
            Rule::base_type => match inner.next() {
                Some(t) => match t.as_rule() {
                    Rule::ty_heltal => TypeExprKind::Heltal,
                    Rule::ty_tal => TypeExprKind::Tal,
                    Rule::ty_belopp => TypeExprKind::Belopp,
                    Rule::ty_janej => TypeExprKind::JaNej,
                    Rule::ty_datum => TypeExprKind::Datum,
                    Rule::ty_varaktighet => TypeExprKind::Varaktighet,
                    Rule::ty_text => TypeExprKind::Text,
                    _ => TypeExprKind::Named(self.ident(&t)),
                },
                None => TypeExprKind::Heltal,
            },
            _ => {
                self.internal(span, "en typ");
                TypeExprKind::Heltal
            }
        };
        TypeExpr { kind, span }
    }

    fn type_range(&mut self, base: TypeExpr, range: P<'_>) -> TypeExprKind {
        let rspan = self.span(&range);
        let mut lo = None;
        let mut hi = None;
        let mut seen_dots = false;
        for part in range.into_inner() {
            match part.as_rule() {
                Rule::dotdot => seen_dots = true,
                Rule::range_bound => {
                    let bound = self.range_bound(part);
                    if seen_dots {
                        hi = Some(Box::new(bound));
                    } else {
                        lo = Some(Box::new(bound));
                    }
                }
                _ => {}
            }
        }
        let rangeable = matches!(
            base.kind,
            TypeExprKind::Heltal | TypeExprKind::Tal | TypeExprKind::Belopp | TypeExprKind::Datum
        );
        if !rangeable {
            self.fail(
                Diagnostic::new(
                    Code::E0001,
                    "ett intervall kan bara anges för `heltal`, `tal`, `belopp` och `datum`",
                    rspan,
                )
                .with_primary_label("intervall")
                .with_label(base.span, "för denna typ"),
            );
        } else if lo.is_none() && hi.is_none() {
            self.fail(
                Diagnostic::new(Code::E0001, "intervallet saknar gränser", rspan)
                    .with_primary_label("`..` utan tal före eller efter")
                    .with_help(
                        "skriv till exempel `heltal 0..20`, `heltal 18..` eller `heltal ..5`",
                    ),
            );
        }
        TypeExprKind::Range {
            base: Box::new(base),
            lo,
            hi,
        }
    }

    fn range_bound(&mut self, pair: P<'_>) -> Expr {
        let span = self.span(&pair);
        let mut negate = false;
        let mut value = None;
        for part in pair.into_inner() {
            if part.as_rule() == Rule::neg_op {
                negate = true;
            } else {
                let lspan = self.span(&part);
                value = Some(Expr {
                    kind: ExprKind::Lit(self.literal_of(part)),
                    span: lspan,
                });
            }
        }
        let value = value.unwrap_or(Expr {
            kind: ExprKind::Lit(crate::ast::Literal::Int(0)),
            span,
        });
        if negate {
            Expr {
                kind: ExprKind::Unary(UnOp::Neg, Box::new(value)),
                span,
            }
        } else {
            value
        }
    }

    /// A `table_key` pair.
    pub(crate) fn table_key(&mut self, pair: P<'_>) -> TableKey {
        let span = self.span(&pair);
        let Some(inner) = pair.into_inner().next() else {
            self.internal(span, "en tabellnyckel");
            return TableKey {
                kind: TableKeyKind::Int(0),
                span,
            };
        };
        let kind = if inner.as_rule() == Rule::key_range {
            self.key_range(inner)
        } else {
            match inner.into_inner().next() {
                Some(k) if k.as_rule() == Rule::date => TableKeyKind::Date(self.date_lit(&k)),
                Some(k) if k.as_rule() == Rule::signed_int => TableKeyKind::Int(self.int_value(&k)),
                Some(k) => TableKeyKind::Variants(
                    k.into_inner()
                        .filter(|p| p.as_rule() == Rule::ident)
                        .map(|p| self.ident(&p))
                        .collect(),
                ),
                None => TableKeyKind::Int(0),
            }
        };
        TableKey { kind, span }
    }

    fn key_range(&mut self, pair: P<'_>) -> TableKeyKind {
        let span = self.span(&pair);
        let mut ints: [Option<i64>; 2] = [None, None];
        let mut dates = [None, None];
        let mut side = 0usize;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::dotdot => side = 1,
                Rule::key_atom => {
                    let Some(atom) = part.into_inner().next() else {
                        continue;
                    };
                    if atom.as_rule() == Rule::date {
                        if let Some(slot) = dates.get_mut(side) {
                            *slot = Some(self.date_lit(&atom));
                        }
                    } else if let Some(slot) = ints.get_mut(side) {
                        *slot = Some(self.int_value(&atom));
                    }
                }
                _ => {}
            }
        }
        let [ilo, ihi] = ints;
        let [dlo, dhi] = dates;
        let any_int = ilo.is_some() || ihi.is_some();
        let any_date = dlo.is_some() || dhi.is_some();
        if any_int && any_date {
            self.fail(
                Diagnostic::new(
                    Code::E0001,
                    "ett intervall kan inte blanda tal och datum",
                    span,
                )
                .with_primary_label("tal och datum i samma nyckel"),
            );
        } else if !any_int && !any_date {
            self.fail(
                Diagnostic::new(Code::E0001, "intervallet saknar gränser", span)
                    .with_primary_label("`..` utan värde före eller efter")
                    .with_help("skriv till exempel `1..2`, `21..` eller `..5`"),
            );
        }
        if any_date {
            TableKeyKind::DateRange(dlo, dhi)
        } else {
            TableKeyKind::IntRange(ilo, ihi)
        }
    }
}
