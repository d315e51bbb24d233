//! Lowering of expressions: operators by precedence, `om`, `välj`, calls and aggregates,
//! field access, table lookup, lists and records.

use delegat_diagnostics::{Code, Diagnostic, Span};

use super::{Lower, P};
use crate::ast::{
    AggFunc, Aggregate, BinOp, Binding, Expr, ExprKind, Literal, UnOp, Valj, ValjArm, ValjPattern,
};
use crate::parser::Rule;

/// Most operands one chain of operators (`a + b + …`) may have; past it the tree would be
/// too deep for the phases that walk it.
const MAX_CHAIN: usize = 256;

impl Lower {
    /// A placeholder after an error (the item is left out anyway).
    fn dummy(span: Span) -> Expr {
        Expr {
            kind: ExprKind::Lit(Literal::Int(0)),
            span,
        }
    }

    /// Any expression rule.
    pub(crate) fn expr(&mut self, pair: P<'_>) -> Expr {
        let span = self.span(&pair);
        match pair.as_rule() {
            Rule::expr | Rule::primary | Rule::field_value | Rule::param_value => {
                match pair.into_inner().next() {
                    Some(inner) => self.expr(inner),
                    None => {
                        self.internal(span, "ett uttryck");
                        Self::dummy(span)
                    }
                }
            }
            Rule::if_expr => self.if_expr(pair),
            Rule::or_expr | Rule::and_expr | Rule::sum | Rule::product => self.chain(pair),
            Rule::not_expr => self.prefix(pair, UnOp::Inte),
            Rule::unary => self.prefix(pair, UnOp::Neg),
            Rule::cmp_expr => self.chain(pair),
            Rule::postfix => self.postfix(pair),
            Rule::literal => Expr {
                kind: ExprKind::Lit(self.literal(pair)),
                span,
            },
            Rule::paren => {
                let inner = pair.into_inner().find(|p| p.as_rule() == Rule::expr);
                let inner = match inner {
                    Some(e) => self.expr(e),
                    None => Self::dummy(span),
                };
                Expr {
                    kind: ExprKind::Paren(Box::new(inner)),
                    span,
                }
            }
            Rule::list_lit => {
                let items = self.exprs(pair);
                Expr {
                    kind: ExprKind::List(items),
                    span,
                }
            }
            Rule::record_lit => {
                let fields = pair
                    .into_inner()
                    .filter(|p| p.as_rule() == Rule::binding)
                    .map(|b| self.binding(b))
                    .collect();
                Expr {
                    kind: ExprKind::Record(fields),
                    span,
                }
            }
            Rule::name => match pair.into_inner().next() {
                Some(id) => Expr {
                    kind: ExprKind::Name(self.ident(&id)),
                    span,
                },
                None => Self::dummy(span),
            },
            Rule::call => self.call(pair),
            Rule::valj => self.valj(pair),
            _ => {
                self.internal(span, "ett uttryck");
                Self::dummy(span)
            }
        }
    }

    /// The `expr` children of a pair, in order.
    fn exprs(&mut self, pair: P<'_>) -> Vec<Expr> {
        pair.into_inner()
            .filter(|p| p.as_rule() == Rule::expr)
            .map(|e| self.expr(e))
            .collect()
    }

    /// `namn = VÄRDE` (in `givet` and record literals).
    pub(crate) fn binding(&mut self, pair: P<'_>) -> Binding {
        let span = self.span(&pair);
        let mut name = None;
        let mut value = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::ident => name = Some(self.ident(&part)),
                Rule::expr => value = Some(self.expr(part)),
                _ => {}
            }
        }
        let name = name.unwrap_or_else(|| crate::ast::Ident {
            name: String::new(),
            span,
        });
        Binding {
            name,
            value: value.unwrap_or_else(|| Self::dummy(span)),
            span,
        }
    }

    fn if_expr(&mut self, pair: P<'_>) -> Expr {
        let span = self.span(&pair);
        let mut parts = self.exprs(pair).into_iter();
        match (parts.next(), parts.next(), parts.next()) {
            (Some(c), Some(a), Some(b)) => Expr {
                kind: ExprKind::If(Box::new(c), Box::new(a), Box::new(b)),
                span,
            },
            _ => {
                self.internal(span, "ett `om`-uttryck");
                Self::dummy(span)
            }
        }
    }

    /// A left-associative chain `a OP b OP c` (and the single comparison `a < b`).
    fn chain(&mut self, pair: P<'_>) -> Expr {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let Some(first) = inner.next() else {
            self.internal(span, "ett uttryck");
            return Self::dummy(span);
        };
        let mut acc = self.expr(first);
        let mut operands = 1usize;
        while let (Some(op), Some(rhs)) = (inner.next(), inner.next()) {
            operands += 1;
            if operands == MAX_CHAIN + 1 {
                self.fail(
                    Diagnostic::new(
                        Code::E0014,
                        format!("uttrycket har för många led (mer än {MAX_CHAIN})"),
                        span,
                    )
                    .with_primary_label("detta uttryck")
                    .with_help("dela upp uttrycket i flera regler med egna namn"),
                );
                // Building the rest would only make a tree too deep to drop safely.
                break;
            }
            let op = bin_op(op.as_str());
            let rhs = self.expr(rhs);
            let span = acc.span.to(rhs.span);
            acc = Expr {
                kind: ExprKind::Binary(op, Box::new(acc), Box::new(rhs)),
                span,
            };
        }
        acc
    }

    /// `inte X` / `-X`, or the next level down.
    fn prefix(&mut self, pair: P<'_>, op: UnOp) -> Expr {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let Some(first) = inner.next() else {
            self.internal(span, "ett uttryck");
            return Self::dummy(span);
        };
        match first.as_rule() {
            Rule::kw_inte | Rule::neg_op => {
                let operand = match inner.next() {
                    Some(e) => self.expr(e),
                    None => Self::dummy(span),
                };
                Expr {
                    kind: ExprKind::Unary(op, Box::new(operand)),
                    span,
                }
            }
            _ => self.expr(first),
        }
    }

    fn postfix(&mut self, pair: P<'_>) -> Expr {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let Some(first) = inner.next() else {
            self.internal(span, "ett uttryck");
            return Self::dummy(span);
        };
        let mut acc = self.expr(first);
        for (n, suffix) in inner.enumerate() {
            let sspan = self.span(&suffix);
            if n == MAX_CHAIN {
                self.fail(
                    Diagnostic::new(
                        Code::E0014,
                        format!("uttrycket har för många led (mer än {MAX_CHAIN})"),
                        span,
                    )
                    .with_primary_label("detta uttryck")
                    .with_help("dela upp uttrycket i flera regler med egna namn"),
                );
                break;
            }
            let whole = acc.span.to(sspan);
            match suffix.as_rule() {
                Rule::field_suffix => {
                    let Some(id) = suffix.into_inner().next() else {
                        continue;
                    };
                    let field = self.ident(&id);
                    acc = Expr {
                        kind: ExprKind::Field(Box::new(acc), field),
                        span: whole,
                    };
                }
                Rule::index_suffix => {
                    let key = suffix.into_inner().find(|p| p.as_rule() == Rule::expr);
                    let key = match key {
                        Some(k) => self.expr(k),
                        None => Self::dummy(sspan),
                    };
                    acc = Expr {
                        kind: ExprKind::Index(Box::new(acc), Box::new(key)),
                        span: whole,
                    };
                }
                _ => {}
            }
        }
        acc
    }

    fn call(&mut self, pair: P<'_>) -> Expr {
        let span = self.span(&pair);
        let mut inner = pair.into_inner();
        let (Some(name), Some(args)) = (inner.next(), inner.next()) else {
            self.internal(span, "ett anrop");
            return Self::dummy(span);
        };
        let name = self.ident(&name);
        if args.as_rule() == Rule::call_args {
            let args = self.exprs(args);
            return Expr {
                kind: ExprKind::Call(name, args),
                span,
            };
        }
        let func = match name.name.as_str() {
            "summa" => Some(AggFunc::Summa),
            "antal" => Some(AggFunc::Antal),
            "alla" => Some(AggFunc::Alla),
            "någon" => Some(AggFunc::Nagon),
            "minsta" => Some(AggFunc::Minsta),
            "största" => Some(AggFunc::Storsta),
            _ => None,
        };
        let Some(func) = func else {
            self.fail(
                Diagnostic::new(
                    Code::E0001,
                    format!("`{}` kan inte användas med `för … i …`", name.name),
                    name.span,
                )
                .with_primary_label("inte en sammanställning av en lista")
                .with_help("`för … i …` fungerar med `summa`, `antal`, `alla`, `någon`, `minsta` och `största`"),
            );
            return Self::dummy(span);
        };
        let mut var = None;
        let mut list = None;
        let mut filter = None;
        let mut body = None;
        let mut after = Rule::kw_i;
        for part in args.into_inner() {
            match part.as_rule() {
                Rule::ident => var = Some(self.ident(&part)),
                Rule::kw_i | Rule::kw_dar | Rule::colon => after = part.as_rule(),
                Rule::expr => {
                    let e = self.expr(part);
                    match after {
                        Rule::kw_dar => filter = Some(e),
                        Rule::colon => body = Some(e),
                        _ => list = Some(e),
                    }
                }
                _ => {}
            }
        }
        if body.is_none() && func != AggFunc::Antal {
            self.fail(
                Diagnostic::new(
                    Code::E0001,
                    format!("`{}(för …)` behöver ett uttryck efter `:`", name.name),
                    span,
                )
                .with_primary_label("här saknas `: uttryck`")
                .with_help(format!(
                    "skriv till exempel `{}(för b i barn: b.kostnad)`; bara `antal` kan stå utan `:`",
                    name.name
                )),
            );
        }
        let (Some(var), Some(list)) = (var, list) else {
            self.internal(span, "en sammanställning");
            return Self::dummy(span);
        };
        Expr {
            kind: ExprKind::Aggregate(Box::new(Aggregate {
                func,
                var,
                list,
                filter,
                body,
            })),
            span,
        }
    }

    fn valj(&mut self, pair: P<'_>) -> Expr {
        let span = self.span(&pair);
        let mut subject = None;
        let mut arms = Vec::new();
        let mut otherwise = None;
        let mut annars_span = None;
        let mut keyword = span;
        let mut close = span.shrink_to_end();
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::kw_valj => keyword = self.span(&part),
                Rule::or_expr => subject = Some(self.expr(part)),
                Rule::valj_arm => arms.push(self.valj_arm(part, subject.is_some())),
                Rule::valj_annars => {
                    let mut inner = part.into_inner();
                    annars_span = inner.next().map(|k| self.span(&k));
                    let value = inner.find(|p| p.as_rule() == Rule::expr);
                    otherwise = value.map(|v| self.expr(v));
                }
                Rule::rbrace => close = self.span(&part),
                _ => {}
            }
        }
        if subject.is_none() && otherwise.is_none() {
            self.fail(
                Diagnostic::new(Code::E0008, "`välj` saknar `annars`", close.shrink_to_start())
                    .with_primary_label("här förväntades `annars: …`")
                    .with_label(keyword, "valet börjar här")
                    .with_note("ett val på villkor måste säga vad som gäller när inget av villkoren är uppfyllt")
                    .with_help("lägg till `annars: VÄRDE` sist i valet"),
            );
        }
        Expr {
            kind: ExprKind::Valj(Box::new(Valj {
                subject,
                arms,
                otherwise,
                annars_span,
            })),
            span,
        }
    }

    fn valj_arm(&mut self, pair: P<'_>, has_subject: bool) -> ValjArm {
        let span = self.span(&pair);
        let mut patterns: Vec<Expr> = Vec::new();
        let mut value = None;
        for part in pair.into_inner() {
            match part.as_rule() {
                Rule::valj_pattern => patterns = self.exprs(part),
                Rule::expr => value = Some(self.expr(part)),
                _ => {}
            }
        }
        let pattern = if has_subject {
            let mut variants = Vec::new();
            for p in patterns {
                match p.kind {
                    ExprKind::Name(id) => variants.push(id),
                    _ => self.fail(
                        Diagnostic::new(
                            Code::E0001,
                            "förväntade en variant efter `när`",
                            p.span,
                        )
                        .with_primary_label("inte ett variantnamn")
                        .with_help("i `välj x { … }` anges varianter, till exempel `när hyresrätt | villa: …`"),
                    ),
                }
            }
            ValjPattern::Variants(variants)
        } else {
            let mut patterns = patterns.into_iter();
            let cond = patterns.next().unwrap_or_else(|| Self::dummy(span));
            if let Some(extra) = patterns.next() {
                self.fail(
                    Diagnostic::new(Code::E0001, "`|` kan bara skilja varianter åt", extra.span)
                        .with_primary_label("ett andra villkor")
                        .with_help("skriv `när a eller b: …`, eller välj på ett värde: `välj x { när a | b: … }`"),
                );
            }
            ValjPattern::Cond(cond)
        };
        ValjArm {
            pattern,
            value: value.unwrap_or_else(|| Self::dummy(span)),
            span,
        }
    }
}

fn bin_op(op: &str) -> BinOp {
    match op {
        "+" => BinOp::Add,
        "-" => BinOp::Sub,
        "*" => BinOp::Mul,
        "/" => BinOp::Div,
        "=" => BinOp::Eq,
        "≠" | "!=" => BinOp::Ne,
        "<" => BinOp::Lt,
        "<=" | "≤" => BinOp::Le,
        ">" => BinOp::Gt,
        ">=" | "≥" => BinOp::Ge,
        "och" => BinOp::Och,
        _ => BinOp::Eller,
    }
}
