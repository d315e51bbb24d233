//! Helpers: the shipped examples' text and JSON parsing of a result.

use serde_json::Value;

/// The text of `examples/NAME.regel`.
pub fn example(name: &str) -> String {
    let path = format!("{}/../../examples/{name}.regel", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A result parsed as JSON (a test fails on text that is not JSON).
pub fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}
