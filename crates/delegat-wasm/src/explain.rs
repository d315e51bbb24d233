//! `explain` and `codes`: a diagnostic code's page (Markdown, the text `delegat explain`
//! lays out for a terminal) and the table of every code.

use delegat_diagnostics::Code;
use serde_json::json;

/// The page of `code` in Markdown, or an error object (JSON text) for an unknown code.
pub fn explain(code: &str) -> String {
    match Code::parse(code) {
        Some(c) => c.explanation().to_owned(),
        None => crate::error::bad_argument(format!(
            "`{code}` är ingen känd felkod; koderna ser ut som `E0002` eller `W0301`"
        ))
        .to_string(),
    }
}

/// `[{"code","title","severity"}]` for every code, in table order.
pub fn codes() -> String {
    let all: Vec<_> = Code::ALL
        .iter()
        .map(|c| {
            json!({
                "code": c.as_str(),
                "title": c.title(),
                "severity": c.default_severity().swedish(),
            })
        })
        .collect();
    serde_json::Value::Array(all).to_string()
}
