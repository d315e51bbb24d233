//! `check` and `format`: the checker's diagnostics of one rule file, as `delegat check`
//! reports them (syntax, names and types, legality, the static cost bound), and its
//! canonical layout as `delegat fmt` writes it.

use delegat_check::legality;
use delegat_check::program::Program;
use delegat_diagnostics::{Diagnostic, FileId, SourceMap};
use serde_json::json;

use crate::diagnostics::{Utf16Index, to_json};
use crate::loader::NoFiles;

/// The name the rule file has in diagnostics and the report.
pub(crate) const FILE_NAME: &str = "regel.regel";

/// What checking one text gives: its source map, the file's id, the checked program (when
/// it has no errors) and every diagnostic, without repeats.
#[derive(Debug)]
pub(crate) struct Checked {
    /// The source map, with the text as its one file.
    pub(crate) map: SourceMap,
    /// The text's id in `map`.
    pub(crate) file: FileId,
    /// The checked program; `None` when the checker found errors.
    pub(crate) program: Option<Program>,
    /// Every diagnostic, in the order `delegat check` reports them.
    pub(crate) diagnostics: Vec<Diagnostic>,
}

/// Checks `source` as `delegat check` checks one file without a policy file beside it.
pub(crate) fn check_source(source: &str) -> Checked {
    let mut map = SourceMap::new();
    let file = map.add(FILE_NAME, source);
    let (ast, mut diagnostics) = delegat_syntax::parse(file, source);
    let (program, mut diags) = delegat_check::check(&mut map, file, &ast, &mut NoFiles);
    if let Some(program) = &program {
        let deps = legality::analyse(program);
        diags.extend(legality::check_with(program, &deps));
        // The static cost bound (E0507) of a file that passes everything else, as
        // `delegat check` gives it.
        if !diags.iter().any(Diagnostic::is_error) {
            diags.extend(delegat::cost_diagnostics(program));
        }
    }
    diagnostics.extend(diags);
    Checked {
        map,
        file,
        program,
        diagnostics: dedupe(diagnostics),
    }
}

/// The diagnostics without repeats, in first-reported order (as `delegat check`).
fn dedupe(diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let mut seen = std::collections::HashSet::with_capacity(diagnostics.len());
    diagnostics
        .into_iter()
        .filter(|d| seen.insert(d.clone()))
        .collect()
}

/// `{"diagnostics":[…],"decisions":[names]}`: the diagnostics of `source` and the names of
/// its decisions (empty while the file has errors).
pub fn check(source: &str) -> String {
    let checked = check_source(source);
    let index = Utf16Index::new(source);
    let decisions: Vec<&str> = checked
        .program
        .iter()
        .flat_map(|p| p.beslut.iter().map(|b| b.name.text.as_str()))
        .collect();
    json!({
        "diagnostics": to_json(&checked.map, checked.file, &index, &checked.diagnostics),
        "decisions": decisions,
    })
    .to_string()
}

/// `{"ok":true,"text":…}` with the canonical layout, or `{"ok":false,"diagnostics":[…]}`
/// with the syntax errors that keep `source` from being formatted.
pub fn format(source: &str) -> String {
    match delegat_fmt::format(source) {
        Ok(text) => json!({ "ok": true, "text": text }).to_string(),
        Err(diagnostics) => {
            let mut map = SourceMap::new();
            let file = map.add(FILE_NAME, source);
            let index = Utf16Index::new(source);
            json!({ "ok": false, "diagnostics": to_json(&map, file, &index, &diagnostics) })
                .to_string()
        }
    }
}
