//! The checker: turns the syntax trees of a rule file and the files it `använd`s into a
//! resolved, typed [`program::Program`] plus diagnostics (codes E01xx names, E02xx types,
//! units, ranges, tables, exhaustiveness, recursion and exempel; W0201).
//!
//! The crate does no IO: files named by `använd` are obtained through a [`Loader`].
//! Phases, in order: loading (`load.rs`), collecting names (`resolve.rs`), declared types
//! and signatures (`types.rs`, `decls.rs`), parameter values and tables (`tables.rs`),
//! rule bodies, decisions (`expr.rs`, `ops.rs`, `builtins.rs`, `valj.rs`, `narrow.rs`),
//! recursion (`recursion.rs`), exempel (`exempel.rs`), exception overlap (`undantag.rs`).

#![forbid(unsafe_code)]

mod builtins;
mod ctx;
mod decls;
mod exempel;
mod expr;
pub mod facts;
mod lagrum_decls;
pub mod legality;
mod letter_fields;
mod literals;
mod load;
mod narrow;
mod norm_date;
mod ops;
pub mod program;
mod recursion;
mod resolve;
mod tables;
mod types;
mod undantag;
mod valj;

use delegat_diagnostics::{Diagnostic, FileId, SourceMap};
use delegat_syntax::ast;

pub use load::Loader;
use program::Program;
pub use resolve::{BESLUTSDATUM, BUILTINS};

/// Checks the file `root` (already parsed into `root_ast`) together with every file it
/// `använd`s, which `loader` adds to `map`. Returns the program when there are no errors
/// (warnings allowed), and every diagnostic found, including the syntax errors of used
/// files (not those of `root`, which the caller has). Diagnostics are in phase order.
pub fn check(
    map: &mut SourceMap,
    root: FileId,
    root_ast: &ast::File,
    loader: &mut dyn Loader,
) -> (Option<Program>, Vec<Diagnostic>) {
    let (used, mut diags) = load::load_all(map, root, root_ast, loader);
    let mut files: Vec<&ast::File> = used.iter().map(|(_, f)| f).collect();
    files.push(root_ast);
    let (program, more) = check_files(map, &files);
    diags.extend(more);
    let has_errors = diags.iter().any(Diagnostic::is_error);
    (program.filter(|_| !has_errors), diags)
}

/// Checks a set of already loaded files: the used files first, the root last.
pub fn check_files(map: &SourceMap, files: &[&ast::File]) -> (Option<Program>, Vec<Diagnostic>) {
    let mut c = ctx::Checker::new(map);
    c.collect(files);
    c.lower_type_decls();
    c.signatures();
    let lagrum = c.check_lagrum();
    let params = c.check_params();
    let regler = c.check_regler();
    let beslut = c.check_beslut();
    c.check_recursion();
    let exempel = c.check_exempel(&regler, &beslut);
    c.check_undantag_overlap(&regler);
    let (uppgifter, bedomningar, regelverk) = c.plain_decls();
    if c.has_errors() {
        return (None, c.diags);
    }
    let program = (|| {
        Some(Program {
            regelverk,
            types: c.types.clone(),
            uppgifter: all(uppgifter)?,
            params: all(params)?,
            regler: all(regler)?,
            bedomningar: all(bedomningar)?,
            beslut: all(beslut)?,
            exempel: all(exempel)?,
            locals: c.locals.clone(),
            lagrum: all(lagrum)?,
        })
    })();
    let mut diags = c.diags;
    if let Some(p) = &program {
        let norm = norm_date::check(p);
        if !norm.is_empty() {
            diags.extend(norm);
            return (None, diags);
        }
    }
    (program, diags)
}

fn all<T>(v: Vec<Option<T>>) -> Option<Vec<T>> {
    v.into_iter().collect()
}
