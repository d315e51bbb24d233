//! A Swedish pretty-printer of checked expressions, for readers who do not read rule files:
//! `behov är större än inkomst`, `summan av personlig kostnad barn[b.ålder] för varje b i
//! barn`, `särskilda omständigheter är ja`.
//!
//! Names are shown with `_` as spaces. Numbers and amounts are formatted as decision texts
//! format them (`2 000 kr` for `2_000 kr`, `3 400`), and a `tal` written as a percentage
//! stays one (`3 %`, when the source is at hand). Comparisons and logic
//! are words; arithmetic keeps its signs (`+`, `−`, `×`, `/`). A subexpression that binds
//! more loosely than its context is put in parentheses.

use delegat_diagnostics::SourceMap;

use crate::program::{
    AggFunc, ArithOp, Builtin, CmpOp, Decimal, Program, RoundMode, TExpr, TExprKind, Text,
    TextPiece, Type, TypeDefKind, Valj,
};

/// Shows a name the way a reader says it: `_` becomes a space.
pub fn show_name(name: &str) -> String {
    name.replace('_', " ")
}

/// Formats öre as Swedish money, the way decision texts do: `3 480 kr`, `12,50 kr`.
pub fn money(ore: i64) -> String {
    delegat_value::format::format_money(delegat_value::Money::from_ore(ore))
}

/// Formats an exact decimal the way decision texts do (`12,5`), or as written in the
/// checked program when it does not fit the runtime's decimal (more than 28 digits).
pub fn decimal(d: Decimal) -> String {
    match delegat_value::Decimal::new(d.mantissa, d.scale) {
        Ok(v) => delegat_value::format::format_decimal(v),
        Err(_) => format!("{}e-{}", d.mantissa, d.scale),
    }
}

/// Formats a duration as every other reader-facing duration is: `3 månader`, `1 år`
/// (`delegat_value::format::format_duration`).
pub fn duration(d: crate::program::Duration) -> String {
    delegat_value::format::format_duration(delegat_value::Duration {
        amount: d.amount,
        unit: d.unit,
    })
}

/// The printer: a program for the names, and optionally the sources for literals.
#[derive(Clone, Copy, Debug)]
pub struct Pretty<'a> {
    program: &'a Program,
    map: Option<&'a SourceMap>,
}

const OR: u8 = 1;
const AND: u8 = 2;
const NOT: u8 = 3;
const CMP: u8 = 4;
const ADD: u8 = 5;
const MUL: u8 = 6;
const NEG: u8 = 7;
const ATOM: u8 = 9;

impl<'a> Pretty<'a> {
    /// A printer for `program`; with `map`, literals are shown as written.
    pub fn new(program: &'a Program, map: Option<&'a SourceMap>) -> Pretty<'a> {
        Pretty { program, map }
    }

    /// An expression in words.
    pub fn expr(&self, e: &TExpr) -> String {
        self.at(e, 0, false)
    }

    /// A condition in words: a bare `ja/nej` value reads `X är ja`, `inte X` reads `X är nej`.
    pub fn cond(&self, e: &TExpr) -> String {
        self.at(e, 0, true)
    }

    /// A text with its interpolations shown as `{…}` in words.
    pub fn text(&self, t: &Text) -> String {
        let mut out = String::new();
        for p in &t.pieces {
            match p {
                TextPiece::Lit(s) => out.push_str(s),
                TextPiece::Interp(e) => {
                    out.push('{');
                    out.push_str(&self.expr(e));
                    out.push('}');
                }
            }
        }
        out
    }

    fn at(&self, e: &TExpr, ctx: u8, cond: bool) -> String {
        let (s, prec) = self.show(e, cond);
        if prec < ctx { format!("({s})") } else { s }
    }

    fn literal(&self, e: &TExpr, fallback: String) -> String {
        let written = self
            .map
            .map(|m| m.slice(e.span).trim().to_owned())
            .filter(|s| !s.is_empty() && !s.contains('\n'));
        written.unwrap_or(fallback)
    }

    /// A `tal` literal: as a percentage when it is written as one (`50 %`), else as a
    /// decimal (`0,5392`), in the decision texts' form either way.
    fn number(&self, e: &TExpr, d: Decimal) -> String {
        let percent = self.literal(e, String::new()).ends_with('%');
        match delegat_value::Decimal::new(d.mantissa, d.scale) {
            Ok(v) if percent => delegat_value::format::format_percent(v),
            _ => decimal(d),
        }
    }

    fn is_bool_leaf(e: &TExpr) -> bool {
        e.ty == Type::Bool
            && matches!(
                e.kind,
                TExprKind::Uppgift(_)
                    | TExprKind::Bedomning(_)
                    | TExprKind::Param(_)
                    | TExprKind::Regel(_)
                    | TExprKind::Call(..)
                    | TExprKind::Local(_)
                    | TExprKind::Field(..)
                    | TExprKind::Index(..)
            )
    }

    fn show(&self, e: &TExpr, cond: bool) -> (String, u8) {
        if cond && Self::is_bool_leaf(e) {
            return (format!("{} är ja", self.at(e, ATOM, false)), CMP);
        }
        let p = self.program;
        let name = |s: Option<&str>| show_name(s.unwrap_or("?"));
        match &e.kind {
            TExprKind::Int(n) => (delegat_value::format::format_int(*n), ATOM),
            TExprKind::Dec(d) => (self.number(e, *d), ATOM),
            TExprKind::Money(m) => (money(*m), ATOM),
            TExprKind::Bool(b) => ((if *b { "ja" } else { "nej" }).to_owned(), ATOM),
            TExprKind::Date(d) => (d.to_string(), ATOM),
            TExprKind::Duration(d) => (self.literal(e, duration(*d)), ATOM),
            TExprKind::Text(t) => (format!("\"{}\"", self.text(t)), ATOM),
            TExprKind::Uppgift(id) => (
                name(p.uppgifter.get(id.index()).map(|d| d.name.text.as_str())),
                ATOM,
            ),
            TExprKind::Bedomning(id) => (
                name(p.bedomningar.get(id.index()).map(|d| d.name.text.as_str())),
                ATOM,
            ),
            TExprKind::Param(id) => (
                name(p.params.get(id.index()).map(|d| d.name.text.as_str())),
                ATOM,
            ),
            TExprKind::Regel(id) => (
                name(p.regler.get(id.index()).map(|d| d.name.text.as_str())),
                ATOM,
            ),
            TExprKind::Local(id) => (name(p.local(*id).map(|l| l.name.text.as_str())), ATOM),
            TExprKind::Call(id, args) => (
                format!(
                    "{}({})",
                    name(p.regel(*id).map(|d| d.name.text.as_str())),
                    self.list(args)
                ),
                ATOM,
            ),
            TExprKind::Variant(t, i) => (self.variant(*t, *i), ATOM),
            TExprKind::Beslutsdatum => ("beslutsdatum".to_owned(), ATOM),
            TExprKind::Widen(inner) => self.show(inner, cond),
            TExprKind::Field(base, i) => (
                format!("{}.{}", self.at(base, ATOM, false), self.field(base, *i)),
                ATOM,
            ),
            TExprKind::Index(t, k) => (
                format!("{}[{}]", self.at(t, ATOM, false), self.expr(k)),
                ATOM,
            ),
            TExprKind::Builtin(b, args) => self.builtin(*b, args),
            TExprKind::Aggregate(agg) => {
                let var = name(p.local(agg.var).map(|l| l.name.text.as_str()));
                let list = self.at(&agg.list, ATOM, false);
                let filter = agg
                    .filter
                    .as_ref()
                    .map(|f| format!(" där {}", self.cond(f)))
                    .unwrap_or_default();
                let body = agg.body.as_ref().map(|b| self.at(b, ADD, false));
                let body_cond = agg.body.as_ref().map(|b| self.at(b, CMP, true));
                let s = match agg.func {
                    AggFunc::Summa => format!(
                        "summan av {} för varje {var} i {list}{filter}",
                        body.unwrap_or_else(|| var.clone())
                    ),
                    AggFunc::Antal => match body_cond {
                        Some(b) => format!("antalet {var} i {list}{filter} där {b}"),
                        None => format!("antalet {var} i {list}{filter}"),
                    },
                    AggFunc::Alla => format!(
                        "{} för alla {var} i {list}{filter}",
                        body_cond.unwrap_or_default()
                    ),
                    AggFunc::Nagon => format!(
                        "{} för något {var} i {list}{filter}",
                        body_cond.unwrap_or_default()
                    ),
                    AggFunc::Minsta => format!(
                        "det minsta av {} för {var} i {list}{filter}",
                        body.unwrap_or_else(|| var.clone())
                    ),
                    AggFunc::Storsta => format!(
                        "det största av {} för {var} i {list}{filter}",
                        body.unwrap_or_else(|| var.clone())
                    ),
                };
                (s, ADD)
            }
            TExprKind::Arith(op, a, b) => {
                let (sym, prec) = match op {
                    ArithOp::AddInt
                    | ArithOp::AddDec
                    | ArithOp::AddMoney
                    | ArithOp::AddDateDuration => ("+", ADD),
                    ArithOp::SubInt
                    | ArithOp::SubDec
                    | ArithOp::SubMoney
                    | ArithOp::SubDateDuration => ("−", ADD),
                    ArithOp::MulInt
                    | ArithOp::MulDec
                    | ArithOp::MulMoneyInt
                    | ArithOp::MulMoneyDec => ("×", MUL),
                    ArithOp::DivInt
                    | ArithOp::DivDec
                    | ArithOp::DivMoneyInt
                    | ArithOp::DivMoneyDec
                    | ArithOp::DivMoneyMoney => ("/", MUL),
                };
                (
                    format!(
                        "{} {sym} {}",
                        self.at(a, prec, false),
                        self.at(b, prec + 1, false)
                    ),
                    prec,
                )
            }
            TExprKind::Neg(a) => (format!("−{}", self.at(a, NEG, false)), NEG),
            TExprKind::Compare(op, a, b) => {
                let word = match op {
                    CmpOp::Eq => "är",
                    CmpOp::Ne => "är inte",
                    CmpOp::Lt => "är mindre än",
                    CmpOp::Le => "är högst",
                    CmpOp::Gt => "är större än",
                    CmpOp::Ge => "är minst",
                };
                (
                    format!(
                        "{} {word} {}",
                        self.at(a, ADD, false),
                        self.at(b, ADD, false)
                    ),
                    CMP,
                )
            }
            TExprKind::And(a, b) => (
                format!("{} och {}", self.at(a, AND, true), self.at(b, AND, true)),
                AND,
            ),
            TExprKind::Or(a, b) => (
                format!("{} eller {}", self.at(a, OR, true), self.at(b, OR, true)),
                OR,
            ),
            TExprKind::Not(a) => {
                if Self::is_bool_leaf(a) {
                    (format!("{} är nej", self.at(a, ATOM, false)), CMP)
                } else {
                    (format!("inte {}", self.at(a, NOT, true)), NOT)
                }
            }
            TExprKind::If(c, a, b) => (
                format!(
                    "om {} så {}, annars {}",
                    self.cond(c),
                    self.at(a, OR, cond),
                    self.at(b, OR, cond)
                ),
                0,
            ),
            TExprKind::Valj(v) => (self.valj(v, cond), 0),
            TExprKind::List(items) => (format!("[{}]", self.list(items)), ATOM),
            TExprKind::Record(t, fields) => {
                let names = self.field_names(*t);
                let parts: Vec<String> = fields
                    .iter()
                    .enumerate()
                    .map(|(i, f)| {
                        let n = names.get(i).cloned().unwrap_or_default();
                        format!("{n} = {}", self.expr(f))
                    })
                    .collect();
                (format!("{{ {} }}", parts.join("; ")), ATOM)
            }
        }
    }

    fn list(&self, items: &[TExpr]) -> String {
        items
            .iter()
            .map(|a| self.expr(a))
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn builtin(&self, b: Builtin, args: &[TExpr]) -> (String, u8) {
        let arg = |i: usize| {
            args.get(i)
                .map(|a| self.at(a, MUL, false))
                .unwrap_or_default()
        };
        let and_list = || {
            let parts: Vec<String> = args.iter().map(|a| self.at(a, ADD, false)).collect();
            match parts.split_last() {
                Some((last, rest)) if !rest.is_empty() => format!("{} och {last}", rest.join(", ")),
                _ => parts.concat(),
            }
        };
        let s = match b {
            Builtin::Minsta => format!("det minsta av {}", and_list()),
            Builtin::Storsta => format!("det största av {}", and_list()),
            Builtin::Summa => format!("summan av {}", arg(0)),
            Builtin::Antal => format!("antalet {}", arg(0)),
            Builtin::Alla => format!("alla {}", arg(0)),
            Builtin::Nagon => format!("någon av {}", arg(0)),
            Builtin::Avrunda(mode) => {
                let how = match mode {
                    RoundMode::HalfAwayFromZero => "avrundat",
                    RoundMode::Down => "avrundat nedåt",
                    RoundMode::Up => "avrundat uppåt",
                };
                match args.get(1) {
                    Some(step) => format!("{} {how} till {}", arg(0), self.at(step, ATOM, false)),
                    None => format!("{} {how}", arg(0)),
                }
            }
            Builtin::ArMellan => format!("antal hela år från {} till {}", arg(0), arg(1)),
            Builtin::ManaderMellan => {
                format!("antal hela månader från {} till {}", arg(0), arg(1))
            }
            Builtin::DagarMellan => format!("antal dagar från {} till {}", arg(0), arg(1)),
        };
        (s, ADD)
    }

    fn valj(&self, v: &Valj, cond: bool) -> String {
        match v {
            Valj::Cond { arms, otherwise } => {
                let mut parts: Vec<String> = arms
                    .iter()
                    .map(|(c, e)| format!("{} om {}", self.at(e, OR, cond), self.cond(c)))
                    .collect();
                parts.push(format!("annars {}", self.at(otherwise, OR, cond)));
                parts.join("; ")
            }
            Valj::Enum {
                subject,
                enum_ty,
                arms,
                otherwise,
            } => {
                let subject = self.at(subject, ATOM, false);
                let mut parts: Vec<String> = arms
                    .iter()
                    .map(|(vs, e)| {
                        let names: Vec<String> =
                            vs.iter().map(|i| self.variant(*enum_ty, *i)).collect();
                        format!(
                            "{} om {subject} är {}",
                            self.at(e, OR, cond),
                            names.join(" eller ")
                        )
                    })
                    .collect();
                if let Some(o) = otherwise {
                    parts.push(format!("annars {}", self.at(o, OR, cond)));
                }
                parts.join("; ")
            }
        }
    }

    fn variant(&self, t: crate::program::TypeId, i: u32) -> String {
        match self.program.type_def(t).map(|d| &d.kind) {
            Some(TypeDefKind::Enum(vs)) => vs
                .get(i as usize)
                .map(|v| show_name(&v.text))
                .unwrap_or_default(),
            _ => String::new(),
        }
    }

    fn field_names(&self, t: crate::program::TypeId) -> Vec<String> {
        match self.program.type_def(t).map(|d| &d.kind) {
            Some(TypeDefKind::Record(fs)) => fs.iter().map(|f| show_name(&f.name.text)).collect(),
            _ => Vec::new(),
        }
    }

    fn field(&self, base: &TExpr, i: u32) -> String {
        match &base.ty {
            Type::Record(t) => self
                .field_names(*t)
                .get(i as usize)
                .cloned()
                .unwrap_or_default(),
            _ => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::program::{Decimal, Duration, DurationUnit};
    use delegat_diagnostics::Span;

    fn e(kind: TExprKind, ty: Type) -> TExpr {
        TExpr {
            kind,
            ty,
            span: Span::detached(),
        }
    }

    #[test]
    fn swedish_values() {
        assert_eq!(money(348_000), "3 480 kr");
        assert_eq!(money(1_250), "12,50 kr");
        assert_eq!(money(-500), "-5 kr");
        assert_eq!(money(100_000_000), "1 000 000 kr");
        assert_eq!(
            decimal(Decimal {
                mantissa: 3,
                scale: 2
            }),
            "0,03"
        );
        assert_eq!(
            decimal(Decimal {
                mantissa: 125,
                scale: 1
            }),
            "12,5"
        );
        assert_eq!(
            duration(Duration {
                amount: 3,
                unit: DurationUnit::Manader
            }),
            "3 månader"
        );
        assert_eq!(
            duration(Duration {
                amount: 1,
                unit: DurationUnit::Ar
            }),
            "1 år"
        );
    }

    #[test]
    fn conditions_read_as_words_with_parentheses_where_needed() {
        let p = Program::default();
        let pretty = Pretty::new(&p, None);
        let int = |n| e(TExprKind::Int(n), Type::heltal());
        // (1 + 2) × 3 > 4 eller inte (ja och nej)
        let sum = e(
            TExprKind::Arith(ArithOp::AddInt, Box::new(int(1)), Box::new(int(2))),
            Type::heltal(),
        );
        let prod = e(
            TExprKind::Arith(ArithOp::MulInt, Box::new(sum), Box::new(int(3))),
            Type::heltal(),
        );
        let cmp = e(
            TExprKind::Compare(CmpOp::Gt, Box::new(prod), Box::new(int(4))),
            Type::Bool,
        );
        let and = e(
            TExprKind::And(
                Box::new(e(TExprKind::Bool(true), Type::Bool)),
                Box::new(e(TExprKind::Bool(false), Type::Bool)),
            ),
            Type::Bool,
        );
        let not = e(TExprKind::Not(Box::new(and)), Type::Bool);
        let or = e(TExprKind::Or(Box::new(cmp), Box::new(not)), Type::Bool);
        assert_eq!(
            pretty.cond(&or),
            "(1 + 2) × 3 är större än 4 eller inte (ja och nej)"
        );
        // a − (b − c) keeps its parentheses; (a − b) − c needs none.
        let sub = |a, b| {
            e(
                TExprKind::Arith(ArithOp::SubInt, Box::new(a), Box::new(b)),
                Type::heltal(),
            )
        };
        assert_eq!(
            pretty.expr(&sub(int(1), sub(int(2), int(3)))),
            "1 − (2 − 3)"
        );
        assert_eq!(pretty.expr(&sub(sub(int(1), int(2)), int(3))), "1 − 2 − 3");
    }
}
