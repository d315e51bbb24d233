//! Cranelift's compilation of the built functions to machine code, on the machine's cores.
//!
//! Building a function's IR needs the module (to declare callees) and is cheap; compiling
//! it (e-graph, lowering, register allocation, emission) is most of a pack's compile time
//! and needs only the ISA. So the current thread builds the functions one by one while up
//! to `MAX_THREADS - 1` scoped helpers already compile those built, the largest waiting
//! first; when every function is built, the current thread compiles too. Each thread
//! reuses one `Context`. The machine code and its relocations come back in declaration
//! order, and the module defines them one by one as it would have defined the functions,
//! so the code is laid out exactly as by serial compilation.

use std::sync::{Condvar, Mutex, MutexGuard, OnceLock};

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

/// The functions built and not yet taken by a thread.
struct Queue {
    state: Mutex<State>,
    /// Signalled when a function is added or the queue is closed.
    changed: Condvar,
}

struct State {
    /// Ascending by size, so that `pop` takes the largest: the last function a thread
    /// takes is then small, and the threads finish together.
    waiting: Vec<Lowered>,
    /// No function will be added any more.
    closed: bool,
}

impl Queue {
    fn lock(&self) -> MutexGuard<'_, State> {
        // A thread that panicked holding the lock left a consistent vector behind.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn push(&self, f: Lowered) {
        let mut s = self.lock();
        let size = f.func.dfg.num_insts();
        let at = s
            .waiting
            .partition_point(|w| w.func.dfg.num_insts() <= size);
        s.waiting.insert(at, f);
        drop(s);
        self.changed.notify_one();
    }

    fn close(&self) {
        self.lock().closed = true;
        self.changed.notify_all();
    }

    /// The largest waiting function; `None` once the queue is closed and empty.
    fn take(&self) -> Option<Lowered> {
        let mut s = self.lock();
        loop {
            if let Some(f) = s.waiting.pop() {
                return Some(f);
            }
            if s.closed {
                return None;
            }
            s = self.changed.wait(s).unwrap_or_else(|p| p.into_inner());
        }
    }
}

/// Compiles the `count` functions that `build` passes to its argument, while it builds
/// them; the machine code in declaration (`FuncId`) order. An error of `build` is
/// returned once the functions already built are compiled.
pub(crate) fn compile_all(
    isa: &dyn TargetIsa,
    count: usize,
    build: impl FnOnce(&mut dyn FnMut(Lowered)) -> Result<(), JitError>,
) -> Result<Vec<MachineCode>, JitError> {
    let queue = Queue {
        state: Mutex::new(State {
            waiting: Vec::with_capacity(count),
            closed: false,
        }),
        changed: Condvar::new(),
    };
    let threads = cores().min(MAX_THREADS).min(count);
    let mut done: Vec<Result<MachineCode, JitError>> = Vec::with_capacity(count);
    let built = std::thread::scope(|s| {
        let helpers: Vec<_> = (1..threads)
            .filter_map(|_| {
                // A helper that cannot be started leaves its share to the others.
                std::thread::Builder::new()
                    .spawn_scoped(s, || work(isa, &queue))
                    .ok()
            })
            .collect();
        let built = build(&mut |f| queue.push(f));
        queue.close();
        done.extend(work(isa, &queue));
        for h in helpers {
            match h.join() {
                Ok(part) => done.extend(part),
                Err(_) => done.push(Err(JitError::Codegen("a compile thread failed".into()))),
            }
        }
        built
    });
    built?;
    let mut code = done.into_iter().collect::<Result<Vec<_>, _>>()?;
    if code.len() != count {
        return Err(JitError::Codegen("a function was not compiled".into()));
    }
    code.sort_by_key(|c| c.id.as_u32());
    Ok(code)
}

/// Takes functions from the queue and compiles them until it is closed and empty.
fn work(isa: &dyn TargetIsa, queue: &Queue) -> Vec<Result<MachineCode, JitError>> {
    let mut ctx = Context::new();
    let mut out = Vec::new();
    while let Some(f) = queue.take() {
        out.push(compile_one(isa, &mut ctx, f));
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
