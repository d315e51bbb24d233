//! The legality analysis (docs/language.md §7, codes E03xx and W0301): what `delegat check`
//! refuses because the law, or Delegat's own rule, does not let a machine decide it.
//!
//! It runs on a checked [`Program`] (so names are resolved and types agree) and never fails:
//! it returns diagnostics. The pieces:
//! - [`deps`]: for every decision, everything it depends on, with shortest chains;
//! - `sources`: E0301 (register data) and E0302 (judgements, `källa: handläggare`);
//! - `form`: E0303–E0308, the form of a decision (motivering, `enligt`, appeal, `avser`);
//! - [`lagrum`]: citations and the provisions appealed by laglighetsprövning;
//! - [`appeal`]: the table of appeal provisions and the route of a basis (E0305, E0313,
//!   W0303);
//! - [`words`]: W0301, the words that signal discretion;
//! - [`policy`]: `delegat.toml`, which can only make the check stricter.
//!
//! See `docs/legality.md` for the decisions taken where docs/language.md leaves room.

pub mod appeal;
pub mod deps;
pub mod lagrum;
pub mod policy;
pub mod words;

mod bounds;
mod chain;
mod form;
mod sources;

#[cfg(test)]
mod tests;

use delegat_diagnostics::Diagnostic;

use crate::program::Program;

pub use chain::{decl_span, name as node_name, noun as node_noun};
pub use deps::{DecisionDeps, Link, Node, Role, analyse};
pub use form::{AVSER, OVERKLAGANDE};

/// Every legality diagnostic of the program, decision by decision in source order: first
/// the form of each decision (E0303–E0308), then its sources (E0301, E0302), then W0301.
pub fn check(program: &Program) -> Vec<Diagnostic> {
    let deps = analyse(program);
    check_with(program, &deps)
}

/// As [`check`], with an analysis already made (the report uses the same one).
pub fn check_with(program: &Program, deps: &[DecisionDeps]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    form::check(program, &mut out);
    sources::check(program, deps, &mut out);
    words::check(program, deps, &mut out);
    bounds::check(program, deps, &mut out);
    out.sort_by_key(|d| (d.primary.span.file, d.primary.span.start, d.code));
    out
}

/// A short Swedish description of a node for reports: `regeln \`inkomst\``.
pub fn describe(program: &Program, node: Node) -> String {
    format!("{} `{}`", chain::noun(node), chain::name(program, node))
}
