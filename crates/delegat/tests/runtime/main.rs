//! All integration tests of the runtime in one test binary, so that the runtime (Cranelift
//! included) is linked once: one module per area. One area alone:
//! `cargo test -p delegat --test runtime MODULE::`.

mod api;
mod differential;
mod engines;
mod letter;
mod letter_fields;
mod nfc;
mod shipped;
