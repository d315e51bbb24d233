//! The expression evaluator: one `match` arm per IR node.

use delegat_diagnostics::Span;
use delegat_ir::{
    AggOp, Aggregate, BinOp, CmpOp, CmpTy, CondArm, DateUnit, ExprId, ExprKind, InputId, LocalId,
    MatchArm, MinMaxOp, OrdTy, ParamId, RoundMode, RoundTy, UnOp, Value,
};
use delegat_value::Money;

use crate::ops::{self, OpError};
use crate::run::{Machine, Res};
use crate::used::MemoState;
use delegat_ir::{RuntimeError, RuntimeErrorKind};

/// How many nesting levels apart the stack is checked.
const STACK_CHECK_EVERY: u32 = 8;

/// The stack that must remain at a check: room for `STACK_CHECK_EVERY` levels with margin
/// (a level takes about 3 KiB unoptimised, 0.5 KiB optimised).
const STACK_RED_ZONE: usize = 128 * 1024;

/// The size of a new stack segment when the remaining stack is below the red zone.
const STACK_GROWTH: usize = 2 * 1024 * 1024;

impl<'i> Machine<'_, 'i, '_> {
    /// Evaluates an expression in the current frame.
    pub(crate) fn eval(&mut self, id: ExprId) -> Res<Value> {
        let p = self.p;
        let Some(e) = p.expr(id) else {
            return Err(Box::new(RuntimeError::malformed(
                format!("uttryck #{} finns inte", id.0),
                Span::detached(),
            )));
        };
        if self.depth >= delegat_ir::MAX_DEPTH {
            return Err(Box::new(RuntimeError::new(
                RuntimeErrorKind::TooDeep,
                e.span,
            )));
        }
        // Leaves (and rules already in their memo slot) evaluate nothing below them: no level
        // to count, no stack to check, and no trip through `eval_kind`'s large frame.
        match &e.kind {
            ExprKind::Const(v) => return Ok(v.clone()),
            ExprKind::Input(i) => return self.input(*i, e.span),
            ExprKind::Local(l) => return self.local(*l, e.span),
            ExprKind::Param(p) => return self.param(*p, e.span),
            ExprKind::Rule(r) => {
                if let Some(MemoState::Done(v)) = self.b.memo.get(r.index()) {
                    return Ok(v.clone());
                }
            }
            _ => {}
        }
        self.depth += 1;
        // Every few levels, make sure the stack has room for the next few: a deeply nested
        // (or damaged) pack then runs on a grown stack instead of overflowing the thread's.
        let result = if self.depth.is_multiple_of(STACK_CHECK_EVERY) {
            stacker::maybe_grow(STACK_RED_ZONE, STACK_GROWTH, || {
                self.eval_kind(&e.kind, e.span)
            })
        } else {
            self.eval_kind(&e.kind, e.span)
        };
        self.depth -= 1;
        result
    }

    /// One node. Every arm with more than a line of work is its own method, so that this
    /// frame stays small: it is on the stack once per level of nesting.
    #[inline(always)]
    fn eval_kind(&mut self, kind: &ExprKind, span: Span) -> Res<Value> {
        match kind {
            ExprKind::Const(v) => Ok(v.clone()),
            ExprKind::Input(id) => self.input(*id, span),
            ExprKind::Param(id) => self.param(*id, span),
            ExprKind::Lookup { table, key } => self.eval_lookup(*table, *key, span),
            ExprKind::Rule(id) => self.rule(*id, span),
            ExprKind::Call { rule, args } => self.call(*rule, args, span),
            ExprKind::Local(l) => self.local(*l, span),
            ExprKind::DecisionDate => Ok(Value::Date(self.date)),
            ExprKind::Unary { op, arg } => self.eval_unary(*op, *arg, span),
            ExprKind::Binary { op, lhs, rhs } => self.eval_binary(*op, *lhs, *rhs, span),
            ExprKind::Compare { op, ty, lhs, rhs } => self.eval_compare(*op, *ty, *lhs, *rhs, span),
            ExprKind::And(a, b) => Ok(Value::Bool(self.eval_bool(*a)? && self.eval_bool(*b)?)),
            ExprKind::Or(a, b) => Ok(Value::Bool(self.eval_bool(*a)? || self.eval_bool(*b)?)),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                let branch = if self.eval_bool(*cond)? {
                    *then
                } else {
                    *otherwise
                };
                self.eval(branch)
            }
            ExprKind::Cond { arms, otherwise } => self.eval_cond(arms, *otherwise, span),
            ExprKind::Match {
                subject,
                arms,
                otherwise,
            } => self.eval_match(*subject, arms, *otherwise, span),
            ExprKind::Aggregate(agg) => self.aggregate(agg, span),
            ExprKind::MinMax { op, ty, args } => self.eval_min_max(*op, *ty, args, span),
            ExprKind::Round {
                mode,
                ty,
                arg,
                step,
            } => self.eval_round(*mode, *ty, *arg, *step, span),
            ExprKind::DateDiff { unit, from, to } => self.eval_date_diff(*unit, *from, *to, span),
            ExprKind::DateShift {
                subtract,
                date,
                duration,
            } => self.eval_date_shift(*subtract, *date, *duration, span),
            ExprKind::Field { record, index } => self.eval_field(*record, *index, span),
            ExprKind::MakeList(items) => Ok(Value::list(self.eval_all(items)?)),
            ExprKind::MakeRecord { fields, .. } => Ok(Value::record(self.eval_all(fields)?)),
        }
    }

    /// The value of the input `expr` reads, borrowed from the case, if `expr` is an input
    /// that is given and evaluating it would not be too deep; else `None` (evaluate it).
    fn given_input(&self, expr: ExprId) -> Option<&'i Value> {
        let inputs: &'i [Option<Value>] = self.inputs;
        match self.p.expr(expr)?.kind {
            ExprKind::Input(id) if self.depth < delegat_ir::MAX_DEPTH => {
                inputs.get(id.index())?.as_ref()
            }
            _ => None,
        }
    }

    fn input(&self, id: InputId, span: Span) -> Res<Value> {
        match self.inputs.get(id.index()) {
            Some(Some(v)) => Ok(v.clone()),
            _ => {
                let name = self
                    .p
                    .input(id)
                    .map_or_else(|| format!("#{}", id.0), |i| i.name.clone());
                Err(Box::new(RuntimeError::new(
                    RuntimeErrorKind::MissingInput { name },
                    span,
                )))
            }
        }
    }

    fn local(&self, l: LocalId, span: Span) -> Res<Value> {
        self.b
            .stack
            .get(self.base + l.index())
            .cloned()
            .ok_or_else(|| Box::new(RuntimeError::malformed("lokal plats saknas", span)))
    }

    fn eval_lookup(&mut self, table: ParamId, key: ExprId, span: Span) -> Res<Value> {
        let key = self.eval(key)?;
        self.lookup(table, key, span)
    }

    fn eval_unary(&mut self, op: UnOp, arg: ExprId, span: Span) -> Res<Value> {
        let a = self.eval(arg)?;
        ops::unary(op, &a).map_err(|e| Box::new(e.at(span)))
    }

    fn eval_binary(&mut self, op: BinOp, lhs: ExprId, rhs: ExprId, span: Span) -> Res<Value> {
        let a = self.eval(lhs)?;
        let b = self.eval(rhs)?;
        ops::binary(op, &a, &b).map_err(|e| Box::new(e.at(span)))
    }

    fn eval_compare(
        &mut self,
        op: CmpOp,
        ty: CmpTy,
        lhs: ExprId,
        rhs: ExprId,
        span: Span,
    ) -> Res<Value> {
        let a = self.eval(lhs)?;
        let b = self.eval(rhs)?;
        let ord = ops::compare(ty, &a, &b).map_err(|e| Box::new(e.at(span)))?;
        Ok(Value::Bool(op.holds(ord)))
    }

    fn eval_cond(&mut self, arms: &[CondArm], otherwise: Option<ExprId>, span: Span) -> Res<Value> {
        for arm in arms {
            if self.eval_bool(arm.cond)? {
                return self.eval(arm.value);
            }
        }
        match otherwise {
            Some(o) => self.eval(o),
            None => Err(Box::new(RuntimeError::new(RuntimeErrorKind::NoArm, span))),
        }
    }

    fn eval_match(
        &mut self,
        subject: ExprId,
        arms: &[MatchArm],
        otherwise: Option<ExprId>,
        span: Span,
    ) -> Res<Value> {
        let Value::Enum(v) = self.eval(subject)? else {
            return Err(Box::new(OpError::Kind.at(span)));
        };
        for arm in arms {
            if arm.variants.contains(&v) {
                return self.eval(arm.value);
            }
        }
        match otherwise {
            Some(o) => self.eval(o),
            None => Err(Box::new(RuntimeError::new(RuntimeErrorKind::NoArm, span))),
        }
    }

    fn eval_min_max(&mut self, op: MinMaxOp, ty: OrdTy, args: &[ExprId], span: Span) -> Res<Value> {
        let mut best: Option<Value> = None;
        for a in args {
            let v = self.eval(*a)?;
            best = Some(match best {
                None => v,
                Some(b) => ops::pick(op, ty, b, v).map_err(|e| Box::new(e.at(span)))?,
            });
        }
        best.ok_or_else(|| {
            Box::new(RuntimeError::new(
                RuntimeErrorKind::EmptyAggregate {
                    func: min_max_name(op),
                },
                span,
            ))
        })
    }

    fn eval_round(
        &mut self,
        mode: RoundMode,
        ty: RoundTy,
        arg: ExprId,
        step: Option<ExprId>,
        span: Span,
    ) -> Res<Value> {
        let a = self.eval(arg)?;
        let s = match step {
            Some(s) => Some(self.eval(s)?),
            None => None,
        };
        ops::round(mode, ty, a, s).map_err(|e| Box::new(e.at(span)))
    }

    fn eval_date_diff(
        &mut self,
        unit: DateUnit,
        from: ExprId,
        to: ExprId,
        span: Span,
    ) -> Res<Value> {
        let a = self.eval(from)?;
        let b = self.eval(to)?;
        ops::date_diff(unit, &a, &b).map_err(|e| Box::new(e.at(span)))
    }

    fn eval_date_shift(
        &mut self,
        subtract: bool,
        date: ExprId,
        duration: ExprId,
        span: Span,
    ) -> Res<Value> {
        let a = self.eval(date)?;
        let b = self.eval(duration)?;
        ops::date_shift(subtract, &a, &b).map_err(|e| Box::new(e.at(span)))
    }

    fn eval_field(&mut self, record: ExprId, index: u32, span: Span) -> Res<Value> {
        match self.eval(record)? {
            Value::Record(fields) => fields
                .get(index as usize)
                .cloned()
                .ok_or_else(|| Box::new(RuntimeError::malformed("fältet finns inte", span))),
            _ => Err(Box::new(OpError::Kind.at(span))),
        }
    }

    fn eval_all(&mut self, items: &[ExprId]) -> Res<Vec<Value>> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            out.push(self.eval(*item)?);
        }
        Ok(out)
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

    pub(crate) fn kind_error(&self, id: ExprId, got: &Value) -> Box<RuntimeError> {
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
        // A list given as an input is read where it is, without touching its reference count.
        let owned;
        let items: &[Value] = match self.given_input(agg.list) {
            Some(Value::List(items)) => items,
            Some(_) => return Err(op_err(OpError::Kind)),
            None => match self.eval(agg.list)? {
                Value::List(items) => {
                    owned = items;
                    &owned
                }
                _ => return Err(op_err(OpError::Kind)),
            },
        };
        let slot = self.base + agg.var.index();
        if slot >= self.b.stack.len() {
            return Err(Box::new(RuntimeError::malformed(
                "loopvariabelns plats saknas",
                span,
            )));
        }
        // Without a filter or a body no element is looked at through the loop variable:
        // `antal` is the length and `summa` adds the elements themselves. The variable is left
        // holding the last element, as the loop below leaves it (an enclosing loop over the
        // same slot sees it); after an error nothing reads it.
        if agg.filter.is_none() && agg.body.is_none() {
            let value = match agg.op {
                AggOp::Count => i64::try_from(items.len())
                    .map(Value::Int)
                    .map_err(|_| op_err(OpError::Arith(delegat_value::ArithError::Overflow)))?,
                AggOp::Sum(n) => {
                    let mut acc = ops::zero(n);
                    for item in items {
                        acc = ops::add(n, &acc, item).map_err(op_err)?;
                    }
                    acc
                }
                _ => return self.fold(agg, items, slot, span),
            };
            if let (Some(last), Some(s)) = (items.last(), self.b.stack.get_mut(slot)) {
                *s = last.clone();
            }
            return Ok(value);
        }
        self.fold(agg, items, slot, span)
    }

    /// An aggregate's loop: each element in the loop variable's slot, then the filter and
    /// the body.
    fn fold(&mut self, agg: &Aggregate, items: &[Value], slot: usize, span: Span) -> Res<Value> {
        let op_err = |err: OpError| Box::new(err.at(span));
        let mut acc: Option<Value> = match agg.op {
            AggOp::Sum(n) => Some(ops::zero(n)),
            AggOp::Count => Some(Value::Int(0)),
            AggOp::All => Some(Value::Bool(true)),
            AggOp::Any => Some(Value::Bool(false)),
            AggOp::Min(_) | AggOp::Max(_) => None,
        };
        for item in items.iter() {
            self.step(span)?;
            if let Some(s) = self.b.stack.get_mut(slot) {
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
                (AggOp::Sum(n), Some(a)) => ops::add(n, &a, &body).map_err(op_err)?,
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
