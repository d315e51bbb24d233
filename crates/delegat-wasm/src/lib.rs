//! Delegat in the browser: the front end and the interpreter behind a small API for
//! WebAssembly (`wasm32-unknown-unknown`, `wasm-bindgen`).
//!
//! Every function takes and returns strings, and every result is JSON text (the report and
//! a code's page aside, which are HTML and Markdown), so the boundary is tiny and the same
//! functions are tested natively (`cargo test -p delegat-wasm`) and in Node. Nothing here
//! panics: every error is a JSON value with a code and a Swedish message. The API is
//! described for the page's authors in `README.md` beside this crate's manifest. The
//! module reads no clock, file or time zone database: today's date comes from the page.
//!
//! The functions themselves live in plain Rust modules ([`api`]); this file only exports
//! them to JavaScript under their camelCase names.

#![forbid(unsafe_code)]

pub mod api;
mod check;
mod decide;
mod diagnostics;
mod error;
mod exempel;
mod explain;
mod loader;
mod pack;
mod report;
mod shipped;

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

/// Every `exempel` run by the interpreter, with the coverage; `today` (`ÅÅÅÅ-MM-DD`) is the
/// date of an exempel without `beslutsdatum`.
#[wasm_bindgen(js_name = runExamples)]
pub fn run_examples(source: &str, today: &str) -> String {
    api::run_examples(source, today)
}

/// The `givet` of every exempel as the JSON text of a case.
#[wasm_bindgen(js_name = exempelCases)]
pub fn exempel_cases(source: &str) -> String {
    api::exempel_cases(source)
}

/// The JSON Schema of a case, as `delegat schema` prints it.
#[wasm_bindgen]
pub fn schema(source: &str, decision: &str) -> String {
    api::schema(source, decision)
}

/// One case decided: the decision document (the bytes of `delegat batch --motor tolk`),
/// the letter and the trace.
#[wasm_bindgen]
pub fn decide(source: &str, decision: &str, case_json: &str, today: &str) -> String {
    api::decide(source, decision, case_json, today)
}

/// The nämnd's basis for delegation as HTML (`delegat check --rapport html`).
#[wasm_bindgen]
pub fn report(source: &str) -> String {
    api::report(source)
}

/// A code's page in Markdown (`delegat explain`).
#[wasm_bindgen]
pub fn explain(code: &str) -> String {
    api::explain(code)
}

/// Every diagnostic code with its title and severity.
#[wasm_bindgen]
pub fn codes() -> String {
    api::codes()
}

/// The shipped example rule files.
#[wasm_bindgen]
pub fn examples() -> String {
    api::examples()
}
