//! `translate`: one `match` arm per IR expression, in the evaluation order of the
//! interpreter (`delegat-interp/src/eval.rs`), so that errors and the trace arise at the
//! same points.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{InstBuilder, Value, types};
use delegat_ir::{
    BinOp, CmpOp, CmpTy, DateUnit, ExprId, ExprKind, MinMaxOp, OrdTy, RoundMode, RoundTy, Type,
    UnOp,
};

use super::translator::{Translator, Words, slot_off};
use crate::JitError;
use crate::layout::{Status, event, off, words};
use crate::shims::Shim;

fn unsupported(what: &str) -> JitError {
    JitError::Unsupported(what.to_string())
}

/// A small index (an id) as an `i32` memory offset of `scale`-byte entries.
pub(crate) fn index_off(i: usize, scale: i64) -> Result<i32, JitError> {
    i64::try_from(i)
        .ok()
        .and_then(|i| i.checked_mul(scale))
        .and_then(|o| i32::try_from(o).ok())
        .ok_or_else(|| unsupported("an id is too large"))
}

impl Translator<'_, '_, '_> {
    /// Generates code computing expression `id` in the current frame.
    ///
    /// The recursion follows the expression's nesting, at most the interpreter's depth
    /// limit (checked by `analysis`); the stack grows on demand, as the interpreter's does.
    pub(crate) fn translate(&mut self, id: ExprId) -> Result<Words, JitError> {
        stacker::maybe_grow(128 * 1024, 2 * 1024 * 1024, || self.translate_node(id))
    }

    fn translate_node(&mut self, id: ExprId) -> Result<Words, JitError> {
        let p = self.p;
        let e = p
            .expr(id)
            .ok_or_else(|| JitError::Codegen(format!("expression #{} missing", id.0)))?;
        let ty = &e.ty;
        match &e.kind {
            ExprKind::Const(v) => {
                let slot = self.env.consts.slot(v);
                let w0 = self.iconst(slot.w0 as i64);
                let w1 = (words(ty) == 2).then(|| self.iconst(slot.w1 as i64));
                Ok(Words { w0, w1 })
            }
            ExprKind::Input(i) => {
                let present = self.field(off::PRESENT);
                let flag = self.b.ins().uload8(
                    types::I64,
                    super::translator::fixed_flags(),
                    present,
                    index_off(i.index(), 1)?,
                );
                let missing = self.b.ins().icmp_imm_s(IntCC::Equal, flag, 0);
                let which = self.iconst(i64::from(i.0));
                self.fail_if(
                    missing,
                    Status::MissingInput as u32,
                    Some(id),
                    &[(off::ERR_A, which)],
                );
                let inputs = self.field(off::INPUTS);
                Ok(self.load_fixed_slot(inputs, slot_off(i.index())?, ty))
            }
            ExprKind::Param(pid) => {
                // Every read is logged; phase two keeps a parameter's first event only.
                self.version(pid.index(), id)?;
                let w0 = self.iconst(event::word(event::PARAM, pid.0));
                let w1 = self.iconst(0);
                self.log_event(w0, w1)?;
                let params = self.field(off::PARAMS);
                Ok(self.load_fixed_slot(params, slot_off(pid.index())?, ty))
            }
            ExprKind::Lookup { table, key } => {
                let k = self.translate(*key)?.w0;
                // Every lookup is logged; phase two keeps the first event of each
                // (table, key) pair only.
                self.lookup(table.index(), k, id, ty)
            }
            ExprKind::Rule(r) => self.rule_value(r.index(), ty),
            ExprKind::Call { rule, args } => self.call_rule(rule.index(), args, id, ty),
            ExprKind::Local(l) => {
                let vars = *self
                    .locals
                    .get(l.index())
                    .ok_or_else(|| unsupported("a local outside its frame"))?;
                let w0 = self.b.use_var(vars[0]);
                let w1 = (words(ty) == 2).then(|| self.b.use_var(vars[1]));
                Ok(Words { w0, w1 })
            }
            ExprKind::DecisionDate => Ok(Words::one(self.field(off::DATE))),
            ExprKind::Unary { op, arg } => {
                let a = self.translate(*arg)?;
                self.unary(*op, a, id, ty)
            }
            ExprKind::Binary { op, lhs, rhs } => {
                let a = self.translate(*lhs)?;
                let b = self.translate(*rhs)?;
                self.binary(*op, a, b, id, ty)
            }
            ExprKind::Compare {
                op,
                ty: cty,
                lhs,
                rhs,
            } => {
                let a = self.translate(*lhs)?;
                let b = self.translate(*rhs)?;
                let c = self.compare(*op, *cty, a, b, id)?;
                Ok(Words::one(c))
            }
            ExprKind::And(a, b) => self.short_circuit(*a, *b, true),
            ExprKind::Or(a, b) => self.short_circuit(*a, *b, false),
            ExprKind::If {
                cond,
                then,
                otherwise,
            } => {
                let c = self.translate(*cond)?.w0;
                let (tb, eb, join) = (
                    self.b.create_block(),
                    self.b.create_block(),
                    self.join_block(ty),
                );
                self.b.ins().brif(c, tb, &[], eb, &[]);
                self.b.switch_to_block(tb);
                let v = self.translate(*then)?;
                self.jump_with(join, v);
                self.b.switch_to_block(eb);
                let v = self.translate(*otherwise)?;
                self.jump_with(join, v);
                Ok(self.enter_join(join))
            }
            ExprKind::Cond { arms, otherwise } => {
                let join = self.join_block(ty);
                for arm in arms {
                    let c = self.translate(arm.cond)?.w0;
                    let (yes, no) = (self.b.create_block(), self.b.create_block());
                    self.b.ins().brif(c, yes, &[], no, &[]);
                    self.b.switch_to_block(yes);
                    let v = self.translate(arm.value)?;
                    self.jump_with(join, v);
                    self.b.switch_to_block(no);
                }
                self.otherwise(*otherwise, join, id)
            }
            ExprKind::Match {
                subject,
                arms,
                otherwise,
            } => {
                let s = self.translate(*subject)?.w0;
                let join = self.join_block(ty);
                for arm in arms {
                    let mut hit = self.iconst(0);
                    for v in &arm.variants {
                        let c = self.b.ins().icmp_imm_s(IntCC::Equal, s, i64::from(*v));
                        let c = self.bool_word(c);
                        hit = self.b.ins().bor(hit, c);
                    }
                    let (yes, no) = (self.b.create_block(), self.b.create_block());
                    self.b.ins().brif(hit, yes, &[], no, &[]);
                    self.b.switch_to_block(yes);
                    let v = self.translate(arm.value)?;
                    self.jump_with(join, v);
                    self.b.switch_to_block(no);
                }
                self.otherwise(*otherwise, join, id)
            }
            ExprKind::Aggregate(agg) => self.aggregate(agg, id, ty),
            ExprKind::MinMax { op, ty: oty, args } => {
                let Some((first, rest)) = args.split_first() else {
                    self.fail(Status::EmptyAggregate, id);
                    let z = self.iconst(0);
                    return Ok(Words {
                        w0: z,
                        w1: (words(ty) == 2).then_some(z),
                    });
                };
                let mut best = self.translate(*first)?;
                for a in rest {
                    let v = self.translate(*a)?;
                    best = self.pick(*op, *oty, best, v, id)?;
                }
                Ok(best)
            }
            ExprKind::Round {
                mode,
                ty: rty,
                arg,
                step,
            } => {
                let a = self.translate(*arg)?;
                let s = match step {
                    Some(s) => Some(self.translate(*s)?),
                    None => None,
                };
                self.round(*mode, *rty, a, s, id, ty)
            }
            ExprKind::DateDiff { unit, from, to } => {
                let a = self.translate(*from)?.w0;
                let b = self.translate(*to)?.w0;
                let u = self.iconst(match unit {
                    DateUnit::Years => 0,
                    DateUnit::Months => 1,
                    DateUnit::Days => 2,
                });
                Ok(Words::one(self.shim_word(Shim::DateDiff, &[u, a, b])?))
            }
            ExprKind::DateShift {
                subtract,
                date,
                duration,
            } => {
                let d = self.translate(*date)?.w0;
                let dur = self.translate(*duration)?;
                let s = self.iconst(i64::from(*subtract));
                let unit = dur.w1()?;
                self.shim_value(Shim::DateShift, &[d, dur.w0, unit, s], id, ty)
            }
            ExprKind::Field { record, index } => {
                let r = self.translate(*record)?.w0;
                Ok(self.load_slot(r, slot_off(*index as usize)?, ty))
            }
            ExprKind::MakeList(items) => self.make_slots(items),
            ExprKind::MakeRecord { fields, .. } => self.make_slots(fields),
        }
    }

    fn otherwise(
        &mut self,
        otherwise: Option<ExprId>,
        join: cranelift_codegen::ir::Block,
        id: ExprId,
    ) -> Result<Words, JitError> {
        match otherwise {
            Some(o) => {
                let v = self.translate(o)?;
                self.jump_with(join, v);
            }
            None => {
                let err = self.err_block(Status::NoArm as u32, Some(id), &[]);
                self.b.ins().jump(err, &[]);
            }
        }
        Ok(self.enter_join(join))
    }

    /// `och` (`and = true`) and `eller`: the right operand only when it decides.
    fn short_circuit(&mut self, a: ExprId, b: ExprId, and: bool) -> Result<Words, JitError> {
        let va = self.translate(a)?.w0;
        let rhs = self.b.create_block();
        let join = self.join_block(&Type::Bool);
        let decided = self.iconst(i64::from(!and));
        if and {
            self.b.ins().brif(va, rhs, &[], join, &[decided.into()]);
        } else {
            self.b.ins().brif(va, join, &[decided.into()], rhs, &[]);
        }
        self.b.switch_to_block(rhs);
        let vb = self.translate(b)?;
        self.jump_with(join, vb);
        Ok(self.enter_join(join))
    }

    /// A nullary rule's value: from its memo slot, computed first if not filled.
    fn rule_value(&mut self, rule: usize, ty: &Type) -> Result<Words, JitError> {
        let r = self
            .p
            .rules
            .get(rule)
            .ok_or_else(|| unsupported("a missing rule"))?;
        if r.arity != 0 {
            return Err(unsupported("a rule with arguments read without them"));
        }
        let fid = *self
            .env
            .rule_fns
            .get(rule)
            .ok_or_else(|| unsupported("a missing rule"))?;
        let filled = self.field(off::FILLED);
        let f = self.b.ins().uload8(
            types::I64,
            super::translator::flags(),
            filled,
            index_off(rule, 1)?,
        );
        let (compute, have) = (self.b.create_block(), self.b.create_block());
        self.b.ins().brif(f, have, &[], compute, &[]);
        self.b.switch_to_block(compute);
        let frame = self.frame;
        self.call_fn(fid, &[frame])?;
        self.b.ins().jump(have, &[]);
        self.b.switch_to_block(have);
        let memo = self.field(off::MEMO);
        Ok(self.load_slot(memo, slot_off(rule)?, ty))
    }

    /// A call of a rule with arguments: arguments evaluated in order into a stack area.
    /// The step of the case's budget is taken once the arguments are in, before the body,
    /// as the interpreter takes it.
    fn call_rule(
        &mut self,
        rule: usize,
        args: &[ExprId],
        id: ExprId,
        ty: &Type,
    ) -> Result<Words, JitError> {
        let r = self
            .p
            .rules
            .get(rule)
            .ok_or_else(|| unsupported("a missing rule"))?;
        if r.arity as usize != args.len() || r.arity == 0 {
            return Err(unsupported("a call with the wrong number of arguments"));
        }
        let fid = self
            .env
            .rule_fns
            .get(rule)
            .copied()
            .ok_or_else(|| unsupported("a missing rule"))?;
        let area = self.stack_slots(args.len())?;
        for (i, a) in args.iter().enumerate() {
            let v = self.translate(*a)?;
            self.store_slot(v, area, slot_off(i)?);
        }
        self.take_step(id);
        let out = self.stack_slots(1)?;
        let frame = self.frame;
        self.call_fn(fid, &[frame, area, out])?;
        Ok(self.load_slot(out, 0, ty))
    }

    /// A list or record built at run time: an arena array filled in order.
    fn make_slots(&mut self, items: &[ExprId]) -> Result<Words, JitError> {
        let n = self.usize_const(items.len())?;
        if items.is_empty() {
            let z = self.iconst(0);
            return Ok(Words { w0: z, w1: Some(n) });
        }
        let host = self.field(off::HOST);
        let ptr = self.shim_word(Shim::Alloc, &[host, n])?;
        for (i, item) in items.iter().enumerate() {
            let v = self.translate(*item)?;
            self.store_slot(v, ptr, slot_off(i)?);
        }
        Ok(Words {
            w0: ptr,
            w1: Some(n),
        })
    }

    fn unary(&mut self, op: UnOp, a: Words, id: ExprId, ty: &Type) -> Result<Words, JitError> {
        Ok(match op {
            UnOp::NegInt | UnOp::NegMoney => {
                let z = self.iconst(0);
                let (r, of) = self.b.ins().ssub_overflow(z, a.w0);
                self.overflow_if(of, id);
                Words::one(r)
            }
            UnOp::NegDec => self.shim_value(Shim::DecNeg, &[a.w0, a.w1()?], id, ty)?,
            UnOp::NegDuration => self.shim_value(Shim::DurationNeg, &[a.w0, a.w1()?], id, ty)?,
            UnOp::Not => Words::one(self.b.ins().bxor_imm_s(a.w0, 1)),
            UnOp::IntToDec => self.shim_value(Shim::IntToDec, &[a.w0], id, ty)?,
        })
    }

    fn binary(
        &mut self,
        op: BinOp,
        a: Words,
        b: Words,
        id: ExprId,
        ty: &Type,
    ) -> Result<Words, JitError> {
        let checked = |fx: &mut Self, (r, of): (Value, Value)| {
            fx.overflow_if(of, id);
            Words::one(r)
        };
        Ok(match op {
            BinOp::AddInt | BinOp::AddMoney => {
                let r = self.b.ins().sadd_overflow(a.w0, b.w0);
                checked(self, r)
            }
            BinOp::SubInt | BinOp::SubMoney => {
                let r = self.b.ins().ssub_overflow(a.w0, b.w0);
                checked(self, r)
            }
            BinOp::MulInt | BinOp::MulMoneyInt => {
                let r = self.b.ins().smul_overflow(a.w0, b.w0);
                checked(self, r)
            }
            BinOp::DivInt => self.shim_value(Shim::IntDiv, &[a.w0, b.w0], id, ty)?,
            BinOp::AddDec | BinOp::SubDec | BinOp::MulDec | BinOp::DivDec => {
                let shim = match op {
                    BinOp::AddDec => Shim::DecAdd,
                    BinOp::SubDec => Shim::DecSub,
                    BinOp::MulDec => Shim::DecMul,
                    _ => Shim::DecDiv,
                };
                self.shim_value(shim, &[a.w0, a.w1()?, b.w0, b.w1()?], id, ty)?
            }
            BinOp::MulMoneyDec => {
                self.shim_value(Shim::MoneyMulDec, &[a.w0, b.w0, b.w1()?], id, ty)?
            }
            BinOp::DivMoneyInt => self.shim_value(Shim::MoneyDivInt, &[a.w0, b.w0], id, ty)?,
            BinOp::DivMoneyDec => {
                self.shim_value(Shim::MoneyDivDec, &[a.w0, b.w0, b.w1()?], id, ty)?
            }
            BinOp::DivMoneyMoney => self.shim_value(Shim::MoneyDivMoney, &[a.w0, b.w0], id, ty)?,
        })
    }

    /// A comparison as a truth value word.
    fn compare(
        &mut self,
        op: CmpOp,
        ty: CmpTy,
        a: Words,
        b: Words,
        id: ExprId,
    ) -> Result<Value, JitError> {
        let cc = match op {
            CmpOp::Eq => IntCC::Equal,
            CmpOp::Ne => IntCC::NotEqual,
            CmpOp::Lt => IntCC::SignedLessThan,
            CmpOp::Le => IntCC::SignedLessThanOrEqual,
            CmpOp::Gt => IntCC::SignedGreaterThan,
            CmpOp::Ge => IntCC::SignedGreaterThanOrEqual,
        };
        let c = match ty {
            CmpTy::Int | CmpTy::Money | CmpTy::Date => self.b.ins().icmp(cc, a.w0, b.w0),
            CmpTy::Dec => {
                let ord = self.dec_cmp(a, b, id)?;
                self.b.ins().icmp_imm_s(cc, ord, 0)
            }
            CmpTy::Bool | CmpTy::Enum | CmpTy::Text => {
                let eq = if ty == CmpTy::Text {
                    self.shim_word(Shim::TextEq, &[a.w0, a.w1()?, b.w0, b.w1()?])?
                } else {
                    let c = self.eq(a.w0, b.w0);
                    self.bool_word(c)
                };
                // Unordered types compare as Equal or Less (see `ops::compare`).
                return Ok(match op {
                    CmpOp::Eq | CmpOp::Ge => eq,
                    CmpOp::Ne | CmpOp::Lt => self.b.ins().bxor_imm_s(eq, 1),
                    CmpOp::Le => self.iconst(1),
                    CmpOp::Gt => self.iconst(0),
                });
            }
        };
        Ok(self.bool_word(c))
    }

    /// The order of two decimals as −1, 0 or 1.
    pub(crate) fn dec_cmp(&mut self, a: Words, b: Words, id: ExprId) -> Result<Value, JitError> {
        let ord = self.shim_word(Shim::DecCmp, &[a.w0, a.w1()?, b.w0, b.w1()?])?;
        let bad = self.b.ins().icmp_imm_s(IntCC::Equal, ord, 2);
        self.fail_if(bad, Status::BadValue as u32, Some(id), &[]);
        Ok(ord)
    }

    /// The smaller (`minsta`) or larger (`största`) of two values; on a tie the first.
    pub(crate) fn pick(
        &mut self,
        op: MinMaxOp,
        ty: OrdTy,
        a: Words,
        b: Words,
        id: ExprId,
    ) -> Result<Words, JitError> {
        let take_b = match ty {
            OrdTy::Dec => {
                let ord = self.dec_cmp(a, b, id)?;
                let want = if op == MinMaxOp::Min { 1 } else { -1 };
                self.b.ins().icmp_imm_s(IntCC::Equal, ord, want)
            }
            OrdTy::Int | OrdTy::Money | OrdTy::Date => {
                let cc = if op == MinMaxOp::Min {
                    IntCC::SignedGreaterThan
                } else {
                    IntCC::SignedLessThan
                };
                self.b.ins().icmp(cc, a.w0, b.w0)
            }
        };
        let w0 = self.b.ins().select(take_b, b.w0, a.w0);
        let w1 = match (a.w1, b.w1) {
            (Some(x), Some(y)) => Some(self.b.ins().select(take_b, y, x)),
            _ => None,
        };
        Ok(Words { w0, w1 })
    }

    fn round(
        &mut self,
        mode: RoundMode,
        rty: RoundTy,
        a: Words,
        step: Option<Words>,
        id: ExprId,
        ty: &Type,
    ) -> Result<Words, JitError> {
        let m = self.iconst(match mode {
            RoundMode::HalfAwayFromZero => 0,
            RoundMode::Down => 1,
            RoundMode::Up => 2,
        });
        match (rty, step) {
            (RoundTy::Money, None) => self.shim_value(Shim::RoundMoney, &[a.w0, m], id, ty),
            (RoundTy::Money, Some(s)) => {
                self.shim_value(Shim::RoundMoneyTo, &[a.w0, s.w0, m], id, ty)
            }
            (RoundTy::Dec, Some(s)) => {
                self.shim_value(Shim::RoundDecTo, &[a.w0, a.w1()?, s.w0, s.w1()?, m], id, ty)
            }
            (RoundTy::DecToInt, None) => {
                self.shim_value(Shim::RoundDecToInt, &[a.w0, a.w1()?, m], id, ty)
            }
            (RoundTy::Int, Some(s)) => self.shim_value(Shim::RoundIntTo, &[a.w0, s.w0, m], id, ty),
            _ => Err(unsupported("a rounding with a step of the wrong kind")),
        }
    }
}
