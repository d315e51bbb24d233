//! Compiling built functions to machine code on worker threads.
//!
//! Cranelift's per-function work (lowering, register allocation, emission) depends only on
//! the function and the ISA, so it runs on the calling thread and
//! `available_parallelism() - 1` (at most [`MAX_HELPERS`]) detached worker threads, each
//! with its own `Context`. The IR is built first, on the calling thread (it needs the
//! module and the constants); then every thread takes the next function from one queue,
//! largest first, and compiles a copy of it. The calling thread never waits for a worker:
//! once the queue is empty it compiles itself whatever is taken but not finished (on a
//! busy machine the worker may have lost its core mid-function), and the first result of
//! a function is kept. So a compile takes at most about one thread's time plus the copies,
//! and two threads' share of it on an idle machine. (Waiting for the workers instead, or
//! feeding them through a channel while the IR was still being built, made small packs up
//! to several times slower when another process held one of the two cores.) The machine
//! code comes back with its relocations and is handed to the module in function order, so
//! the module's contents do not depend on the thread count or the scheduling. A pack of
//! fewer than [`MIN_FUNCTIONS_FOR_THREADS`] functions is compiled on the calling thread
//! alone.

use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use cranelift_codegen::Context;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::Function;
use cranelift_codegen::isa::{OwnedTargetIsa, TargetIsa};
use cranelift_module::{FuncId, ModuleError, ModuleReloc};

use super::codegen_err;
use crate::JitError;

/// Below this many functions there is nothing to share (fritidsaktivitetsbidrag.regel has
/// one, and compiles in about 0.3 ms).
pub(crate) const MIN_FUNCTIONS_FOR_THREADS: usize = 2;

/// At most this many workers: starting one costs the calling thread some tens of
/// microseconds, and a compile cannot take less than its largest function (the decision of
/// forsorjningsstod.regel: about a fifth of the pack's compile), so more than three
/// workers beside the calling thread would mostly be started for nothing.
const MAX_HELPERS: usize = 3;

/// A function's Cranelift IR, built and waiting to be compiled.
pub(crate) struct Built {
    pub(crate) id: FuncId,
    pub(crate) func: Function,
    /// What it is, in Swedish, for error messages (`regel `x``).
    pub(crate) what: String,
}

/// A function's machine code and relocations, ready for `define_function_bytes`.
pub(crate) struct Code {
    pub(crate) id: FuncId,
    pub(crate) align: u64,
    pub(crate) bytes: Vec<u8>,
    pub(crate) relocs: Vec<ModuleReloc>,
}

/// Where the builder puts each function it has built; an error stops the build.
pub(crate) type Sink<'s> = dyn FnMut(Built) -> Result<(), JitError> + 's;

/// Runs `build` on the calling thread, compiling every function it puts in the sink; the
/// machine code in the order the functions were built. `count` is how many functions
/// there are (to choose whether to use threads). The error is the first in build order:
/// a function's compile error comes before any error of building a later one.
pub(crate) fn compile_all<F>(
    isa: &OwnedTargetIsa,
    count: usize,
    build: F,
) -> Result<Vec<Code>, JitError>
where
    F: FnOnce(&mut Sink<'_>) -> Result<(), JitError>,
{
    let helpers = if count < MIN_FUNCTIONS_FOR_THREADS {
        0
    } else {
        std::thread::available_parallelism()
            .map_or(1, NonZeroUsize::get)
            .saturating_sub(1)
            .min(MAX_HELPERS)
    };
    compile_with(isa, count, helpers, build)
}

/// The work shared by the threads of one compile.
struct Shared {
    isa: OwnedTargetIsa,
    /// The built functions, largest first, each with its index in build order.
    queue: Vec<(usize, Built)>,
    /// The next function in `queue` to take.
    next: AtomicUsize,
    /// Per function, in build order: its machine code, from the thread that finished first.
    done: Mutex<Vec<Option<Result<Code, JitError>>>>,
}

impl Shared {
    /// Compiles the functions of the queue no thread has taken yet; with `all`, then also
    /// those taken but not finished (a copy of each: the code is the same either way).
    fn work(&self, all: bool) {
        let mut ctx = Context::new();
        while let Some((i, b)) = self.queue.get(self.next.fetch_add(1, Ordering::Relaxed)) {
            self.compile(&mut ctx, *i, b);
        }
        if all {
            for (i, b) in &self.queue {
                if !self.is_done(*i) {
                    self.compile(&mut ctx, *i, b);
                }
            }
        }
    }

    fn is_done(&self, i: usize) -> bool {
        self.done
            .lock()
            .is_ok_and(|d| d.get(i).is_some_and(Option::is_some))
    }

    fn compile(&self, ctx: &mut Context, i: usize, b: &Built) {
        let r = compile_one(&*self.isa, ctx, &b.what, b.id, b.func.clone());
        if let Ok(mut done) = self.done.lock()
            && let Some(slot @ None) = done.get_mut(i)
        {
            *slot = Some(r);
        }
    }
}

/// [`compile_all`] with `helpers` worker threads beside the calling one. With none, each
/// function is compiled on the calling thread as soon as it is built. With some, everything
/// is built first, then compiled largest first by the calling thread and the `helpers`
/// detached workers. The calling thread never waits for a worker: at the end it compiles
/// itself what a worker has taken but not finished (on a busy machine the worker may have
/// lost its core), so a compile takes at most about the time of one thread; a worker that
/// finishes later finds the function done and stops.
fn compile_with<F>(
    isa: &OwnedTargetIsa,
    count: usize,
    helpers: usize,
    build: F,
) -> Result<Vec<Code>, JitError>
where
    F: FnOnce(&mut Sink<'_>) -> Result<(), JitError>,
{
    if helpers == 0 {
        let mut ctx = Context::new();
        let mut codes = Vec::with_capacity(count);
        build(&mut |b| {
            codes.push(compile_one(&**isa, &mut ctx, &b.what, b.id, b.func)?);
            Ok(())
        })?;
        return Ok(codes);
    }
    let mut queue: Vec<(usize, Built)> = Vec::with_capacity(count);
    let build_result = build(&mut |b| {
        queue.push((queue.len(), b));
        Ok(())
    });
    let built = queue.len();
    // Largest first (ties in build order), so that what is left at the end is small.
    queue.sort_by_key(|(_, b)| std::cmp::Reverse(b.func.dfg.num_insts()));
    let mut done = Vec::new();
    done.resize_with(built, || None);
    let shared = Arc::new(Shared {
        isa: isa.clone(),
        queue,
        next: AtomicUsize::new(0),
        done: Mutex::new(done),
    });
    for k in 0..helpers.min(built.saturating_sub(1)) {
        let shared = Arc::clone(&shared);
        // Without the thread, the calling thread compiles its share.
        let _ = std::thread::Builder::new()
            .name(format!("delegat-jit-{k}"))
            .spawn(move || shared.work(false));
    }
    shared.work(true);
    let done = match shared.done.lock() {
        Ok(mut d) => std::mem::take(&mut *d),
        Err(_) => return Err(JitError::Codegen("a compile thread panicked".into())),
    };
    let mut codes = Vec::with_capacity(done.len());
    for (i, slot) in done.into_iter().enumerate() {
        match slot {
            Some(r) => codes.push(r?),
            None => return Err(JitError::Codegen(format!("function #{i} not compiled"))),
        }
    }
    build_result?;
    Ok(codes)
}

/// Compiles one function (`what`, defined as `id`) to machine code, verifying it first in
/// debug builds and tests.
fn compile_one(
    isa: &dyn TargetIsa,
    ctx: &mut Context,
    what: &str,
    id: FuncId,
    func: Function,
) -> Result<Code, JitError> {
    ctx.clear();
    ctx.func = func;
    // Cranelift's verifier is off in the ISA flags (it only finds bugs of this crate,
    // which the differential tests look for); debug builds and tests run it here.
    if cfg!(debug_assertions) {
        cranelift_codegen::verify_function(&ctx.func, isa)
            .map_err(|e| codegen_err(&format!("verify {what}"), e))?;
    }
    ctx.compile(isa, &mut ControlPlane::default())
        .map_err(|e| codegen_err(&format!("compile {what}"), ModuleError::from(e)))?;
    let Some(code) = ctx.compiled_code() else {
        return Err(codegen_err(&format!("compile {what}"), "no code"));
    };
    Ok(Code {
        id,
        align: u64::from(code.buffer.alignment),
        bytes: code.code_buffer().to_vec(),
        relocs: code
            .buffer
            .relocs()
            .iter()
            .map(|r| ModuleReloc::from_mach_reloc(r, &ctx.func, id))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use cranelift_codegen::ir::{AbiParam, InstBuilder, Signature, UserFuncName, types};
    use cranelift_codegen::isa::CallConv;
    use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};

    use super::*;

    /// `fn(x) -> x + k`, as function `k`; one the verifier rejects when `broken`.
    fn function(isa: &dyn TargetIsa, k: u32, broken: bool) -> Built {
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params.push(AbiParam::new(types::I64));
        sig.returns.push(AbiParam::new(types::I64));
        let mut func = Function::with_name_signature(UserFuncName::user(0, k), sig);
        let mut fctx = FunctionBuilderContext::new();
        let mut b = FunctionBuilder::new(&mut func, &mut fctx);
        let block = b.create_block();
        b.append_block_params_for_function_params(block);
        b.switch_to_block(block);
        b.seal_block(block);
        let x = b.block_params(block)[0];
        let c = b.ins().iconst(types::I64, i64::from(k) * 1_000_003);
        let y = b.ins().iadd(x, c);
        // Broken: returns nothing where the signature says a word (the verifier says so).
        let ret = if broken { vec![] } else { vec![y] };
        b.ins().return_(&ret);
        b.finalize(isa.frontend_config());
        Built {
            id: FuncId::from_u32(k),
            func,
            what: format!("regel `f{k}`"),
        }
    }

    fn compile(
        helpers: usize,
        n: u32,
        broken: Option<u32>,
        fail_after: Option<u32>,
    ) -> Result<Vec<Code>, JitError> {
        let isa = super::super::host_isa().unwrap();
        compile_with(&isa, n as usize, helpers, |sink| {
            for k in 0..n {
                if fail_after == Some(k) {
                    return Err(JitError::Codegen(format!("build {k}")));
                }
                sink(function(&*isa, k, broken == Some(k)))?;
            }
            Ok(())
        })
    }

    fn summary(codes: &[Code]) -> Vec<(FuncId, u64, Vec<u8>)> {
        codes
            .iter()
            .map(|c| (c.id, c.align, c.bytes.clone()))
            .collect()
    }

    #[test]
    fn threads_give_the_same_code_in_the_same_order() {
        let serial = compile(0, 40, None, None).unwrap();
        assert_eq!(serial.len(), 40);
        assert!(
            serial
                .iter()
                .enumerate()
                .all(|(k, c)| c.id == FuncId::from_u32(k as u32))
        );
        // The constants differ, so the functions' code does too.
        assert_ne!(serial[1].bytes, serial[2].bytes);
        for helpers in [1, 3] {
            let threaded = compile(helpers, 40, None, None).unwrap();
            assert_eq!(summary(&threaded), summary(&serial), "{helpers} helpers");
        }
    }

    // The broken function is found by the verifier, which runs in debug builds only.
    #[cfg(debug_assertions)]
    #[test]
    fn the_first_error_in_build_order_is_returned() {
        for helpers in [0, 1, 3] {
            // A build error after a compile error: the compile error.
            let e = compile(helpers, 40, Some(5), Some(20))
                .err()
                .unwrap()
                .to_string();
            assert!(e.contains("regel `f5`"), "{helpers}: {e}");
            // A build error before it: the build error.
            let e = compile(helpers, 40, Some(25), Some(20))
                .err()
                .unwrap()
                .to_string();
            assert!(e.contains("build 20"), "{helpers}: {e}");
            let e = compile(helpers, 40, None, Some(39))
                .err()
                .unwrap()
                .to_string();
            assert!(e.contains("build 39"), "{helpers}: {e}");
        }
    }
}
