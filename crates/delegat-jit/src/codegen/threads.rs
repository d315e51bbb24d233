//! Cranelift's compilation of the lowered functions to machine code, on the machine's cores.
//!
//! Building a function's IR needs the module (to declare callees) and is cheap; compiling
//! it (e-graph, lowering, register allocation, emission) is most of a pack's compile time
//! and needs only the ISA. So every function is built first, then compiled on up to
//! [`MAX_THREADS`] threads (the current one and scoped helpers), largest first, each
//! thread with its own reused `Context`; the machine code and its relocations come back in
//! declaration order, and the module defines them one by one as it would have defined the
//! functions, so the code is laid out exactly as by serial compilation.

use std::sync::{Mutex, OnceLock};

use cranelift_codegen::Context;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::Function;
use cranelift_codegen::isa::TargetIsa;
use cranelift_module::{FuncId, ModuleReloc};

use super::codegen_err;
use crate::JitError;

/// The most threads one pack is compiled on.
const MAX_THREADS: usize = 4;

/// A function built and ready for Cranelift.
pub(crate) struct Lowered {
    pub(crate) id: FuncId,
    pub(crate) func: Function,
    /// What the function is, for error messages (`regel `x``).
    pub(crate) what: String,
}

/// A function's machine code, for `Module::define_function_bytes`.
pub(crate) struct MachineCode {
    pub(crate) id: FuncId,
    pub(crate) alignment: u64,
    pub(crate) bytes: Vec<u8>,
    pub(crate) relocs: Vec<ModuleReloc>,
}

/// The threads available to this process (read once: the standard library reads cgroup
/// files to answer).
fn cores() -> usize {
    static CORES: OnceLock<usize> = OnceLock::new();
    *CORES.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Compiles every function; the results in the order of `funcs`.
pub(crate) fn compile_all(
    isa: &dyn TargetIsa,
    funcs: Vec<Lowered>,
) -> Result<Vec<MachineCode>, JitError> {
    let n = funcs.len();
    // The queue is popped from its end: the largest functions first, so that the last
    // function a thread takes is small and the threads finish together.
    let mut queue: Vec<(usize, Lowered)> = funcs.into_iter().enumerate().collect();
    queue.sort_by_key(|(_, f)| f.func.dfg.num_insts());
    let threads = cores().min(MAX_THREADS).min(n);
    let queue = Mutex::new(queue);
    let mut done: Vec<(usize, Result<MachineCode, JitError>)> = Vec::with_capacity(n);
    std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                // A helper that cannot be started leaves its share to the others.
                std::thread::Builder::new()
                    .spawn_scoped(s, || work(isa, &queue))
                    .ok()
            })
            .collect();
        done.extend(work(isa, &queue));
        for h in helpers {
            match h.join() {
                Ok(part) => done.extend(part),
                Err(_) => done.push((n, Err(JitError::Codegen("a compile thread failed".into())))),
            }
        }
    });
    if done.len() != n {
        return Err(JitError::Codegen("a function was not compiled".into()));
    }
    done.sort_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

/// Takes functions from the queue and compiles them until it is empty.
fn work(
    isa: &dyn TargetIsa,
    queue: &Mutex<Vec<(usize, Lowered)>>,
) -> Vec<(usize, Result<MachineCode, JitError>)> {
    let mut ctx = Context::new();
    let mut out = Vec::new();
    loop {
        let next = match queue.lock() {
            Ok(mut q) => q.pop(),
            Err(_) => None,
        };
        let Some((i, f)) = next else { break };
        out.push((i, compile_one(isa, &mut ctx, f)));
    }
    out
}

/// Compiles one function with `ctx` (cleared and reused).
fn compile_one(
    isa: &dyn TargetIsa,
    ctx: &mut Context,
    f: Lowered,
) -> Result<MachineCode, JitError> {
    ctx.clear();
    ctx.func = f.func;
    if cfg!(debug_assertions) {
        cranelift_codegen::verify_function(&ctx.func, isa)
            .map_err(|e| codegen_err(&format!("verify {}", f.what), e))?;
    }
    ctx.compile(isa, &mut ControlPlane::default())
        .map_err(|e| codegen_err(&format!("compile {}", f.what), e.inner))?;
    let code = ctx
        .compiled_code()
        .ok_or_else(|| JitError::Codegen(format!("{}: no code", f.what)))?;
    let relocs = code
        .buffer
        .relocs()
        .iter()
        .map(|r| ModuleReloc::from_mach_reloc(r, &ctx.func, f.id))
        .collect();
    Ok(MachineCode {
        id: f.id,
        alignment: u64::from(code.buffer.alignment),
        bytes: code.code_buffer().to_vec(),
        relocs,
    })
}
