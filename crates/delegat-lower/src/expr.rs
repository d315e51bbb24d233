//! Lowering of typed expressions to IR nodes, one checked form at a time.

use delegat_check::program as ck;
use delegat_diagnostics::Span;
use delegat_ir::{
    AggOp, BinOp, CmpOp, CmpTy, DateUnit, ExprId, InputId, MinMaxOp, NumTy, OrdTy, ParamId,
    ParamType, RoundTy, RuleId, Type, TypeId, UnOp, Value,
};
use delegat_value::Money;

use crate::{LowerError, Lowerer, scalar};

impl Lowerer<'_> {
    /// Lowers an expression in the current frame; its operands come first in the arena.
    pub(crate) fn expr(&mut self, e: &ck::TExpr) -> Result<ExprId, LowerError> {
        let span = e.span;
        let id = match &e.kind {
            ck::TExprKind::Int(n) => self.at(span).lit(Value::Int(*n)),
            ck::TExprKind::Dec(d) => {
                let d = scalar::decimal(*d, span)?;
                self.at(span).lit(Value::Dec(d))
            }
            ck::TExprKind::Money(o) => self.at(span).lit(Value::Money(Money::from_ore(*o))),
            ck::TExprKind::Bool(v) => self.at(span).lit(Value::Bool(*v)),
            ck::TExprKind::Date(d) => {
                let d = scalar::date(*d, span)?;
                self.at(span).lit(Value::Date(d))
            }
            ck::TExprKind::Duration(d) => self.at(span).lit(Value::Duration(scalar::duration(*d))),
            ck::TExprKind::Text(t) => {
                let text = plain_text(t).ok_or_else(|| {
                    LowerError::new(
                        "en text med `{…}` kan bara stå i en motivering eller ett skäl",
                        span,
                    )
                })?;
                self.at(span).lit(Value::text(&text))
            }
            ck::TExprKind::Uppgift(id) => self.at(span).read_input(InputId(id.0)),
            ck::TExprKind::Bedomning(id) => {
                let n = u32::try_from(self.c.uppgifter.len()).unwrap_or(u32::MAX);
                self.at(span).read_input(InputId(n.saturating_add(id.0)))
            }
            ck::TExprKind::Param(id) => {
                let is_table = matches!(
                    self.b.program.param(ParamId(id.0)).map(|p| &p.ty),
                    Some(ParamType::Table { .. })
                );
                if is_table {
                    return Err(LowerError::new("en tabell används utan nyckel", span));
                }
                self.at(span).read_param(ParamId(id.0))
            }
            ck::TExprKind::Regel(id) => self.at(span).read_rule(RuleId(id.0)),
            ck::TExprKind::Call(r, args) => {
                let args = self.exprs(args)?;
                self.at(span).call(RuleId(r.0), args)
            }
            ck::TExprKind::Local(l) => {
                let slot = self.slot(*l, span)?;
                let ty = scalar::ty(&e.ty, span)?;
                self.at(span).local(slot, ty)
            }
            ck::TExprKind::Variant(t, v) => self
                .at(span)
                .constant(Value::Enum(*v), Type::Enum(TypeId(t.0))),
            ck::TExprKind::Beslutsdatum => self.at(span).decision_date(),
            ck::TExprKind::Widen(x) => {
                let x = self.expr(x)?;
                self.at(span).unary(UnOp::IntToDec, x)
            }
            ck::TExprKind::Field(r, i) => {
                let r = self.expr(r)?;
                self.at(span).field(r, *i)
            }
            ck::TExprKind::Index(table, key) => {
                let ck::TExprKind::Param(p) = &table.kind else {
                    return Err(LowerError::new(
                        "bara en tabellparameter kan slås upp med `[…]`",
                        span,
                    ));
                };
                let key = self.expr(key)?;
                self.at(span).lookup(ParamId(p.0), key)
            }
            ck::TExprKind::Builtin(f, args) => self.builtin(*f, args, span)?,
            ck::TExprKind::Aggregate(agg) => self.aggregate(agg, span)?,
            ck::TExprKind::Arith(op, a, b) => self.arith(*op, a, b, span)?,
            ck::TExprKind::Neg(x) => {
                let op = match scalar::ty(&x.ty, span)? {
                    Type::Int => UnOp::NegInt,
                    Type::Dec => UnOp::NegDec,
                    Type::Money => UnOp::NegMoney,
                    Type::Duration => UnOp::NegDuration,
                    _ => {
                        return Err(LowerError::new(
                            "minus på ett värde som inte är ett tal",
                            span,
                        ));
                    }
                };
                let x = self.expr(x)?;
                self.at(span).unary(op, x)
            }
            ck::TExprKind::Compare(op, a, b) => {
                let ty = cmp_ty(&scalar::ty(&a.ty, span)?).ok_or_else(|| {
                    LowerError::new("värden av den här typen kan inte jämföras", span)
                })?;
                let a = self.expr(a)?;
                let b = self.expr(b)?;
                self.at(span).compare(cmp_op(*op), ty, a, b)
            }
            ck::TExprKind::And(a, b) => {
                let a = self.expr(a)?;
                let b = self.expr(b)?;
                self.at(span).and(a, b)
            }
            ck::TExprKind::Or(a, b) => {
                let a = self.expr(a)?;
                let b = self.expr(b)?;
                self.at(span).or(a, b)
            }
            ck::TExprKind::Not(x) => {
                let x = self.expr(x)?;
                self.at(span).unary(UnOp::Not, x)
            }
            ck::TExprKind::If(c, a, b) => {
                let c = self.expr(c)?;
                let a = self.expr(a)?;
                let b = self.expr(b)?;
                self.at(span).if_(c, a, b)
            }
            ck::TExprKind::Valj(v) => self.valj(v, span)?,
            ck::TExprKind::List(items) => {
                let elem = match scalar::ty(&e.ty, span)? {
                    Type::List(elem) => *elem,
                    _ => return Err(LowerError::new("en lista utan listtyp", span)),
                };
                let items = self.exprs(items)?;
                self.at(span).list(elem, items)
            }
            ck::TExprKind::Record(t, vals) => {
                let vals = self.exprs(vals)?;
                self.at(span).record(TypeId(t.0), vals)
            }
        };
        Ok(id)
    }

    /// The builder, with `span` as the span of the next node.
    fn at(&mut self, span: Span) -> &mut delegat_ir::build::Builder {
        self.b.span = span;
        &mut self.b
    }

    fn exprs(&mut self, items: &[ck::TExpr]) -> Result<Vec<ExprId>, LowerError> {
        items.iter().map(|e| self.expr(e)).collect()
    }

    fn arith(
        &mut self,
        op: ck::ArithOp,
        a: &ck::TExpr,
        b: &ck::TExpr,
        span: Span,
    ) -> Result<ExprId, LowerError> {
        use ck::ArithOp as A;
        let x = self.expr(a)?;
        let y = self.expr(b)?;
        let op = match op {
            A::AddInt => BinOp::AddInt,
            A::SubInt => BinOp::SubInt,
            A::MulInt => BinOp::MulInt,
            A::DivInt => BinOp::DivInt,
            A::AddDec => BinOp::AddDec,
            A::SubDec => BinOp::SubDec,
            A::MulDec => BinOp::MulDec,
            A::DivDec => BinOp::DivDec,
            A::AddMoney => BinOp::AddMoney,
            A::SubMoney => BinOp::SubMoney,
            A::MulMoneyInt => BinOp::MulMoneyInt,
            A::MulMoneyDec => BinOp::MulMoneyDec,
            A::DivMoneyInt => BinOp::DivMoneyInt,
            A::DivMoneyDec => BinOp::DivMoneyDec,
            A::DivMoneyMoney => BinOp::DivMoneyMoney,
            A::AddDateDuration => return Ok(self.at(span).date_shift(false, x, y)),
            A::SubDateDuration => return Ok(self.at(span).date_shift(true, x, y)),
        };
        Ok(self.at(span).binary(op, x, y))
    }

    fn builtin(
        &mut self,
        f: ck::Builtin,
        args: &[ck::TExpr],
        span: Span,
    ) -> Result<ExprId, LowerError> {
        use ck::Builtin as B;
        let arity = |n: usize| {
            if args.len() == n {
                Ok(())
            } else {
                Err(LowerError::new(
                    "fel antal argument till en inbyggd funktion",
                    span,
                ))
            }
        };
        match f {
            B::Minsta | B::Storsta => {
                let first = args
                    .first()
                    .ok_or_else(|| LowerError::new("`minsta`/`största` utan argument", span))?;
                let ty = ord_ty(&scalar::ty(&first.ty, span)?, span)?;
                let op = if f == B::Minsta {
                    MinMaxOp::Min
                } else {
                    MinMaxOp::Max
                };
                let args = self.exprs(args)?;
                Ok(self.at(span).min_max(op, ty, args))
            }
            B::Summa | B::Antal | B::Alla | B::Nagon => {
                arity(1)?;
                let Some(list) = args.first() else {
                    return Err(LowerError::new("argument saknas", span));
                };
                let elem = match scalar::ty(&list.ty, span)? {
                    Type::List(elem) => *elem,
                    _ => {
                        return Err(LowerError::new(
                            "ett aggregat över något som inte är en lista",
                            span,
                        ));
                    }
                };
                let op = match f {
                    B::Summa => AggOp::Sum(num_ty(&elem, span)?),
                    B::Antal => AggOp::Count,
                    B::Alla => AggOp::All,
                    _ => AggOp::Any,
                };
                let slot = self.fresh_slot(elem, span)?;
                let list = self.expr(list)?;
                Ok(self.at(span).aggregate(op, slot, list, None, None))
            }
            B::Avrunda(mode) => {
                let (Some(x), step) = (args.first(), args.get(1)) else {
                    return Err(LowerError::new("`avrunda` utan argument", span));
                };
                let ty = match (scalar::ty(&x.ty, span)?, step.is_some()) {
                    (Type::Money, _) => RoundTy::Money,
                    (Type::Dec, true) => RoundTy::Dec,
                    (Type::Dec, false) => RoundTy::DecToInt,
                    (Type::Int, true) => RoundTy::Int,
                    // A whole number rounded to whole numbers is itself.
                    (Type::Int, false) => return self.expr(x),
                    _ => {
                        return Err(LowerError::new(
                            "`avrunda` av något som inte är ett tal",
                            span,
                        ));
                    }
                };
                let x = self.expr(x)?;
                let step = step.map(|s| self.expr(s)).transpose()?;
                Ok(self.at(span).round(mode, ty, x, step))
            }
            B::ArMellan | B::ManaderMellan | B::DagarMellan => {
                arity(2)?;
                let unit = match f {
                    B::ArMellan => DateUnit::Years,
                    B::ManaderMellan => DateUnit::Months,
                    _ => DateUnit::Days,
                };
                let args = self.exprs(args)?;
                let (Some(a), Some(b)) = (args.first(), args.get(1)) else {
                    return Err(LowerError::new("argument saknas", span));
                };
                Ok(self.at(span).date_diff(unit, *a, *b))
            }
        }
    }

    /// A slot for a loop variable that has no name in the source (`summa(lista)`).
    fn fresh_slot(&mut self, ty: Type, span: Span) -> Result<u32, LowerError> {
        let slot = u32::try_from(self.frame.len())
            .map_err(|_| LowerError::new("för många lokala variabler", span))?;
        self.frame.push(delegat_ir::LocalDecl {
            name: "element".to_string(),
            ty,
        });
        Ok(slot)
    }

    fn aggregate(&mut self, agg: &ck::Aggregate, span: Span) -> Result<ExprId, LowerError> {
        let elem = match scalar::ty(&agg.list.ty, span)? {
            Type::List(elem) => *elem,
            _ => {
                return Err(LowerError::new(
                    "ett aggregat över något som inte är en lista",
                    span,
                ));
            }
        };
        let body_ty = match &agg.body {
            Some(b) => scalar::ty(&b.ty, span)?,
            None => elem,
        };
        let op = match agg.func {
            ck::AggFunc::Summa => AggOp::Sum(num_ty(&body_ty, span)?),
            ck::AggFunc::Antal => AggOp::Count,
            ck::AggFunc::Alla => AggOp::All,
            ck::AggFunc::Nagon => AggOp::Any,
            ck::AggFunc::Minsta => AggOp::Min(ord_ty(&body_ty, span)?),
            ck::AggFunc::Storsta => AggOp::Max(ord_ty(&body_ty, span)?),
        };
        let slot = self.slot(agg.var, span)?;
        let list = self.expr(&agg.list)?;
        let filter = agg.filter.as_ref().map(|f| self.expr(f)).transpose()?;
        let body = agg.body.as_ref().map(|b| self.expr(b)).transpose()?;
        Ok(self.at(span).aggregate(op, slot, list, filter, body))
    }

    fn valj(&mut self, v: &ck::Valj, span: Span) -> Result<ExprId, LowerError> {
        match v {
            ck::Valj::Cond { arms, otherwise } => {
                let mut lowered = Vec::with_capacity(arms.len());
                for (c, value) in arms {
                    lowered.push((self.expr(c)?, self.expr(value)?));
                }
                let otherwise = self.expr(otherwise)?;
                Ok(self.at(span).cond(&lowered, Some(otherwise)))
            }
            ck::Valj::Enum {
                subject,
                arms,
                otherwise,
                ..
            } => {
                let subject = self.expr(subject)?;
                let mut lowered = Vec::with_capacity(arms.len());
                for (variants, value) in arms {
                    lowered.push((variants.clone(), self.expr(value)?));
                }
                let otherwise = otherwise.as_ref().map(|o| self.expr(o)).transpose()?;
                let arms: Vec<(&[u32], ExprId)> =
                    lowered.iter().map(|(vs, e)| (vs.as_slice(), *e)).collect();
                Ok(self.at(span).match_(subject, &arms, otherwise))
            }
        }
    }
}

/// The text of a text literal without interpolations.
pub(crate) fn plain_text(t: &ck::Text) -> Option<String> {
    let mut out = String::new();
    for piece in &t.pieces {
        match piece {
            ck::TextPiece::Lit(s) => out.push_str(s),
            ck::TextPiece::Interp(_) => return None,
        }
    }
    Some(out)
}

fn cmp_op(op: ck::CmpOp) -> CmpOp {
    match op {
        ck::CmpOp::Eq => CmpOp::Eq,
        ck::CmpOp::Ne => CmpOp::Ne,
        ck::CmpOp::Lt => CmpOp::Lt,
        ck::CmpOp::Le => CmpOp::Le,
        ck::CmpOp::Gt => CmpOp::Gt,
        ck::CmpOp::Ge => CmpOp::Ge,
    }
}

fn cmp_ty(t: &Type) -> Option<CmpTy> {
    Some(match t {
        Type::Int => CmpTy::Int,
        Type::Dec => CmpTy::Dec,
        Type::Money => CmpTy::Money,
        Type::Date => CmpTy::Date,
        Type::Bool => CmpTy::Bool,
        Type::Enum(_) => CmpTy::Enum,
        Type::Text => CmpTy::Text,
        _ => return None,
    })
}

fn num_ty(t: &Type, span: Span) -> Result<NumTy, LowerError> {
    match t {
        Type::Int => Ok(NumTy::Int),
        Type::Dec => Ok(NumTy::Dec),
        Type::Money => Ok(NumTy::Money),
        _ => Err(LowerError::new(
            "`summa` av något som inte är ett tal",
            span,
        )),
    }
}

fn ord_ty(t: &Type, span: Span) -> Result<OrdTy, LowerError> {
    match t {
        Type::Int => Ok(OrdTy::Int),
        Type::Dec => Ok(OrdTy::Dec),
        Type::Money => Ok(OrdTy::Money),
        Type::Date => Ok(OrdTy::Date),
        _ => Err(LowerError::new(
            "`minsta`/`största` av något som inte kan ordnas",
            span,
        )),
    }
}
