//! Aggregates over lists (`summa`, `antal`, `alla`, `någon`, `minsta`, `största`) as
//! native loops, mirroring `Machine::aggregate` of the interpreter: the loop variable is a
//! local of the frame, the filter comes first, `alla` and `någon` stop at the first element
//! that decides them, and `minsta`/`största` of nothing is an error.

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{InstBuilder, types};
use cranelift_frontend::Variable;
use delegat_ir::{AggOp, Aggregate, ExprId, MinMaxOp, NumTy, OrdTy, Type};
use delegat_value::Decimal;

use super::translator::{Translator, Words};
use crate::JitError;
use crate::layout::{Cell, Status, words};
use crate::shims::Shim;

/// The accumulator: one or two variables, and for `minsta`/`största` whether it is set.
struct Acc {
    vars: [Variable; 2],
    two: bool,
    has: Option<Variable>,
}

impl Translator<'_, '_, '_> {
    pub(crate) fn aggregate(
        &mut self,
        agg: &Aggregate,
        id: ExprId,
        ty: &Type,
    ) -> Result<Words, JitError> {
        let list_ty = self.ty(agg.list)?;
        let elem_ty = list_ty
            .elem()
            .ok_or_else(|| JitError::Unsupported("an aggregate over a non-list".into()))?
            .clone();
        let list = self.translate(agg.list)?;
        let (ptr, len) = (list.w0, list.w1()?);
        let var = *self
            .locals
            .get(agg.var.index())
            .ok_or_else(|| JitError::Unsupported("a loop variable outside its frame".into()))?;
        if agg.op == AggOp::Count && agg.filter.is_none() && agg.body.is_none() {
            // Every element counts once and nothing is evaluated per element: the length
            // (which cannot overflow: a list holds at most `isize::MAX` bytes). As in the
            // interpreter, the loop variable is left holding the last element.
            let (last, join) = (self.b.create_block(), self.b.create_block());
            self.b.ins().brif(len, last, &[], join, &[]);
            self.b.switch_to_block(last);
            let at = self.b.ins().iadd_imm_s(len, -1);
            let addr = self.slot_addr(ptr, at);
            let elem = self.load_slot(addr, 0, &elem_ty);
            self.b.def_var(var[0], elem.w0);
            if let Some(w1) = elem.w1 {
                self.b.def_var(var[1], w1);
            }
            self.b.ins().jump(join, &[]);
            self.b.switch_to_block(join);
            return Ok(Words::one(len));
        }

        let acc = self.init_acc(agg.op, ty)?;
        let i = self.b.declare_var(types::I64);
        let zero = self.iconst(0);
        self.b.def_var(i, zero);

        let header = self.b.create_block();
        let body = self.b.create_block();
        let next = self.b.create_block();
        let done = self.b.create_block();
        let exit = self.join_block(ty);
        self.b.ins().jump(header, &[]);

        // header: i < len ?
        self.b.switch_to_block(header);
        let iv = self.b.use_var(i);
        let more = self.b.ins().icmp(IntCC::SignedLessThan, iv, len);
        self.b.ins().brif(more, body, &[], done, &[]);

        // body: a step of the budget (as `Machine::fold` takes one per element; plain
        // `summa` takes none there), the element into the loop variable, the filter, the
        // body, the accumulator.
        self.b.switch_to_block(body);
        let plain_sum =
            matches!(agg.op, AggOp::Sum(_)) && agg.filter.is_none() && agg.body.is_none();
        if !plain_sum {
            self.take_step(id);
        }
        let iv = self.b.use_var(i);
        let addr = self.slot_addr(ptr, iv);
        let elem = self.load_slot(addr, 0, &elem_ty);
        self.b.def_var(var[0], elem.w0);
        if let Some(w1) = elem.w1 {
            self.b.def_var(var[1], w1);
        }
        if let Some(f) = agg.filter {
            let pass = self.translate(f)?.w0;
            let work = self.b.create_block();
            self.b.ins().brif(pass, work, &[], next, &[]);
            self.b.switch_to_block(work);
        }
        let v = match agg.body {
            Some(b) => self.translate(b)?,
            None => elem,
        };
        self.step(agg, &acc, v, id, exit)?;
        self.b.ins().jump(next, &[]);

        // next: i += 1
        self.b.switch_to_block(next);
        let iv = self.b.use_var(i);
        let iv = self.b.ins().iadd_imm_s(iv, 1);
        self.b.def_var(i, iv);
        self.b.ins().jump(header, &[]);

        // done: the accumulator (an error for `minsta`/`största` of nothing).
        self.b.switch_to_block(done);
        if let Some(has) = acc.has {
            let h = self.b.use_var(has);
            let none = self.b.ins().icmp_imm_s(IntCC::Equal, h, 0);
            self.fail_if(none, Status::EmptyAggregate as u32, Some(id), &[]);
        }
        let result = self.read_acc(&acc);
        self.jump_with(exit, result);
        Ok(self.enter_join(exit))
    }

    fn init_acc(&mut self, op: AggOp, ty: &Type) -> Result<Acc, JitError> {
        let vars = [
            self.b.declare_var(types::I64),
            self.b.declare_var(types::I64),
        ];
        let two = words(ty) == 2;
        let (w0, w1) = match op {
            AggOp::Sum(NumTy::Dec) => {
                let s = Cell::dec(Decimal::ZERO);
                (s.w0 as i64, s.w1 as i64)
            }
            AggOp::All => (1, 0),
            _ => (0, 0),
        };
        let (c0, c1) = (self.iconst(w0), self.iconst(w1));
        self.b.def_var(vars[0], c0);
        self.b.def_var(vars[1], c1);
        let has = match op {
            AggOp::Min(_) | AggOp::Max(_) => {
                let h = self.b.declare_var(types::I64);
                let z = self.iconst(0);
                self.b.def_var(h, z);
                Some(h)
            }
            _ => None,
        };
        Ok(Acc { vars, two, has })
    }

    fn read_acc(&mut self, acc: &Acc) -> Words {
        let w0 = self.b.use_var(acc.vars[0]);
        let w1 = acc.two.then(|| self.b.use_var(acc.vars[1]));
        Words { w0, w1 }
    }

    fn write_acc(&mut self, acc: &Acc, v: Words) {
        self.b.def_var(acc.vars[0], v.w0);
        if let Some(w1) = v.w1 {
            self.b.def_var(acc.vars[1], w1);
        }
    }

    /// Combines one element's body value `v` into the accumulator; `alla`/`någon` may
    /// leave the loop through `exit`.
    fn step(
        &mut self,
        agg: &Aggregate,
        acc: &Acc,
        v: Words,
        id: ExprId,
        exit: cranelift_codegen::ir::Block,
    ) -> Result<(), JitError> {
        match agg.op {
            AggOp::Sum(NumTy::Int | NumTy::Money) => {
                let a = self.read_acc(acc);
                let (r, of) = self.b.ins().sadd_overflow(a.w0, v.w0);
                self.overflow_if(of, id);
                self.write_acc(acc, Words::one(r));
            }
            AggOp::Sum(NumTy::Dec) => {
                let a = self.read_acc(acc);
                let r = self.shim_value(
                    Shim::DecAdd,
                    &[a.w0, a.w1()?, v.w0, v.w1()?],
                    id,
                    &Type::Dec,
                )?;
                self.write_acc(acc, r);
            }
            AggOp::Count => {
                let counts = if agg.body.is_some() {
                    v.w0
                } else {
                    self.iconst(1)
                };
                let a = self.read_acc(acc);
                let (r, of) = self.b.ins().sadd_overflow(a.w0, counts);
                self.overflow_if(of, id);
                self.write_acc(acc, Words::one(r));
            }
            AggOp::All | AggOp::Any => {
                // `alla` leaves with `nej` at the first false body, `någon` with `ja` at
                // the first true one.
                let all = agg.op == AggOp::All;
                let decided = self.iconst(i64::from(!all));
                let go_on = self.b.create_block();
                if all {
                    self.b.ins().brif(v.w0, go_on, &[], exit, &[decided.into()]);
                } else {
                    self.b.ins().brif(v.w0, exit, &[decided.into()], go_on, &[]);
                }
                self.b.switch_to_block(go_on);
            }
            AggOp::Min(t) | AggOp::Max(t) => self.min_max_step(agg.op, t, acc, v, id)?,
        }
        Ok(())
    }

    fn min_max_step(
        &mut self,
        op: AggOp,
        t: OrdTy,
        acc: &Acc,
        v: Words,
        id: ExprId,
    ) -> Result<(), JitError> {
        let Some(has) = acc.has else {
            return Err(JitError::Codegen("min/max without its flag".into()));
        };
        let h = self.b.use_var(has);
        let (first, later, join) = (
            self.b.create_block(),
            self.b.create_block(),
            self.b.create_block(),
        );
        self.b.ins().brif(h, later, &[], first, &[]);
        self.b.switch_to_block(first);
        self.write_acc(acc, v);
        let one = self.iconst(1);
        self.b.def_var(has, one);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(later);
        let a = self.read_acc(acc);
        let mm = if matches!(op, AggOp::Max(_)) {
            MinMaxOp::Max
        } else {
            MinMaxOp::Min
        };
        let best = self.pick(mm, t, a, v, id)?;
        self.write_acc(acc, best);
        self.b.ins().jump(join, &[]);
        self.b.switch_to_block(join);
        Ok(())
    }
}
