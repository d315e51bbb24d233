//! Building the pack of a rule file, as `delegat run`/`test`/`batch` do with a `.regel`
//! file: the interpreter decides (no JIT in the browser). The last pack built is kept, so
//! that deciding case after case with the same text builds it once.

use std::cell::RefCell;
use std::rc::Rc;

use delegat::{Decider, Engine, Pack};
use serde_json::{Value, json};

use crate::check::{FILE_NAME, check_source};
use crate::error;
use crate::loader::NoFiles;

thread_local! {
    /// The text of the last rule file built and its pack.
    static LAST: RefCell<Option<(String, Rc<Pack>)>> = const { RefCell::new(None) };
}

/// The pack of `source` (built, or the one kept for the same text), or the refusal as a
/// JSON error with the diagnostics.
pub(crate) fn build(source: &str) -> Result<Rc<Pack>, Value> {
    let kept = LAST.with_borrow(|last| {
        last.as_ref()
            .filter(|(text, _)| text == source)
            .map(|(_, pack)| Rc::clone(pack))
    });
    if let Some(pack) = kept {
        return Ok(pack);
    }
    let pack = Rc::new(build_new(source)?);
    LAST.set(Some((source.to_owned(), Rc::clone(&pack))));
    Ok(pack)
}

fn build_new(source: &str) -> Result<Pack, Value> {
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

/// `[{"name","case"}]`: the `givet` of every exempel as the JSON text of a case (with its
/// `beslutsdatum` when the exempel writes one), to fill a form with or to decide.
pub fn exempel_cases(source: &str) -> String {
    match build(source) {
        Ok(pack) => {
            let all: Vec<Value> = pack
                .example_cases()
                .into_iter()
                .map(|(name, case)| json!({ "name": name, "case": case }))
                .collect();
            Value::Array(all).to_string()
        }
        Err(e) => e.to_string(),
    }
}
