//! The expression evaluator: one `match` arm per IR node.

use delegat_diagnostics::Span;
use delegat_ir::{AggOp, Aggregate, ExprId, ExprKind, MinMaxOp, Value};
use delegat_value::Money;

use crate::error::{RuntimeError, RuntimeErrorKind};
use crate::ops::{self, OpError};
use crate::run::{Machine, Res};

impl Machine<'_, '_> {
    /// Evaluates an expression in the current frame.
    pub(crate) fn eval(&mut self, id: ExprId) -> Res<Value> {
        let p = self.p;
        let Some(e) = p.expr(id) else {
            return Err(Box::new(RuntimeError::malformed(
                format!("uttryck #{} finns inte", id.0),
                Span::detached(),
            )));
        };
        if self.depth >= crate::MAX_DEPTH {
            return Err(Box::new(RuntimeError::new(
                RuntimeErrorKind::TooDeep,
                e.span,
            )));
        }
        self.depth += 1;
        let result = self.eval_kind(&e.kind, e.span);
        self.depth -= 1;
        result
    }

    fn eval_kind(&mut self, kind: &ExprKind, span: Span) -> Res<Value> {
        let op_err = |err: OpError| Box::new(err.at(span));
        match kind {
            ExprKind::Const(v) => Ok(v.clone()),
            ExprKind::Input(id) => match self.inputs.get(id.index()) {
                Some(Some(v)) => Ok(v.clone()),
                _ => {
                    let name = self
                        .p
                        .input(*id)
                        .map_or_else(|| format!("#{}", id.0), |i| i.name.clone());
                    Err(Box::new(RuntimeError::new(
                        RuntimeErrorKind::MissingInput { name },
                        span,
                    )))
                }
            },
            ExprKind::Param(id) => self.param(*id, span),
            ExprKind::Lookup { table, key } => {
                let key = self.eval(*key)?;
                self.lookup(*table, key, span)
            }
            ExprKind::Rule(id) => self.rule(*id, span),
            ExprKind::Call { rule, args } => self.call(*rule, args, span),
            ExprKind::Local(l) => self
                .stack
                .get(self.base + l.index())
                .cloned()
                .ok_or_else(|| Box::new(RuntimeError::malformed("lokal plats saknas", span))),
            ExprKind::DecisionDate => Ok(Value::Date(self.date)),
            ExprKind::Unary { op, arg } => {
                let a = self.eval(*arg)?;
                ops::unary(*op, a).map_err(op_err)
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let a = self.eval(*lhs)?;
                let b = self.eval(*rhs)?;
                ops::binary(*op, a, b).map_err(op_err)
            }
            ExprKind::Compare { op, ty, lhs, rhs } => {
                let a = self.eval(*lhs)?;
                let b = self.eval(*rhs)?;
                let ord = ops::compare(*ty, &a, &b).map_err(op_err)?;
                Ok(Value::Bool(op.holds(ord)))
            }
            ExprKind::And(a, b) => Ok(Value::Bool(self.eval_bool(*a)? && self.eval_bool(*b)?)),
            ExprKind::Or(a, b) => Ok(Value::Bool(self.eval_bool(*a)? || self.eval_bool(*b)?)),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                if self.eval_bool(*cond)? {
                    self.eval(*then)
                } else {
                    self.eval(*otherwise)
                }
            }
            ExprKind::Cond { arms, otherwise } => {
                for arm in arms {
                    if self.eval_bool(arm.cond)? {
                        return self.eval(arm.value);
                    }
                }
                match otherwise {
                    Some(o) => self.eval(*o),
                    None => Err(Box::new(RuntimeError::new(RuntimeErrorKind::NoArm, span))),
                }
            }
            ExprKind::Match {
                subject,
                arms,
                otherwise,
            } => {
                let Value::Enum(v) = self.eval(*subject)? else {
                    return Err(op_err(OpError::Kind));
                };
                for arm in arms {
                    if arm.variants.contains(&v) {
                        return self.eval(arm.value);
                    }
                }
                match otherwise {
                    Some(o) => self.eval(*o),
                    None => Err(Box::new(RuntimeError::new(RuntimeErrorKind::NoArm, span))),
                }
            }
            ExprKind::Aggregate(agg) => self.aggregate(agg, span),
            ExprKind::MinMax { op, ty, args } => {
                let mut best: Option<Value> = None;
                for a in args {
                    let v = self.eval(*a)?;
                    best = Some(match best {
                        None => v,
                        Some(b) => ops::pick(*op, *ty, b, v).map_err(op_err)?,
                    });
                }
                best.ok_or_else(|| {
                    Box::new(RuntimeError::new(
                        RuntimeErrorKind::EmptyAggregate {
                            func: min_max_name(*op),
                        },
                        span,
                    ))
                })
            }
            ExprKind::Round {
                mode,
                ty,
                arg,
                step,
            } => {
                let a = self.eval(*arg)?;
                let s = match step {
                    Some(s) => Some(self.eval(*s)?),
                    None => None,
                };
                ops::round(*mode, *ty, a, s).map_err(op_err)
            }
            ExprKind::DateDiff { unit, from, to } => {
                let a = self.eval(*from)?;
                let b = self.eval(*to)?;
                ops::date_diff(*unit, &a, &b).map_err(op_err)
            }
            ExprKind::DateShift {
                subtract,
                date,
                duration,
            } => {
                let a = self.eval(*date)?;
                let b = self.eval(*duration)?;
                ops::date_shift(*subtract, &a, &b).map_err(op_err)
            }
            ExprKind::Field { record, index } => match self.eval(*record)? {
                Value::Record(fields) => fields
                    .get(*index as usize)
                    .cloned()
                    .ok_or_else(|| Box::new(RuntimeError::malformed("fältet finns inte", span))),
                _ => Err(op_err(OpError::Kind)),
            },
            ExprKind::MakeList(items) => {
                let mut out = Vec::with_capacity(items.len());
                for item in items {
                    out.push(self.eval(*item)?);
                }
                Ok(Value::list(out))
            }
            ExprKind::MakeRecord { fields, .. } => {
                let mut out = Vec::with_capacity(fields.len());
                for f in fields {
                    out.push(self.eval(*f)?);
                }
                Ok(Value::record(out))
            }
        }
    }

    /// Evaluates a `ja/nej` expression.
    pub(crate) fn eval_bool(&mut self, id: ExprId) -> Res<bool> {
        match self.eval(id)? {
            Value::Bool(b) => Ok(b),
            other => Err(self.kind_error(id, &other)),
        }
    }

    /// Evaluates a `belopp` expression.
    pub(crate) fn eval_money(&mut self, id: ExprId) -> Res<Money> {
        match self.eval(id)? {
            Value::Money(m) => Ok(m),
            other => Err(self.kind_error(id, &other)),
        }
    }

    fn kind_error(&self, id: ExprId, got: &Value) -> Box<RuntimeError> {
        let span = self.p.expr(id).map_or_else(Span::detached, |e| e.span);
        Box::new(RuntimeError::malformed(
            format!(
                "uttryck #{} gav ett värde av fel slag ({})",
                id.0,
                got.kind_name()
            ),
            span,
        ))
    }

    fn aggregate(&mut self, agg: &Aggregate, span: Span) -> Res<Value> {
        let op_err = |err: OpError| Box::new(err.at(span));
        let Value::List(items) = self.eval(agg.list)? else {
            return Err(op_err(OpError::Kind));
        };
        let slot = self.base + agg.var.index();
        if slot >= self.stack.len() {
            return Err(Box::new(RuntimeError::malformed(
                "loopvariabelns plats saknas",
                span,
            )));
        }
        let mut acc: Option<Value> = match agg.op {
            AggOp::Sum(n) => Some(ops::zero(n)),
            AggOp::Count => Some(Value::Int(0)),
            AggOp::All => Some(Value::Bool(true)),
            AggOp::Any => Some(Value::Bool(false)),
            AggOp::Min(_) | AggOp::Max(_) => None,
        };
        for item in items.iter() {
            if let Some(s) = self.stack.get_mut(slot) {
                *s = item.clone();
            }
            if let Some(f) = agg.filter
                && !self.eval_bool(f)?
            {
                continue;
            }
            let body = match agg.body {
                Some(b) => self.eval(b)?,
                None => item.clone(),
            };
            acc = Some(match (agg.op, acc) {
                (AggOp::Sum(n), Some(a)) => ops::add(n, a, body).map_err(op_err)?,
                (AggOp::Count, Some(Value::Int(c))) => {
                    let counts = agg.body.is_none() || matches!(body, Value::Bool(true));
                    Value::Int(if counts {
                        c.checked_add(1).ok_or_else(|| {
                            op_err(OpError::Arith(delegat_value::ArithError::Overflow))
                        })?
                    } else {
                        c
                    })
                }
                // `alla` and `någon` stop at the first element that decides them, as
                // `och` and `eller` do.
                (AggOp::All, Some(Value::Bool(_))) => match body {
                    Value::Bool(true) => Value::Bool(true),
                    Value::Bool(false) => return Ok(Value::Bool(false)),
                    _ => return Err(op_err(OpError::Kind)),
                },
                (AggOp::Any, Some(Value::Bool(_))) => match body {
                    Value::Bool(false) => Value::Bool(false),
                    Value::Bool(true) => return Ok(Value::Bool(true)),
                    _ => return Err(op_err(OpError::Kind)),
                },
                (AggOp::Min(o), Some(a)) => ops::pick(MinMaxOp::Min, o, a, body).map_err(op_err)?,
                (AggOp::Max(o), Some(a)) => ops::pick(MinMaxOp::Max, o, a, body).map_err(op_err)?,
                (AggOp::Min(_) | AggOp::Max(_), None) => body,
                _ => return Err(op_err(OpError::Kind)),
            });
        }
        acc.ok_or_else(|| {
            let func = match agg.op {
                AggOp::Max(_) => "största",
                _ => "minsta",
            };
            Box::new(RuntimeError::new(
                RuntimeErrorKind::EmptyAggregate { func },
                span,
            ))
        })
    }
}

fn min_max_name(op: MinMaxOp) -> &'static str {
    match op {
        MinMaxOp::Min => "minsta",
        MinMaxOp::Max => "största",
    }
}
