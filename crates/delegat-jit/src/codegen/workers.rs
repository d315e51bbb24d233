//! Compiling built functions to machine code, on worker threads while the calling thread
//! builds the next functions' IR.
//!
//! Cranelift's per-function work (lowering, register allocation, emission) depends only
//! on the function and the ISA, so it runs on `available_parallelism() - 1` scoped worker
//! threads, each with its own `Context`, fed through a channel as the calling thread builds
//! each function's IR (which needs the module and the constants, so it stays on one
//! thread); once everything is built, the calling thread compiles what is left too. The
//! machine code comes back with its relocations and is handed to the module in function
//! order, so the module's contents do not depend on the thread count or the scheduling.
//! A pack of fewer than [`MIN_FUNCTIONS_FOR_THREADS`] functions is compiled on the calling
//! thread alone.

use std::num::NonZeroUsize;
use std::sync::Mutex;
use std::sync::mpsc;

use cranelift_codegen::Context;
use cranelift_codegen::control::ControlPlane;
use cranelift_codegen::ir::Function;
use cranelift_codegen::isa::TargetIsa;
use cranelift_module::{FuncId, ModuleError, ModuleReloc};

use super::codegen_err;
use crate::JitError;

/// Below this many functions, starting a thread costs more than it saves (`compile_time`:
/// fritidsaktivitetsbidrag.regel, 31 functions, compiles in about 0.3 ms).
pub(crate) const MIN_FUNCTIONS_FOR_THREADS: usize = 2;

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
    isa: &dyn TargetIsa,
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
    };
    compile_with(isa, count, helpers, build)
}

/// [`compile_all`] with `helpers` worker threads beside the calling one (none: all on the
/// calling thread).
fn compile_with<F>(
    isa: &dyn TargetIsa,
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
            codes.push(compile_one(isa, &mut ctx, b)?);
            Ok(())
        })?;
        return Ok(codes);
    }
    compile_threaded(isa, count, helpers, build)
}

/// [`compile_with`] on threads.
fn compile_threaded<F>(
    isa: &dyn TargetIsa,
    count: usize,
    helpers: usize,
    build: F,
) -> Result<Vec<Code>, JitError>
where
    F: FnOnce(&mut Sink<'_>) -> Result<(), JitError>,
{
    let (tx, rx) = mpsc::channel::<(usize, Built)>();
    let rx = Mutex::new(rx);
    // Takes functions off the channel until it is empty and closed.
    let work = |ctx: &mut Context| {
        let mut out = Vec::new();
        loop {
            let next = match rx.lock() {
                Ok(rx) => rx.recv(),
                // A worker panicked while taking a function: what is left is reported as
                // not compiled below.
                Err(_) => break,
            };
            let Ok((i, b)) = next else { break };
            out.push((i, compile_one(isa, ctx, b)));
        }
        out
    };
    let mut slots: Vec<Option<Result<Code, JitError>>> = Vec::with_capacity(count);
    let mut built = 0;
    let mut build_result = Ok(());
    let mut panicked = false;
    std::thread::scope(|s| {
        let work = &work;
        let handles: Vec<_> = (0..helpers)
            .filter_map(|k| {
                std::thread::Builder::new()
                    .name(format!("delegat-jit-{k}"))
                    .spawn_scoped(s, move || work(&mut Context::new()))
                    // Without the thread, the calling thread compiles its share.
                    .ok()
            })
            .collect();
        let mut ctx = Context::new();
        let mut mine = Vec::new();
        build_result = build(&mut |b| {
            if let Err(mpsc::SendError((i, b))) = tx.send((built, b)) {
                mine.push((i, compile_one(isa, &mut ctx, b)));
            }
            built += 1;
            Ok(())
        });
        drop(tx);
        mine.extend(work(&mut ctx));
        let mut all = vec![mine];
        for h in handles {
            match h.join() {
                Ok(out) => all.push(out),
                Err(_) => panicked = true,
            }
        }
        slots.resize_with(built, || None);
        for (i, r) in all.into_iter().flatten() {
            if let Some(slot) = slots.get_mut(i) {
                *slot = Some(r);
            }
        }
    });
    let mut codes = Vec::with_capacity(slots.len());
    for (i, slot) in slots.into_iter().enumerate() {
        match slot {
            Some(r) => codes.push(r?),
            None if panicked => {
                return Err(JitError::Codegen("a compile thread panicked".into()));
            }
            None => return Err(JitError::Codegen(format!("function #{i} not compiled"))),
        }
    }
    build_result?;
    Ok(codes)
}

/// Compiles one function to machine code (verifying it first in debug builds and tests).
fn compile_one(isa: &dyn TargetIsa, ctx: &mut Context, b: Built) -> Result<Code, JitError> {
    ctx.clear();
    ctx.func = b.func;

    // Cranelift's verifier is off in the ISA flags (it only finds bugs of this crate,
    // which the differential tests look for); debug builds and tests run it here.
    if cfg!(debug_assertions) {
        cranelift_codegen::verify_function(&ctx.func, isa)
            .map_err(|e| codegen_err(&format!("verify {}", b.what), e))?;
    }
    ctx.compile(isa, &mut ControlPlane::default())
        .map_err(|e| codegen_err(&format!("compile {}", b.what), ModuleError::from(e)))?;
    let Some(code) = ctx.compiled_code() else {
        return Err(codegen_err(&format!("compile {}", b.what), "no code"));
    };
    Ok(Code {
        id: b.id,
        align: u64::from(code.buffer.alignment),
        bytes: code.code_buffer().to_vec(),
        relocs: code
            .buffer
            .relocs()
            .iter()
            .map(|r| ModuleReloc::from_mach_reloc(r, &ctx.func, b.id))
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
        compile_with(&*isa, n as usize, helpers, |sink| {
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
