//! E0301 (register data) and E0302 (discretion): what an automated `beslut` may rest on.
//!
//! Every node a `beslut` reaches counts, whatever its role: a `manuell` outcome may depend
//! only on what the applicant stated (docs/language.md §7), and the automated outcomes after a
//! routing branch are reached only when its condition is false, so register data or a
//! judgement in that condition would still steer which cases are decided automatically.
//! `beslutsstöd` is exempt: a caseworker decides. One diagnostic per (decision, offending
//! declaration), with the shortest chain.

use delegat_diagnostics::{Code, Diagnostic};

use super::chain;
use super::deps::{DecisionDeps, Node};
use crate::program::{DecisionKind, Kalla, Program};

const E0301_NOTE: &str = "det här är Delegats regel, inte ett förbud i lag: ett automatiserat \
beslut ska bara bygga på det sökanden själv har uppgett, eftersom parten ska underrättas om allt \
material av betydelse innan beslutet fattas (förvaltningslagen 25 §) och ärendet ska vara \
tillräckligt utrett (förvaltningslagen 23 §); för uppgifter från ett register är det en \
handläggares uppgift";
const E0301_HELP: &str = "fråga sökanden i stället (`källa: sökande`), eller gör om beslutet \
till ett `beslutsstöd` så att en handläggare beslutar";
const E0302_NOTE: &str = "det här är Delegats regel, inte ett förbud i lag: en automatiserad \
beslutsfunktion kan bara tillämpa fasta regler och redovisa de omständigheter som en regel \
pekar ut (förvaltningslagen 32 §), och en skönsmässig bedömning av det enskilda fallet låter \
sig inte skrivas som en fast regel";
const E0302_HELP: &str = "ersätt bedömningen med en fast regel som nämnden har beslutat (t.ex. \
ett högsta godtagbart belopp), eller gör om beslutet till ett `beslutsstöd` så att en \
handläggare beslutar";
const ROUTING_NOTE: &str = "också villkor som skickar ärendet till en handläggare räknas: de \
automatiska utfallen nås bara när villkoret inte är uppfyllt, och ett `manuell`-utfall får \
bara bero på det sökanden har uppgett";

/// E0301 and E0302 for every `beslut`.
pub fn check(program: &Program, deps: &[DecisionDeps], out: &mut Vec<Diagnostic>) {
    for d in deps {
        let Some(beslut) = program.beslut.get(d.beslut.index()) else {
            continue;
        };
        if beslut.kind != DecisionKind::Beslut {
            continue;
        }
        for &node in d.all.nodes() {
            let Some((code, what, label, span)) = offence(program, node) else {
                continue;
            };
            let links = d.all.chain(node);
            let message = format!(
                "{} `{}` bygger på {} `{}`, {what}",
                chain::decision_noun(beslut),
                beslut.name.text,
                chain::noun(node),
                chain::name(program, node)
            );
            let mut diag = chain::diagnostic(program, code, message, beslut, &links, span, &label);
            let (note, help) = if code == Code::E0301 {
                (E0301_NOTE, E0301_HELP)
            } else {
                (E0302_NOTE, E0302_HELP)
            };
            diag = diag.with_note(note);
            if d.routing_only(node) {
                diag = diag.with_note(ROUTING_NOTE);
            }
            out.push(diag.with_help(help));
        }
    }
}

/// What is wrong with depending on `node`, if anything: the code, the clause for the
/// message, the final label and where it goes.
fn offence(
    program: &Program,
    node: Node,
) -> Option<(Code, String, String, delegat_diagnostics::Span)> {
    match node {
        Node::Uppgift(id) => {
            let u = program.uppgifter.get(id.index())?;
            match &u.kalla {
                Kalla::Sokande => None,
                Kalla::Register(name) => Some((
                    Code::E0301,
                    format!("som hämtas från register \"{}\"", name.text),
                    format!("som hämtas från register \"{}\"", name.text),
                    u.kalla_span,
                )),
                Kalla::Handlaggare => Some((
                    Code::E0302,
                    "som lämnas av en handläggare".to_owned(),
                    "som lämnas av en handläggare (`källa: handläggare`)".to_owned(),
                    u.kalla_span,
                )),
            }
        }
        Node::Bedomning(id) => {
            let b = program.bedomningar.get(id.index())?;
            Some((
                Code::E0302,
                "som kräver en handläggares skönsmässiga bedömning".to_owned(),
                "som är en bedömning som en handläggare gör".to_owned(),
                b.name.span,
            ))
        }
        Node::Regel(_) | Node::Param(_) => None,
    }
}
