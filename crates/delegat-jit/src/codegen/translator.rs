//! The function translator's state and its small building blocks: native values, memory
//! access, shim and function calls, and the error exits (store the error fields in the
//! frame, return the status).

use std::collections::HashMap;

use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    Block, BlockArg, FuncRef, InstBuilder, MemFlagsData, StackSlotData, StackSlotKind, Value, types,
};
use cranelift_frontend::{FunctionBuilder, Variable};
use cranelift_module::{FuncId, Module};
use delegat_ir::{ExprId, LocalDecl, Program, Type};

use super::Env;
use crate::JitError;
use crate::layout::{CELL_BYTES, Status, off, words};
use crate::shims::Shim;

/// A value in generated code: one word, or two (see [`crate::layout`]).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Words {
    /// The first word.
    pub(crate) w0: Value,
    /// The second word of two-word types.
    pub(crate) w1: Option<Value>,
}

impl Words {
    /// A one-word value.
    pub(crate) fn one(w0: Value) -> Words {
        Words { w0, w1: None }
    }

    /// The second word; an error for a one-word value (a type mismatch in the program).
    pub(crate) fn w1(self) -> Result<Value, JitError> {
        self.w1
            .ok_or_else(|| JitError::Codegen("a one-word value used as two words".into()))
    }

    /// The words, in order.
    pub(crate) fn words(self) -> Vec<Value> {
        let mut v = vec![self.w0];
        v.extend(self.w1);
        v
    }
}

/// The translator of one function.
pub(crate) struct Translator<'a, 'm, 'f> {
    pub(crate) b: FunctionBuilder<'f>,
    pub(crate) p: &'a Program,
    pub(crate) env: &'a mut Env<'m>,
    /// The frame pointer (the first parameter).
    pub(crate) frame: Value,
    /// Two variables per local slot of the function's frame.
    pub(crate) locals: Vec<[Variable; 2]>,
    refs: HashMap<FuncId, FuncRef>,
    /// The trace log's length, kept in a variable (a register) within the function: read
    /// from the frame on entry and after each call of a generated function (which may
    /// log), written back before such a call and before every return (see
    /// [`Translator::flush_log`]). The log's address and capacity do not change during a call (a
    /// full log returns [`Status::LogFull`] and the caller runs the call again with more
    /// room), so they are frame fields ([`Translator::field`]).
    log: LogVars,
    /// The block that returns its status parameter (propagating a callee's error).
    prop: Option<Block>,
    /// The block that returns [`Status::LogFull`].
    full: Option<Block>,
    /// Error exits whose code is emitted at the end.
    exits: Vec<Exit>,
}

/// The variables holding the trace log's state within a function.
#[derive(Clone, Copy)]
struct LogVars {
    len: Variable,
}

/// An error exit: a cold block that stores the error fields and returns a status.
struct Exit {
    block: Block,
    /// Whether the exit writes the log's length back (all but the propagation of a
    /// callee's error, whose callee wrote it).
    flush: bool,
    status: ExitStatus,
    expr: Option<ExprId>,
    aux: Vec<(i32, Value)>,
}

/// The status an exit returns.
enum ExitStatus {
    /// A constant.
    Const(u32),
    /// The block's parameter.
    Param(Value),
}

/// Memory flags for every access: frame, slots and constants are aligned and valid.
pub(crate) fn flags() -> MemFlagsData {
    MemFlagsData::trusted()
}

/// Memory flags for memory that no one writes during a call and that is valid wherever
/// the load is placed (the inputs and their presence bytes, the parameters in force and
/// their versions): Cranelift's e-graph treats such loads as pure, merges repeated ones
/// and may hoist them.
pub(crate) fn fixed_flags() -> MemFlagsData {
    flags().with_readonly().with_can_move()
}

/// Byte offset of slot `i`.
pub(crate) fn slot_off(i: usize) -> Result<i32, JitError> {
    i64::try_from(i)
        .ok()
        .and_then(|i| i.checked_mul(CELL_BYTES))
        .and_then(|o| i32::try_from(o).ok())
        .ok_or_else(|| JitError::Unsupported("a table of values is too large".into()))
}

impl<'a, 'm, 'f> Translator<'a, 'm, 'f> {
    /// A translator whose entry block is current; `frame` is set from the first parameter.
    pub(crate) fn new(
        mut b: FunctionBuilder<'f>,
        p: &'a Program,
        env: &'a mut Env<'m>,
        local_decls: &'a [LocalDecl],
    ) -> Result<Translator<'a, 'm, 'f>, JitError> {
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let frame = *b
            .block_params(entry)
            .first()
            .ok_or_else(|| JitError::Codegen("function without parameters".into()))?;
        let mut locals = Vec::with_capacity(local_decls.len());
        let zero = (!local_decls.is_empty()).then(|| b.ins().iconst(types::I64, 0));
        for zero in local_decls.iter().filter_map(|_| zero) {
            let pair = [b.declare_var(types::I64), b.declare_var(types::I64)];
            b.def_var(pair[0], zero);
            b.def_var(pair[1], zero);
            locals.push(pair);
        }
        let log = LogVars {
            len: b.declare_var(types::I64),
        };
        let mut fx = Translator {
            b,
            p,
            env,
            frame,
            locals,
            log,
            refs: HashMap::new(),
            prop: None,
            full: None,
            exits: Vec::new(),
        };
        fx.reload_log();
        Ok(fx)
    }

    /// Reads the log's length from the frame.
    fn reload_log(&mut self) {
        let frame = self.frame;
        let l = self.load(frame, off::LOG_LEN);
        self.b.def_var(self.log.len, l);
    }

    /// Writes the log's length back to the frame (before a call or a return).
    pub(crate) fn flush_log(&mut self) {
        let len = self.b.use_var(self.log.len);
        let frame = self.frame;
        self.store(len, frame, off::LOG_LEN);
    }

    /// Returns status 0 (success), the log's length written back first.
    pub(crate) fn return_ok(&mut self) {
        self.flush_log();
        let ok = self.b.ins().iconst(types::I32, 0);
        self.b.ins().return_(&[ok]);
    }

    /// The parameters of the entry block.
    pub(crate) fn params(&self) -> Vec<Value> {
        self.b
            .func
            .layout
            .entry_block()
            .map(|e| self.b.block_params(e).to_vec())
            .unwrap_or_default()
    }

    /// Seals every block and finishes the function.
    pub(crate) fn finish(mut self) {
        self.emit_exits();
        self.b.seal_all_blocks();
        let config = self.env.module.target_config();
        self.b.finalize(config);
    }

    /// An `i64` constant.
    pub(crate) fn iconst(&mut self, v: i64) -> Value {
        self.b.ins().iconst(types::I64, v)
    }

    /// A `usize` as an immediate.
    pub(crate) fn usize_const(&mut self, v: usize) -> Result<Value, JitError> {
        let v = i64::try_from(v).map_err(|_| JitError::Unsupported("index too large".into()))?;
        Ok(self.iconst(v))
    }

    pub(crate) fn load(&mut self, ptr: Value, offset: i32) -> Value {
        self.b.ins().load(types::I64, flags(), ptr, offset)
    }

    pub(crate) fn store(&mut self, v: Value, ptr: Value, offset: i32) {
        self.b.ins().store(flags(), v, ptr, offset);
    }

    /// A frame field that stays the same during the call (the array pointers, the host,
    /// the date): read-only and movable, so Cranelift's e-graph merges repeated loads.
    pub(crate) fn field(&mut self, offset: i32) -> Value {
        let frame = self.frame;
        self.b.ins().load(types::I64, fixed_flags(), frame, offset)
    }

    /// Loads a value of type `ty` from the slot at `ptr + offset` in memory no one writes
    /// during the call (see [`fixed_flags`]).
    pub(crate) fn load_fixed_slot(&mut self, ptr: Value, offset: i32, ty: &Type) -> Words {
        let w0 = self.b.ins().load(types::I64, fixed_flags(), ptr, offset);
        let w1 = (words(ty) == 2).then(|| {
            self.b
                .ins()
                .load(types::I64, fixed_flags(), ptr, offset + 8)
        });
        Words { w0, w1 }
    }

    /// Loads a value of type `ty` from the slot at `ptr + offset`.
    pub(crate) fn load_slot(&mut self, ptr: Value, offset: i32, ty: &Type) -> Words {
        let w0 = self.load(ptr, offset);
        let w1 = (words(ty) == 2).then(|| self.load(ptr, offset + 8));
        Words { w0, w1 }
    }

    /// Stores a value to the slot at `ptr + offset`.
    pub(crate) fn store_slot(&mut self, v: Words, ptr: Value, offset: i32) {
        self.store(v.w0, ptr, offset);
        if let Some(w1) = v.w1 {
            self.store(w1, ptr, offset + 8);
        }
    }

    /// `base + index * 16`.
    pub(crate) fn slot_addr(&mut self, base: Value, index: Value) -> Value {
        let o = self.b.ins().imul_imm_s(index, CELL_BYTES);
        self.b.ins().iadd(base, o)
    }

    /// A 16-byte stack slot for `n` values; its address.
    pub(crate) fn stack_slots(&mut self, n: usize) -> Result<Value, JitError> {
        let size = u32::try_from(slot_off(n.max(1))?)
            .map_err(|_| JitError::Unsupported("too many arguments".into()))?;
        let ss = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            size,
            3,
        ));
        Ok(self.b.ins().stack_addr(types::I64, ss, 0))
    }

    /// Widens a comparison result (`i8`) to a truth value word.
    pub(crate) fn bool_word(&mut self, c: Value) -> Value {
        self.b.ins().uextend(types::I64, c)
    }

    fn func_ref(&mut self, id: FuncId) -> FuncRef {
        if let Some(r) = self.refs.get(&id) {
            return *r;
        }
        let r = self.env.module.declare_func_in_func(id, self.b.func);
        self.refs.insert(id, r);
        r
    }

    /// Calls a shim; its result, if it has one.
    pub(crate) fn shim(&mut self, shim: Shim, args: &[Value]) -> Result<Option<Value>, JitError> {
        let id = *self
            .env
            .shims
            .get(&shim)
            .ok_or_else(|| JitError::Codegen(format!("shim {} not declared", shim.name())))?;
        let r = self.func_ref(id);
        let call = self.b.ins().call(r, args);
        Ok(self.b.inst_results(call).first().copied())
    }

    /// Calls a shim that returns one word.
    pub(crate) fn shim_word(&mut self, shim: Shim, args: &[Value]) -> Result<Value, JitError> {
        self.shim(shim, args)?
            .ok_or_else(|| JitError::Codegen(format!("shim {} returns nothing", shim.name())))
    }

    /// Calls a fallible shim with an output slot appended to `args`: an error exits with
    /// its status at `expr`; the result is read as a value of type `ty`.
    pub(crate) fn shim_value(
        &mut self,
        shim: Shim,
        args: &[Value],
        expr: ExprId,
        ty: &Type,
    ) -> Result<Words, JitError> {
        let out = self.stack_slots(1)?;
        let mut all = args.to_vec();
        all.push(out);
        let status = self.shim_word(shim, &all)?;
        self.check_status(status, expr);
        Ok(self.load_slot(out, 0, ty))
    }

    /// Calls a generated function; a non-zero status is returned from this function too.
    pub(crate) fn call_fn(&mut self, id: FuncId, args: &[Value]) -> Result<(), JitError> {
        let r = self.func_ref(id);
        self.flush_log();
        let call = self.b.ins().call(r, args);
        let status = self
            .b
            .inst_results(call)
            .first()
            .copied()
            .ok_or_else(|| JitError::Codegen("function without status".into()))?;
        let prop = self.prop_block();
        let ok = self.b.create_block();
        self.b
            .ins()
            .brif(status, prop, &[BlockArg::Value(status)], ok, &[]);
        self.b.switch_to_block(ok);
        self.reload_log();
        Ok(())
    }

    /// The function's one exit for a full trace log: returns [`Status::LogFull`] (the
    /// caller grows the log and runs the case again, `run.rs`).
    fn full_block(&mut self) -> Block {
        if let Some(b) = self.full {
            return b;
        }
        let block = self.b.create_block();
        self.b.set_cold_block(block);
        self.exits.push(Exit {
            block,
            flush: false,
            status: ExitStatus::Const(Status::LogFull as u32),
            expr: None,
            aux: Vec::new(),
        });
        self.full = Some(block);
        block
    }

    fn prop_block(&mut self) -> Block {
        if let Some(b) = self.prop {
            return b;
        }
        let block = self.b.create_block();
        self.b.set_cold_block(block);
        let status = self.b.append_block_param(block, types::I32);
        self.exits.push(Exit {
            block,
            flush: false,
            status: ExitStatus::Param(status),
            expr: None,
            aux: Vec::new(),
        });
        self.prop = Some(block);
        block
    }

    /// A cold block that records an error at `expr` with details and returns `status`. Its
    /// code is emitted by [`Translator::finish`] (the builder cannot leave an unfinished block).
    pub(crate) fn err_block(
        &mut self,
        status: u32,
        expr: Option<ExprId>,
        aux: &[(i32, Value)],
    ) -> Block {
        let block = self.b.create_block();
        self.b.set_cold_block(block);
        self.exits.push(Exit {
            block,
            flush: true,
            status: ExitStatus::Const(status),
            expr,
            aux: aux.to_vec(),
        });
        block
    }

    /// Exits with `status` at `expr` when `cond` holds; continues in a fresh block.
    pub(crate) fn fail_if(
        &mut self,
        cond: Value,
        status: u32,
        expr: Option<ExprId>,
        aux: &[(i32, Value)],
    ) {
        let err = self.err_block(status, expr, aux);
        let ok = self.b.create_block();
        self.b.ins().brif(cond, err, &[], ok, &[]);
        self.b.switch_to_block(ok);
    }

    /// Exits unconditionally with `status` at `expr`; later code goes to an unreachable
    /// block.
    pub(crate) fn fail(&mut self, status: Status, expr: ExprId) {
        let err = self.err_block(status as u32, Some(expr), &[]);
        self.b.ins().jump(err, &[]);
        let dead = self.b.create_block();
        self.b.switch_to_block(dead);
    }

    /// Takes one step of the case's budget (`delegat_ir::STEP_BUDGET`, counted down in the
    /// frame), exiting with [`Status::Budget`] at `expr` when none is left.
    pub(crate) fn take_step(&mut self, expr: ExprId) {
        let frame = self.frame;
        let left = self.load(frame, off::STEPS);
        let left = self.b.ins().iadd_imm_s(left, -1);
        self.store(left, frame, off::STEPS);
        let spent = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, left, 0);
        self.fail_if(spent, Status::Budget as u32, Some(expr), &[]);
    }

    /// Exits with a shim's non-zero status at `expr`.
    pub(crate) fn check_status(&mut self, status: Value, expr: ExprId) {
        let err = self.b.create_block();
        self.b.set_cold_block(err);
        let st = self.b.append_block_param(err, types::I32);
        self.exits.push(Exit {
            block: err,
            flush: true,
            status: ExitStatus::Param(st),
            expr: Some(expr),
            aux: Vec::new(),
        });
        let ok = self.b.create_block();
        self.b
            .ins()
            .brif(status, err, &[BlockArg::Value(status)], ok, &[]);
        self.b.switch_to_block(ok);
    }

    /// Emits the pending error exits.
    fn emit_exits(&mut self) {
        let frame = self.frame;
        for exit in std::mem::take(&mut self.exits) {
            self.b.switch_to_block(exit.block);
            if let Some(e) = exit.expr {
                let e = self.iconst(i64::from(e.0));
                self.store(e, frame, off::ERR_EXPR);
            }
            for (o, v) in &exit.aux {
                self.store(*v, frame, *o);
            }
            if exit.flush {
                self.flush_log();
            }
            let status = match exit.status {
                ExitStatus::Const(s) => self.b.ins().iconst(types::I32, i64::from(s)),
                ExitStatus::Param(v) => v,
            };
            self.b.ins().return_(&[status]);
        }
    }

    /// Appends a trace event (two words, see [`crate::layout::event`]) to the log, growing
    /// it through a shim when it is full. The log's state stays in variables.
    pub(crate) fn log_event(&mut self, w0: Value, w1: Value) -> Result<(), JitError> {
        let len = self.b.use_var(self.log.len);
        let cap = self.field(off::LOG_CAP);
        let full = self.b.ins().icmp(IntCC::SignedGreaterThanOrEqual, len, cap);
        let exit = self.full_block();
        let room = self.b.create_block();
        self.b.ins().brif(full, exit, &[], room, &[]);
        self.b.switch_to_block(room);
        let log = self.field(off::LOG);
        let addr = self.slot_addr(log, len);
        self.store(w0, addr, 0);
        self.store(w1, addr, 8);
        let next = self.b.ins().iadd_imm_s(len, 1);
        self.b.def_var(self.log.len, next);
        Ok(())
    }

    /// Exits with [`delegat_value::ArithError::Overflow`] at `expr` when `flag` is set.
    pub(crate) fn overflow_if(&mut self, flag: Value, expr: ExprId) {
        let status = delegat_value::ArithError::Overflow.status();
        self.fail_if(flag, status, Some(expr), &[]);
    }

    /// A join block with one `i64` parameter per word of `ty`.
    pub(crate) fn join_block(&mut self, ty: &Type) -> Block {
        let block = self.b.create_block();
        for _ in 0..words(ty) {
            self.b.append_block_param(block, types::I64);
        }
        block
    }

    /// Jumps to a join block with a value.
    pub(crate) fn jump_with(&mut self, block: Block, v: Words) {
        let args: Vec<BlockArg> = v.words().into_iter().map(BlockArg::Value).collect();
        self.b.ins().jump(block, &args);
    }

    /// Switches to a join block and returns its value.
    pub(crate) fn enter_join(&mut self, block: Block) -> Words {
        self.b.switch_to_block(block);
        let params = self.b.block_params(block).to_vec();
        match params.as_slice() {
            [w0, w1] => Words {
                w0: *w0,
                w1: Some(*w1),
            },
            [w0] => Words::one(*w0),
            _ => {
                let z = self.iconst(0);
                Words::one(z)
            }
        }
    }

    /// `a == b` as a Cranelift condition (i8).
    pub(crate) fn eq(&mut self, a: Value, b: Value) -> Value {
        self.b.ins().icmp(IntCC::Equal, a, b)
    }

    /// The expression's type.
    pub(crate) fn ty(&self, id: ExprId) -> Result<&'a Type, JitError> {
        self.p
            .expr(id)
            .map(|e| &e.ty)
            .ok_or_else(|| JitError::Codegen(format!("expression #{} missing", id.0)))
    }
}
