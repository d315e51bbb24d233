//! The API as plain Rust functions, string in and string out, which `lib.rs` exports to
//! JavaScript and the native tests call directly.

pub use crate::check::{check, format};
