//! The norm date of a decision (docs/language.md §4): `gäller_månad:`, `normdatum:`,
//! `normdatum_tidigast:` and `normdatum_senast:` are computed before anything dated is
//! chosen, so none of them may depend on a parameter, directly or through rules (E0229,
//! with the chain of references); a bound without a norm date bounds nothing (E0230).

use delegat_diagnostics::{Code, Diagnostic};

use crate::legality::deps::{Graph, Node, refs_of};
use crate::legality::{decl_span, node_name as name, node_noun as noun};
use crate::program::{BeslutDef, Program, TExpr};

/// The diagnostics of every decision's norm fields.
pub fn check(program: &Program) -> Vec<Diagnostic> {
    let graph = Graph::new(program);
    let mut out = Vec::new();
    for beslut in &program.beslut {
        let n = &beslut.norm;
        let fields = [
            ("gäller_månad", &n.month),
            ("normdatum", &n.date),
            ("normdatum_tidigast", &n.earliest),
            ("normdatum_senast", &n.latest),
        ];
        for (field, expr) in fields {
            if let Some(e) = expr
                && let Some(d) = dated(program, &graph, beslut, field, e)
            {
                out.push(d);
            }
        }
        if n.month.is_none() && n.date.is_none() {
            for (field, expr) in [
                ("normdatum_tidigast", &n.earliest),
                ("normdatum_senast", &n.latest),
            ] {
                if let Some(e) = expr {
                    out.push(
                        Diagnostic::new(
                            Code::E0230,
                            format!(
                                "`{field}:` i `{}` begränsar ett normdatum som inte anges",
                                beslut.name.text
                            ),
                            e.span,
                        )
                        .with_primary_label("normdatumet är beslutsdatumet självt")
                        .with_help(
                            "ange vilken period beslutet gäller, till exempel \
                             `gäller_månad: ansökningsmånad`, eller ta bort gränsen",
                        ),
                    );
                }
            }
        }
    }
    out
}

/// E0229 when `expr` (the field `field` of `beslut`) reaches a parameter.
fn dated(
    program: &Program,
    graph: &Graph,
    beslut: &BeslutDef,
    field: &str,
    expr: &TExpr,
) -> Option<Diagnostic> {
    let mut roots = Vec::new();
    refs_of(program, expr, &mut roots);
    let reach = graph.reach(roots);
    let param = reach
        .nodes()
        .iter()
        .copied()
        .find(|n| matches!(n, Node::Param(_)))?;
    let chain = reach.chain(param);
    let mut d = Diagnostic::new(
        Code::E0229,
        format!(
            "`{field}:` i `{}` beror på parametern `{}`, vars värde väljs efter normdatumet",
            beslut.name.text,
            name(program, param)
        ),
        expr.span,
    )
    .with_primary_label("normdatumet räknas ut innan något värde väljs efter datum");
    let mut sentence = format!("`{field}:`");
    for (i, link) in chain.iter().enumerate() {
        let prefix = if i == 0 { "beror på" } else { "som beror på" };
        d = d.with_label(
            link.span,
            format!(
                "{}. {prefix} {} `{}`",
                i + 1,
                noun(link.node),
                name(program, link.node)
            ),
        );
        sentence.push_str(&format!(
            "{} {} `{}`",
            if i == 0 {
                " beror på"
            } else {
                ", som beror på"
            },
            noun(link.node),
            name(program, link.node)
        ));
    }
    d = d.with_label(
        decl_span(program, param),
        format!("{}. parametern väljs efter normdatumet", chain.len() + 1),
    );
    Some(
        d.with_note(format!(
            "kedjan: {sentence}, vars värde väljs efter normdatumet: en cirkel"
        ))
        .with_help(
            "räkna normdatumet bara ur uppgifter, `beslutsdatum` och fasta värden, till exempel \
             `gäller_månad: ansökningsmånad`",
        ),
    )
}
