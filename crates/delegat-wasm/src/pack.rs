//! Building the pack of a rule file, as `delegat run`/`test`/`batch` do with a `.regel`
//! file: the interpreter decides (no JIT in the browser).

use delegat::{Decider, Engine, Pack};
use serde_json::Value;

use crate::check::{FILE_NAME, check_source};
use crate::error;
use crate::loader::NoFiles;

/// The pack of `source`, or the refusal as a JSON error with the diagnostics.
pub(crate) fn build(source: &str) -> Result<Pack, Value> {
    Pack::from_source(FILE_NAME, source, &mut NoFiles).map_err(|e| {
        // The diagnostics as `check` gives them, which a page already knows how to show.
        let checked = check_source(source);
        let diagnostics = if checked.diagnostics.iter().any(|d| d.is_error()) {
            checked.diagnostics.clone()
        } else {
            e.diagnostics
        };
        error::refused(source, &diagnostics, &checked)
    })
}

/// The interpreter's decider of the decision `name` (the pack's default decision when
/// `name` is empty).
pub(crate) fn decider<'p>(pack: &'p Pack, name: &str) -> Result<Decider<'p>, Value> {
    let refuse = |e: delegat::PackError| error::error(e.code(), e.to_string());
    let decider = pack.engine(Engine::Interpreter).map_err(refuse)?;
    if name.trim().is_empty() {
        return Ok(decider);
    }
    decider.with_decision(name.trim()).map_err(refuse)
}
