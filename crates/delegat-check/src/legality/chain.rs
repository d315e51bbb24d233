//! Turning a dependency chain into words and labels: "beslutet `stöd` beror på regeln
//! `inkomst`, som beror på uppgiften `taxerad_inkomst`, som hämtas från register …".
//!
//! A chain diagnostic has its primary label on the decision's name and one secondary label
//! per step, in order, each on the reference that takes the chain one step further; the last
//! label is on the offending declaration. Labels are numbered, since a renderer shows them in
//! source order rather than chain order, and the whole chain is also written out as a note.

use delegat_diagnostics::{Code, Diagnostic, Span};

use super::deps::{Link, Node};
use crate::program::{BeslutDef, DecisionKind, Program};

/// The definite Swedish noun for a node's kind: `regeln`, `parametern`, `uppgiften`,
/// `bedömningen`.
pub fn noun(node: Node) -> &'static str {
    match node {
        Node::Regel(_) => "regeln",
        Node::Param(_) => "parametern",
        Node::Uppgift(_) => "uppgiften",
        Node::Bedomning(_) => "bedömningen",
    }
}

/// The declared name of a node (empty if the id is out of range, which a checked program
/// never has).
pub fn name(program: &Program, node: Node) -> &str {
    match node {
        Node::Regel(id) => program.regler.get(id.index()).map(|d| d.name.text.as_str()),
        Node::Param(id) => program.params.get(id.index()).map(|d| d.name.text.as_str()),
        Node::Uppgift(id) => program
            .uppgifter
            .get(id.index())
            .map(|d| d.name.text.as_str()),
        Node::Bedomning(id) => program
            .bedomningar
            .get(id.index())
            .map(|d| d.name.text.as_str()),
    }
    .unwrap_or("")
}

/// Where a node is declared (its name).
pub fn decl_span(program: &Program, node: Node) -> Span {
    match node {
        Node::Regel(id) => program.regler.get(id.index()).map(|d| d.name.span),
        Node::Param(id) => program.params.get(id.index()).map(|d| d.name.span),
        Node::Uppgift(id) => program.uppgifter.get(id.index()).map(|d| d.name.span),
        Node::Bedomning(id) => program.bedomningar.get(id.index()).map(|d| d.name.span),
    }
    .unwrap_or_else(Span::detached)
}

/// `beslutet` or `beslutsstödet`.
pub fn decision_noun(beslut: &BeslutDef) -> &'static str {
    match beslut.kind {
        DecisionKind::Beslut => "beslutet",
        DecisionKind::Beslutsstod => "beslutsstödet",
    }
}

/// The chain written out: "beslutet `stöd` beror på regeln `inkomst`, som beror på
/// uppgiften `taxerad_inkomst`" followed by `tail` (e.g. ", som hämtas från …").
pub fn sentence(program: &Program, beslut: &BeslutDef, chain: &[Link], tail: &str) -> String {
    let mut out = format!("{} `{}`", decision_noun(beslut), beslut.name.text);
    for (i, link) in chain.iter().enumerate() {
        let joiner = if i == 0 {
            " beror på"
        } else {
            ", som beror på"
        };
        out.push_str(&format!(
            "{joiner} {} `{}`",
            noun(link.node),
            name(program, link.node)
        ));
    }
    out.push_str(tail);
    out
}

/// A diagnostic about `beslut` depending on the last node of `chain`: primary label on the
/// decision's name, one numbered label per step, and `final_label` at `final_span` (the
/// offending declaration). The chain is also written out as the first note when it has more
/// than one step.
pub fn diagnostic(
    program: &Program,
    code: Code,
    message: String,
    beslut: &BeslutDef,
    chain: &[Link],
    final_span: Span,
    final_label: &str,
) -> Diagnostic {
    let mut d = Diagnostic::new(code, message, beslut.name.span).with_primary_label(format!(
        "{} `{}`",
        decision_noun(beslut),
        beslut.name.text
    ));
    let mut step = 0;
    for (i, link) in chain.iter().enumerate() {
        step += 1;
        let prefix = if i == 0 { "beror på" } else { "som beror på" };
        d = d.with_label(
            link.span,
            format!(
                "{step}. {prefix} {} `{}`",
                noun(link.node),
                name(program, link.node)
            ),
        );
    }
    step += 1;
    d = d.with_label(final_span, format!("{step}. {final_label}"));
    if chain.len() > 1 {
        d = d.with_note(format!(
            "kedjan: {}",
            sentence(program, beslut, chain, &format!(", {final_label}"))
        ));
    }
    d
}

/// Items joined the Swedish way: `a`, `a och b`, `a, b och c`.
pub fn and_list(items: impl IntoIterator<Item = String>) -> String {
    let items: Vec<String> = items.into_iter().collect();
    match items.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} och {last}", rest.join(", ")),
        _ => items.concat(),
    }
}
