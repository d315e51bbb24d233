//! Code generation: one native function per rule and per decision, in one `JITModule`.
//!
//! The module is set up once per pack: the host ISA from `cranelift_native`, the shims
//! registered as symbols, every function declared first (so rules can call each other in
//! any order), then each function's IR built in turn on the calling thread, compiled to
//! machine code on it and on worker threads (`workers.rs`), the code defined in the module
//! in function order, and the module finalised. Functions:
//!
//! - a nullary rule `r`: `fn(frame) -> status`, fills memo slot `r` and traces it;
//! - a rule with arguments: `fn(frame, args, out) -> status`, arguments in `args` (one slot
//!   each), the value written to `out`, nothing memoised or traced;
//! - a decision: `fn(frame) -> status`, writes `chosen` and the outputs;
//! - a decision's norm date, when it declares one: `fn(frame) -> status`, writes its norm
//!   fields to the outputs (run first, on the same frame: `run.rs`).

mod agg;
mod expr;
mod items;
mod table;
mod translator;
mod workers;

use std::collections::HashMap;

use cranelift_codegen::ir;
use cranelift_codegen::ir::{AbiParam, Function, Signature, types};
use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::FunctionBuilderContext;
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{FuncId, Linkage, Module, default_libcall_names};
use delegat_ir::Program;

use crate::JitError;
use crate::consts::Consts;
use crate::shims::{Ret, Shim};

/// The compiled functions of a pack, and the module that owns their code.
pub(crate) struct Compiled {
    /// The module; its memory must be freed exactly once, after the last call.
    pub(crate) module: JITModule,
    /// Per rule: the address of a nullary rule's function (`None` for rules with
    /// arguments).
    pub(crate) rule_fns: Vec<Option<usize>>,
    /// Per decision: the address of its function.
    pub(crate) decision_fns: Vec<usize>,
    /// Per decision: the address of its norm function, when it declares a norm date.
    pub(crate) norm_fns: Vec<Option<usize>>,
    /// The Cranelift IR of every function, when asked for.
    pub(crate) clif: Option<String>,
}

impl std::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Compiled")
            .field("rule_fns", &self.rule_fns.len())
            .field("decision_fns", &self.decision_fns.len())
            .finish_non_exhaustive()
    }
}

/// What function bodies need besides their builder: the module, the declared ids, the
/// constants.
pub(crate) struct Env<'m> {
    pub(crate) module: &'m mut JITModule,
    pub(crate) shims: HashMap<Shim, FuncId>,
    /// Per rule: its function.
    pub(crate) rule_fns: Vec<FuncId>,
    pub(crate) consts: &'m mut Consts,
}

fn codegen_err(what: &str, e: impl std::fmt::Display) -> JitError {
    JitError::Codegen(format!("{what}: {e}"))
}

/// The native ISA of this machine; an error (never a panic) when it is not supported.
///
/// `opt_level = none`: Cranelift's e-graph pass (`speed`) was measured against it on the FS
/// workload and the shipped packs (docs/jit.md, Compile): it left evaluation unchanged
/// (68 ns per decision either way) and cost about 1.6 ms more to compile
/// forsorjningsstod.regel (5.6 against 4.0 ms), so it is off. The translator relies on no
/// optimisation: each read is emitted where it is written, and code is correct as emitted.
fn host_isa() -> Result<OwnedTargetIsa, JitError> {
    let mut flags = settings::builder();
    for (k, v) in [
        ("use_colocated_libcalls", "false"),
        ("is_pic", "false"),
        ("opt_level", "none"),
        // Cranelift's own verifier runs on every function by default; `define` runs it
        // in debug builds and tests only.
        ("enable_verifier", "false"),
    ] {
        flags.set(k, v).map_err(|e| codegen_err("flag", e))?;
    }
    let isa = cranelift_native::builder().map_err(|e| JitError::Host(e.to_string()))?;
    let isa = isa
        .finish(settings::Flags::new(flags))
        .map_err(|e| JitError::Host(e.to_string()))?;
    if isa.pointer_type() != types::I64 {
        return Err(JitError::Host("only 64-bit hosts are supported".into()));
    }
    Ok(isa)
}

/// A signature of `n` pointer-sized words returning a status.
fn status_sig(module: &JITModule, n: usize) -> Signature {
    let mut sig = module.make_signature();
    for _ in 0..n {
        sig.params.push(AbiParam::new(types::I64));
    }
    sig.returns.push(AbiParam::new(types::I32));
    sig
}

fn shim_sig(module: &JITModule, shim: Shim) -> Signature {
    let mut sig = module.make_signature();
    for _ in 0..shim.arity() {
        sig.params.push(AbiParam::new(types::I64));
    }
    match shim.ret() {
        Ret::Status => sig.returns.push(AbiParam::new(types::I32)),
        Ret::Word => sig.returns.push(AbiParam::new(types::I64)),
    }
    sig
}

/// Compiles every rule and decision of a checked program (see [`crate::analysis`]).
pub(crate) fn compile(p: &Program, consts: &mut Consts, clif: bool) -> Result<Compiled, JitError> {
    let isa = host_isa()?;
    let mut builder = JITBuilder::with_isa(isa.clone(), default_libcall_names());
    for shim in Shim::ALL {
        builder.symbol(shim.name(), shim.addr());
    }
    let mut module = JITModule::new(builder);
    let result = define_all(p, consts, &mut module, &isa, clif);
    match result {
        Ok((rule_ids, decision_ids, norm_ids, clif)) => {
            let rule_fns = p
                .rules
                .iter()
                .zip(&rule_ids)
                .map(|(r, id)| (r.arity == 0).then(|| module.get_finalized_function(*id) as usize))
                .collect();
            let decision_fns = decision_ids
                .iter()
                .map(|id| module.get_finalized_function(*id) as usize)
                .collect();
            let norm_fns = norm_ids
                .iter()
                .map(|id| id.map(|id| module.get_finalized_function(id) as usize))
                .collect();
            Ok(Compiled {
                module,
                rule_fns,
                decision_fns,
                norm_fns,
                clif,
            })
        }
        Err(e) => {
            crate::pack::free_module(module);
            Err(e)
        }
    }
}

/// The ids of the rule, decision and norm functions, and the collected Cranelift IR.
type Defined = (
    Vec<FuncId>,
    Vec<FuncId>,
    Vec<Option<FuncId>>,
    Option<String>,
);

/// Declares every function, builds and compiles each, defines them in order and finalises
/// them; their ids.
fn define_all(
    p: &Program,
    consts: &mut Consts,
    module: &mut JITModule,
    isa: &OwnedTargetIsa,
    clif: bool,
) -> Result<Defined, JitError> {
    let mut shims = HashMap::new();
    for shim in Shim::ALL {
        let sig = shim_sig(module, *shim);
        let id = module
            .declare_function(shim.name(), Linkage::Import, &sig)
            .map_err(|e| codegen_err("declare shim", e))?;
        shims.insert(*shim, id);
    }
    let mut rule_ids = Vec::new();
    for (i, r) in p.rules.iter().enumerate() {
        let sig = status_sig(module, if r.arity == 0 { 1 } else { 3 });
        let id = module
            .declare_function(&format!("rule{i}"), Linkage::Local, &sig)
            .map_err(|e| codegen_err("declare rule", e))?;
        rule_ids.push(id);
    }
    let mut decision_ids = Vec::new();
    for i in 0..p.decisions.len() {
        let sig = status_sig(module, 1);
        let id = module
            .declare_function(&format!("decision{i}"), Linkage::Local, &sig)
            .map_err(|e| codegen_err("declare decision", e))?;
        decision_ids.push(id);
    }
    let mut norm_ids = Vec::new();
    for (i, d) in p.decisions.iter().enumerate() {
        if d.norm.is_empty() {
            norm_ids.push(None);
            continue;
        }
        let sig = status_sig(module, 1);
        let id = module
            .declare_function(&format!("norm{i}"), Linkage::Local, &sig)
            .map_err(|e| codegen_err("declare norm", e))?;
        norm_ids.push(Some(id));
    }
    let mut texts: Option<Vec<String>> = clif.then(Vec::new);
    let count = rule_ids.len() + decision_ids.len() + norm_ids.iter().flatten().count();
    let mut env = Env {
        module,
        shims,
        rule_fns: rule_ids.clone(),
        consts,
    };
    let codes = workers::compile_all(isa, count, |sink| {
        build_all(
            p,
            &mut env,
            (&rule_ids, &decision_ids, &norm_ids),
            &mut texts,
            sink,
        )
    })?;
    for code in codes {
        env.module
            .define_function_bytes(code.id, code.align, &code.bytes, &code.relocs)
            .map_err(|e| codegen_err("define", e))?;
    }
    env.module
        .finalize_definitions()
        .map_err(|e| codegen_err("finalize", e))?;
    Ok((rule_ids, decision_ids, norm_ids, texts.map(|t| t.concat())))
}

/// Builds the IR of every function, rules then decisions then norms, and puts each in
/// `sink` (its IR kept in `texts` first, when asked for).
fn build_all(
    p: &Program,
    env: &mut Env<'_>,
    (rule_ids, decision_ids, norm_ids): (&[FuncId], &[FuncId], &[Option<FuncId>]),
    texts: &mut Option<Vec<String>>,
    sink: &mut workers::Sink<'_>,
) -> Result<(), JitError> {
    let mut fctx = FunctionBuilderContext::new();
    let mut put = |id: FuncId, func: Function, what: String| {
        if let Some(t) = texts.as_mut() {
            t.push(format!("; {what}\n{}\n", func.display()));
        }
        sink(workers::Built { id, func, what })
    };
    for (i, id) in rule_ids.iter().enumerate() {
        let arity = p.rules.get(i).map_or(0, |r| r.arity);
        let sig = status_sig(env.module, if arity == 0 { 1 } else { 3 });
        let mut func = Function::with_name_signature(ir::UserFuncName::user(0, id.as_u32()), sig);
        items::rule(p, env, &mut func, &mut fctx, i)?;
        let name = p.rules.get(i).map_or("", |r| r.name.as_str());
        put(*id, func, format!("regel `{name}`"))?;
    }
    for (i, id) in decision_ids.iter().enumerate() {
        let sig = status_sig(env.module, 1);
        let mut func = Function::with_name_signature(ir::UserFuncName::user(1, id.as_u32()), sig);
        items::decision(p, env, &mut func, &mut fctx, i)?;
        let name = p.decisions.get(i).map_or("", |d| d.name.as_str());
        put(*id, func, format!("beslut `{name}`"))?;
    }
    for (i, id) in norm_ids.iter().enumerate() {
        let Some(id) = id else { continue };
        let sig = status_sig(env.module, 1);
        let mut func = Function::with_name_signature(ir::UserFuncName::user(2, id.as_u32()), sig);
        items::norm(p, env, &mut func, &mut fctx, i)?;
        let name = p.decisions.get(i).map_or("", |d| d.name.as_str());
        put(*id, func, format!("normdatum för beslut `{name}`"))?;
    }
    Ok(())
}
