//! `decide` and `schema`: one case decided by the interpreter, with the decision document
//! written by the same code and to the same bytes as `delegat batch --motor tolk`, the
//! letter, and the trace; the pack's JSON Schema of a case as `delegat schema` prints it.

use delegat::{BatchOptions, BatchSummary};
use serde_json::{Value, json};

use crate::{error, pack};

/// `{"document","title","letter","letterHtml","trace"}`, or an error object.
pub fn decide(source: &str, decision: &str, case_json: &str, today: &str) -> String {
    decided(source, decision, case_json, today)
        .unwrap_or_else(|e| e)
        .to_string()
}

fn decided(source: &str, decision: &str, case_json: &str, today: &str) -> Result<Value, Value> {
    let date = error::date(today)?;
    let pack = pack::build(source)?;
    let decider = pack::decider(&pack, decision)?;
    // A batch reads one case a line; a case from a form may be laid out on several. Line
    // breaks outside strings are white space in JSON, and inside a string they are not
    // allowed, so making them spaces changes no valid case.
    let line: String = case_json
        .chars()
        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
        .collect();
    let opts = BatchOptions {
        default_date: Some(date),
        ..BatchOptions::default()
    };
    let mut out = Vec::new();
    let written: std::io::Result<BatchSummary> =
        decider.decide_batch_with(line.as_bytes(), &mut out, &opts, |_| {});
    if let Err(e) = written {
        return Err(error::bad_argument(format!(
            "ärendet kunde inte läsas: {e}"
        )));
    }
    let mut document = String::from_utf8_lossy(&out).into_owned();
    if document.ends_with('\n') {
        document.pop();
    }
    let decided = decider.decide(&line, Some(date)).ok();
    // The decision's title as its letter gives it (`titel:`), for the page's heading.
    let title = decided.as_ref().map(|d| d.title());
    let letter = decided.as_ref().map(|d| d.letter());
    // The print-ready page of the same letter, with the pack's logo if it names one.
    let letter_html = decided.as_ref().map(|d| d.letter_html(None));
    let trace = serde_json::from_str::<Value>(&document)
        .ok()
        .and_then(|d| d.get("spår").cloned())
        .unwrap_or(Value::Null);
    Ok(json!({
        "document": document,
        "title": title,
        "letter": letter,
        "letterHtml": letter_html,
        "trace": trace,
    }))
}

/// The JSON Schema of a case of the pack, as `delegat schema` prints it (one schema for
/// every decision of a pack: they share its inputs; `decision`, when given, must be one).
pub fn schema(source: &str, decision: &str) -> String {
    let built = pack::build(source).and_then(|pack| {
        pack::decider(&pack, decision)?;
        serde_json::to_string_pretty(&pack.schema())
            .map(|text| format!("{text}\n"))
            .map_err(|e| error::bad_argument(format!("schemat kan inte skrivas: {e}")))
    });
    built.unwrap_or_else(|e| e.to_string())
}
