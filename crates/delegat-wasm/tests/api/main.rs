//! The API of delegat-wasm called natively: the same functions the WebAssembly module
//! exports, asserted on the JSON they return.

#![allow(clippy::panic, reason = "the helpers of these tests fail loudly")]

mod check;
mod common;
mod decide;
mod pages;
