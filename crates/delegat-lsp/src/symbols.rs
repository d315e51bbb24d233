//! Document symbols: the outline of a rule file, one entry per item, with the variants and
//! fields of a type, the arguments of a rule and the branches of a decision as children.

use delegat_diagnostics::Span;
use delegat_syntax::ast::{self, ItemKind};
use lsp_types::{DocumentSymbol, SymbolKind};

use crate::analysis::Analysis;
use crate::lines::LineIndex;

/// The outline of the document.
pub fn document_symbols(a: &Analysis) -> Vec<DocumentSymbol> {
    let lines = LineIndex::new(a.text(a.root));
    let Some(file) = a.root_ast() else {
        return Vec::new();
    };
    file.items
        .iter()
        .map(|item| item_symbol(a, &lines, item))
        .collect()
}

fn item_symbol(a: &Analysis, lines: &LineIndex<'_>, item: &ast::Item) -> DocumentSymbol {
    let ty = |t: &ast::TypeExpr| Some(a.slice(t.span).to_owned());
    let leaf = |name: &ast::Ident, kind: SymbolKind, detail: Option<String>| {
        symbol(
            lines,
            &name.name,
            kind,
            detail,
            name.span,
            name.span,
            Vec::new(),
        )
    };
    let (name, sel, kind, detail, children): (String, Span, SymbolKind, Option<String>, _) =
        match &item.kind {
            ItemKind::Regelverk(r) => (
                r.title.value.clone(),
                r.title.span,
                SymbolKind::NAMESPACE,
                Some("regelverk".to_owned()),
                Vec::new(),
            ),
            ItemKind::Typ(t) => match &t.kind {
                ast::TypeDeclKind::Enum(vs) => (
                    t.name.name.clone(),
                    t.name.span,
                    SymbolKind::ENUM,
                    Some("typ".to_owned()),
                    vs.iter()
                        .map(|v| leaf(v, SymbolKind::ENUM_MEMBER, None))
                        .collect(),
                ),
                ast::TypeDeclKind::Record(fs) => (
                    t.name.name.clone(),
                    t.name.span,
                    SymbolKind::STRUCT,
                    Some("typ".to_owned()),
                    fs.iter()
                        .map(|f| leaf(&f.name, SymbolKind::FIELD, ty(&f.ty)))
                        .collect(),
                ),
            },
            ItemKind::Uppgift(u) => (
                u.name.name.clone(),
                u.name.span,
                SymbolKind::VARIABLE,
                ty(&u.ty),
                Vec::new(),
            ),
            ItemKind::Parameter(p) => (
                p.name.name.clone(),
                p.name.span,
                SymbolKind::CONSTANT,
                ty(&p.ty),
                Vec::new(),
            ),
            ItemKind::Regel(r) => (
                r.name.name.clone(),
                r.name.span,
                SymbolKind::FUNCTION,
                ty(&r.ty),
                r.params
                    .iter()
                    .map(|p| leaf(&p.name, SymbolKind::VARIABLE, ty(&p.ty)))
                    .collect(),
            ),
            ItemKind::Bedomning(b) => (
                b.name.name.clone(),
                b.name.span,
                SymbolKind::PROPERTY,
                ty(&b.ty),
                Vec::new(),
            ),
            ItemKind::Beslut(b) => (
                b.name.name.clone(),
                b.name.span,
                SymbolKind::EVENT,
                Some(b.kind.as_str().to_owned()),
                b.branches
                    .iter()
                    .map(|br| {
                        let cond = a.slice(br.cond.span);
                        symbol(
                            lines,
                            &format!("när {cond}"),
                            SymbolKind::OBJECT,
                            Some(outcome_word(&br.outcome).to_owned()),
                            br.span,
                            br.cond.span,
                            Vec::new(),
                        )
                    })
                    .collect(),
            ),
            ItemKind::Exempel(e) => (
                e.name.value.clone(),
                e.name.span,
                SymbolKind::OBJECT,
                Some("exempel".to_owned()),
                Vec::new(),
            ),
            ItemKind::Lagrum(l) => (
                l.name.name.clone(),
                l.name.span,
                SymbolKind::KEY,
                Some("lagrum".to_owned()),
                l.versions
                    .iter()
                    .map(|v| {
                        let date = a.slice(v.from.span);
                        symbol(
                            lines,
                            &format!("från {date}"),
                            SymbolKind::STRING,
                            Some(v.text.value.clone()),
                            v.span,
                            v.from.span,
                            Vec::new(),
                        )
                    })
                    .collect(),
            ),
            ItemKind::Anvand(u) => (
                u.path.value.clone(),
                u.path.span,
                SymbolKind::FILE,
                Some("använd".to_owned()),
                Vec::new(),
            ),
        };
    symbol(lines, &name, kind, detail, item.span, sel, children)
}

fn outcome_word(o: &ast::Outcome) -> &'static str {
    match o.kind {
        ast::OutcomeBody::Bifall { .. } => "bifall",
        ast::OutcomeBody::Avslag { .. } => "avslag",
        ast::OutcomeBody::Faststallt { .. } => "fastställt",
        ast::OutcomeBody::Manuell { .. } => "manuell",
    }
}

fn symbol(
    lines: &LineIndex<'_>,
    name: &str,
    kind: SymbolKind,
    detail: Option<String>,
    span: Span,
    selection: Span,
    children: Vec<DocumentSymbol>,
) -> DocumentSymbol {
    // An empty name is refused by some clients; a broken item may have one.
    let name = if name.trim().is_empty() { "?" } else { name };
    #[expect(
        deprecated,
        reason = "the field is deprecated in the protocol but must be set"
    )]
    DocumentSymbol {
        name: name.to_owned(),
        detail,
        kind,
        tags: None,
        deprecated: None,
        range: lines.range(span),
        selection_range: lines.range(selection),
        children: (!children.is_empty()).then_some(children),
    }
}
