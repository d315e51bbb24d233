//! All integration tests of the JIT in one test binary, so that Cranelift is linked once:
//! one module per area. One area alone: `cargo test -p delegat-jit --test jit MODULE::`.

mod all_constructs;
mod budget;
mod examples;
mod fs;
mod interactions;
mod native;
mod refusals;
