//! Running compiled packs: [`JitPack`] owns the native code and its constants,
//! [`JitEvaluator`] owns the per-case buffers (frame arrays, arena, trace log) and runs
//! cases one after another.
//!
//! A case's inputs are checked against their declared types and converted to slots; the
//! values of the parameters in force on the decision date are placed in the frame (kept
//! while the date stays the same); then the decision's function runs, and its status, frame
//! and trace log are turned into the interpreter's [`DecisionResult`]. Whenever the inputs
//! are not what the program declares, or a result cannot be read back, the case is decided
//! by the interpreter instead: never a wrong result.

#![expect(
    unsafe_code,
    reason = "calling generated code and freeing its memory are unsafe; both are justified"
)]

use std::sync::Mutex;

use cranelift_jit::JITModule;
use delegat_interp::{DecisionResult, Evaluator, RuntimeError, ValueTarget};
use delegat_ir::{DecisionId, ParamValue, Program, Value};
use delegat_value::Date;

use crate::JitError;
use crate::consts::Consts;
use crate::host::Host;
use crate::layout::{Frame, Slot};
use crate::marshal::to_slot;
use crate::result::Case;

/// A rule pack compiled to native code.
///
/// The pack owns the `JITModule` holding the code and the constant data the code points
/// to; no function pointer leaves it, and the module's memory is freed when it is dropped.
#[derive(Debug)]
pub struct JitPack {
    program: Program,
    code: Code,
    consts: Consts,
    /// Per decision: the number of output slots (the amount, then the interpolations).
    out_len: Vec<usize>,
}

/// The module and the addresses of its functions.
struct Code {
    /// Only touched when the pack is dropped; the mutex makes the pack `Sync`.
    module: Mutex<Option<JITModule>>,
    rule_fns: Vec<Option<usize>>,
    decision_fns: Vec<usize>,
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Code")
            .field("rule_fns", &self.rule_fns)
            .field("decision_fns", &self.decision_fns)
            .finish_non_exhaustive()
    }
}

impl Drop for Code {
    fn drop(&mut self) {
        let module = match self.module.get_mut() {
            Ok(m) => m.take(),
            Err(poisoned) => poisoned.into_inner().take(),
        };
        if let Some(m) = module {
            free_module(m);
        }
    }
}

/// Frees a module's code and data.
pub(crate) fn free_module(module: JITModule) {
    // SAFETY: called only when the owner of the module is dropped (or compilation failed
    // before any address was taken); generated code runs only inside `JitEvaluator::run`,
    // which borrows the pack, so no generated function is running or called afterwards.
    unsafe { module.free_memory() }
}

impl JitPack {
    /// Compiles a program; an error means the runtime should use the interpreter.
    pub fn compile(program: &Program) -> Result<JitPack, JitError> {
        JitPack::build(program, false).map(|(pack, _)| pack)
    }

    /// Compiles a program and returns, beside the pack, the Cranelift IR of every function
    /// (before optimisation), for `--emit=clif` and for reading what the JIT generates.
    pub fn compile_with_clif(program: &Program) -> Result<(JitPack, String), JitError> {
        JitPack::build(program, true).map(|(pack, clif)| (pack, clif.unwrap_or_default()))
    }

    fn build(program: &Program, clif: bool) -> Result<(JitPack, Option<String>), JitError> {
        // The code and constants point into this copy's texts, so it is the one kept.
        let program = program.clone();
        crate::analysis::check(&program)?;
        let mut consts = Consts::new(&program);
        let compiled = crate::codegen::compile(&program, &mut consts, clif)?;
        let out_len = program
            .decisions
            .iter()
            .map(|d| {
                let texts = d
                    .branches
                    .iter()
                    .map(|b| &b.outcome)
                    .chain([&d.otherwise])
                    .map(|o| o.text.as_ref().map_or(0, |t| t.exprs().count()))
                    .max()
                    .unwrap_or(0);
                1 + texts
            })
            .collect();
        let pack = JitPack {
            code: Code {
                module: Mutex::new(Some(compiled.module)),
                rule_fns: compiled.rule_fns,
                decision_fns: compiled.decision_fns,
            },
            program,
            consts,
            out_len,
        };
        Ok((pack, compiled.clif))
    }

    /// The program this pack was compiled from.
    pub fn program(&self) -> &Program {
        &self.program
    }

    /// Decides one case (see [`delegat_interp::evaluate`] for the arguments).
    pub fn decide(
        &self,
        inputs: &[Option<Value>],
        date: Date,
        decision: DecisionId,
    ) -> DecisionResult {
        JitEvaluator::new(self).decide(inputs, date, decision)
    }

    /// A rule's or parameter's value (see [`delegat_interp::evaluate_value`]).
    pub fn value(
        &self,
        inputs: &[Option<Value>],
        date: Date,
        target: ValueTarget,
    ) -> Result<Value, RuntimeError> {
        JitEvaluator::new(self).value(inputs, date, target)
    }
}

/// Decides cases of one compiled pack, reusing its buffers from case to case.
#[derive(Debug)]
pub struct JitEvaluator<'j> {
    pack: &'j JitPack,
    host: Host,
    inputs: Vec<Slot>,
    present: Vec<u8>,
    memo: Vec<Slot>,
    filled: Vec<u8>,
    params: Vec<Slot>,
    versions: Vec<i64>,
    out: Vec<Slot>,
    /// The date `params` and `versions` were set for.
    date: Option<Date>,
    /// How many cases the interpreter decided instead (see the module docs).
    fallbacks: u64,
}

impl<'j> JitEvaluator<'j> {
    /// An evaluator for `pack`.
    pub fn new(pack: &'j JitPack) -> JitEvaluator<'j> {
        JitEvaluator {
            pack,
            host: Host::default(),
            inputs: Vec::new(),
            present: Vec::new(),
            memo: Vec::new(),
            filled: Vec::new(),
            params: Vec::new(),
            versions: Vec::new(),
            out: Vec::new(),
            date: None,
            fallbacks: 0,
        }
    }

    /// How many cases (and values) this evaluator left to the interpreter: inputs not of
    /// their declared types, or a result that could not be read back. Zero in normal use;
    /// the differential tests assert it.
    pub fn fallbacks(&self) -> u64 {
        self.fallbacks
    }

    /// Decides one case (see [`delegat_interp::evaluate`]).
    pub fn decide(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        decision: DecisionId,
    ) -> DecisionResult {
        let pack = self.pack;
        let interp = |fallbacks: &mut u64| {
            *fallbacks += 1;
            Evaluator::new(&pack.program).decide(inputs, date, decision)
        };
        let (Some(&f), Some(&out_len)) = (
            pack.code.decision_fns.get(decision.index()),
            pack.out_len.get(decision.index()),
        ) else {
            return interp(&mut self.fallbacks);
        };
        if !self.prepare(inputs, date) {
            return interp(&mut self.fallbacks);
        }
        self.out.clear();
        self.out.resize(out_len, Slot::default());
        let (status, frame) = self.run(f, date);
        match self.case(frame).decision(decision, status) {
            Some(r) => r,
            None => interp(&mut self.fallbacks),
        }
    }

    /// A rule's or parameter's value (see [`delegat_interp::evaluate_value`]). Parameters
    /// and rules with arguments are left to the interpreter.
    pub fn value(
        &mut self,
        inputs: &[Option<Value>],
        date: Date,
        target: ValueTarget,
    ) -> Result<Value, RuntimeError> {
        let pack = self.pack;
        let interp = || Evaluator::new(&pack.program).value(inputs, date, target);
        let ValueTarget::Rule(r) = target else {
            return interp();
        };
        let Some(Some(f)) = pack.code.rule_fns.get(r.index()).copied() else {
            return interp();
        };
        if !self.prepare(inputs, date) {
            self.fallbacks += 1;
            return interp();
        }
        let (status, frame) = self.run(f, date);
        match self.case(frame).rule_value(r, status) {
            Some(v) => v,
            None => {
                self.fallbacks += 1;
                interp()
            }
        }
    }

    /// Fills the frame arrays for a case; `false` when an input is not of its type.
    fn prepare(&mut self, inputs: &[Option<Value>], date: Date) -> bool {
        let p = &self.pack.program;
        self.host.reset(p.params.len());
        self.inputs.clear();
        self.present.clear();
        for (i, input) in p.inputs.iter().enumerate() {
            match inputs.get(i) {
                Some(Some(v)) => {
                    if !v.has_type(&input.ty, &p.types) {
                        return false;
                    }
                    let host = &mut self.host;
                    let slot = to_slot(v, &mut |s| host.store(s));
                    self.inputs.push(slot);
                    self.present.push(1);
                }
                _ => {
                    self.inputs.push(Slot::default());
                    self.present.push(0);
                }
            }
        }
        self.memo.clear();
        self.memo.resize(p.rules.len(), Slot::default());
        self.filled.clear();
        self.filled.resize(p.rules.len(), 0);
        if self.date != Some(date) {
            self.params.clear();
            self.versions.clear();
            for (i, param) in p.params.iter().enumerate() {
                let v = param.versions.iter().rposition(|v| v.from <= date);
                self.versions.push(v.map_or(-1, |v| v as i64));
                let slot = v
                    .and_then(|v| self.pack.consts.param_values.get(i)?.get(v))
                    .copied()
                    .unwrap_or_default();
                self.params.push(slot);
            }
            self.date = Some(date);
        }
        true
    }

    /// Runs a generated function of signature `fn(frame) -> status` on the prepared case.
    fn run(&mut self, f: usize, date: Date) -> (u32, Frame) {
        let mut frame = Frame {
            inputs: self.inputs.as_ptr(),
            present: self.present.as_ptr(),
            memo: self.memo.as_mut_ptr(),
            filled: self.filled.as_mut_ptr(),
            params: self.params.as_ptr(),
            versions: self.versions.as_ptr(),
            out: self.out.as_mut_ptr(),
            host: &raw mut self.host,
            date: i64::from(date.days()),
            chosen: -1,
            err_expr: -1,
            err_a: 0,
            err_b: 0,
            err_c: 0,
        };
        // SAFETY: `f` is the address of a function this pack's module generated with the
        // signature `fn(*mut Frame) -> u32` in the host's default (C) calling convention
        // (codegen/mod.rs: `status_sig(_, 1)`), and the module is alive while `self.pack`
        // is borrowed. The frame's arrays have the lengths the code indexes them with
        // (one entry per input, rule, parameter and output, set in `prepare`/`decide`),
        // and nothing else touches them or the host during the call.
        let status = unsafe {
            let code: extern "C" fn(*mut Frame) -> u32 = std::mem::transmute(f);
            code(&raw mut frame)
        };
        (status, frame)
    }

    fn case(&self, frame: Frame) -> Case<'_> {
        Case {
            p: &self.pack.program,
            frame,
            memo: &self.memo,
            versions: &self.versions,
            out: &self.out,
            events: &self.host.events,
        }
    }
}

/// The value of a parameter version, for the trace.
pub(crate) fn version_value(p: &Program, param: usize, version: usize) -> Option<(Date, &Value)> {
    let v = p.params.get(param)?.versions.get(version)?;
    match &v.value {
        ParamValue::Value(value) => Some((v.from, value)),
        ParamValue::Table(_) => None,
    }
}
