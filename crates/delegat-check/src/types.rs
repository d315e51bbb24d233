//! Types as written → [`Type`]; how types are named in messages; range bounds (literal
//! bounds, intersection, hull and the arithmetic that propagates `heltal` ranges); Swedish
//! formatting of literals for help texts.
//!
//! How far ranges propagate: `heltal` bounds go through `+`, `-`, `*`, unary `-`,
//! `om`/`välj` (the hull of the branches), `minsta`/`största`, `antal` (≥ 0) and `summa` of
//! non-negative (≥ 0) or non-positive (≤ 0) elements. Overflowing bound arithmetic forgets
//! the bound. `tal`, `belopp` and `datum` bounds are kept on inputs, fields and arguments
//! (and narrowed for `datum`), but not propagated through arithmetic.

use delegat_diagnostics::{Code, Diagnostic};
use delegat_syntax::ast;

use crate::ctx::Checker;
use crate::program::{Bounds, Date, Decimal, Type, TypeDefKind};

/// A literal value a type bound or table key may be.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Const {
    Int(i64),
    Dec(Decimal),
    Money(i64),
    Date(Date),
}

/// Reads a (possibly negated, possibly parenthesised) numeric or date literal.
pub(crate) fn const_lit(e: &ast::Expr) -> Option<Const> {
    match &e.kind {
        ast::ExprKind::Paren(inner) => const_lit(inner),
        ast::ExprKind::Unary(ast::UnOp::Neg, inner) => match const_lit(inner)? {
            Const::Int(n) => n.checked_neg().map(Const::Int),
            Const::Money(n) => n.checked_neg().map(Const::Money),
            Const::Dec(d) => d.mantissa.checked_neg().map(|m| {
                Const::Dec(Decimal {
                    mantissa: m,
                    scale: d.scale,
                })
            }),
            Const::Date(_) => None,
        },
        ast::ExprKind::Lit(lit) => match lit {
            ast::Literal::Int(n) => Some(Const::Int(*n)),
            ast::Literal::Decimal(d) => Some(Const::Dec(dec(*d))),
            ast::Literal::Percent(d) => Some(Const::Dec(percent(*d))),
            ast::Literal::Money(n) => Some(Const::Money(*n)),
            ast::Literal::Date(d) => Some(Const::Date(date(*d))),
            _ => None,
        },
        _ => None,
    }
}

/// The program's date for a date literal.
pub(crate) fn date(d: ast::DateLit) -> Date {
    Date {
        year: d.year,
        month: d.month,
        day: d.day,
    }
}

/// The program's decimal for a decimal literal.
pub(crate) fn dec(d: ast::Decimal) -> Decimal {
    Decimal {
        mantissa: d.mantissa,
        scale: d.scale,
    }
}

/// `3 %` is 0,03: the same digits with two more decimals.
pub(crate) fn percent(d: ast::Decimal) -> Decimal {
    Decimal {
        mantissa: d.mantissa,
        scale: d.scale.saturating_add(2),
    }
}

impl Checker<'_> {
    /// Resolves a type as written; `None` after reporting when it cannot be.
    pub fn lower_type(&mut self, t: &ast::TypeExpr) -> Option<Type> {
        match &t.kind {
            ast::TypeExprKind::Heltal => Some(Type::heltal()),
            ast::TypeExprKind::Tal => Some(Type::tal()),
            ast::TypeExprKind::Belopp => Some(Type::belopp()),
            ast::TypeExprKind::JaNej => Some(Type::Bool),
            ast::TypeExprKind::Datum => Some(Type::datum()),
            ast::TypeExprKind::Varaktighet => Some(Type::Varaktighet),
            ast::TypeExprKind::Text => Some(Type::Text),
            ast::TypeExprKind::Named(name) => {
                if let Some(id) = self.type_names.get(&name.name).copied() {
                    match self.type_def(id).map(|d| &d.kind) {
                        Some(TypeDefKind::Record(_)) => Some(Type::Record(id)),
                        _ => Some(Type::Enum(id)),
                    }
                } else {
                    let mut cands: Vec<String> = self.type_names.keys().cloned().collect();
                    cands.extend(
                        ["heltal", "tal", "belopp", "datum", "varaktighet", "text"]
                            .map(str::to_owned),
                    );
                    self.unknown(Code::E0103, "typen", name, cands);
                    None
                }
            }
            ast::TypeExprKind::Lista(inner) => Some(Type::Lista(Box::new(self.lower_type(inner)?))),
            ast::TypeExprKind::Tabell(k, v) => {
                let key = self.lower_type(k);
                let val = self.lower_type(v);
                let key = key?;
                if !matches!(key, Type::Heltal(_) | Type::Datum(_) | Type::Enum(_)) {
                    let shown = self.show(&key);
                    self.error(
                        Code::E0219,
                        format!("en tabell kan inte ha nycklar av typen `{shown}`"),
                        k.span,
                        "nyckeltypen ska vara `heltal`, `datum` eller en uppräkning",
                    );
                    return None;
                }
                Some(Type::Tabell(Box::new(key), Box::new(val?)))
            }
            ast::TypeExprKind::Range { base, lo, hi } => self.lower_range(t, base, lo, hi),
        }
    }

    fn lower_range(
        &mut self,
        whole: &ast::TypeExpr,
        base: &ast::TypeExpr,
        lo: &Option<Box<ast::Expr>>,
        hi: &Option<Box<ast::Expr>>,
    ) -> Option<Type> {
        let base_ty = self.lower_type(base)?;
        let lo_c = match lo {
            Some(e) => Some(self.bound(&base_ty, e)?),
            None => None,
        };
        let hi_c = match hi {
            Some(e) => Some(self.bound(&base_ty, e)?),
            None => None,
        };
        let ty = match base_ty {
            Type::Heltal(_) => Type::Heltal(Bounds {
                lo: lo_c.and_then(as_int),
                hi: hi_c.and_then(as_int),
            }),
            Type::Belopp(_) => Type::Belopp(Bounds {
                lo: lo_c.and_then(as_money),
                hi: hi_c.and_then(as_money),
            }),
            Type::Tal(_) => Type::Tal(Bounds {
                lo: lo_c.and_then(as_dec),
                hi: hi_c.and_then(as_dec),
            }),
            Type::Datum(_) => Type::Datum(Bounds {
                lo: lo_c.and_then(as_date),
                hi: hi_c.and_then(as_date),
            }),
            other => {
                let shown = self.show(&other);
                self.error(
                    Code::E0219,
                    format!("typen `{shown}` kan inte ha ett intervall"),
                    whole.span,
                    "intervall finns för `heltal`, `tal`, `belopp` och `datum`",
                );
                return None;
            }
        };
        if let (Some(l), Some(h)) = (lo_c, hi_c)
            && const_gt(l, h)
        {
            self.error(
                Code::E0219,
                "intervallets nedre gräns är större än den övre".to_owned(),
                whole.span,
                "tomt intervall",
            );
            return None;
        }
        Some(ty)
    }

    /// Reads one bound of a range refinement of `base`.
    fn bound(&mut self, base: &Type, e: &ast::Expr) -> Option<Const> {
        let c = const_lit(e);
        let ok = match (base, c) {
            (Type::Heltal(_), Some(Const::Int(_)))
            | (Type::Belopp(_), Some(Const::Money(_)))
            | (Type::Datum(_), Some(Const::Date(_))) => c,
            (Type::Tal(_), Some(Const::Int(n))) => Some(Const::Dec(Decimal::from_int(n))),
            (Type::Tal(_), Some(Const::Dec(_))) => c,
            _ => None,
        };
        if ok.is_none()
            && matches!(
                base,
                Type::Heltal(_) | Type::Tal(_) | Type::Belopp(_) | Type::Datum(_)
            )
        {
            let shown = self.show(base);
            let mut d = Diagnostic::new(
                Code::E0219,
                format!(
                    "gränsen `{}` är inte ett värde av typen `{shown}`",
                    self.text(e.span)
                ),
                e.span,
            )
            .with_primary_label("gränsen ska vara en literal av intervallets typ");
            if let (Type::Belopp(_), Some(lit)) = (base, c)
                && let Some(m) = as_money_help(lit)
            {
                d = d.with_help(format!("skriv `{m}`")).with_fix(e.span, m);
            }
            self.report(d);
        }
        ok
    }

    /// `t` unless it holds a table type, which only a parameter may have (E0223, reported
    /// at `span`). A parameter (`param`) may be a table whose key and value hold none.
    pub fn no_table(
        &mut self,
        t: Option<Type>,
        span: delegat_diagnostics::Span,
        param: bool,
    ) -> Option<Type> {
        let t = t?;
        let bad = match (&t, param) {
            (Type::Tabell(k, v), true) => has_table(k) || has_table(v),
            _ => has_table(&t),
        };
        if bad {
            let what = if param {
                "en parameter kan vara en tabell, men inte innehålla tabeller"
            } else {
                "bara en parameter kan vara en tabell"
            };
            self.report(
                Diagnostic::new(
                    Code::E0223,
                    "tabelltyp utanför en parameter".to_owned(),
                    span,
                )
                .with_primary_label(what)
                .with_help("skriv tabellen som en `parameter` och slå upp i den med `p[nyckel]`"),
            );
            return None;
        }
        Some(t)
    }

    /// The type as a jurist writes it, without range bounds: `lista av Barn`.
    pub fn show(&self, t: &Type) -> String {
        match t {
            Type::Heltal(_) => "heltal".to_owned(),
            Type::Tal(_) => "tal".to_owned(),
            Type::Belopp(_) => "belopp".to_owned(),
            Type::Bool => "ja/nej".to_owned(),
            Type::Datum(_) => "datum".to_owned(),
            Type::Varaktighet => "varaktighet".to_owned(),
            Type::Text => "text".to_owned(),
            Type::Enum(id) | Type::Record(id) => self.type_name(*id).to_owned(),
            Type::Lista(t) => format!("lista av {}", self.show(t)),
            Type::Tabell(k, v) => format!("tabell {} -> {}", self.show(k), self.show(v)),
        }
    }
}

/// Whether a type is or contains a table.
fn has_table(t: &Type) -> bool {
    match t {
        Type::Tabell(..) => true,
        Type::Lista(inner) => has_table(inner),
        _ => false,
    }
}

fn as_int(c: Const) -> Option<i64> {
    match c {
        Const::Int(n) => Some(n),
        _ => None,
    }
}

fn as_money(c: Const) -> Option<i64> {
    match c {
        Const::Money(n) => Some(n),
        _ => None,
    }
}

fn as_dec(c: Const) -> Option<Decimal> {
    match c {
        Const::Dec(d) => Some(d),
        Const::Int(n) => Some(Decimal::from_int(n)),
        _ => None,
    }
}

fn as_date(c: Const) -> Option<Date> {
    match c {
        Const::Date(d) => Some(d),
        _ => None,
    }
}

fn const_gt(a: Const, b: Const) -> bool {
    match (a, b) {
        (Const::Int(a), Const::Int(b)) | (Const::Money(a), Const::Money(b)) => a > b,
        (Const::Date(a), Const::Date(b)) => a > b,
        (Const::Dec(a), Const::Dec(b)) => a.cmp_exact(b) == Some(std::cmp::Ordering::Greater),
        _ => false,
    }
}

/// A number the user wrote where money was wanted, written as money: `5000` → `5 000 kr`.
pub(crate) fn as_money_help(c: Const) -> Option<String> {
    match c {
        Const::Int(n) => n.checked_mul(100).map(format_money),
        Const::Dec(d) => {
            // Only if it is a whole number of öre.
            let scale = d.scale;
            if scale <= 2 {
                let f = 10_i128.checked_pow(2 - scale)?;
                let ore = d.mantissa.checked_mul(f)?;
                i64::try_from(ore).ok().map(format_money)
            } else {
                None
            }
        }
        _ => None,
    }
}

/// Money in öre the Swedish way: `5 000 kr`, `12,50 kr`, `-3 kr`.
pub(crate) fn format_money(ore: i64) -> String {
    let neg = ore < 0;
    let abs = ore.unsigned_abs();
    let kr = abs / 100;
    let rest = abs % 100;
    let digits = kr.to_string();
    let mut grouped = String::new();
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(' ');
        }
        grouped.push(ch);
    }
    let sign = if neg { "-" } else { "" };
    if rest == 0 {
        format!("{sign}{grouped} kr")
    } else {
        format!("{sign}{grouped},{rest:02} kr")
    }
}

/// Intersection of two bounds (the tighter of each end).
pub(crate) fn intersect(a: Bounds<i64>, b: Bounds<i64>) -> Bounds<i64> {
    Bounds {
        lo: match (a.lo, b.lo) {
            (Some(x), Some(y)) => Some(x.max(y)),
            (x, y) => x.or(y),
        },
        hi: match (a.hi, b.hi) {
            (Some(x), Some(y)) => Some(x.min(y)),
            (x, y) => x.or(y),
        },
    }
}

/// The smallest bounds holding both (an open end on either side stays open).
pub(crate) fn hull(a: Bounds<i64>, b: Bounds<i64>) -> Bounds<i64> {
    Bounds {
        lo: a.lo.zip(b.lo).map(|(x, y)| x.min(y)),
        hi: a.hi.zip(b.hi).map(|(x, y)| x.max(y)),
    }
}

/// Bounds of `a + b`.
pub(crate) fn add(a: Bounds<i64>, b: Bounds<i64>) -> Bounds<i64> {
    Bounds {
        lo: a.lo.zip(b.lo).and_then(|(x, y)| x.checked_add(y)),
        hi: a.hi.zip(b.hi).and_then(|(x, y)| x.checked_add(y)),
    }
}

/// Bounds of `-a`.
pub(crate) fn neg(a: Bounds<i64>) -> Bounds<i64> {
    Bounds {
        lo: a.hi.and_then(i64::checked_neg),
        hi: a.lo.and_then(i64::checked_neg),
    }
}

/// Bounds of `a - b`.
pub(crate) fn sub(a: Bounds<i64>, b: Bounds<i64>) -> Bounds<i64> {
    add(a, neg(b))
}

/// Bounds of `a * b` (only when all four ends are known).
pub(crate) fn mul(a: Bounds<i64>, b: Bounds<i64>) -> Bounds<i64> {
    let (Some(al), Some(ah), Some(bl), Some(bh)) = (a.lo, a.hi, b.lo, b.hi) else {
        return Bounds::none();
    };
    let products = [
        al.checked_mul(bl),
        al.checked_mul(bh),
        ah.checked_mul(bl),
        ah.checked_mul(bh),
    ];
    if products.iter().any(Option::is_none) {
        return Bounds::none();
    }
    let vals = products.iter().flatten();
    Bounds {
        lo: vals.clone().min().copied(),
        hi: vals.max().copied(),
    }
}

/// The `heltal` bounds of a type (`None` for other types).
pub(crate) fn int_bounds(t: &Type) -> Option<Bounds<i64>> {
    match t {
        Type::Heltal(b) => Some(*b),
        _ => None,
    }
}

/// The bounds of a `heltal` or `datum` type as integers (dates as days since 1970), the
/// domain in which narrowing and table coverage work.
pub(crate) fn key_bounds(t: &Type) -> Option<Bounds<i64>> {
    match t {
        Type::Heltal(b) => Some(*b),
        Type::Datum(b) => Some(Bounds {
            lo: b.lo.map(Date::to_days),
            hi: b.hi.map(Date::to_days),
        }),
        _ => None,
    }
}

/// `t` with its `heltal`/`datum` bounds replaced by `b` (integers, dates as days).
pub(crate) fn with_key_bounds(t: &Type, b: Bounds<i64>) -> Type {
    match t {
        Type::Heltal(_) => Type::Heltal(b),
        Type::Datum(_) => Type::Datum(Bounds {
            lo: b.lo.and_then(Date::from_days),
            hi: b.hi.and_then(Date::from_days),
        }),
        other => other.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(lo: Option<i64>, hi: Option<i64>) -> Bounds<i64> {
        Bounds { lo, hi }
    }

    #[test]
    fn money_is_formatted_the_swedish_way() {
        assert_eq!(format_money(500_000), "5 000 kr");
        assert_eq!(format_money(1_250), "12,50 kr");
        assert_eq!(format_money(100_000_000), "1 000 000 kr");
        assert_eq!(format_money(-300), "-3 kr");
        assert_eq!(as_money_help(Const::Int(5000)), Some("5 000 kr".to_owned()));
        assert_eq!(
            as_money_help(Const::Dec(Decimal {
                mantissa: 125,
                scale: 1
            })),
            Some("12,50 kr".to_owned())
        );
    }

    #[test]
    fn bounds_arithmetic() {
        assert_eq!(
            add(b(Some(0), Some(20)), b(Some(1), Some(1))),
            b(Some(1), Some(21))
        );
        assert_eq!(
            sub(b(Some(0), Some(20)), b(Some(1), Some(2))),
            b(Some(-2), Some(19))
        );
        assert_eq!(
            mul(b(Some(-2), Some(3)), b(Some(4), Some(5))),
            b(Some(-10), Some(15))
        );
        assert_eq!(mul(b(Some(0), None), b(Some(1), Some(2))), b(None, None));
        assert_eq!(
            hull(b(Some(0), Some(6)), b(Some(7), None)),
            b(Some(0), None)
        );
        assert_eq!(
            intersect(b(Some(0), Some(20)), b(None, Some(6))),
            b(Some(0), Some(6))
        );
        assert_eq!(
            add(b(Some(i64::MAX), None), b(Some(1), None)),
            b(None, None)
        );
    }

    #[test]
    fn dates_round_trip_through_days() {
        let d = Date {
            year: 2026,
            month: 3,
            day: 1,
        };
        assert_eq!(d.to_days(), 20_513);
        assert_eq!(Date::from_days(d.to_days()), Some(d));
        let leap = Date {
            year: 2024,
            month: 2,
            day: 29,
        };
        assert_eq!(
            Date::from_days(leap.to_days() + 1).map(|d| d.month),
            Some(3)
        );
    }
}
