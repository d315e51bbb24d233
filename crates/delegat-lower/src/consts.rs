//! Constant values: parameter versions, table rows and `exempel` values are computed at
//! lowering time, so that a pack holds values rather than expressions.
//!
//! Literals (and lists and records of them) are converted directly. Anything else the
//! checker accepts as a constant (arithmetic on literals, `-3 kr`) is lowered into a scratch
//! program and evaluated by the interpreter, the reference semantics.

use delegat_check::program as ck;
use delegat_diagnostics::Span;
use delegat_ir::build::Builder;
use delegat_ir::{RuleId, Type, Value};
use delegat_value::Money;

use crate::{LowerError, Lowerer, expr::plain_text, scalar};

impl Lowerer<'_> {
    /// The value of a constant expression.
    pub(crate) fn const_value(&mut self, e: &ck::TExpr) -> Result<Value, LowerError> {
        let span = e.span;
        Ok(match &e.kind {
            ck::TExprKind::Int(n) => Value::Int(*n),
            ck::TExprKind::Dec(d) => Value::Dec(scalar::decimal(*d, span)?),
            ck::TExprKind::Money(o) => Value::Money(Money::from_ore(*o)),
            ck::TExprKind::Bool(b) => Value::Bool(*b),
            ck::TExprKind::Date(d) => Value::Date(scalar::date(*d, span)?),
            ck::TExprKind::Duration(d) => Value::Duration(scalar::duration(*d)),
            ck::TExprKind::Variant(_, v) => Value::Enum(*v),
            ck::TExprKind::Text(t) if plain_text(t).is_some() => {
                Value::text(&plain_text(t).unwrap_or_default())
            }
            ck::TExprKind::List(items) => Value::list(
                items
                    .iter()
                    .map(|i| self.const_value(i))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            ck::TExprKind::Record(_, vals) => Value::record(
                vals.iter()
                    .map(|v| self.const_value(v))
                    .collect::<Result<Vec<_>, _>>()?,
            ),
            _ => self.evaluate_constant(e)?,
        })
    }

    /// The value of a constant expression of type `belopp`.
    pub(crate) fn const_money(&mut self, e: &ck::TExpr) -> Result<Value, LowerError> {
        match self.const_value(e)? {
            v @ Value::Money(_) => Ok(v),
            _ => Err(LowerError::new("ett belopp väntas", e.span)),
        }
    }

    /// Lowers `e` as the body of a rule in a scratch program with the same types, and
    /// evaluates it with no inputs.
    fn evaluate_constant(&mut self, e: &ck::TExpr) -> Result<Value, LowerError> {
        let mut scratch = Builder::new("konstant");
        scratch.program.types = self.b.program.types.clone();
        scratch.program.params = self.b.program.params.clone();
        let mut l = Lowerer::new(self.c, scratch);
        let body = l.expr(e)?;
        let ty: Type = l.b.ty(body);
        let locals = l.take_frame();
        let rule: RuleId = l.b.declare_rule("konstant", ty, &[], &[]);
        if let Some(r) = l.b.program.rules.get_mut(rule.index()) {
            r.locals = locals;
        }
        l.b.set_body(rule, body);
        let day = delegat_value::Date::from_days(0).unwrap_or(delegat_value::Date::MIN);
        delegat_interp::evaluate_value(&l.b.program, &[], day, delegat_ir::ValueTarget::Rule(rule))
            .map_err(|err| {
                LowerError::new(
                    format!("konstanten kan inte beräknas: {}", err.message()),
                    span_or(err.span, e.span),
                )
            })
    }
}

fn span_or(a: Span, b: Span) -> Span {
    if a.is_detached() { b } else { a }
}
