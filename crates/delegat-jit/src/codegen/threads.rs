//! Cranelift's compilation of the built functions to machine code, on the machine's cores.
//!
//! Building a function's IR needs the module (to declare callees) and is cheap; compiling
//! it (lowering, register allocation, emission; no e-graph, see [`compile_all`]) is most of a pack's compile time
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

/// Closes the queue when dropped.
struct CloseOnDrop<'q>(&'q Queue);

impl Drop for CloseOnDrop<'_> {
    fn drop(&mut self) {
        self.0.close();
    }
}

/// Compiles the `count` functions that `build` passes to its argument, while it builds
/// them; the machine code in declaration (`FuncId`) order. An error of `build` is
/// returned once the functions already built are compiled. `isa` is built with
/// `opt_level = none` (see `docs/jit.md`, Compile).
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
        // Closed also when `build` panics, so that the helpers finish and the scope can
        // join them (the panic then goes on as without helpers).
        let closing = CloseOnDrop(&queue);
        let built = build(&mut |f| queue.push(f));
        drop(closing);
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

#[cfg(test)]
mod tests {
    use cranelift_codegen::ir::{AbiParam, Function, InstBuilder, Signature, UserFuncName, types};
    use cranelift_codegen::isa::CallConv;
    use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

    /// `fn(x) -> x`, with a loop counting `x` down to zero when `looping`, else a branch.
    fn function(looping: bool) -> Function {
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params.push(AbiParam::new(types::I64));
        sig.returns.push(AbiParam::new(types::I64));
        let mut func = Function::with_name_signature(UserFuncName::user(0, 0), sig);
        let mut fctx = FunctionBuilderContext::new();
        let mut b = FunctionBuilder::new(&mut func, &mut fctx);
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let x = b.block_params(entry)[0];
        let (head, done) = (b.create_block(), b.create_block());
        b.append_block_param(head, types::I64);
        b.ins().jump(head, &[x.into()]);
        b.switch_to_block(head);
        let n = b.block_params(head)[0];
        let one = b.ins().iconst(types::I64, 1);
        let next = b.ins().isub(n, one);
        if looping {
            b.ins().brif(n, head, &[next.into()], done, &[]);
        } else {
            b.ins().brif(n, done, &[], done, &[]);
        }
        b.switch_to_block(done);
        b.ins().return_(&[x]);
        b.seal_all_blocks();
        b.finalize(super::super::host_isa().unwrap().frontend_config());
        func
    }

    #[test]
    fn a_panic_while_building_ends_the_helpers_and_goes_on() {
        let isa = super::super::host_isa().unwrap();
        let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            super::compile_all(&*isa, 2, |out| {
                out(super::Lowered {
                    id: cranelift_module::FuncId::from_u32(0),
                    func: function(true),
                    what: "test".into(),
                });
                panic!("while building");
            })
        }));
        // Without the queue closed on the panic, a helper would wait for ever.
        assert!(r.is_err());
    }

    #[test]
    fn functions_come_back_in_declaration_order() {
        let isa = super::super::host_isa().unwrap();
        let code = super::compile_all(&*isa, 3, |out| {
            for (id, looping) in [(2, true), (0, false), (1, true)] {
                out(super::Lowered {
                    id: cranelift_module::FuncId::from_u32(id),
                    func: function(looping),
                    what: format!("f{id}"),
                });
            }
            Ok(())
        })
        .unwrap();
        let ids: Vec<u32> = code.iter().map(|c| c.id.as_u32()).collect();
        assert_eq!(ids, [0, 1, 2]);
        assert!(code.iter().all(|c| !c.bytes.is_empty()));
    }

    #[test]
    fn a_build_error_is_returned_after_the_built_functions() {
        let isa = super::super::host_isa().unwrap();
        let r = super::compile_all(&*isa, 2, |out| {
            out(super::Lowered {
                id: cranelift_module::FuncId::from_u32(0),
                func: function(false),
                what: "f0".into(),
            });
            Err(crate::JitError::Unsupported("stop".into()))
        });
        assert!(matches!(r, Err(crate::JitError::Unsupported(m)) if m == "stop"));
    }
}
