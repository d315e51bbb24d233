//! The API as plain Rust functions, string in and string out, which `lib.rs` exports to
//! JavaScript and the native tests call directly.

pub use crate::check::{check, format};
pub use crate::decide::{decide, schema};
pub use crate::exempel::run_examples;
pub use crate::explain::{codes, explain};
pub use crate::pack::exempel_cases;
pub use crate::report::report;
pub use crate::shipped::{examples, files as shipped_files};
