//! All integration tests of the parser in one test binary: one module per area. One area
//! alone: `cargo test -p delegat-syntax --test syntax MODULE::`.

mod robust;
mod spans;
