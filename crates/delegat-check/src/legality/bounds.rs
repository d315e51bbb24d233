//! W0302: a number the applicant states, with no lower bound, that an automated decision
//! rests on. Nothing in the law makes an income negative, but a case can say `-999999999`;
//! without a declared lower bound, such a value flows into the amount and the conditions of
//! a `beslut` and can yield an automated bifall of a billion kronor. The declared range is
//! what the case reader enforces (E0424), so declaring it closes the hole.
//!
//! What is looked at: each `uppgift` with `källa: sökande` that a `beslut` depends on
//! decisively (see `deps::Role`; what only routes to a caseworker cannot pay out), whose
//! type is, or contains in a list or a record field, a `belopp`, `heltal` or `tal` without a
//! lower bound. A `beslutsstöd` is exempt: a caseworker decides. Each input is reported once,
//! with the chain from the first decision that reaches it.

use std::collections::HashSet;

use delegat_diagnostics::{Code, Diagnostic};

use super::chain;
use super::deps::{DecisionDeps, Node};
use crate::program::{DecisionKind, Kalla, Program, Type, TypeDefKind};

/// Where in an input's type an unbounded number sits: `""` for the input itself, else
/// `" (i listan)"` or `" (fältet `x`)"`; `None` when every number has a lower bound.
fn unbounded(program: &Program, ty: &Type) -> Option<String> {
    // Records cannot contain themselves (the checker refuses recursive types), but a walk
    // over types keeps its own bound all the same.
    let mut stack: Vec<(&Type, String)> = vec![(ty, String::new())];
    let mut steps = 0;
    while let Some((ty, place)) = stack.pop() {
        steps += 1;
        if steps > 10_000 {
            return None;
        }
        match ty {
            Type::Heltal(b) | Type::Belopp(b) if b.lo.is_none() => return Some(place),
            Type::Tal(b) if b.lo.is_none() => return Some(place),
            Type::Lista(inner) => {
                let place = if place.is_empty() {
                    " (i listan)".to_owned()
                } else {
                    place
                };
                stack.push((inner, place));
            }
            Type::Record(id) => {
                if let Some(TypeDefKind::Record(fields)) =
                    program.types.get(id.index()).map(|t| &t.kind)
                {
                    for f in fields {
                        stack.push((&f.ty, format!(" (fältet `{}`)", f.name.text)));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// Adds a W0302 for every unbounded number an automated decision rests on.
pub fn check(program: &Program, deps: &[DecisionDeps], out: &mut Vec<Diagnostic>) {
    let mut reported = HashSet::new();
    for d in deps {
        let Some(beslut) = program.beslut.get(d.beslut.index()) else {
            continue;
        };
        if beslut.kind != DecisionKind::Beslut {
            continue;
        }
        for &node in d.decisive.nodes() {
            let Node::Uppgift(id) = node else { continue };
            let Some(uppgift) = program.uppgifter.get(id.index()) else {
                continue;
            };
            if uppgift.kalla != Kalla::Sokande || reported.contains(&id) {
                continue;
            }
            let Some(place) = unbounded(program, &uppgift.ty) else {
                continue;
            };
            reported.insert(id);
            let message = format!(
                "{} `{}` bygger på uppgiften `{}`{place}, ett tal utan nedre gräns som sökanden anger",
                chain::decision_noun(beslut),
                beslut.name.text,
                uppgift.name.text,
            );
            let links = d.decisive.chain(node);
            let diag = chain::diagnostic(
                program,
                Code::W0302,
                message,
                beslut,
                &links,
                uppgift.name.span,
                "som sökanden kan ange med ett negativt värde",
            );
            out.push(
                diag.with_note(
                    "ett negativt värde i ärendet räknas med som det står: en negativ inkomst \
                     ökar behovet, och beslutet kan bli ett automatiskt bifall med ett belopp \
                     som ingen verklig ansökan kan ge",
                )
                .with_help(
                    "ange det intervall som lagen och ansökan ger, till exempel \
                     `belopp 0 kr..1 000 000 kr` eller `lista av belopp 0 kr..1 000 000 kr`; \
                     ett värde utanför intervallet avvisas då när ärendet läses (E0424)",
                ),
            );
        }
    }
}
