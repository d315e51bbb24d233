//! The API's own errors as JSON values: `{"error":{"code":…,"message":…}}` with a stable
//! code and a Swedish message, beside the diagnostics where a rule file was refused.

use delegat_diagnostics::{Code, Diagnostic};
use serde_json::{Value, json};

use crate::check::Checked;
use crate::diagnostics::{Utf16Index, to_json};

/// `{"error":{"code","message"}}`.
pub(crate) fn error(code: Code, message: impl Into<String>) -> Value {
    json!({ "error": { "code": code.as_str(), "message": message.into() } })
}

/// The error of a call whose argument is not what the API takes (E0580).
pub(crate) fn bad_argument(message: impl Into<String>) -> Value {
    error(Code::E0580, message)
}

/// A rule file that does not build: the first error's code, a Swedish message, and every
/// diagnostic as `check` gives them.
pub(crate) fn refused(source: &str, diagnostics: &[Diagnostic], checked: &Checked) -> Value {
    let code = diagnostics
        .iter()
        .find(|d| d.is_error())
        .map_or(Code::E0580, |d| d.code);
    let index = Utf16Index::new(source);
    json!({
        "error": {
            "code": code.as_str(),
            "message": "regelfilen har fel och kan inte köras; rätta felen först",
        },
        "diagnostics": to_json(&checked.map, checked.file, &index, diagnostics),
    })
}

/// A date argument (`today`, from the page's `new Date()`), `ÅÅÅÅ-MM-DD`.
pub(crate) fn date(text: &str) -> Result<delegat::Date, Value> {
    delegat::Date::parse(text.trim()).map_err(|_| {
        bad_argument(format!(
            "`{text}` är inget datum; ange dagens datum som ÅÅÅÅ-MM-DD, t.ex. 2026-03-01"
        ))
    })
}
