//! A compiled pack: [`JitPack`] owns the native code, its constant data and the copy of the
//! program the code points into, and frees the code when it is dropped.

#![expect(
    unsafe_code,
    reason = "freeing the generated code's memory is unsafe; it is justified"
)]

use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};

use cranelift_jit::JITModule;
use delegat_ir::{DecisionId, OutcomeKind, ParamValue, Program, Value};
use delegat_ir::{DecisionResult, RuntimeError, ValueTarget};
use delegat_value::Date;

use crate::JitError;
use crate::consts::Consts;
use crate::run::JitEvaluator;

/// Numbers the packs of this process, so that a [`crate::NativeCase`] is only run with the
/// pack it was made for.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// A rule pack compiled to native code.
///
/// The pack owns the `JITModule` holding the code and the constant data the code points
/// to; no function pointer leaves it, and the module's memory is freed when it is dropped.
#[derive(Debug)]
pub struct JitPack {
    /// This pack's number in the process.
    pub(crate) id: u64,
    pub(crate) program: Program,
    pub(crate) code: Code,
    pub(crate) consts: Consts,
    /// The most output slots a decision needs (the amount, then the interpolations).
    pub(crate) out_len: usize,
    /// Per decision: the outcome kind of each branch and of `annars` (last), and whether
    /// it has an amount.
    pub(crate) outcomes: Vec<Vec<(OutcomeKind, bool)>>,
    /// Per input, the one-word values it takes (for `NativeInputs`).
    pub(crate) input_words: Vec<crate::native::InputWords>,
    /// Every date a parameter version comes into force, sorted (`params.rs`).
    pub(crate) param_dates: Vec<delegat_value::Date>,
}

/// The module and the addresses of its functions.
pub(crate) struct Code {
    /// Only touched when the pack is dropped; the mutex makes the pack `Sync`.
    module: Mutex<Option<JITModule>>,
    pub(crate) rule_fns: Vec<Option<usize>>,
    pub(crate) decision_fns: Vec<usize>,
    /// Per decision: its norm function, if it declares a norm date.
    pub(crate) norm_fns: Vec<Option<usize>>,
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
            .flat_map(|d| d.branches.iter().map(|b| &b.outcome).chain([&d.otherwise]))
            .map(|o| 1 + o.text.as_ref().map_or(0, |t| t.exprs().count()))
            .max()
            .unwrap_or(1)
            // A norm function writes its four fields to the first four slots.
            .max(if program.decisions.iter().any(|d| !d.norm.is_empty()) {
                4
            } else {
                1
            });
        let outcomes = program
            .decisions
            .iter()
            .map(|d| {
                d.branches
                    .iter()
                    .map(|b| &b.outcome)
                    .chain([&d.otherwise])
                    .map(|o| (o.kind, o.belopp.is_some()))
                    .collect()
            })
            .collect();
        let pack = JitPack {
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
            outcomes,
            input_words: crate::native::input_words(&program),
            param_dates: crate::params::param_dates(&program),
            code: Code {
                module: Mutex::new(Some(compiled.module)),
                rule_fns: compiled.rule_fns,
                decision_fns: compiled.decision_fns,
                norm_fns: compiled.norm_fns,
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

    /// Decides one case (the interpreter's `evaluate`); `None` when native code does not
    /// decide it (see [`JitEvaluator`]).
    pub fn decide(
        &self,
        inputs: &[Option<Value>],
        date: Date,
        decision: DecisionId,
    ) -> Option<DecisionResult> {
        JitEvaluator::new(self).decide(inputs, date, decision)
    }

    /// A rule's value (the interpreter's `evaluate_value`); `None` for what native code
    /// does not compute (see [`JitEvaluator::value`]).
    pub fn value(
        &self,
        inputs: &[Option<Value>],
        date: Date,
        target: ValueTarget,
    ) -> Option<Result<Value, RuntimeError>> {
        JitEvaluator::new(self).value(inputs, date, target)
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
