//! Building a pack from source text: parse → check → legality gate → lower.
//!
//! Every refusal is a list of renderable [`Diagnostic`]s together with the [`SourceMap`]
//! they point into ([`BuildError`]). Warnings do not stop a build; they are kept on the
//! pack ([`crate::Pack::warnings`]).

use std::fmt;

use delegat_diagnostics::{Diagnostic, FileId, SourceMap, render};

pub use delegat_check::Loader;

/// A [`Loader`] for a single file: every `använd "…"` is refused (E0107).
#[derive(Clone, Copy, Debug, Default)]
pub struct NoLoader;

impl Loader for NoLoader {
    fn load(&mut self, _map: &mut SourceMap, _from: FileId, _path: &str) -> Result<FileId, String> {
        Err("filer kan inte läsas här (ingen inläsare är given)".to_owned())
    }
}

/// Why a rule file could not be built into a pack: the diagnostics (errors, and the
/// warnings found on the way) and the sources they point into.
#[derive(Clone, Debug)]
pub struct BuildError {
    /// Every diagnostic, errors first in phase order.
    pub diagnostics: Vec<Diagnostic>,
    /// The files read (the root and every file it `använd`s).
    pub sources: SourceMap,
}

impl BuildError {
    /// The diagnostics rendered for a person, with source excerpts (ANSI colours if `color`).
    pub fn render(&self, color: bool) -> String {
        render::human(&self.sources, &self.diagnostics, color)
    }

    /// The number of errors (not warnings).
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

impl fmt::Display for BuildError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

impl std::error::Error for BuildError {}

/// The checked program and the pack's program, or the reason it was refused.
pub(crate) struct Built {
    pub(crate) program: delegat_ir::Program,
    pub(crate) sources: SourceMap,
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Parses, checks (names, types, tables, exempel), runs the legality analysis and lowers.
pub(crate) fn build(name: &str, text: &str, loader: &mut dyn Loader) -> Result<Built, BuildError> {
    let mut sources = SourceMap::new();
    let file = sources.add(name, text);
    let (ast, mut diagnostics) = delegat_syntax::parse(file, text);
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Err(BuildError {
            diagnostics,
            sources,
        });
    }
    let (checked, diags) = delegat_check::check(&mut sources, file, &ast, loader);
    diagnostics.extend(diags);
    let Some(checked) = checked else {
        return Err(BuildError {
            diagnostics,
            sources,
        });
    };
    diagnostics.extend(delegat_check::legality::check(&checked));
    if diagnostics.iter().any(Diagnostic::is_error) {
        diagnostics.sort_by_key(|d| !d.is_error());
        return Err(BuildError {
            diagnostics,
            sources,
        });
    }
    match lower(&checked) {
        Ok(program) => {
            let costly = crate::cost::diagnostics(&program);
            if !costly.is_empty() {
                diagnostics.splice(0..0, costly);
                return Err(BuildError {
                    diagnostics,
                    sources,
                });
            }
            Ok(Built {
                program,
                sources,
                warnings: diagnostics,
            })
        }
        Err(diag) => {
            diagnostics.insert(0, *diag);
            Err(BuildError {
                diagnostics,
                sources,
            })
        }
    }
}

/// Lowers a checked program to the pack's IR (`delegat-lower`; the result is verified
/// there, and a failure is E0502).
fn lower(
    checked: &delegat_check::program::Program,
) -> Result<delegat_ir::Program, Box<Diagnostic>> {
    delegat_lower::lower(checked)
}
