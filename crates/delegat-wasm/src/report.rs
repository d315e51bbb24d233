//! `report`: the nämnd's basis for delegation as HTML, what `delegat check --rapport html`
//! writes for one rule file (with the pack's checksum and cost bounds when it builds).

use delegat_check::facts;
use delegat_report::delegation;

use crate::check::check_source;
use crate::error;

/// The report's HTML page, or (for a file whose errors keep the legality from being tried)
/// an error object as JSON text.
pub fn report(source: &str) -> String {
    let checked = check_source(source);
    let Some(program) = &checked.program else {
        return error::refused(source, &checked.diagnostics, &checked).to_string();
    };
    let mut r = facts::build(program, &checked.map, &checked.diagnostics);
    if !checked.diagnostics.iter().any(|d| d.is_error())
        && let Ok(pack) = crate::pack::build(source)
    {
        r.kontrollsumma = Some(pack.hash());
        for (name, line) in pack.cost_lines() {
            if let Some(d) = r.decisions.iter_mut().find(|d| d.name == name) {
                d.cost = Some(line);
            }
        }
    }
    delegation::html(&[r]).unwrap_or_else(|e| {
        error::bad_argument(format!("rapporten kan inte skrivas: {e}")).to_string()
    })
}
