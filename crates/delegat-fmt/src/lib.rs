//! `delegat fmt`: the one canonical layout of a rule file.
//!
//! [`format`] takes the text of a rule file and returns it laid out canonically (see
//! `layout` for the rules): indentation, spacing, aligned table rows, amounts grouped by
//! thousands with a decimal comma, the text in Unicode NFC. The author's line breaks,
//! comments and blank-line groups are kept. Formatting is idempotent (`format(format(x)) == format(x)`) and changes no
//! meaning: the formatted file builds to the same pack as the original, source positions
//! aside (tested on every rule file of the repository and on generated files).
//!
//! A file with syntax errors is not formatted: its diagnostics are returned instead. As a
//! guard, the result is read again before it is returned: if its tokens differ from the
//! original's or it no longer parses, the file is left alone with E0022 (a bug in Delegat,
//! not in the file).

#![forbid(unsafe_code)]

mod atoms;
mod layout;

use delegat_diagnostics::{Code, Diagnostic, FileId, Span};

/// Formats a rule file. Diagnostics, if any, point into file 0 ([`format_file`] names
/// another).
pub fn format(source: &str) -> Result<String, Vec<Diagnostic>> {
    format_file(FileId(0), source)
}

/// Formats the rule file `source`, known as `file` in the caller's source map: the
/// canonical text, or the syntax errors that keep it from being formatted.
pub fn format_file(file: FileId, source: &str) -> Result<String, Vec<Diagnostic>> {
    let (_, diags) = delegat_syntax::parse(file, source);
    let errors: Vec<Diagnostic> = diags.into_iter().filter(Diagnostic::is_error).collect();
    if !errors.is_empty() {
        return Err(errors);
    }
    // The canonical text is in Unicode NFC (a decomposed `å` is written composed), which
    // the parser reads the same.
    let normalized = delegat_syntax::nfc::normalize(source);
    let atoms = atoms::atoms(&normalized.text);
    let out = layout::layout(&atoms);
    let again = atoms::atoms(&out);
    let same_tokens = atoms.len() == again.len()
        && atoms
            .iter()
            .zip(&again)
            .all(|(a, b)| a.kind == b.kind && a.text == b.text);
    let (_, diags) = delegat_syntax::parse(file, &out);
    if !same_tokens || diags.iter().any(Diagnostic::is_error) {
        let span = Span::from_range(file, 0..0);
        return Err(vec![
            Diagnostic::new(
                Code::E0022,
                "filen kunde inte formateras utan risk för att dess innebörd ändras",
                span,
            )
            .with_note("detta är ett fel i Delegat, inte i regelfilen; filen lämnas som den är"),
        ]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
