//! Delegat in the browser: the front end and the interpreter behind a small API for
//! WebAssembly (`wasm32-unknown-unknown`, `wasm-bindgen`).
//!
//! Every function takes and returns strings, and every result is JSON text (the report and
//! a code's page aside, which are HTML and Markdown), so the boundary is tiny and the same
//! functions are tested natively (`cargo test -p delegat-wasm`) and in Node. Nothing here
//! panics: every error is a JSON value with a code and a Swedish message. The API is
//! described for the page's authors in `README.md` beside this crate's manifest.
//!
//! The functions themselves live in plain Rust modules ([`api`]); this file only exports
//! them to JavaScript under their camelCase names.

#![forbid(unsafe_code)]

pub mod api;
mod check;
mod diagnostics;
mod loader;

use wasm_bindgen::prelude::wasm_bindgen;

/// The diagnostics of a rule file, as `delegat check` gives them, with UTF-16 offsets.
#[wasm_bindgen]
pub fn check(source: &str) -> String {
    api::check(source)
}

/// The rule file in its canonical layout (`delegat fmt`), or the syntax errors that keep it
/// from being formatted.
#[wasm_bindgen]
pub fn format(source: &str) -> String {
    api::format(source)
}
